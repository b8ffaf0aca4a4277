// The executor against a fake host: fallback chains, watchdogs, sleeps, lanes,
// partial-save quarantine, restore's delete-after-success, the lock, the
// journal and a signal in the middle of a stop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execute } from '../../dist/src/exec/executor.js';
import { Journal } from '../../dist/src/exec/journal.js';
import { failureSummary } from '../../dist/src/exec/describe.js';
import { argvs, fakeHost, makePlan, shutdownAll, step, stopChain, wellBehaved, XM } from './fake-host.mjs';

const SAVE = '/var/lib/xen/save';
const LOCK = '/var/lock/subsys/xendomains';
const doms = (...names) => names.map((name, i) => ({ id: i + 3, name }));

test('serial stop: the first fallback that succeeds ends the chain; shutdown-all is skipped when nothing remains', async () => {
  const host = fakeHost({ behave: wellBehaved(), domains: doms('a', 'b'), files: { [LOCK]: '' } });
  const plan = makePlan('stop', [stopChain('a', 3, { save: SAVE }), stopChain('b', 4, { save: SAVE }), shutdownAll()]);
  const r = await execute(plan, { host });
  assert.equal(argvs(host), [`save 3 ${SAVE}/a`, `save 4 ${SAVE}/b`]);
  assert.equal(host.calls.map((c) => c.timeoutMs), [2000, 2000]);
  assert.equal(host.sleeps, [1, 1]);
  assert.equal(host.lists, 1);
  assert.equal(r.chains.map((c) => [c.domain, c.how]), [['a', 'saved'], ['b', 'saved'], [null, 'nothing to do']]);
  assert.equal(r.failed, []);
  assert.ok(host.dirs.has(SAVE));
  assert.is(host.files.has(LOCK), false, 'stop removes the lock');
  assert.equal(r.lock, { created: false, removed: true, replacedStale: false });
  assert.is(r.stillRunning, null, 'no final listing after a clean stop');
});

test('fallbacks: a failed migrate falls through to save; a failed save to shutdown', async () => {
  const host = fakeHost({
    domains: doms('a', 'b'),
    behave: wellBehaved((argv) => {
      if (argv[1] === 'migrate') return { code: 1, stderr: "Error: can't connect: (111, 'Connection refused')\n" };
      if (argv[1] === 'save' && argv[2] === '4') return { code: 1, stderr: 'Error: xc_save failed\n' };
      return undefined;
    }),
  });
  const plan = makePlan('stop', [stopChain('a', 3, { migrate: ['--live', 'peer'], save: SAVE }), stopChain('b', 4, { migrate: ['peer'], save: SAVE }), shutdownAll()]);
  const r = await execute(plan, { host });
  assert.equal(argvs(host), ['migrate 3 --live peer', `save 3 ${SAVE}/a`, 'migrate 4 peer', `save 4 ${SAVE}/b`, 'shutdown 4 --halt --wait']);
  assert.equal(r.chains.map((c) => c.how), ['saved', 'shut down', 'nothing to do']);
  assert.equal(r.failed, [], 'recovered failures do not fail the run');
  assert.equal(host.sleeps, [1], 'only the successful save sleeps (1000 µs)');
});

test('a failed save leaves no image under its name: the partial file is quarantined and reported, then shutdown runs', async () => {
  const host = fakeHost({
    domains: doms('web'),
    behave: wellBehaved((argv, h) => (argv[1] === 'save' ? { code: 1, stderr: 'Error: xc_save failed\n', effect: () => h.files.set(argv[3], 'LinuxGuestRecord…half') } : undefined)),
  });
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host });
  assert.equal(argvs(host), [`save 3 ${SAVE}/web`, 'shutdown 3 --halt --wait']);
  const to = `${SAVE}/partial@xendomains/web.partial-20240501T120000Z`;
  assert.is(host.files.has(`${SAVE}/web`), false);
  assert.is(host.files.get(to), 'LinuxGuestRecord…half');
  assert.equal(r.quarantined.map((q) => [q.domain, q.image, q.to]), [['web', `${SAVE}/web`, to]]);
  assert.ok(/partial image was moved to/.test(r.quarantined[0].message));
  assert.equal(r.chains.map((c) => c.how), ['shut down']);
  assert.equal(r.problems, []);
});

test('a save killed by the watchdog is quarantined too; a second partial of the same second gets another name', async () => {
  const host = fakeHost({
    domains: doms('web'),
    files: { [`${SAVE}/partial@xendomains/web.partial-20240501T120002Z`]: 'older' },
    behave: wellBehaved((argv, h) => (argv[1] === 'save' ? { hang: true, effect: () => h.files.set(argv[3], 'LinuxGuestRecord…third') } : undefined)),
  });
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host });
  assert.equal(r.quarantined[0].to, `${SAVE}/partial@xendomains/web.partial-20240501T120002Z~2`);
  assert.is(host.files.get(`${SAVE}/partial@xendomains/web.partial-20240501T120002Z`), 'older');
});

test('quarantine falls back to a hidden name when the directory cannot be made, and to a loud problem when nothing works', async () => {
  const behave = wellBehaved((argv, h) => (argv[1] === 'save' ? { code: 1, effect: () => h.files.set(argv[3], 'LinuxGuestRecord…') } : undefined));
  let host = fakeHost({ domains: doms('web'), behave, readOnly: [`${SAVE}/partial@xendomains`] });
  let r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host });
  assert.is(r.quarantined[0].to, `${SAVE}/.web.partial-20240501T120000Z`);
  // The image cannot be renamed once xm has written it.
  const pinned = wellBehaved((argv, h) => (argv[1] === 'save' ? { code: 1, effect: () => (h.files.set(argv[3], 'LinuxGuestRecord…'), h.readOnly.add(argv[3])) } : undefined));
  host = fakeHost({ domains: doms('web'), behave: pinned, readOnly: [`${SAVE}/partial@xendomains`] });
  r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host });
  assert.is(r.quarantined[0].to, undefined);
  assert.equal(r.problems.length, 1);
  assert.ok(/could not be moved aside.*delete it before the next boot/.test(r.problems[0]), r.problems[0]);
});

test('mkdir -p of SAVE failing is the save step failing: xm save is not run, shutdown is', async () => {
  const host = fakeHost({ domains: doms('a'), behave: wellBehaved(), readOnly: [SAVE] });
  const r = await execute(makePlan('stop', [stopChain('a', 3, { save: SAVE })]), { host });
  assert.equal(argvs(host), ['shutdown 3 --halt --wait']);
  assert.equal(r.chains.map((c) => c.how), ['shut down']);
});

test('watchdog: a hung shutdown is killed at timeoutSeconds, the chain fails, shutdown-all still runs and the survivors are named', async () => {
  const host = fakeHost({
    domains: doms('a', 'b'),
    behave: wellBehaved((argv) => (argv[1] === 'shutdown' && argv[2] === '3' ? { hang: true } : argv[2] === '--all' ? { hang: true } : undefined)),
  });
  const r = await execute(makePlan('stop', [stopChain('a', 3, { timeout: 7 }), stopChain('b', 4, { timeout: 7 }), shutdownAll(7)]), { host });
  assert.equal(argvs(host), ['shutdown 3 --halt --wait', 'shutdown 4 --halt --wait', 'shutdown --all --halt --wait']);
  assert.equal(host.calls.map((c) => c.timeoutMs), [7000, 7000, 7000]);
  assert.equal(r.failed.map((c) => c.domain ?? c.phase), ['a', 'shutdown-all']);
  assert.ok(r.failed[0].last.outcome.timedOut);
  assert.equal(r.stillRunning, ['a']);
  const summary = failureSummary(r);
  assert.equal(summary[0], 'stop failed for a, still running');
  assert.match(summary[1], /final shutdown of all domains failed: killed by the watchdog after 7 s/);
  assert.equal(summary.at(-1), 'still running: a');
});

test('steps without a watchdog get no timeout', async () => {
  const host = fakeHost({ domains: doms('a'), behave: wellBehaved() });
  await execute(makePlan('stop', [stopChain('a', 3, { timeout: null })]), { host });
  assert.equal(host.calls.map((c) => c.timeoutMs), [undefined]);
});

test('SysRq: every key is sent, a failure does not end the chain, USLEEP follows each key even after a failure', async () => {
  const host = fakeHost({ domains: doms('a'), behave: wellBehaved((argv) => (argv[1] === 'sysrq' && argv[3] === 'st' ? { code: 1, stderr: 'Error: st is not convertible to a character\n' } : undefined)) });
  const r = await execute(makePlan('stop', [stopChain('a', 3, { sysrq: ['st', 's'], usleep: 250000 })]), { host });
  assert.equal(argvs(host), ['sysrq 3 st', 'sysrq 3 s', 'shutdown 3 --halt --wait']);
  assert.equal(host.sleeps, [250, 250]);
  assert.equal(r.chains.map((c) => [c.ok, c.how]), [[true, 'shut down']]);
});

test('a chain of SysRq keys only: its last step failing makes it a failed chain', async () => {
  const host = fakeHost({ domains: doms('a'), behave: () => ({ code: 1 }) });
  const r = await execute(makePlan('stop', [stopChain('a', 3, { sysrq: ['s'], shutdown: null })]), { host });
  assert.equal(r.failed.map((c) => c.domain), ['a']);
});

test('start: restore deletes the image only after success; a failed restore keeps it; create sleeps only after success', async () => {
  const img = (n) => `${SAVE}/${n}`;
  const host = fakeHost({
    files: { [img('good')]: 'LinuxGuestRecord', [img('bad')]: 'LinuxGuestRecord' },
    behave: (argv) => (argv[2] === img('bad') || argv[4] === '/etc/xen/auto/db.cfg' ? { code: 1, stderr: 'Error: boom\n' } : {}),
  });
  const restore = (n) => [step({ part: 'start', argv: [XM, 'restore', img(n)], domain: n, phase: 'restore', image: img(n), deleteOnSuccess: true })];
  const create = (n) => [step({ part: 'start', argv: [XM, 'create', '--quiet', '--defconfig', `/etc/xen/auto/${n}.cfg`], domain: n, phase: 'create', sleepAfterMicros: 5_000_000, config: `/etc/xen/auto/${n}.cfg` })];
  const r = await execute(makePlan('start', [restore('bad'), restore('good'), create('db'), create('web')]), { host });
  assert.equal(argvs(host), [`restore ${img('bad')}`, `restore ${img('good')}`, 'create --quiet --defconfig /etc/xen/auto/db.cfg', 'create --quiet --defconfig /etc/xen/auto/web.cfg']);
  assert.is(host.files.has(img('good')), false);
  assert.is(host.files.get(img('bad')), 'LinuxGuestRecord');
  assert.equal(host.sleeps, [5000]);
  assert.equal(r.failed.map((c) => [c.phase, c.domain]), [['restore', 'bad'], ['create', 'db']]);
  const summary = failureSummary(r);
  assert.match(summary[0], /restore of \/var\/lib\/xen\/save\/bad \(bad\) failed: exit 1: Error: boom; the image is kept/);
  assert.match(summary[1], /create of db from \/etc\/xen\/auto\/db.cfg failed/);
  const lock = JSON.parse(host.files.get(LOCK));
  assert.equal([lock.pid, lock.bootId, lock.verb], [4242, 'boot-1', 'start']);
});

test('a restored image that cannot be deleted is a problem (it would be restored again at the next boot)', async () => {
  const img = `${SAVE}/web`;
  const host = fakeHost({ files: { [img]: 'LinuxGuestRecord' }, readOnly: [img] });
  const r = await execute(makePlan('start', [[step({ part: 'start', argv: [XM, 'restore', img], domain: 'web', phase: 'restore', image: img, deleteOnSuccess: true })]]), { host });
  assert.equal(r.failed, []);
  assert.match(r.problems[0], /web was restored, but \/var\/lib\/xen\/save\/web could not be deleted .*: delete it before the next boot/);
});

test('lanes: up to N chains in flight, each chain in order, shutdown-all after every lane', async () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const behave = wellBehaved((argv) => (argv[1] === 'sysrq' ? { delayMs: 5 } : argv[1] === 'shutdown' && argv[2] !== '--all' ? { delayMs: 15, effect: (h) => h.drop(argv[2]) } : undefined));
  for (const [lanes, jobs, expected] of [[3, undefined, 3], [3, 2, 2], [1, 5, 5], [50, undefined, 7]]) {
    const host = fakeHost({ domains: doms(...names), behave });
    host.domains.push({ id: 99, name: 'skipped-by-auto-only' });
    const chains = names.map((n, i) => stopChain(n, i + 3, { sysrq: ['s'], lane: (i % lanes) + 1, usleep: 0 }));
    const r = await execute(makePlan('stop', [...chains, shutdownAll()], { lanes }), { host, jobs });
    assert.is(host.maxInFlight, expected, `lanes ${lanes} jobs ${jobs}`);
    const calls = argvs(host);
    for (let i = 0; i < names.length; i++) assert.ok(calls.indexOf(`sysrq ${i + 3} s`) < calls.indexOf(`shutdown ${i + 3} --halt --wait`));
    assert.is(calls.at(-1), 'shutdown --all --halt --wait');
    assert.equal(calls.filter((c) => c.startsWith('sysrq')).slice(0, expected), names.slice(0, expected).map((_, i) => `sysrq ${i + 3} s`), 'chains start in plan order');
    assert.equal(r.failed, []);
  }
});

test('SIGTERM mid-stop: the step in hand finishes, nothing else starts, the lock stays, survivors are listed', async () => {
  const controller = new AbortController();
  let release;
  const gate = new Promise((r) => (release = r));
  const host = fakeHost({
    domains: doms('a', 'b', 'c'),
    files: { [LOCK]: '' },
    behave: wellBehaved((argv) => (argv[2] === '3' ? { wait: gate, effect: (h) => h.drop(3) } : undefined)),
  });
  const plan = makePlan('stop', [stopChain('a', 3, { save: SAVE }), stopChain('b', 4), stopChain('c', 5), shutdownAll()]);
  const running = execute(plan, { host, interrupt: controller.signal, interruptSignal: () => 'SIGINT' });
  await new Promise((r) => setTimeout(r, 5));
  controller.abort();
  release();
  const r = await running;
  assert.equal(argvs(host), [`save 3 ${SAVE}/a`]);
  assert.is(r.interrupted, 'SIGINT');
  assert.equal(r.chains.map((c) => [c.domain, c.how]), [['a', 'saved'], ['b', 'not started'], ['c', 'not started'], [null, 'not started']]);
  assert.equal(r.failed, []);
  assert.equal(r.stillRunning, ['b', 'c']);
  assert.is(host.files.has(LOCK), true, 'an interrupted stop keeps the lock');
  const summary = failureSummary(r);
  assert.ok(summary.some((l) => l === 'interrupted by SIGINT: not done: b, c, all domains'), summary.join('\n'));
  assert.ok(summary.includes('still running: b, c'));
});

test('interrupt during a fallback chain: the chain stops after the step in hand and is reported as interrupted', async () => {
  const controller = new AbortController();
  const host = fakeHost({ domains: doms('a'), behave: (argv) => (argv[1] === 'save' ? { code: 1, effect: () => controller.abort() } : {}) });
  const r = await execute(makePlan('stop', [stopChain('a', 3, { save: SAVE })]), { host, interrupt: controller.signal });
  assert.equal(argvs(host), [`save 3 ${SAVE}/a`]);
  assert.equal(r.chains.map((c) => c.how), ['interrupted']);
  assert.equal(r.stillRunning, ['a']);
});

test('a second signal kills the commands in flight (the kill signal reaches run)', async () => {
  const kill = new AbortController();
  kill.abort();
  const host = fakeHost({ domains: doms('a'), behave: () => ({}) });
  const r = await execute(makePlan('stop', [stopChain('a', 3)]), { host, kill: kill.signal });
  assert.ok(r.failed[0].last.outcome.aborted);
});

test('onSuccess "stop" ends the run after that step', async () => {
  const host = fakeHost({ domains: doms('a', 'b'), behave: wellBehaved() });
  const chain = stopChain('a', 3);
  chain[0].onSuccess = 'stop';
  const r = await execute(makePlan('stop', [chain, stopChain('b', 4)]), { host });
  assert.equal(argvs(host), ['shutdown 3 --halt --wait']);
  assert.equal(r.chains.map((c) => c.how), ['shut down', 'not started']);
  assert.is(r.interrupted, null);
});

test('shutdown-all runs when the domain list cannot be read (a needless shutdown beats a guest left running)', async () => {
  const host = fakeHost({ domains: [], behave: () => ({}) });
  host.listFails = true;
  const r = await execute(makePlan('stop', [shutdownAll()]), { host });
  assert.equal(argvs(host), ['shutdown --all --halt --wait']);
  assert.ok(r.warnings.some((w) => /cannot tell whether domains remain/.test(w)));
});

test('lock: a lock of this boot or an empty one is held; one from an earlier boot is replaced with a warning', async () => {
  const start = () => makePlan('start', [[step({ part: 'start', argv: [XM, 'create', '--quiet', '--defconfig', '/a.cfg'], phase: 'create', domain: 'a', config: '/a.cfg' })]]);
  for (const content of ['', '{"pid":1,"bootId":"boot-1","verb":"start","time":"x"}\n', 'garbage']) {
    const host = fakeHost({ files: { [LOCK]: content } });
    const r = await execute(start(), { host });
    assert.is(r.alreadyRunning, true, JSON.stringify(content));
    assert.equal(host.calls, []);
    assert.is(host.files.get(LOCK), content);
  }
  const host = fakeHost({ files: { [LOCK]: '{"pid":77,"bootId":"boot-0","verb":"start","time":"2024-04-30T08:00:00.000Z"}\n' } });
  const r = await execute(start(), { host });
  assert.is(r.alreadyRunning, false);
  assert.equal(argvs(host), ['create --quiet --defconfig /a.cfg']);
  assert.equal(r.lock, { created: true, removed: false, replacedStale: true });
  assert.match(r.warnings[0], /replaced a stale lock .* from an earlier boot \(pid 77, 2024-04-30T08:00:00.000Z\)/);
  assert.is(JSON.parse(host.files.get(LOCK)).bootId, 'boot-1');
  assert.is(host.files.has(`${LOCK}.break`), false);
});

test('restart: stop, drop the lock, take it again, start', async () => {
  const host = fakeHost({ domains: doms('a'), files: { [LOCK]: '' }, behave: wellBehaved() });
  const plan = makePlan('restart', [stopChain('a', 3), [step({ part: 'start', argv: [XM, 'create', '--quiet', '--defconfig', '/a.cfg'], phase: 'create', domain: 'a' })]]);
  const r = await execute(plan, { host });
  assert.equal(argvs(host), ['shutdown 3 --halt --wait', 'create --quiet --defconfig /a.cfg']);
  assert.equal(r.lock, { created: true, removed: true, replacedStale: false });
  assert.ok(JSON.parse(host.files.get(LOCK)).pid);
});

test('a plan made with the lock present prints the message and runs nothing', async () => {
  const host = fakeHost();
  const events = [];
  const r = await execute(makePlan('start', [], { outcome: { code: 'already-running', message: 'xendomains already running (lockfile exists)' }, createLock: false }), { host, emit: (e) => events.push(e.type) });
  assert.is(r.alreadyRunning, true);
  assert.equal(events, ['run-start', 'already-running', 'run-end']);
});

test('journal: a line before and after every step with argv, phase, domain, times, exit, timedOut and stderr', async () => {
  const host = fakeHost({ domains: doms('a'), behave: wellBehaved((argv) => (argv[1] === 'save' ? { code: 1, stderr: `Error: ${'x'.repeat(3000)}\n` } : undefined)) });
  const journal = new Journal(host, '/var/log/xendomains/journal.jsonl', () => assert.unreachable());
  await execute(makePlan('stop', [stopChain('a', 3, { save: SAVE, timeout: 5 })]), { host, journal });
  assert.equal(host.journal.map((j) => j.event), ['run-start', 'step-start', 'step-end', 'step-start', 'step-end', 'run-end']);
  const [start, end] = host.journal.slice(1, 3);
  assert.equal([start.step, start.phase, start.domain, start.argv, start.timeoutSeconds], [1, 'save', 'a', [XM, 'save', '3', `${SAVE}/a`], 5]);
  assert.equal([end.exit, end.ok, end.timedOut, end.next], [1, false, false, 'next-step']);
  assert.ok(end.stderr.length <= 2001 && end.stderr.startsWith('…'));
  assert.ok(end.start && end.end && end.v === 1 && end.run);
});

test('journal: an unwritable journal is reported once and the run goes on', async () => {
  const host = fakeHost({ domains: doms('a', 'b'), behave: wellBehaved() });
  host.journalFails = true;
  const warnings = [];
  const journal = new Journal(host, '/ro/journal.jsonl', (m) => warnings.push(m));
  const r = await execute(makePlan('stop', [stopChain('a', 3), stopChain('b', 4)]), { host, journal });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /cannot write the journal \/ro\/journal.jsonl: EROFS.*continuing without it/);
  assert.equal(r.chains.map((c) => c.how), ['shut down', 'shut down']);
});

test('xm that cannot be started fails each step with its reason', async () => {
  const host = fakeHost({ domains: doms('a'), behave: () => ({ spawnError: '/nope/xm: command not found' }) });
  const r = await execute(makePlan('stop', [stopChain('a', 3, { save: SAVE })]), { host });
  assert.equal(r.failed.map((c) => c.domain), ['a']);
  assert.match(failureSummary(r)[0], /stop failed for a, still running/);
  assert.equal(r.failed[0].last.outcome.error, '/nope/xm: command not found');
});

test.run();

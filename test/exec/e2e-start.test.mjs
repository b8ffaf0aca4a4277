// `xendomains start|restart|status|apply` end to end against the xm simulator:
// boot with saved images (good, corrupt, not images), AUTO with running and
// missing domains, the lock (held, empty, stale, two starts at once), the
// config and dom0 preamble, stale plans. Exact xm calls, state, SAVE, lock, exit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { START_SCENARIOS } from './scenarios.mjs';
import { argvOf, assertFollowsPlan, calls, cleanupScenarios, clearLog, journal, limiter, plan, run, running, saveDir, scenarioHost, simState, undot } from './sim-scenario.mjs';

const limit = limiter(4);
const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function start(setup, args = [], options = {}) {
  return limit(async () => {
    const h = scenarioHost(setup);
    const printed = await plan(h, 'start');
    const r = await run(h, ['start', ...args], options);
    return { h, printed, r };
  });
}

const S = Object.fromEntries(Object.entries(START_SCENARIOS).map(([k, s]) => [k, start(s.setup, s.args)]));

test.after(cleanupScenarios);

const lockRecord = (h) => JSON.parse(readFileSync(h.lock, 'utf8'));

test('boot with good images: each is restored, then deleted; AUTO creates only what is not restored', async () => {
  const { h, printed, r } = await S.restoreGood;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['restore', `${h.saveDir}/db`], ['restore', `${h.saveDir}/web`], ['create', '--quiet', '--defconfig', `${h.autoDir}/mail.cfg`]]);
  assertFollowsPlan(h, printed);
  assert.equal(running(h), ['db', 'mail', 'web']);
  assert.equal(saveDir(h), {});
  const lock = lockRecord(h);
  assert.equal([lock.bootId, lock.verb, typeof lock.pid], [bootId, 'start', 'number']);
});

test('boot with a corrupt (truncated) image: the restore fails, the image is moved aside (kept, named), the guest is created from its AUTO config, exit 1', async () => {
  const { h, printed, r } = await S.restoreCorrupt;
  assert.is(r.code, 1);
  assert.equal(calls(h), [['list', '-l'], ['restore', `${h.saveDir}/db`], ['restore', `${h.saveDir}/web`], ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]]);
  assertFollowsPlan(h, printed);
  assert.equal(printed.steps.map((s) => [s.chain, s.phase, s.onFailure]), [[1, 'restore', 'next-domain'], [2, 'restore', 'next-step'], [2, 'create', 'next-domain']]);
  assert.equal(running(h), ['db', 'web']);
  const kept = saveDir(h)['partial@xendomains'];
  assert.equal(Object.keys(saveDir(h)), ['partial@xendomains']);
  assert.match(kept.join(), /^web\.unrestored-\d{8}T\d{6}Z$/);
  assert.is(statSync(join(h.saveDir, 'partial@xendomains', kept[0])).size, 30000, 'the image is kept whole');
  assert.match(r.stderr, new RegExp(`the restore of web failed: .*/save/web was moved to .*partial@xendomains/${kept[0]} .*web is created from its config`));
  assert.ok(existsSync(h.lock));
});

test('boot with entries that are not images: none is restored or removed; AUTO still starts', async () => {
  const { h, printed, r } = await S.nonImage;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]]);
  assertFollowsPlan(h, printed);
  assert.equal(saveDir(h), { empty: 0, 'lost+found': [], 'notes.txt': 13 });
  assert.equal(running(h), ['web']);
});

test('AUTO with a running and a missing domain: only the missing one is created (upstream text)', async () => {
  const { h, printed, r } = await S.autoMixed;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['create', '--quiet', '--defconfig', `${h.autoDir}/db.cfg`]]);
  assertFollowsPlan(h, printed);
  assert.is(r.stdout, 'Starting auto Xen domains: db.cfg web.cfg(skip)  [done] \n');
  assert.equal(running(h), ['db', 'web']);
});

test('a failing create is named and makes the exit 1; the other configs still start', async () => {
  const { h, printed, r } = await S.createFails;
  assert.is(r.code, 1);
  assert.equal(calls(h), [['list', '-l'], ['create', '--quiet', '--defconfig', `${h.autoDir}/bad.cfg`], ['create', '--quiet', '--defconfig', `${h.autoDir}/good.cfg`]]);
  assertFollowsPlan(h, printed);
  assert.equal(running(h), ['good']);
  assert.match(r.stderr, /xendomains: create of bad from (.*\/)?auto\/bad.cfg failed: exit 1: Error: Device 51712 \(vbd\) could not be connected.\n/);
});

test('an existing (empty, reference-style) lock: "already running", nothing else, exit 0', async () => {
  const { h, r } = await S.heldLock;
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'xendomains already running (lockfile exists)\n  [done] \n');
  assert.equal(calls(h), [['list', '-l']]);
  assert.is(readFileSync(h.lock, 'utf8'), '');
});

test('a lock from an earlier boot is stale: warned about, replaced, start proceeds', async () => {
  const { h, printed, r } = await S.staleLock;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]]);
  // `plan start` judges the lock the same way, so the printed plan is what ran.
  assert.is(printed.outcome, null);
  assert.equal(printed.steps.map((s) => s.argv.slice(1)), [['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]]);
  assert.match(r.stderr, /warning: replaced a stale lock .* from an earlier boot \(pid 1234, 2020-01-01T00:00:00.000Z\)/);
  assert.is(lockRecord(h).bootId, bootId);
});

test('upstream start: restore phase (a failure with its error block), then the auto phase', async () => {
  const { h, r } = await S.upstream;
  assert.is(r.code, 1);
  assert.is(
    r.stdout,
    'Restoring Xen domains: db web\nAn error occurred while restoring domain web:\nError: /usr/lib/xen/bin/xc_restore 4 21 2 3 0 0 0 0 failed\n!\n\n' +
      'Starting auto Xen domains: mail.cfg web.cfg(skip)  [failed] \n',
  );
  assert.equal(running(h), ['db', 'mail', 'web']);
});

test('--log-format json: one object per event, the exit last', async () => {
  const { r } = await S.json;
  assert.is(r.code, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events.map((e) => e.event), ['run-start', 'part-start', 'chain-start', 'step-start', 'step-end', 'chain-end', 'part-end', 'run-end', 'exit']);
  assert.equal([events[4].phase, events[4].ok, events[4].exit], ['create', true, 0]);
});

test('two starts at once: one runs the plan, the other says "already running"; each config is created once', async () => {
  const h = scenarioHost({ auto: { 'a.cfg': 'a', 'b.cfg': 'b', 'c.cfg': 'c' }, sysconfig: { XENDOMAINS_CREATE_USLEEP: '200000' } });
  const [one, two] = await Promise.all([run(h, ['start']), run(h, ['start'])]);
  assert.equal([one.code, two.code], [0, 0], one.stderr + two.stderr);
  const said = [one, two].filter((r) => r.stdout.includes('xendomains already running (lockfile exists)'));
  assert.is(said.length, 1, one.stdout + two.stdout);
  assert.equal(calls(h).filter((a) => a[0] === 'create').map((a) => a[3]), ['a', 'b', 'c'].map((n) => `${h.autoDir}/${n}.cfg`));
  assert.equal(running(h), ['a', 'b', 'c']);
});

test('restart: stop (save) then start (restore) as two plans; the calls are `plan restart`\'s; no tags upstream', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }], lock: '' });
  const printed = await plan(h, 'restart');
  const r = await run(h, ['restart', '--log-format', 'upstream']);
  assert.is(r.code, 0, r.stderr);
  const executed = calls(h).filter((a) => a[0] !== 'list');
  assert.equal(executed, [['save', '4', `${h.saveDir}/db`], ['save', '3', `${h.saveDir}/web`], ['restore', `${h.saveDir}/db`], ['restore', `${h.saveDir}/web`]]);
  // In the printed restart plan, in that order (the shutdown fallbacks were not needed).
  const planned = argvOf(printed.steps).map(String);
  const at = executed.map((a) => planned.indexOf(String(a)));
  assert.ok(at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1])), JSON.stringify(at));
  assert.equal(calls(h).map((a) => a[0]), ['list', 'save', 'save', 'list', 'list', 'restore', 'restore']);
  assert.is(undot(r.stdout), 'Shutting down Xen domains: db(save).\n web(save).\nRestoring Xen domains: db web\n');
  assert.equal(running(h), ['db', 'web']);
  assert.equal(saveDir(h), {});
  assert.is(lockRecord(h).verb, 'start');
  assert.equal([...new Set(journal(h).map((j) => j.run))].length, 2);
});

test('reload is restart', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }], sysconfig: { XENDOMAINS_SAVE: '' }, auto: { 'web.cfg': 'web' } });
  const r = await run(h, ['reload']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h).filter((a) => a[0] !== 'list'), [['shutdown', '3', '--halt', '--wait'], ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]]);
  assert.equal(running(h), ['web']);
});

test('status: running (0), a missing AUTO domain or a SAVE entry (1), no lock (3), xm missing (4)', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' }, lock: '' });
  let r = await run(h, ['status']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, `xendomains: running: 1 of 1 AUTO domain running\n  running  web  ${h.autoDir}/web.cfg\nrunning domains: web\n`);
  r = await run(h, ['status', '--log-format', 'upstream']);
  assert.equal([r.code, r.stdout], [0, 'Checking for xendomains: web  [running] \n']);
  writeFileSync(join(h.autoDir, 'db.cfg'), 'name = "db"\n');
  writeFileSync(join(h.saveDir, 'old'), 'x');
  r = await run(h, ['status', '--log-format', 'upstream']);
  assert.equal([r.code, r.stdout], [1, 'Checking for xendomains: web MISS AUTO: db MISS SAVED:  old  [dead] \n']);
  r = await run(h, ['status', '--log-format', 'json']);
  const json = JSON.parse(r.stdout);
  assert.equal([r.code, json.status, json.missing, json.saved, json.running], [1, 'dead', ['db'], ['old'], [{ id: 3, name: 'web' }]]);
  r = await run(h, ['status'], { xm: '/nonexistent/xm' });
  assert.is(r.code, 4);
  assert.match(r.stderr, /command not found.*the status is unknown/);
  writeFileSync(h.lock, JSON.stringify({ pid: 1, bootId: 'another-boot', verb: 'start', time: '' }));
  r = await run(h, ['status', '--log-format', 'upstream']);
  assert.equal([r.code, r.stdout], [3, 'Checking for xendomains:  [unused] \n'], 'a lock of an earlier boot is no lock');
});

test('status: the first line never contradicts the exit; images xendomains quarantined are listed apart and do not count', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' }, lock: '' });
  mkdirSync(join(h.saveDir, 'partial@xendomains'));
  writeFileSync(join(h.saveDir, 'partial@xendomains', 'web.partial-20261206T050000Z'), 'LinuxGuestRecord');
  let r = await run(h, ['status']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(r.stdout, [
    'xendomains: running: 1 of 1 AUTO domain running',
    `  running  web  ${h.autoDir}/web.cfg`,
    `quarantined by xendomains in ${h.saveDir}/partial@xendomains (never restored, not counted in the status):`,
    '  web.partial-20261206T050000Z',
    '  what to do: restore one by hand only if its guest has not run since it was saved; otherwise delete it',
    'running domains: web',
    '',
  ].join('\n'));
  r = await run(h, ['status', '--log-format', 'upstream']);
  assert.equal([r.code, r.stdout], [0, 'Checking for xendomains: web  [running] \n'], 'the quarantine is not a MISS SAVED entry');
  r = await run(h, ['status', '--log-format', 'json']);
  const json = JSON.parse(r.stdout);
  assert.equal([r.code, json.saved, json.quarantined], [0, [], { dir: `${h.saveDir}/partial@xendomains`, entries: ['web.partial-20261206T050000Z'] }]);
  // Every AUTO domain up but an image left in SAVE: exit 1, and the first line says why without calling the host dead.
  writeFileSync(join(h.saveDir, 'old'), 'x');
  r = await run(h, ['status']);
  assert.is(r.code, 1);
  assert.match(r.stdout, /^xendomains: started, but incomplete \(exit 1\): all 1 AUTO domain running; 1 entry left in SAVE, not restored \(old\)\n/);
  writeFileSync(join(h.autoDir, 'db.cfg'), 'name = "db"\n');
  r = await run(h, ['status']);
  assert.match(r.stdout, /^xendomains: started, but incomplete \(exit 1\): 1 of 2 AUTO domains not running \(db\); 1 entry left in SAVE, not restored \(old\)\n/);
  const planned = await run(h, ['plan', 'status', '--format', 'json'], { journal: false });
  assert.equal(JSON.parse(planned.stdout).status.quarantined, { dir: `${h.saveDir}/partial@xendomains`, entries: ['web.partial-20261206T050000Z'] });
});

test('config unreadable: "xendomains: <path> not existing" on stderr (the reference\'s line on stdout with --log-format upstream), exit 6 (0 for stop)', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }] });
  h.args[1] = join(h.dir, 'missing');
  for (const [verb, code] of [['start', 6], ['status', 6], ['restart', 6], ['stop', 0]]) {
    const r = await run(h, [verb]);
    assert.equal([r.code, r.stdout, r.stderr], [code, '', `xendomains: ${join(h.dir, 'missing')} not existing\n`], verb);
    const u = await run(h, [verb, '--log-format', 'upstream']);
    assert.equal([u.code, u.stdout, u.stderr], [code, `${join(h.dir, 'missing')} not existing\n`, ''], `${verb} --log-format upstream`);
  }
  // A directory where the config should be is as unreadable as a missing file.
  h.args[1] = h.autoDir;
  const r = await run(h, ['start']);
  assert.equal([r.code, r.stderr], [6, `xendomains: ${h.autoDir} not existing\n`]);
  assert.equal(calls(h), []);
});

const notDom0 = !existsSync('/proc/xen/privcmd') && !existsSync('/dev/xen/privcmd');
(notDom0 ? test : test.skip)('not a dom0 (no --xm, no privcmd): one line on stderr saying why; start/stop exit 0 as the reference, status 4 (unknown), apply 1', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' } });
  for (const [verb, code, tail] of [['start', 0, 'nothing done'], ['stop', 0, 'nothing done'], ['restart', 0, 'nothing done'], ['status', 4, 'the status is unknown']]) {
    const r = await run(h, [verb], { xm: null });
    assert.equal([r.code, r.stdout], [code, ''], verb);
    assert.equal(r.stderr, `xendomains: not a Xen dom0 (neither /proc/xen/privcmd nor /dev/xen/privcmd exists): ${tail}\n`, verb);
  }
  // Even with the config missing: the dom0 test comes first, as in the reference.
  const missing = await run({ ...h, args: ['-c', '/nonexistent', ...h.args.slice(2)] }, ['start'], { xm: null });
  assert.equal([missing.code, missing.stdout], [0, '']);
  assert.match(missing.stderr, /^xendomains: not a Xen dom0 .*nothing done\n$/);
  const file = join(h.dir, 'stop.json');
  assert.is((await run(h, ['plan', 'stop', '--out', file], { journal: false })).code, 0);
  const applied = await run(h, ['apply', file], { xm: null });
  assert.equal([applied.code, applied.stdout], [1, '']);
  assert.match(applied.stderr, /^xendomains: not a Xen dom0 .*nothing done\n$/);
  assert.equal(calls(h), [['list', '-l']], 'only the plan listed the domains');
  assert.is(existsSync(h.lock), false);
});

test('a dom0 (privcmd, control_d) whose toolstack is not installed, none given: as not a dom0 — start/stop 0, status 4, a line saying why', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' } });
  mkdirSync(join(h.dir, 'proc-xen'));
  writeFileSync(join(h.dir, 'proc-xen', 'privcmd'), '');
  writeFileSync(join(h.dir, 'proc-xen', 'capabilities'), 'control_d\n');
  const env = { XENDOMAINS_PROC_XEN: join(h.dir, 'proc-xen'), XENDOMAINS_DEV_XEN: join(h.dir, 'no-dev-xen'), PATH: '/nonexistent-bin' };
  for (const [verb, code] of [['start', 0], ['stop', 0], ['status', 4]]) {
    const r = await run(h, [verb], { xm: null, env });
    assert.equal([r.code, r.stdout], [code, ''], `${verb}: ${r.stderr}`);
    assert.match(r.stderr, verb === 'status' ? /^xendomains: cannot run `xm list -l`: xm: command not found .*the status is unknown\n$/ : /^xendomains: cannot run `xm list -l`: xm: command not found .*: not a Xen dom0 with its toolstack installed: nothing done\n$/, verb);
  }
  // The same host as a guest (capabilities without control_d): the dom0 test answers first.
  writeFileSync(join(h.dir, 'proc-xen', 'capabilities'), '');
  const guest = await run(h, ['start'], { xm: null, env });
  assert.equal([guest.code, guest.stderr], [0, `xendomains: not a Xen dom0 (${join(h.dir, 'proc-xen')}/capabilities does not say control_d: this is a guest): nothing done\n`]);
  assert.is(existsSync(h.lock), false);
});

test('xm missing at start: exit 1 with the reason, no lock made', async () => {
  const h = scenarioHost({ auto: { 'web.cfg': 'web' } });
  const r = await run(h, ['start'], { xm: '/nonexistent/xm' });
  assert.is(r.code, 1);
  assert.match(r.stderr, /cannot run `\/nonexistent\/xm list -l`.*nothing done/);
  assert.is(existsSync(h.lock), false);
});

test('apply: runs a saved plan exactly; refuses it when a config, the domains or SAVE changed', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }], auto: { 'web.cfg': 'web' }, lock: '' });
  const file = join(h.dir, 'stop.json');
  let r = await run(h, ['plan', 'stop', '--out', file, '--format', 'json'], { journal: false });
  assert.is(r.code, 0, r.stderr);
  const printed = JSON.parse(readFileSync(file, 'utf8'));
  // A config changed since the plan:
  writeFileSync(join(h.autoDir, 'web.cfg'), 'name = "web"\nmemory = 1024\n');
  clearLog(h);
  r = await run(h, ['apply', file]);
  assert.is(r.code, 1);
  assert.match(r.stderr, /refusing to apply stop.json: the host changed since it was planned:\n  - auto\/web.cfg changed since the plan\n/);
  assert.equal(calls(h), [['list', '-l']]);
  // The domains changed:
  writeFileSync(join(h.autoDir, 'web.cfg'), 'name = "web"\nmemory = 256\nkernel = "/boot/vmlinuz-xen"\n');
  const state = simState(h);
  state.domains.push({ id: 9, name: 'new' });
  writeFileSync(h.state, JSON.stringify(state));
  r = await run(h, ['apply', file]);
  assert.is(r.code, 1);
  assert.match(r.stderr, /the running domains changed since the plan \(planned: db\(4\) web\(3\); now: db\(4\) new\(9\) web\(3\)\)/);
  // SAVE changed:
  state.domains.pop();
  writeFileSync(h.state, JSON.stringify(state));
  writeFileSync(join(h.saveDir, 'stray'), 'x');
  r = await run(h, ['apply', file]);
  assert.match(r.stderr, /the save directory changed since the plan \(planned: empty; now: stray\)/);
  // Unchanged: runs exactly the plan.
  writeFileSync(join(h.saveDir, 'stray'), '');
  const { rmSync } = await import('node:fs');
  rmSync(join(h.saveDir, 'stray'));
  clearLog(h);
  r = await run(h, ['apply', file]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['save', '4', `${h.saveDir}/db`], ['save', '3', `${h.saveDir}/web`], ['list', '-l']]);
  assertFollowsPlan(h, printed);
  assert.equal(running(h), []);
  assert.is(existsSync(h.lock), false);
});

test('apply: an unreadable or invalid plan exits 2', async () => {
  const h = scenarioHost();
  let r = await run(h, ['apply', join(h.dir, 'nope.json')]);
  assert.equal([r.code, r.stderr], [2, 'xendomains: cannot read nope.json: no such file\n']);
  writeFileSync(join(h.dir, 'bad.json'), '{"version":1}');
  r = await run(h, ['apply', join(h.dir, 'bad.json')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad.json: \(top level\) must have required property/);
});

test('an unknown verb is a usage error (exit 3)', async () => {
  const h = scenarioHost();
  const r = await run(h, ['force-reload']);
  assert.is(r.code, 3);
});

test.run();

// `xendomains stop` end to end: the built CLI against the xm simulator. Each
// scenario asserts the exact xm call log, the final domain state, the save
// directory, the lock and the exit code, and that the calls are the printed plan's.
// Scenarios start together (a few at a time); each test awaits its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { STOP_SCENARIOS, web } from './scenarios.mjs';
import { HANG_MAXWAIT, assertFollowsPlan, calls, cleanupScenarios, departed, journal, killedCalls, limiter, plan, run, running, saveDir, scenarioHost, simState, sleep, undot } from './sim-scenario.mjs';

const limit = limiter(4);

/** Plans stop, runs it, returns everything a test checks. */
function stop(setup, args = [], options = {}) {
  return limit(async () => {
    const h = scenarioHost({ lock: '', ...setup });
    const printed = await plan(h, 'stop');
    const r = await run(h, ['stop', ...args, ...(options.blockedJournal ? ['--journal', `${h.blocker}/journal.jsonl`] : [])], options);
    return { h, printed, r };
  });
}

// The parallel scenario has its own test below (it plans and runs itself).
const S = Object.fromEntries(Object.entries(STOP_SCENARIOS).filter(([k]) => k !== 'parallel').map(([k, s]) => [k, stop(s.setup, s.args, s.options)]));

test.after(cleanupScenarios);

test('stop with SAVE: each domain is saved (mkdir -p first), nothing remains, the lock is removed', async () => {
  const { h, printed, r } = await S.save;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['save', '4', `${h.saveDir}/db`], ['save', '3', `${h.saveDir}/web`], ['list', '-l']]);
  assertFollowsPlan(h, printed);
  assert.equal(running(h), []);
  assert.equal(departed(h), { db: 'save', web: 'save' });
  const dir = saveDir(h);
  assert.equal(Object.keys(dir), ['db', 'web']);
  assert.ok(dir.web >= 65536 && readFileSync(`${h.saveDir}/web`).subarray(0, 16).toString() === 'LinuxGuestRecord');
  assert.is(existsSync(h.lock), false);
  assert.match(r.stdout, /db: saved\n[\s\S]*web: saved\n[\s\S]*shutdown-all skipped: no domain other than Domain-0 is left/);
});

test('stop with SysRq: every key to every domain before its shutdown; keys reach the domains', async () => {
  const { h, printed, r } = await S.sysrq;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [
    ['list', '-l'],
    ['sysrq', '4', 's'], ['sysrq', '4', 'u'], ['shutdown', '4', '--halt', '--wait'],
    ['sysrq', '3', 's'], ['sysrq', '3', 'u'], ['shutdown', '3', '--halt', '--wait'],
    ['list', '-l'],
  ]);
  assertFollowsPlan(h, printed);
  assert.equal(departed(h), { db: 'shutdown', web: 'shutdown' });
  assert.equal(saveDir(h), {});
  assert.is(existsSync(h.lock), false);
});

test('stop with a failing migrate falls through to save (exit 0: recovered)', async () => {
  const { h, printed, r } = await S.migrateFails;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [
    ['list', '-l'],
    ['migrate', '4', '--live', 'peer'], ['save', '4', `${h.saveDir}/db`],
    ['migrate', '3', '--live', 'peer'], ['save', '3', `${h.saveDir}/web`],
    ['list', '-l'],
  ]);
  assertFollowsPlan(h, printed);
  assert.equal(departed(h), { db: 'save', web: 'save' });
  assert.equal(Object.keys(saveDir(h)), ['db', 'web']);
  assert.match(r.stdout, /migrate FAILED after .*: exit 1: Error: can't connect: \(111, 'Connection refused'\); trying the next step/);
});

test('stop with a working migrate: no save, no shutdown', async () => {
  const { h, printed, r } = await S.migrateOk;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['migrate', '3', 'other-host'], ['list', '-l']]);
  assertFollowsPlan(h, printed);
  assert.equal(departed(h), { web: 'migrate' });
  assert.equal(saveDir(h), {});
});

test('stop with a failing save: the partial image is quarantined, shutdown follows, exit 0', async () => {
  const { h, printed, r } = await S.saveFails;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [
    ['list', '-l'],
    ['save', '4', `${h.saveDir}/db`],
    // After a failed save that wrote something: is web gone (then the image is whole and stays)? It is not.
    ['save', '3', `${h.saveDir}/web`], ['list', '-l'], ['shutdown', '3', '--halt', '--wait'],
    ['list', '-l'],
  ]);
  assertFollowsPlan(h, printed);
  assert.equal(departed(h), { db: 'save', web: 'shutdown' });
  const dir = saveDir(h);
  assert.equal(Object.keys(dir), ['db', 'partial@xendomains']);
  assert.is(dir['partial@xendomains'].length, 1);
  assert.match(dir['partial@xendomains'][0], /^web\.partial-\d{8}T\d{6}Z$/);
  assert.match(r.stderr, /warning: the save of web did not complete: its partial image was moved to .*partial@xendomains\/web\.partial-/);
  assert.ok(journal(h).some((j) => j.event === 'quarantine' && j.domain === 'web'));
});

test('stop with a hung save: killed at STOP_MAXWAIT, the partial image quarantined, shutdown follows', async () => {
  const { h, printed, r } = await S.saveHangs;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['save', '3', `${h.saveDir}/web`], ['list', '-l'], ['shutdown', '3', '--halt', '--wait'], ['list', '-l']]);
  assert.equal(killedCalls(h), [['save', '3', `${h.saveDir}/web`]]);
  assertFollowsPlan(h, printed);
  assert.equal(departed(h), { web: 'shutdown' });
  assert.equal(Object.keys(saveDir(h)), ['partial@xendomains']);
  const end = journal(h).find((j) => j.event === 'step-end' && j.phase === 'save');
  assert.equal([end.timedOut, end.ok, end.next], [true, false, 'next-step']);
  // Killed at the watchdog: not before it, and well before the next (5 s kill grace, a loaded machine).
  assert.ok(end.durationMs >= HANG_MAXWAIT * 1000 && end.durationMs < 2 * HANG_MAXWAIT * 1000, String(end.durationMs));
});

test('stop with a shutdown hanging past STOP_MAXWAIT: killed, SHUTDOWN_ALL runs, the survivor is named, exit 1', async () => {
  const { h, printed, r } = await S.shutdownHangs;
  assert.is(r.code, 1, r.stderr);
  assert.equal(calls(h), [
    ['list', '-l'],
    ['shutdown', '4', '--halt', '--wait'],
    ['shutdown', '3', '--halt', '--wait'],
    ['list', '-l'], ['shutdown', '--all', '--halt', '--wait'],
    ['list', '-l'],
  ]);
  assert.equal(killedCalls(h), [['shutdown', '3', '--halt', '--wait'], ['shutdown', '--all', '--halt', '--wait']]);
  assertFollowsPlan(h, printed);
  assert.equal(running(h), ['web']);
  assert.equal(departed(h), { db: 'shutdown' });
  assert.match(r.stderr, /xendomains: stop failed for web, still running\n/);
  assert.match(r.stderr, /xendomains: still running: web\n/);
  assert.is(existsSync(h.lock), false, 'stop removes the lock at the end, as the reference');
});

test('AUTO_ONLY: only domains named by an AUTO config are stopped', async () => {
  const { h, printed, r } = await S.autoOnly;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['save', '5', `${h.saveDir}/mail`], ['save', '3', `${h.saveDir}/web`]]);
  assertFollowsPlan(h, printed);
  assert.equal(running(h), ['db']);
  assert.equal(Object.keys(saveDir(h)), ['mail', 'web']);
});

test('SHUTDOWN_ALL alone: one `xm shutdown --all` when domUs remain', async () => {
  const { h, printed, r } = await S.shutdownAll;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['list', '-l'], ['shutdown', '--all', '--halt', '--wait']]);
  assertFollowsPlan(h, printed);
  assert.equal(running(h), []);
});

test('AUTO_ONLY with SHUTDOWN_ALL: the skipped domain goes down in the final shutdown', async () => {
  const { h, printed, r } = await S.autoOnlyAll;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['shutdown', '3', '--halt', '--wait'], ['list', '-l'], ['shutdown', '--all', '--halt', '--wait']]);
  assertFollowsPlan(h, printed);
  assert.equal(departed(h), { web: 'shutdown', db: 'shutdown' });
});

test('--log-format upstream: the reference\'s rc-style stop text', async () => {
  const { h, printed, r } = await S.upstream;
  assert.is(r.code, 0, r.stderr);
  assertFollowsPlan(h, printed);
  const refused = "\nAn error occurred while migrating domain:\nError: can't connect: (111, 'Connection refused')\n\n!\n";
  assert.is(
    undot(r.stdout),
    `Shutting down Xen domains: db(SR-s)(migr).${refused}(save).\nAn error occurred while saving domain:\nError: xc_save failed\n\n!\n(shut)` +
      ` 'db+1'(SR-s)(migr).${refused}(save).\n web(SR-s)(migr).${refused}(save).\n  [done] \n`,
  );
  assert.equal(Object.keys(saveDir(h)), ['db+1', 'partial@xendomains', 'web']);
  assert.match(r.stderr, /partial image was moved/);
});

test('upstream stop with no domU: banner and tag only', async () => {
  const { h, r } = await S.nothing;
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'Shutting down Xen domains:  [done] \n');
  assert.equal(calls(h), [['list', '-l']]);
});

test('SAVE that cannot be created: the save step fails without running xm save, shutdown follows', async () => {
  const { h, printed, r } = await S.unwritableSave;
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['shutdown', '3', '--halt', '--wait'], ['list', '-l']]);
  assertFollowsPlan(h, printed);
  assert.match(r.stdout, /web: save FAILED after .*: mkdir -p .*\/not-a-dir\/save: ENOTDIR.*; trying the next step/);
});

test('a journal that cannot be written: one warning, the stop goes on', async () => {
  const { h, r } = await S.journalUnwritable;
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.stderr.match(/cannot write the journal/g)?.length, 1, r.stderr);
  assert.equal(running(h), []);
});

test('parallel stop: XENDOMAINS_STOP_PARALLEL domains at once, each chain in order, SHUTDOWN_ALL after all', async () => {
  const domains = ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => ({ id: 3 + i, name }));
  const h = scenarioHost({ domains, sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SYSRQ: 's', XENDOMAINS_STOP_PARALLEL: '3', XENDOMAINS_STOP_MAXWAIT: String(HANG_MAXWAIT) }, faults: { '*': { shutdown: { delayMs: 3000 } }, c: { shutdown: { hang: true } } }, lock: '' });
  const printed = await plan(h, 'stop');
  assert.is(printed.lanes, 3);
  const r = await run(h, ['stop']);
  assert.is(r.code, 1, r.stderr);
  assertFollowsPlan(h, printed, { ordered: false });
  const log = calls(h).filter((a) => a[0] !== 'list');
  for (const d of domains) {
    const mine = log.filter((a) => a[1] === String(d.id)).map((a) => a[0]);
    assert.equal(mine, ['sysrq', 'shutdown'], d.name);
  }
  assert.equal(log.at(-1), ['shutdown', '--all', '--halt', '--wait']);
  // Three at once: the first three shutdowns all start before the first one ends.
  const steps = journal(h).filter((j) => j.phase === 'shutdown');
  const firstEnd = Math.min(...steps.filter((j) => j.event === 'step-end').map((j) => Date.parse(j.end)));
  assert.is(steps.filter((j) => j.event === 'step-start' && Date.parse(j.start) < firstEnd).length, 3);
  assert.match(r.stderr, /stop failed for c, still running\n[\s\S]*still running: c\n/);
  assert.equal(running(h), ['c']);
});

test('--jobs overrides XENDOMAINS_STOP_PARALLEL: four shutdowns of 800 ms at once', async () => {
  const domains = ['a', 'b', 'c', 'd'].map((name, i) => ({ id: 3 + i, name }));
  const h = scenarioHost({ domains, sysconfig: { XENDOMAINS_SAVE: '' }, faults: { '*': { shutdown: { delayMs: 800 } } }, lock: '' });
  const printed = await plan(h, 'stop');
  const r = await run(h, ['stop', '--jobs', '4']);
  assert.is(r.code, 0, r.stderr);
  assertFollowsPlan(h, printed, { ordered: false });
  // All four at once: every shutdown started before the first one ended (an order, not a time).
  const steps = journal(h).filter((j) => j.phase === 'shutdown');
  const firstEnd = Math.min(...steps.filter((j) => j.event === 'step-end').map((j) => Date.parse(j.end)));
  const starts = steps.filter((j) => j.event === 'step-start').map((j) => Date.parse(j.start));
  assert.is(starts.length, 4);
  assert.ok(Math.max(...starts) <= firstEnd, 'all four started together');
  assert.equal(running(h), []);
});

test('SIGTERM mid-stop: the step in hand finishes, no further step, survivors named, lock kept, exit 143', async () => {
  const domains = [{ id: 3, name: 'a' }, { id: 4, name: 'b' }, { id: 5, name: 'c' }];
  const h = scenarioHost({ domains, sysconfig: { XENDOMAINS_SAVE: '' }, faults: { a: { shutdown: { delayMs: 8000 } } }, lock: '' }); // long enough that SIGTERM lands while it is in hand, even under load
  const printed = await plan(h, 'stop');
  let child;
  const pending = run(h, ['stop'], { onSpawn: (c) => (child = c) });
  for (let i = 0; i < 1500 && !calls(h).some((a) => a[0] === 'shutdown'); i++) await sleep(20);
  await sleep(150);
  child.kill('SIGTERM');
  const r = await pending;
  assert.is(r.code, 143, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['shutdown', '3', '--halt', '--wait'], ['list', '-l']]);
  assert.equal(killedCalls(h), [], 'the step in hand was not killed');
  assertFollowsPlan(h, printed);
  assert.equal(running(h), ['b', 'c']);
  assert.match(r.stderr, /SIGTERM: no new steps/);
  assert.match(r.stderr, /interrupted by SIGTERM: not done: b, c, all domains\n/);
  assert.match(r.stderr, /still running: b, c\n/);
  assert.is(existsSync(h.lock), true, 'an interrupted stop keeps the lock');
  const events = journal(h).map((j) => j.event);
  assert.equal(events, ['run-start', 'step-start', 'interrupt', 'step-end', 'run-end']);
});

test('SIGINT twice: the command in flight is killed at once (no orphan xm), exit 130', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'a' }], sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_STOP_MAXWAIT: '30' }, faults: { a: { shutdown: { hang: true } } }, lock: '' });
  let child;
  const pending = run(h, ['stop'], { onSpawn: (c) => (child = c) });
  for (let i = 0; i < 1500 && !calls(h).some((a) => a[0] === 'shutdown'); i++) await sleep(20);
  await sleep(150);
  const interrupted = Date.now();
  child.kill('SIGINT');
  await sleep(100);
  child.kill('SIGINT');
  const r = await pending;
  assert.is(r.code, 130, r.stderr);
  // At once, not at the 30 s watchdog (the margin is for a loaded machine).
  assert.ok(Date.now() - interrupted < 15_000, `${Date.now() - interrupted} ms after SIGINT`);
  const pid = JSON.parse(readFileSync(h.log, 'utf8').split('\n')[2]).pid;
  let state = 'gone';
  try {
    state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];
  } catch {}
  assert.ok(state === 'gone' || state === 'Z', `the xm child ${pid} is still running (${state})`);
  assert.match(r.stderr, /still running: a/);
});

test('xm missing: nothing is done, exit 1 with the reason; the lock is left alone', async () => {
  const h = scenarioHost({ domains: [web], lock: '' });
  const r = await run(h, ['stop'], { xm: '/nonexistent/xm' });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^xendomains: cannot run `\/nonexistent\/xm list -l`: \/nonexistent\/xm: command not found.*nothing done\n$/);
  assert.is(existsSync(h.lock), true);
  assert.equal(simState(h).domains.length, 2);
});

test.run();

// The outputs built from executor events: the reference's rc-style text byte
// for byte (spec §8), plain lines, JSON lines and the live TTY view.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execute } from '../../dist/src/exec/executor.js';
import { failureSummary } from '../../dist/src/exec/describe.js';
import { formatStatusUpstream, startShapeFromPlan, upstreamReporter } from '../../dist/src/exec/report-upstream.js';
import { plainReporter } from '../../dist/src/exec/report-plain.js';
import { jsonReporter } from '../../dist/src/exec/report-json.js';
import { ttyReporter } from '../../dist/src/exec/report-tty.js';
import { fakeHost, makePlan, shutdownAll, step, stopChain, wellBehaved, XM } from './fake-host.mjs';

const SAVE = '/var/lib/xen/save';

function capture() {
  const sink = { stdout: '', stderr: '', out: (t) => (sink.stdout += t), err: (t) => (sink.stderr += t) };
  return sink;
}

async function run(plan, host, reporter, options = {}) {
  const r = await execute(plan, { host, emit: (e) => reporter.event(e), ...options });
  const summary = failureSummary(r);
  const exit = r.failed.length || r.problems.length ? 1 : 0;
  reporter.finish(exit, summary);
  return r;
}

const state = (...names) => ({ domains: [{ id: 0, name: 'Domain-0' }, ...names.map((n, i) => ({ id: i + 3, name: n }))], saved: [] });

function stopScenario(lanes = 1) {
  const host = fakeHost({
    domains: [{ id: 3, name: 'a' }, { id: 4, name: 'b' }, { id: 5, name: 'c' }],
    behave: wellBehaved((argv) => {
      if (argv[1] === 'migrate') return { code: 1, stderr: 'Error: refused\nUsage: xm migrate\n\n' };
      if (argv[1] === 'sysrq' && argv[2] === '4') return { code: 1, stderr: 'Error: x\n' };
      if (argv[1] === 'shutdown' && argv[2] === '4') return { hang: true };
      if (argv[1] === 'save') return { delayMs: lanes > 1 ? 30 : 0, effect: (h) => h.drop(3) };
      return undefined;
    }),
  });
  const plan = makePlan('stop', [stopChain('a', 3, { sysrq: ['s'], migrate: ['peer'], save: SAVE, lane: 1, usleep: 0 }), stopChain('b', 4, { sysrq: ['s'], lane: 2 % lanes + 1 || 1, usleep: 0 }), shutdownAll()], {
    state: state('a', 'b', 'c'),
    notes: [{ kind: 'skip', quirk: null, domain: 'c', message: 'c is not named by an AUTO config (AUTO_ONLY): skipped' }],
    lanes,
  });
  return { host, plan };
}

const STOP_TEXT =
  'Shutting down Xen domains: a(SR-s)(migr)\nAn error occurred while migrating domain:\nError: refused\nUsage: xm migrate\n\n!\n(save).\n' +
  ' b(SR-s)\nAn error occurred while doing sysrq on domain:\nError: x\n\n!(shut).\n\nAn error occurred while shutting down domain:\n\n\n!\n' +
  ' c(skip)\n SHUTDOWN_ALL   [failed] \n';

test('upstream stop: the rc-style text byte for byte (fallbacks, SysRq error, watchdog kill, AUTO_ONLY skip, SHUTDOWN_ALL, honest tag)', async () => {
  const { host, plan } = stopScenario();
  const sink = capture();
  await run(plan, host, upstreamReporter(sink));
  assert.is(sink.stdout, STOP_TEXT);
  assert.match(sink.stderr, /xendomains: stop failed for b, no longer listed/);
});

test('upstream stop in parallel: each domain\'s text is held back and printed in list order', async () => {
  const { host, plan } = stopScenario(2);
  const sink = capture();
  await run(plan, host, upstreamReporter(sink), { jobs: 2 });
  // a's save is slow, so b finished first; the dots of a's save depend on timing
  assert.is(sink.stdout.replace(/\(save\)\.+\n/, '(save).\n'), STOP_TEXT);
});

test('upstream stop with nothing to do, and a clean one: `  [done] `', async () => {
  let sink = capture();
  await run(makePlan('stop', [], { state: state() }), fakeHost(), upstreamReporter(sink));
  assert.is(sink.stdout, 'Shutting down Xen domains:  [done] \n');
  sink = capture();
  const host = fakeHost({ domains: [{ id: 3, name: 'db+1' }], behave: wellBehaved() });
  await run(makePlan('stop', [stopChain('db+1', 3), shutdownAll()], { state: state('db+1') }), host, upstreamReporter(sink));
  assert.is(sink.stdout, "Shutting down Xen domains: 'db+1'(shut)  [done] \n", 'names print as xm lists them (SXP quotes)');
});

function startScenario() {
  const img = (n) => `${SAVE}/${n}`;
  const host = fakeHost({
    files: { [img('x')]: 'L', [img('y')]: 'L' },
    behave: (argv) => (argv[2] === img('x') ? { code: 1, stderr: 'Error: boom\n' } : argv[4] === '/etc/xen/auto/c.cfg' ? { code: 1, stderr: 'Error: in use\n' } : {}),
  });
  const restore = (n) => [step({ part: 'start', argv: [XM, 'restore', img(n)], domain: n, phase: 'restore', image: img(n), deleteOnSuccess: true })];
  const create = (n) => [step({ part: 'start', argv: [XM, 'create', '--quiet', '--defconfig', `/etc/xen/auto/${n}.cfg`], domain: n, phase: 'create', config: `/etc/xen/auto/${n}.cfg` })];
  const plan = makePlan('start', [restore('x'), restore('y'), create('a'), create('c')], {
    notes: [{ kind: 'skip', quirk: null, domain: 'b', message: 'b.cfg: b is already running: skipped' }],
  });
  return { host, plan };
}

const START_TEXT = 'Restoring Xen domains: x\nAn error occurred while restoring domain x:\nError: boom\n!\n y\nStarting auto Xen domains: a.cfg b.cfg(skip) c.cfg\nAn error occurred while creating domain c.cfg: \n\n!\n  [failed] \n';

test('upstream start: restore and auto phases byte for byte; create stderr goes to stderr (Q15)', async () => {
  const { host, plan } = startScenario();
  const sink = capture();
  await run(plan, host, upstreamReporter(sink));
  assert.is(sink.stdout, START_TEXT);
  assert.match(sink.stderr, /^Error: in use\n/);
});

test('upstream start from the CLI\'s shape: restore banner with nothing restorable, configs that are not created', async () => {
  const sink = capture();
  const shape = { restorePhase: true, autoPhase: true, autoEntries: [{ basename: 'dir' }, { basename: 'web.cfg', config: '/etc/xen/auto/web.cfg' }] };
  const plan = makePlan('start', [[step({ part: 'start', argv: [XM, 'create', '--quiet', '--defconfig', '/etc/xen/auto/web.cfg'], phase: 'create', domain: 'web', config: '/etc/xen/auto/web.cfg' })]]);
  await run(plan, fakeHost(), upstreamReporter(sink, { start: shape }));
  assert.is(sink.stdout, 'Restoring Xen domains:\nStarting auto Xen domains: dir(skip) web.cfg  [done] \n');
});

test('upstream: already running, and restart without tags', async () => {
  let sink = capture();
  await run(makePlan('start', [], { outcome: { code: 'already-running', message: 'xendomains already running (lockfile exists)' }, createLock: false }), fakeHost(), upstreamReporter(sink));
  assert.is(sink.stdout, 'xendomains already running (lockfile exists)\n  [done] \n');
  sink = capture();
  const host = fakeHost({ domains: [{ id: 3, name: 'a' }], behave: wellBehaved() });
  const plan = makePlan('restart', [stopChain('a', 3, { save: SAVE }), [step({ part: 'start', argv: [XM, 'restore', `${SAVE}/a`], domain: 'a', phase: 'restore', image: `${SAVE}/a`, deleteOnSuccess: true })]], { state: state('a') });
  await run(plan, host, upstreamReporter(sink, { noTag: true }));
  assert.is(sink.stdout, 'Shutting down Xen domains: a(save).\nRestoring Xen domains: a\n');
});

test('upstream status lines (spec §7)', () => {
  const plan = (status, statusExit) => makePlan('status', [], { status, statusExit });
  assert.is(formatStatusUpstream(plan({ lock: false, auto: [], missing: [], saved: [] }, 3)), 'Checking for xendomains:  [unused] \n');
  assert.is(
    formatStatusUpstream(plan({ lock: true, auto: [{ file: 'a', domain: 'web', running: true }, { file: 'b', domain: 'db', running: false }], missing: ['db'], saved: ['x', 'lost+found'] }, 1)),
    'Checking for xendomains: web MISS AUTO: db MISS SAVED:  x lost+found  [dead] \n',
  );
  assert.is(formatStatusUpstream(plan({ lock: true, auto: [{ file: 'a', domain: 'a+b', running: true }], missing: [], saved: [] }, 0)), "Checking for xendomains: 'a+b'  [running] \n");
});

test('startShapeFromPlan: creates and skip notes in byte order', () => {
  const { plan } = startScenario();
  assert.equal(startShapeFromPlan(plan), {
    restorePhase: true,
    autoPhase: true,
    autoEntries: [{ basename: 'a.cfg', config: '/etc/xen/auto/a.cfg' }, { basename: 'b.cfg' }, { basename: 'c.cfg', config: '/etc/xen/auto/c.cfg' }],
  });
});

test('plain: one line per event; failures and the summary stand out; -q keeps only those', async () => {
  const { host, plan } = stopScenario();
  const sink = capture();
  await run(plan, host, plainReporter(sink));
  const lines = sink.stdout.trim().split('\n');
  assert.is(lines[0], 'xendomains stop: 7 steps, up to 1 domain at a time');
  assert.ok(lines.includes('[2/7] a: migrate FAILED after 0.0 s: exit 1: Error: refused; trying the next step'), sink.stdout);
  assert.ok(lines.includes('[6/7] b: shutdown FAILED after 2.0 s: killed by the watchdog after 2 s'), sink.stdout);
  assert.ok(lines.includes('a: saved') && lines.includes('b: FAILED'));
  assert.is(lines.at(-1), 'xendomains: exit 1');
  assert.match(sink.stderr, /^xendomains: stop failed for b, no longer listed\n/);
  const quiet = capture();
  const again = stopScenario();
  await run(again.plan, again.host, plainReporter(quiet, { quiet: true }));
  assert.ok(!/ ok \(/.test(quiet.stdout) && /FAILED/.test(quiet.stdout));
});

test('json: one parseable object per event, ending with exit', async () => {
  const { host, plan } = stopScenario();
  const sink = capture();
  await run(plan, host, jsonReporter(sink));
  const events = sink.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.is(events[0].event, 'run-start');
  assert.equal(events.at(-1), { event: 'exit', code: 1, messages: ['stop failed for b, no longer listed'] });
  const killed = events.find((e) => e.event === 'step-end' && e.timedOut);
  assert.equal([killed.domain, killed.phase, killed.ok, killed.exit], ['b', 'shutdown', false, null]);
  assert.ok(events.some((e) => e.event === 'chain-end' && e.domain === 'a' && e.how === 'saved'));
});

test('tty: redraws in place with ANSI codes, one line per domain, a bar, failures kept above', async () => {
  const { host, plan } = stopScenario();
  const sink = capture();
  await run(plan, host, ttyReporter(sink, { columns: 80, rows: 20, tickMs: 0, now: () => host.now() }));
  assert.ok(sink.stdout.includes('\x1b[') && sink.stdout.includes('\x1b[J'));
  const lastFrame = sink.stdout.split('\x1b[J').at(-1);
  assert.match(lastFrame, /Stopping Xen domains \[#+\] 3\/3 \(1 failed\)/);
  assert.match(lastFrame, /\+ a +saved/);
  assert.match(lastFrame, /x b +failed/);
  assert.match(sink.stdout, /b: shutdown failed: killed by the watchdog after 2 s\n/);
  assert.match(sink.stdout, /xendomains: exit 1\n$/);
});

test.run();

// Golden stop plans: the command lines of the reference's stop (spec §6),
// step by step, with fallbacks, watchdogs, sleeps, lanes and the Q-notes of
// every divergence. Expected lines are written from the spec, not the code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planStop, input, sysconfig, cfg, argvs, quirks, XM } from './fixture.mjs';

const argvOf = (plan) => plan.steps.map((s) => s.argv);
const xm = (line) => `${XM} ${line}`;

test('S1 shipped sample: save then shutdown per domain in list order, then shutdown-all; Domain-0 excluded', () => {
  const plan = planStop(input({ domains: [[0, 'Domain-0'], [3, 'db'], [5, 'mail'], [7, 'web1']] }));
  assert.equal(argvOf(plan), argvs(
    xm('save 3 /var/lib/xen/save/db'),
    xm('shutdown 3 --halt --wait'),
    xm('save 5 /var/lib/xen/save/mail'),
    xm('shutdown 5 --halt --wait'),
    xm('save 7 /var/lib/xen/save/web1'),
    xm('shutdown 7 --halt --wait'),
    xm('shutdown --all --halt --wait'),
  ));
  assert.equal(plan.steps.map((s) => s.phase), ['save', 'shutdown', 'save', 'shutdown', 'save', 'shutdown', 'shutdown-all']);
  assert.equal(plan.steps.map((s) => s.timeoutSeconds), [300, 300, 300, 300, 300, 300, 300]);
  // save: success ends the domain, failure falls through to shutdown; shutdown ends the chain either way.
  assert.equal(plan.steps.map((s) => [s.onSuccess, s.onFailure]).slice(0, 2), [['next-domain', 'next-step'], ['next-domain', 'next-domain']]);
  assert.equal(plan.steps[0].ensureDir, '/var/lib/xen/save');
  assert.equal(plan.steps[0].image, '/var/lib/xen/save/db');
  assert.equal(plan.steps[0].sleepAfterMicros, 1000, 'usleep 1000 after a successful save');
  assert.equal(plan.steps[6].onlyIfDomainsRemain, true);
  assert.is(plan.removeLock, true);
  assert.equal(quirks(plan), []);
  // Worst case: per domain the save and the shutdown both time out (a timed-out save does not sleep), then shutdown-all.
  assert.is(plan.worstCaseSeconds, 3 * 600 + 300);
  assert.is(plan.expectedSeconds, 0.003);
});

test('S2 SysRq, migrate, save, shutdown chain in the reference order with USLEEP after every key', () => {
  const config = sysconfig({ XENDOMAINS_SYSRQ: '"s e"', XENDOMAINS_MIGRATE: '"--live backup-host"' });
  const plan = planStop(input({ config, domains: [[4, 'web']] }));
  assert.equal(argvOf(plan), argvs(
    xm('sysrq 4 s'),
    xm('sysrq 4 e'),
    xm('migrate 4 --live backup-host'),
    xm('save 4 /var/lib/xen/save/web'),
    xm('shutdown 4 --halt --wait'),
    xm('shutdown --all --halt --wait'),
  ));
  assert.equal(plan.steps.map((s) => [s.onSuccess, s.onFailure]), [
    ['next-step', 'next-step'],
    ['next-step', 'next-step'],
    ['next-domain', 'next-step'],
    ['next-domain', 'next-step'],
    ['next-domain', 'next-domain'],
    ['next-domain', 'next-domain'],
  ]);
  assert.equal(plan.steps.map((s) => [s.sleepAfterMicros, s.sleepWhen]).slice(0, 4), [[100000, 'always'], [100000, 'always'], [1000, 'success'], [1000, 'success']]);
  // D1: xm sysrq has the STOP_MAXWAIT watchdog too (the reference has none), so the worst case is finite.
  assert.equal(plan.steps.map((s) => s.timeoutSeconds), [300, 300, 300, 300, 300, 300]);
  assert.is(plan.worstCaseSeconds, 2 * (300 + 0.1) + 300 + 300 + 300 + 300, 'each key: watchdog and pause; migrate, save, shutdown; shutdown-all');
  assert.not.ok(plan.notes.some((n) => /unbounded/.test(n.message)));
  assert.equal(plan.notes.filter((n) => n.quirk === 'D1').map((n) => [n.kind, n.message]), [['divergence', 'each xm sysrq has the STOP_MAXWAIT watchdog (300 s); the reference runs it unguarded, so a hung sysrq blocks its stop forever']]);
  assert.is(plan.expectedSeconds, 0.201);
});

test('S3 empty SHUTDOWN and SAVE: no per-domain steps, only shutdown-all', () => {
  const config = sysconfig({ XENDOMAINS_SHUTDOWN: '""', XENDOMAINS_SAVE: '""' });
  const plan = planStop(input({ config, domains: [[3, 'db'], [5, 'web']] }));
  assert.equal(argvOf(plan), argvs(xm('shutdown --all --halt --wait')));
  assert.ok(plan.notes.some((n) => n.domain === 'db' && /final shutdown/.test(n.message)));
});

test('S4 STOP_MAXWAIT=0 disables the watchdog: no timeouts, unbounded worst case', () => {
  const plan = planStop(input({ config: sysconfig({ XENDOMAINS_STOP_MAXWAIT: '0' }), domains: [[3, 'db']] }));
  assert.equal(argvOf(plan), argvs(xm('save 3 /var/lib/xen/save/db'), xm('shutdown 3 --halt --wait'), xm('shutdown --all --halt --wait')));
  assert.equal(plan.steps.map((s) => s.timeoutSeconds), [null, null, null]);
  assert.is(plan.worstCaseSeconds, null);
  assert.ok(plan.notes.some((n) => /no watchdog/.test(n.message)));
});

test('S5 multi-word SysRq: one xm sysrq per word, a multi-character word is still sent (Q20)', () => {
  const config = sysconfig({ XENDOMAINS_SYSRQ: '"s u sync o"', XENDOMAINS_SAVE: '""', XENDOMAINS_SHUTDOWN_ALL: '""' });
  const plan = planStop(input({ config, domains: [[12, 'app']] }));
  assert.equal(argvOf(plan), argvs(xm('sysrq 12 s'), xm('sysrq 12 u'), xm('sysrq 12 sync'), xm('sysrq 12 o'), xm('shutdown 12 --halt --wait')));
  assert.equal(plan.steps.slice(0, 4).map((s) => s.onFailure), ['next-step', 'next-step', 'next-step', 'next-step']);
});

test('S6 STOP_PARALLEL=2 over five domains: round-robin lanes in list order, shutdown-all after the lanes', () => {
  const config = sysconfig({ XENDOMAINS_SAVE: '""', XENDOMAINS_STOP_PARALLEL: '2' });
  const plan = planStop(input({ config, domains: [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']] }));
  assert.equal(argvOf(plan), argvs(
    xm('shutdown 1 --halt --wait'),
    xm('shutdown 2 --halt --wait'),
    xm('shutdown 3 --halt --wait'),
    xm('shutdown 4 --halt --wait'),
    xm('shutdown 5 --halt --wait'),
    xm('shutdown --all --halt --wait'),
  ));
  assert.equal(plan.steps.map((s) => s.lane), [1, 2, 1, 2, 1, null]);
  assert.is(plan.lanes, 2);
  assert.is(plan.worstCaseSeconds, 3 * 300 + 300, 'lane 1 has three domains');
});

test('S7 AUTO_ONLY with an empty AUTO: nothing stopped one by one, SHUTDOWN_ALL still runs; Q9 noted', () => {
  const config = sysconfig({ XENDOMAINS_AUTO_ONLY: 'true' });
  const plan = planStop(input({ config, auto: undefined, domains: [[3, 'db'], [5, 'web']] }));
  assert.equal(argvOf(plan), argvs(xm('shutdown --all --halt --wait')));
  assert.ok(quirks(plan).includes('Q9'));
  assert.ok(plan.notes.find((n) => n.quirk === 'Q9').message.includes('db, web'), 'names what the reference would stop');
});

test('S8 AUTO_ONLY keeps only domains named by AUTO configs', () => {
  const config = sysconfig({ XENDOMAINS_AUTO_ONLY: 'true' });
  const auto = [{ file: 'web.cfg', text: cfg('web') }, { file: 'db.cfg', text: cfg('db') }];
  const plan = planStop(input({ config, auto, domains: [[3, 'db'], [4, 'scratch'], [5, 'web']] }));
  assert.equal(argvOf(plan), argvs(
    xm('save 3 /var/lib/xen/save/db'),
    xm('shutdown 3 --halt --wait'),
    xm('save 5 /var/lib/xen/save/web'),
    xm('shutdown 5 --halt --wait'),
    xm('shutdown --all --halt --wait'),
  ));
  const skip = plan.notes.find((n) => n.kind === 'skip' && n.domain === 'scratch');
  assert.match(skip.message, /the final `\/usr\/sbin\/xm shutdown --all --halt --wait` still halts it, unsaved/, 'the skip line says what happens to it');
  assert.equal(quirks(plan), []);
  const noAll = planStop(input({ config: sysconfig({ XENDOMAINS_AUTO_ONLY: 'true', XENDOMAINS_SHUTDOWN_ALL: '' }), auto, domains: [[4, 'scratch']] }));
  assert.match(noAll.notes.find((n) => n.domain === 'scratch').message, /it is left running/);
});

test('S9 a name with + (listed quoted): saved under its plain name, kept by AUTO_ONLY; both Q8', () => {
  const config = sysconfig({ XENDOMAINS_AUTO_ONLY: 'true' });
  const plan = planStop(input({ config, auto: [{ file: 'db+1.cfg', text: cfg('db+1') }], domains: [[6, 'db+1']] }));
  assert.equal(argvOf(plan), argvs(xm('save 6 /var/lib/xen/save/db+1'), xm('shutdown 6 --halt --wait'), xm('shutdown --all --halt --wait')));
  const q8 = plan.notes.filter((n) => n.quirk === 'Q8');
  assert.is(q8.length, 2);
  assert.ok(q8.some((n) => n.message.includes("/var/lib/xen/save/'db+1'")), 'the reference file name has the SXP quotes');
  assert.ok(q8.some((n) => /would skip db\+1/.test(n.message)), 'the reference AUTO_ONLY never matches a quoted name');
});

test('S10 a name that is not a safe file name gets no save step (Q8)', () => {
  const plan = planStop(input({ domains: [[8, '-rf'], [9, 'ok']] }));
  assert.equal(argvOf(plan), argvs(
    xm('shutdown 8 --halt --wait'),
    xm('save 9 /var/lib/xen/save/ok'),
    xm('shutdown 9 --halt --wait'),
    xm('shutdown --all --halt --wait'),
  ));
  assert.ok(plan.notes.some((n) => n.quirk === 'Q8' && n.domain === '-rf'));
});

test('S11 AUTO_ONLY with a config whose name is unknown after a known one: we filter by the known name; Q9', () => {
  const config = sysconfig({ XENDOMAINS_AUTO_ONLY: 'true', XENDOMAINS_SAVE: '""' });
  const auto = [{ file: 'a.cfg', text: cfg('alpha') }, { file: 'b.cfg', text: 'import os\nname = os.environ["X"]\n' }];
  const plan = planStop(input({ config, auto, domains: [[3, 'alpha'], [4, 'beta']] }));
  assert.equal(argvOf(plan), argvs(xm('shutdown 3 --halt --wait'), xm('shutdown --all --halt --wait')));
  const q9 = plan.notes.filter((n) => n.quirk === 'Q9');
  assert.ok(q9.some((n) => /b\.cfg/.test(n.message) && /filter nothing/.test(n.message)));
  assert.ok(q9.some((n) => n.domain === 'beta' && /would stop beta/.test(n.message)));
});

test('S12 no domU running: no steps at all (SHUTDOWN_ALL only runs while a domU remains)', () => {
  const plan = planStop(input({ domains: [[0, 'Domain-0']] }));
  assert.equal(plan.steps, []);
  assert.is(plan.worstCaseSeconds, 0);
  assert.is(plan.removeLock, true);
});

test('S13 MIGRATE alone: the migration is the end of the chain', () => {
  const config = sysconfig({ XENDOMAINS_MIGRATE: '"-l -p 8002 10.0.0.2"', XENDOMAINS_SAVE: '""', XENDOMAINS_SHUTDOWN: '""', XENDOMAINS_SHUTDOWN_ALL: '""' });
  const plan = planStop(input({ config, domains: [[3, 'db']] }));
  assert.equal(argvOf(plan), argvs(xm('migrate 3 -l -p 8002 10.0.0.2')));
  assert.equal([plan.steps[0].onSuccess, plan.steps[0].onFailure], ['next-domain', 'next-domain']);
});

test('S14 non-numeric STOP_MAXWAIT: no watchdog, as in the reference', () => {
  const plan = planStop(input({ config: sysconfig({ XENDOMAINS_STOP_MAXWAIT: '5m' }), domains: [[3, 'db']] }));
  assert.equal(plan.steps.map((s) => s.timeoutSeconds), [null, null, null]);
});

test('S15 list order is kept (xend sorts by name in byte order: upper case first), ids as listed', () => {
  const plan = planStop(input({ config: sysconfig({ XENDOMAINS_SAVE: '""', XENDOMAINS_SHUTDOWN_ALL: '""' }), domains: [[0, 'Domain-0'], [21, 'Web'], [4, 'db'], [30, 'stub-dm']] }));
  assert.equal(argvOf(plan), argvs(xm('shutdown 21 --halt --wait'), xm('shutdown 4 --halt --wait'), xm('shutdown 30 --halt --wait')));
});

test('S16 SHUTDOWN options stay after the domid, word-split like bash', () => {
  const config = sysconfig({ XENDOMAINS_SAVE: '""', XENDOMAINS_SHUTDOWN: '"  --wait\t--halt "', XENDOMAINS_SHUTDOWN_ALL: '"--all --wait"' });
  const plan = planStop(input({ config, domains: [[3, 'db']] }));
  assert.equal(argvOf(plan), argvs(xm('shutdown 3 --wait --halt'), xm('shutdown --all --wait')));
});

test('S17 SAVE with a trailing slash is joined as the reference does: <SAVE>/<name>', () => {
  const plan = planStop(input({ config: sysconfig({ XENDOMAINS_SAVE: '/srv/save/', XENDOMAINS_SHUTDOWN_ALL: '""' }), domains: [[3, 'db']] }));
  assert.equal(argvOf(plan), argvs(xm('save 3 /srv/save//db'), xm('shutdown 3 --halt --wait')));
});

test.run();

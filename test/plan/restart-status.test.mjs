// Golden restart and status plans (spec §7): restart is stop then start in
// one plan (the start half sees what the stop half leaves); status gives the
// reference's exit codes 0 / 1 / 3.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planRestart, planStatus, input, sysconfig, cfg, argvs, quirks, XM } from './fixture.mjs';

const argvOf = (plan) => plan.steps.map((s) => s.argv);
const xm = (line) => `${XM} ${line}`;
const AUTO = [{ file: 'db.cfg', text: cfg('db') }, { file: 'web1.cfg', text: cfg('web1') }];

test('R1 restart with the sample: save and shut down, then restore the new images and skip their configs', () => {
  const plan = planRestart(input({ auto: AUTO, domains: [[3, 'db'], [5, 'web1']], lock: true }));
  assert.equal(argvOf(plan), argvs(
    xm('save 3 /var/lib/xen/save/db'),
    xm('shutdown 3 --halt --wait'),
    xm('save 5 /var/lib/xen/save/web1'),
    xm('shutdown 5 --halt --wait'),
    xm('shutdown --all --halt --wait'),
    xm('restore /var/lib/xen/save/db'),
    xm('create --quiet --defconfig /etc/xen/auto/db.cfg'),
    xm('restore /var/lib/xen/save/web1'),
    xm('create --quiet --defconfig /etc/xen/auto/web1.cfg'),
  ));
  // Each create is its restore's fallback (same chain), run only if that restore fails.
  assert.equal(plan.steps.map((s) => s.part), ['stop', 'stop', 'stop', 'stop', 'stop', 'start', 'start', 'start', 'start']);
  assert.is(plan.outcome, null, 'stop removed the lock, so start proceeds');
  assert.is(plan.removeLock, true);
  assert.is(plan.createLock, true);
  assert.equal(new Set(plan.steps.map((s) => s.chain)).size, 5);
});

test('R2 restart without SAVE: shut down, then create every config again', () => {
  const plan = planRestart(input({ config: sysconfig({ XENDOMAINS_SAVE: '""' }), auto: AUTO, domains: [[3, 'db'], [5, 'web1']] }));
  assert.equal(argvOf(plan), argvs(
    xm('shutdown 3 --halt --wait'),
    xm('shutdown 5 --halt --wait'),
    xm('shutdown --all --halt --wait'),
    xm('create --quiet --defconfig /etc/xen/auto/db.cfg'),
    xm('create --quiet --defconfig /etc/xen/auto/web1.cfg'),
  ));
  assert.is(plan.worstCaseSeconds, null, 'create has no watchdog');
});

test('U1 status without the lock: 3 (unused)', () => {
  const plan = planStatus(input({ auto: AUTO, domains: [[3, 'db']] }));
  assert.is(plan.statusExit, 3);
  assert.equal(plan.steps, []);
});

test('U2 status with every AUTO domain running and SAVE empty: 0', () => {
  const plan = planStatus(input({ auto: AUTO, domains: [[3, 'db'], [5, 'web1']], lock: true }));
  assert.is(plan.statusExit, 0);
  assert.equal(plan.status.auto.map((a) => [a.domain, a.running]), [['db', true], ['web1', true]]);
  assert.equal(plan.status.missing, []);
});

test('U3 status with an AUTO domain down: 1, and the missing name', () => {
  const plan = planStatus(input({ auto: AUTO, domains: [[3, 'db']], lock: true }));
  assert.is(plan.statusExit, 1);
  assert.equal(plan.status.missing, ['web1']);
});

test('U4 status with anything in SAVE (even lost+found) is 1', () => {
  const plan = planStatus(input({ auto: AUTO, domains: [[3, 'db'], [5, 'web1']], saved: [{ name: 'lost+found', dir: true }], lock: true }));
  assert.is(plan.statusExit, 1);
  assert.equal(plan.status.saved, ['lost+found']);
});

test('U5 status: a config whose name is unknown counts as missing; a glob name the reference would see running is Q7', () => {
  const auto = [{ file: 'magic.cfg', text: 'import socket\nname = socket.gethostname()\n' }, { file: 'star.cfg', text: cfg('web*') }];
  const plan = planStatus(input({ auto, domains: [[4, 'web+1']], lock: true }));
  assert.is(plan.statusExit, 1);
  assert.equal(plan.status.missing, ['magic.cfg', 'web*']);
  assert.equal(quirks(plan), ['Q7']);
});

test.run();

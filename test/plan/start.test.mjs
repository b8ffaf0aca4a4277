// Golden start plans: restore phase then auto phase (spec §5), the command
// lines step by step, the skips, and the Q-note of every divergence from the
// reference's file-name and glob tests. Expected lines are written from the spec.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planStart, input, sysconfig, cfg, argvs, quirks, XM } from './fixture.mjs';

const argvOf = (plan) => plan.steps.map((s) => s.argv);
const xm = (line) => `${XM} ${line}`;
const AUTO3 = [{ file: 'db.cfg', text: cfg('db') }, { file: 'mail.cfg', text: cfg('mail') }, { file: 'web1.cfg', text: cfg('web1') }];

test('T1 restore every image in byte order, skip non-images; then create the configs not restored', () => {
  const saved = [{ name: 'lost+found', dir: true }, { name: 'notes.txt', text: 'remember to\n' }, { name: 'db', image: 'db' }, { name: 'empty', text: '' }];
  const plan = planStart(input({ auto: AUTO3, saved }));
  assert.equal(argvOf(plan), argvs(
    xm('restore /var/lib/xen/save/db'),
    xm('create --quiet --defconfig /etc/xen/auto/db.cfg'),
    xm('create --quiet --defconfig /etc/xen/auto/mail.cfg'),
    xm('create --quiet --defconfig /etc/xen/auto/web1.cfg'),
  ));
  const [restore, fallback, create] = plan.steps;
  // db.cfg names the restored domain: created only if the restore fails (our divergence, noted).
  assert.equal([restore.chain, restore.onFailure, fallback.chain, fallback.phase, fallback.config, fallback.onFailure], [1, 'next-step', 1, 'create', '/etc/xen/auto/db.cfg', 'next-domain']);
  assert.ok(plan.notes.some((n) => n.kind === 'info' && n.domain === 'db' && /if the restore of \/var\/lib\/xen\/save\/db fails, the image is moved aside and db is created from/.test(n.message)));
  assert.is(restore.deleteOnSuccess, true);
  assert.is(restore.image, '/var/lib/xen/save/db');
  assert.is(restore.domain, 'db');
  assert.equal([create.sleepAfterMicros, create.sleepWhen], [5000000, 'success']);
  assert.is(create.domain, 'mail');
  assert.is(plan.createLock, true);
  assert.is(plan.outcome, null);
  const q13 = plan.notes.filter((n) => n.quirk === 'Q13').map((n) => n.message.split(' ')[0]);
  assert.equal(q13, ['empty', 'lost+found', 'notes.txt']);
  assert.ok(plan.notes.some((n) => n.kind === 'skip' && n.domain === 'db'));
  assert.equal(quirks(plan), []);
  assert.is(plan.expectedSeconds, 10);
  assert.is(plan.worstCaseSeconds, null, 'restore and create have no watchdog');
});

test('T2 lock present: no steps, "already running"', () => {
  const plan = planStart(input({ auto: AUTO3, saved: [{ name: 'db', image: 'db' }], lock: true }));
  assert.equal(plan.steps, []);
  assert.equal(plan.outcome, { code: 'already-running', message: 'xendomains already running (lockfile exists)' });
  assert.is(plan.createLock, false);
});

test('T3 RESTORE=yes is not "true": no restore, every config created', () => {
  const plan = planStart(input({ config: sysconfig({ XENDOMAINS_RESTORE: 'yes' }), auto: AUTO3, saved: [{ name: 'db', image: 'db' }] }));
  assert.equal(argvOf(plan), argvs(
    xm('create --quiet --defconfig /etc/xen/auto/db.cfg'),
    xm('create --quiet --defconfig /etc/xen/auto/mail.cfg'),
    xm('create --quiet --defconfig /etc/xen/auto/web1.cfg'),
  ));
  assert.ok(plan.notes.some((n) => /not restored/.test(n.message)));
});

test('T4 a config whose domain is running is skipped', () => {
  const plan = planStart(input({ auto: AUTO3, domains: [[5, 'web1']] }));
  assert.equal(argvOf(plan), argvs(xm('create --quiet --defconfig /etc/xen/auto/db.cfg'), xm('create --quiet --defconfig /etc/xen/auto/mail.cfg')));
  assert.ok(plan.notes.some((n) => n.kind === 'skip' && n.domain === 'web1' && /already running/.test(n.message)));
});

test('T5 Q6 false positive: config file "web" is skipped by the reference when web-1 was saved; we create it', () => {
  const auto = [{ file: 'web', text: cfg('web') }, { file: 'web-1', text: cfg('web-1') }];
  const plan = planStart(input({ auto, saved: [{ name: 'web-1', image: 'web-1' }] }));
  assert.equal(argvOf(plan), argvs(xm('restore /var/lib/xen/save/web-1'), xm('create --quiet --defconfig /etc/xen/auto/web-1'), xm('create --quiet --defconfig /etc/xen/auto/web')));
  assert.equal(quirks(plan), ['Q6']);
  assert.is(plan.notes.find((n) => n.quirk === 'Q6').domain, 'web');
});

test('T6 Q6 regex: "a.cfg" matches a saved "abcfg" as grep -w; we create domain a', () => {
  const plan = planStart(input({ auto: [{ file: 'a.cfg', text: cfg('a') }], saved: [{ name: 'abcfg', image: 'abcfg' }] }));
  assert.equal(argvOf(plan), argvs(xm('restore /var/lib/xen/save/abcfg'), xm('create --quiet --defconfig /etc/xen/auto/a.cfg')));
  assert.equal(quirks(plan), ['Q6']);
});

test('T7 config file name differs from the domain name: restored domain found by name; both skip (no divergence)', () => {
  const plan = planStart(input({ auto: [{ file: 'www.cfg', text: cfg('web1') }], saved: [{ name: 'web1', image: 'web1' }] }));
  assert.equal(argvOf(plan), argvs(xm('restore /var/lib/xen/save/web1'), xm('create --quiet --defconfig /etc/xen/auto/www.cfg')));
  assert.equal(plan.steps.map((s) => s.chain), [1, 1], 'the create is the restore\'s fallback');
  assert.equal(quirks(plan), []);
});

test('T8 Q7 glob: a name pattern matching another running quoted name makes the reference skip; we create', () => {
  const plan = planStart(input({ auto: [{ file: 'star.cfg', text: cfg('web*') }], domains: [[4, 'web+1']] }));
  assert.equal(argvOf(plan), argvs(xm('create --quiet --defconfig /etc/xen/auto/star.cfg')));
  assert.equal(quirks(plan), ['Q7']);
});

test('T9 entries that are not configs get no create (Q16); a config with an unknown name is created by file, as the reference would (Q22)', () => {
  const auto = [
    { file: 'old', kind: 'directory' },
    { file: 'gone.cfg', kind: 'broken-symlink' },
    { file: 'magic.cfg', text: 'import socket\nname = socket.gethostname()\n' },
    { file: 'web.cfg', text: cfg('web') },
  ];
  const plan = planStart(input({ auto }));
  assert.equal(argvOf(plan), argvs(xm('create --quiet --defconfig /etc/xen/auto/magic.cfg'), xm('create --quiet --defconfig /etc/xen/auto/web.cfg')));
  assert.is(plan.steps[0].domain, null, 'its domain is unknown');
  assert.equal(quirks(plan).sort(), ['Q16', 'Q16', 'Q22']);
});

test('T10 an editor backup is still a config: created like the reference (XD4004 warns)', () => {
  const plan = planStart(input({ auto: [{ file: 'web.cfg', text: cfg('web') }, { file: 'web.cfg~', text: cfg('web-old') }] }));
  assert.equal(argvOf(plan), argvs(xm('create --quiet --defconfig /etc/xen/auto/web.cfg'), xm('create --quiet --defconfig /etc/xen/auto/web.cfg~')));
});

test('T11 two configs with one name: the second is skipped, as the reference skips it once the first runs', () => {
  const plan = planStart(input({ auto: [{ file: 'a.cfg', text: cfg('web') }, { file: 'b.cfg', text: cfg('web') }] }));
  assert.equal(argvOf(plan), argvs(xm('create --quiet --defconfig /etc/xen/auto/a.cfg')));
  assert.ok(plan.notes.some((n) => n.kind === 'skip' && /XD4001/.test(n.message)));
  assert.equal(quirks(plan), []);
});

test('T12 empty CREATE_USLEEP: no pause after create, noted (Q19)', () => {
  const plan = planStart(input({ config: sysconfig({ XENDOMAINS_CREATE_USLEEP: '""' }), auto: [{ file: 'web.cfg', text: cfg('web') }] }));
  assert.is(plan.steps[0].sleepAfterMicros, 0);
  assert.ok(plan.notes.some((n) => n.quirk === 'Q19'));
  assert.is(plan.expectedSeconds, 0);
});

test('T13 an AUTO path with a blank stays one argument (Q16)', () => {
  const plan = planStart(input({ autoDir: '/etc/xen/my auto', auto: [{ file: 'web.cfg', text: cfg('web') }] }));
  assert.equal(argvOf(plan), [[XM, 'create', '--quiet', '--defconfig', '/etc/xen/my auto/web.cfg']]);
  assert.equal(quirks(plan), ['Q16']);
});

test('T14 a running name with + is matched exactly; the reference matches it too (quotes on both sides)', () => {
  const plan = planStart(input({ auto: [{ file: 'db+1.cfg', text: cfg('db+1') }], domains: [[6, 'db+1']] }));
  assert.equal(plan.steps, []);
  assert.equal(quirks(plan), []);
});

test('T15 an image whose name cannot be read is restored and matched by its file name', () => {
  const saved = [{ name: 'web', text: 'LinuxGuestRecord' }];
  const plan = planStart(input({ auto: [{ file: 'web.cfg', text: cfg('web') }], saved }));
  assert.equal(argvOf(plan), argvs(xm('restore /var/lib/xen/save/web'), xm('create --quiet --defconfig /etc/xen/auto/web.cfg')));
  assert.is(plan.steps[0].domain, null);
  assert.ok(plan.notes.some((n) => n.quirk === 'Q13' && /file name/.test(n.message)));
});

test('T16 restore ignores AUTO and running domains (Q14): the restore of a running domain is planned and noted', () => {
  const plan = planStart(input({ auto: [{ file: 'web.cfg', text: cfg('web') }], saved: [{ name: 'old', image: 'old' }, { name: 'web', image: 'web' }], domains: [[3, 'web']] }));
  assert.equal(argvOf(plan), argvs(xm('restore /var/lib/xen/save/old'), xm('restore /var/lib/xen/save/web')));
  assert.ok(plan.notes.some((n) => n.quirk === 'Q14' && n.domain === 'old'));
  assert.ok(plan.notes.some((n) => n.domain === 'web' && /already running/.test(n.message)));
});

test('T17 AUTO empty and nothing saved: no steps; the lock is still created', () => {
  const plan = planStart(input({ auto: undefined }));
  assert.equal(plan.steps, []);
  assert.is(plan.createLock, true);
  assert.is(plan.worstCaseSeconds, 0);
});

test('T18 a config file name starting with - is a grep option to the reference (Q6)', () => {
  const plan = planStart(input({ auto: [{ file: '-v.cfg', text: cfg('v') }], saved: [{ name: 'x', image: 'x' }] }));
  assert.equal(argvOf(plan), argvs(xm('restore /var/lib/xen/save/x'), xm('create --quiet --defconfig /etc/xen/auto/-v.cfg')));
  assert.equal(quirks(plan), ['Q6']);
});

test.run();

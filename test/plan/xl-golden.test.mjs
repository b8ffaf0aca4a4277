// Golden plans on xl hosts (spec xl-xendomains.md §5–§7, §9.1): the exact xl
// command lines of start, stop, restart and status, table-driven, with the
// quirk notes (X-codes, Q-codes still holding) where we decide otherwise.
// Expected lines are written from the spec's command table, not from the code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planRestart, planStart, planStatus, planStop, XL, xlInput, xlSysconfig, xlcfg, xlImageBytes } from './fixture.mjs';
import { formatPlanSh } from '../../dist/src/report/plan-sh.js';

const PLANNERS = { start: planStart, stop: planStop, restart: planRestart, status: planStatus };
const enc = new TextEncoder();
const auto = (...names) => names.map((n) => ({ file: n, text: xlcfg(n) }));
const SAVE = '/var/lib/xen/save';

/**
 * Each row: the verb, the host (xlInput options), the expected command lines
 * (after `/usr/sbin/xl`), the quirks the notes must name (divergences and
 * infos), and optionally the status exit and extra checks.
 */
const SCENARIOS = [
  // ---------------------------------------------------------------- start
  {
    id: 'XS1', title: 'start on an empty host: every AUTO config created in glob order',
    verb: 'start', host: { auto: auto('db', 'web') },
    lines: ['create --quiet --defconfig /etc/xen/auto/db', 'create --quiet --defconfig /etc/xen/auto/web'],
    check: (plan) => {
      assert.equal(plan.steps.map((s) => s.sleepAfterMicros), [5000000, 5000000]);
      assert.is(plan.createLock, true);
      assert.is(plan.toolstack, 'xl');
    },
  },
  {
    id: 'XS2', title: 'start with a good xl image: restored first, its config skipped',
    verb: 'start', host: { auto: auto('db', 'web'), saved: [{ name: 'db', image: 'db' }] },
    // The restore's fallback (if it fails, db is created from its config) comes right after it.
    lines: [`restore ${SAVE}/db`, 'create --quiet --defconfig /etc/xen/auto/db', 'create --quiet --defconfig /etc/xen/auto/web'],
    check: (plan) => {
      assert.is(plan.steps[0].deleteOnSuccess, true);
      assert.equal([plan.steps[1].chain, plan.steps[1].phase], [plan.steps[0].chain, 'create']);
      assert.is(plan.steps[0].domain, 'db');
      assert.ok(plan.notes.some((n) => n.kind === 'skip' && n.domain === 'db'));
    },
  },
  {
    id: 'XS3', title: 'start with a corrupt image (16-byte signature, wrong magic tail): offered to xl restore as the reference does',
    verb: 'start', host: { auto: auto('web'), saved: [{ name: 'db', bytes: xlImageBytes('db', { magic: 'Xen saved domain, xm format\n \0 \r' }) }] },
    lines: [`restore ${SAVE}/db`, 'create --quiet --defconfig /etc/xen/auto/web'],
    quirks: ['X11'],
  },
  {
    id: 'XS4', title: 'start with an xm-era image and a stray file: neither restored',
    verb: 'start', host: { auto: auto('web'), saved: [{ name: 'old', text: 'LinuxGuestRecord\0\0\0\x05(vm)' }, { name: 'notes.txt', text: 'hello' }] },
    lines: ['create --quiet --defconfig /etc/xen/auto/web'],
    quirks: ['X11'],
    check: (plan) => assert.equal(plan.state.saved.map((e) => e.kind), ['not-image', 'not-image']),
  },
  {
    id: 'XS5', title: 'start with a truncated header (Xen saved domain only): restore attempted, kept on failure',
    verb: 'start', host: { saved: [{ name: 'cut', text: 'Xen saved domain' }] },
    lines: [`restore ${SAVE}/cut`],
    quirks: ['X11'],
  },
  {
    id: 'XS6', title: 'start with an empty file in SAVE: not restored',
    verb: 'start', host: { auto: auto('web'), saved: [{ name: 'zero', text: '' }] },
    lines: ['create --quiet --defconfig /etc/xen/auto/web'],
    quirks: ['X11'],
  },
  {
    id: 'XS7', title: 'AUTO with one domain running, one missing: only the missing one created',
    verb: 'start', host: { auto: auto('db', 'web'), domains: [[4, 'db']] },
    lines: ['create --quiet --defconfig /etc/xen/auto/web'],
  },
  {
    id: 'XS8', title: 'a config without name: not created (xl refuses it, X6)',
    verb: 'start', host: { auto: [{ file: 'anon.cfg', text: xlcfg(undefined) }, ...auto('web')] },
    lines: ['create --quiet --defconfig /etc/xen/auto/web'],
    quirks: ['X6'],
  },
  {
    id: 'XS9', title: 'a config whose dry run fails (Python code, X7): name unknown, not created',
    verb: 'start', host: { auto: [{ file: 'py.cfg', text: 'import os\nname = os.uname()[1]\n' }, ...auto('web')] },
    lines: ['create --quiet --defconfig /etc/xen/auto/web'],
    quirks: ['Q22'],
  },
  {
    id: 'XS10', title: 'a running config with a channel device: we skip it; the reference\'s multi-line NM never matches (X5)',
    verb: 'start', host: { auto: [{ file: 'ga', text: xlcfg('ga', "channel = [ 'connection=pty,name=org.qemu.guest_agent.0' ]\n") }], domains: [[3, 'ga', ['org.qemu.guest_agent.0']]] },
    lines: [],
    quirks: ['X5'],
    // The rule that flags the channel's name= (XD4011), not the file-name one (XD4005: ga is ga).
    check: (plan) => assert.ok(plan.notes.some((n) => n.quirk === 'X5' && /XD4011\)$/.test(n.message)), JSON.stringify(plan.notes)),
  },
  {
    id: 'XS11', title: 'a stopped config with a channel device: created, as the reference does',
    verb: 'start', host: { auto: [{ file: 'ga', text: xlcfg('ga', "channel = [ 'connection=pty,name=org.qemu.guest_agent.0' ]\n") }] },
    lines: ['create --quiet --defconfig /etc/xen/auto/ga'],
    noQuirks: true,
  },
  {
    id: 'XS12', title: 'start with the lock present: nothing',
    verb: 'start', host: { auto: auto('web'), lock: true },
    lines: [],
    check: (plan) => assert.equal(plan.outcome, { code: 'already-running', message: 'xendomains already running (lockfile exists)' }),
  },
  {
    id: 'XS13', title: 'a glob character in a name (Q7): the reference\'s pattern web* matches web1 and skips; we create',
    verb: 'start', host: { auto: [{ file: 'star', text: xlcfg('web*') }], domains: [[3, 'web1']] },
    lines: ['create --quiet --defconfig /etc/xen/auto/star'],
    quirks: ['Q7'],
    // xl takes the name: no lint rule flags it (XD3004 is xend's check), so the note cites none.
    check: (plan) => assert.ok(plan.notes.some((n) => n.quirk === 'Q7' && !/XD\d{4}/.test(n.message)), JSON.stringify(plan.notes)),
  },
  {
    id: 'XS14', title: 'names that are prefixes of each other: web1 restored, web created, no confusion',
    verb: 'start', host: { auto: auto('web', 'web1'), saved: [{ name: 'web1', image: 'web1' }] },
    lines: [`restore ${SAVE}/web1`, 'create --quiet --defconfig /etc/xen/auto/web1', 'create --quiet --defconfig /etc/xen/auto/web'],
    noQuirks: true,
  },
  {
    id: 'XS15', title: 'grep -w word boundary (Q6): image web-1 makes the reference skip config web; we create it',
    verb: 'start', host: { auto: auto('web'), saved: [{ name: 'web-1', image: 'web-1' }] },
    lines: [`restore ${SAVE}/web-1`, 'create --quiet --defconfig /etc/xen/auto/web'],
    quirks: ['Q6'],
  },
  {
    id: 'XS16', title: 'RESTORE=false: images stay, configs created',
    verb: 'start', host: { config: xlSysconfig({ XENDOMAINS_RESTORE: 'false' }), auto: auto('db'), saved: [{ name: 'db', image: 'db' }] },
    lines: ['create --quiet --defconfig /etc/xen/auto/db'],
  },
  {
    id: 'XS17', title: 'an image whose stored name differs from its file name: restored under the stored name, that config skipped',
    verb: 'start', host: { auto: auto('db', 'web'), saved: [{ name: 'backup-1', image: 'web' }] },
    lines: [`restore ${SAVE}/backup-1`, 'create --quiet --defconfig /etc/xen/auto/web', 'create --quiet --defconfig /etc/xen/auto/db'],
    check: (plan) => assert.is(plan.steps[0].domain, 'web'),
  },
  // ---------------------------------------------------------------- stop
  {
    id: 'XT1', title: 'stop with the xl sample: save, then `shutdown --wait <id>` (options before the domid), then `shutdown --all --wait`',
    verb: 'stop', host: { auto: auto('db', 'web'), domains: [[3, 'db'], [5, 'web']] },
    lines: [`save 3 ${SAVE}/db`, 'shutdown --wait 3', `save 5 ${SAVE}/web`, 'shutdown --wait 5', 'shutdown --all --wait'],
    noQuirks: true,
    check: (plan) => {
      assert.equal(plan.steps.map((s) => s.timeoutSeconds), [300, 300, 300, 300, 300]);
      assert.is(plan.steps[4].onlyIfDomainsRemain, true);
      assert.is(plan.removeLock, true);
    },
  },
  {
    id: 'XT2', title: 'AUTO_ONLY=true (the xl sample): a domain no AUTO config names is skipped',
    verb: 'stop', host: { auto: auto('web'), domains: [[3, 'scratch'], [5, 'web']] },
    lines: [`save 5 ${SAVE}/web`, 'shutdown --wait 5', 'shutdown --all --wait'],
    check: (plan) => assert.ok(plan.notes.some((n) => n.kind === 'skip' && n.domain === 'scratch')),
  },
  {
    id: 'XT3', title: 'AUTO_ONLY=false: every domU',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_AUTO_ONLY: 'false' }), domains: [[3, 'scratch'], [5, 'web']] },
    lines: [`save 3 ${SAVE}/scratch`, 'shutdown --wait 3', `save 5 ${SAVE}/web`, 'shutdown --wait 5', 'shutdown --all --wait'],
  },
  {
    id: 'XT4', title: 'the xenstore stub domain (xenstore-read answers 1) is never stopped (X9)',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_AUTO_ONLY: 'false' }), domains: [[1, 'Xenstore'], [3, 'web']], xenstoreDomid: 1 },
    lines: [`save 3 ${SAVE}/web`, 'shutdown --wait 3', 'shutdown --all --wait'],
    quirks: ['X9'],
    check: (plan) => {
      assert.is(plan.state.xenstoreDomid, 1);
      assert.match(formatPlanSh(plan), "grep -Evq '^(0|1)$'");
    },
  },
  {
    id: 'XT5', title: 'only the xenstore domain besides Domain-0: nothing to stop, no shutdown-all',
    verb: 'stop', host: { domains: [[1, 'Xenstore']], xenstoreDomid: 1 },
    lines: [],
  },
  {
    id: 'XT6', title: 'migrate first: `migrate <domid> <host>`, then save, then shutdown',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_MIGRATE: '"backup-host"' }), auto: auto('web'), domains: [[4, 'web']] },
    lines: ['migrate 4 backup-host', `save 4 ${SAVE}/web`, 'shutdown --wait 4', 'shutdown --all --wait'],
    noQuirks: true,
  },
  {
    id: 'XT7', title: 'an xm-era MIGRATE (`-l host`): planned as written, X16 noted',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_MIGRATE: '"-l backup-host"' }), auto: auto('web'), domains: [[4, 'web']] },
    lines: ['migrate 4 -l backup-host', `save 4 ${SAVE}/web`, 'shutdown --wait 4', 'shutdown --all --wait'],
    quirks: ['X16'],
  },
  {
    id: 'XT8', title: 'an xm-era SHUTDOWN ("--halt --wait"): planned as written before the domid, X13 noted for both',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_SHUTDOWN: '"--halt --wait"', XENDOMAINS_SHUTDOWN_ALL: '"--all --halt --wait"', XENDOMAINS_SAVE: '""' }), auto: auto('web'), domains: [[4, 'web']] },
    lines: ['shutdown --halt --wait 4', 'shutdown --all --halt --wait'],
    quirks: ['X13'],
    check: (plan) => assert.is(plan.notes.filter((n) => n.quirk === 'X13').length, 2),
  },
  {
    id: 'XT9', title: 'SHUTDOWN_ALL without -a: X13 (xl: "You must specify -a or a domain id.")',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_SHUTDOWN_ALL: '"--wait"' }), auto: auto('web'), domains: [[4, 'web']] },
    lines: [`save 4 ${SAVE}/web`, 'shutdown --wait 4', 'shutdown --wait'],
    quirks: ['X13'],
  },
  {
    id: 'XT10', title: 'SHUTDOWN_ALL empty: no final shutdown',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_SHUTDOWN_ALL: '""' }), auto: auto('web'), domains: [[4, 'web']] },
    lines: [`save 4 ${SAVE}/web`, 'shutdown --wait 4'],
  },
  {
    id: 'XT11', title: 'SysRq keys: `sysrq <domid> <key>` with USLEEP after each, then the chain',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_SYSRQ: '"s u"', XENDOMAINS_SAVE: '""' }), auto: auto('web'), domains: [[4, 'web']] },
    lines: ['sysrq 4 s', 'sysrq 4 u', 'shutdown --wait 4', 'shutdown --all --wait'],
    check: (plan) => assert.equal(plan.steps.slice(0, 2).map((s) => [s.sleepAfterMicros, s.sleepWhen]), [[100000, 'always'], [100000, 'always']]),
  },
  {
    id: 'XT12', title: 'nested names in `xl list -l` (a channel): one chain; the reference re-runs its body under the device name (X5)',
    verb: 'stop', host: { auto: auto('ga'), domains: [[3, 'ga', ['org.qemu.guest_agent.0']]] },
    lines: [`save 3 ${SAVE}/ga`, 'shutdown --wait 3', 'shutdown --all --wait'],
    quirks: ['X5'],
  },
  {
    id: 'XT13', title: 'a name with a blank: saved to one path word (the reference splits it, X17)',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_AUTO_ONLY: 'false' }), domains: [[3, 'my vm']] },
    lines: [`save 3 ${SAVE}/my vm`, 'shutdown --wait 3', 'shutdown --all --wait'],
    quirks: ['X17'],
    check: (plan) => assert.equal(plan.steps[0].argv, [XL, 'save', '3', `${SAVE}/my vm`]),
  },
  {
    id: 'XT14', title: 'STOP_MAXWAIT empty: no watchdog, worst case unbounded',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_STOP_MAXWAIT: '""' }), auto: auto('web'), domains: [[4, 'web']] },
    lines: [`save 4 ${SAVE}/web`, 'shutdown --wait 4', 'shutdown --all --wait'],
    check: (plan) => {
      assert.equal(plan.steps.map((s) => s.timeoutSeconds), [null, null, null]);
      assert.is(plan.worstCaseSeconds, null);
    },
  },
  {
    id: 'XT15', title: 'domid order, not name order (X8): the listing order is kept',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_AUTO_ONLY: 'false', XENDOMAINS_SAVE: '""' }), domains: [[3, 'zulu'], [7, 'alpha']] },
    lines: ['shutdown --wait 3', 'shutdown --wait 7', 'shutdown --all --wait'],
  },
  {
    id: 'XT16', title: 'parallel stop: lanes as on xm hosts',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_AUTO_ONLY: 'false', XENDOMAINS_SAVE: '""', XENDOMAINS_STOP_PARALLEL: '2' }), domains: [[3, 'a'], [4, 'b'], [5, 'c']] },
    lines: ['shutdown --wait 3', 'shutdown --wait 4', 'shutdown --wait 5', 'shutdown --all --wait'],
    check: (plan) => {
      assert.is(plan.lanes, 2);
      assert.equal(plan.steps.map((s) => s.lane), [1, 2, 1, null]);
    },
  },
  {
    id: 'XT17', title: 'AUTO_ONLY with a config without name: the reference\'s NAMES has an empty alternative (Q9) and filters nothing; we filter by the known names',
    verb: 'stop', host: { auto: [...auto('a'), { file: 'b', text: xlcfg(undefined) }], domains: [[3, 'a'], [4, 'c']] },
    lines: [`save 3 ${SAVE}/a`, 'shutdown --wait 3', 'shutdown --all --wait'],
    quirks: ['Q9'],
  },
  {
    id: 'XT18', title: 'AUTO_ONLY with a channel config: NAMES holds a newline (X5), the reference filters nothing',
    verb: 'stop', host: { auto: [{ file: 'ga', text: xlcfg('ga', "channel = [ 'connection=pty,name=org.qemu.guest_agent.0' ]\n") }], domains: [[3, 'ga'], [4, 'other']] },
    lines: [`save 3 ${SAVE}/ga`, 'shutdown --wait 3', 'shutdown --all --wait'],
    quirks: ['Q9'],
  },
  {
    id: 'XT19', title: 'short options clustered (-wF) are xl options: no X13',
    verb: 'stop', host: { config: xlSysconfig({ XENDOMAINS_SHUTDOWN: '"-wF"', XENDOMAINS_SHUTDOWN_ALL: '"-awF"', XENDOMAINS_SAVE: '""' }), auto: auto('web'), domains: [[4, 'web']] },
    lines: ['shutdown -wF 4', 'shutdown -awF'],
    noQuirks: true,
  },
  // ---------------------------------------------------------------- restart
  {
    id: 'XR1', title: 'restart: save and shut down, then restore the new images and skip their configs',
    verb: 'restart', host: { auto: auto('db', 'web'), domains: [[3, 'db'], [5, 'web']], lock: true },
    lines: [`save 3 ${SAVE}/db`, 'shutdown --wait 3', `save 5 ${SAVE}/web`, 'shutdown --wait 5', 'shutdown --all --wait', `restore ${SAVE}/db`, 'create --quiet --defconfig /etc/xen/auto/db', `restore ${SAVE}/web`, 'create --quiet --defconfig /etc/xen/auto/web'],
    check: (plan) => assert.equal(plan.steps.map((s) => s.part), ['stop', 'stop', 'stop', 'stop', 'stop', 'start', 'start', 'start', 'start']),
  },
  // ---------------------------------------------------------------- status
  {
    id: 'XU1', title: 'status without the lock: 3',
    verb: 'status', host: { auto: auto('web'), domains: [[3, 'web']] },
    lines: [], exit: 3,
  },
  {
    id: 'XU2', title: 'status with every AUTO domain up and SAVE empty: 0',
    verb: 'status', host: { auto: auto('db', 'web'), domains: [[3, 'db'], [4, 'web']], lock: true },
    lines: [], exit: 0,
  },
  {
    id: 'XU3', title: 'status with a domain missing and an image in SAVE: 1',
    verb: 'status', host: { auto: auto('db', 'web'), domains: [[3, 'db']], saved: [{ name: 'web', image: 'web' }], lock: true },
    lines: [], exit: 1,
    check: (plan) => {
      assert.equal(plan.status.missing, ['web']);
      assert.equal(plan.status.saved, ['web']);
    },
  },
  {
    id: 'XU4', title: 'status with a running channel config: running for us, missing for the reference (X5)',
    verb: 'status', host: { auto: [{ file: 'ga', text: xlcfg('ga', "channel = [ 'connection=pty,name=org.qemu.guest_agent.0' ]\n") }], domains: [[3, 'ga']], lock: true },
    lines: [], exit: 0, quirks: ['X5'],
  },
  {
    id: 'XU5', title: 'status with a config without name: counted as missing (X6)',
    verb: 'status', host: { auto: [{ file: 'anon', text: xlcfg(undefined) }], lock: true },
    lines: [], exit: 1, quirks: ['X6'],
    check: (plan) => assert.equal(plan.status.missing, ['anon']),
  },
];

for (const s of SCENARIOS) {
  test(`${s.id} ${s.title}`, () => {
    const plan = PLANNERS[s.verb](xlInput(s.host));
    assert.equal(plan.steps.map((step) => step.argv), s.lines.map((l) => [XL, ...splitLine(l)]));
    const named = new Set(plan.notes.map((n) => n.quirk).filter(Boolean));
    for (const q of s.quirks ?? []) assert.ok(named.has(q), `a note names ${q}; notes: ${JSON.stringify(plan.notes)}`);
    if (s.noQuirks) assert.equal(plan.notes.filter((n) => n.kind === 'divergence'), [], 'no divergence');
    if (s.exit !== undefined) assert.is(plan.statusExit, s.exit);
    for (const step of plan.steps) assert.is(step.argv[0], XL);
    s.check?.(plan);
  });
}

/** Command lines split on spaces, except a `SAVE/…` path, which is one word (names may hold blanks). */
function splitLine(line) {
  const at = line.indexOf(`${SAVE}/`);
  if (at < 0) return line.split(' ');
  return [...line.slice(0, at).trim().split(' '), line.slice(at)];
}

test('xl scenarios: at least 30', () => {
  assert.ok(SCENARIOS.length >= 30, String(SCENARIOS.length));
});

test('an xl plan compiled to sh uses xl and the xl domains-remain test', () => {
  const plan = planStop(xlInput({ auto: auto('web'), domains: [[4, 'web']] }));
  const sh = formatPlanSh(plan);
  assert.match(sh, 'toolstack xl');
  assert.match(sh, `'${XL}' 'shutdown' '--wait' '4'`);
  assert.match(sh, `'${XL}' list -l`);
  assert.match(sh, "grep -Evq '^(0)$'");
});

test('xl image bytes: the stored name is read from the JSON config; a big-endian image too', () => {
  const head = xlImageBytes('db');
  const plan = planStart(xlInput({ saved: [{ name: 'x', bytes: head }] }));
  assert.equal(plan.state.saved, [{ name: 'x', kind: 'image', imageName: 'db' }]);
  const be = xlImageBytes('be');
  const v = new DataView(be.buffer);
  for (const off of [32, 36, 44, 48]) v.setUint32(off, v.getUint32(off, true), false);
  const plan2 = planStart(xlInput({ saved: [{ name: 'y', bytes: be }] }));
  assert.equal(plan2.state.saved, [{ name: 'y', kind: 'image', imageName: 'be' }]);
  assert.ok(!plan2.notes.some((n) => n.quirk === 'X11'));
  void enc;
});

test.run();

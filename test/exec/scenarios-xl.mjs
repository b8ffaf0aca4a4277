// The xl end-to-end scenarios as data (Xen 4.5+ hosts, the xl simulator): each
// row is a host for scenarioHost (toolstack xl added), the verb, and what the run
// must leave. e2e-xl asserts each row's exact outcome for the CLI; sh-vs-apply runs
// every one through `plan --format sh` and `apply`; init-script-diff holds the
// compiled init script to the CLI's outcome on the same hosts. Not a test file.
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { departed, simState } from './sim-scenario.mjs';

const image = (id, name) => ({ image: { id, name } });
const web = { id: 3, name: 'web', memory: 512 };
const db = { id: 4, name: 'db', memory: 1024 };
const mail = { id: 5, name: 'mail' };
const xenstore = { id: 1, name: 'Xenstore', xenstore: true };
const L = ['list', '-l'];
const PARTIAL = /^web\.partial-\d{8}T\d{6}Z$/;

/**
 * id, title, verb, setup (scenarioHost options; toolstack xl added), expected:
 *  calls(h): the call log; running: domains left (Domain-0 and the xenstore domain aside);
 *  save: the save directory (saveDir) or a check; lock: whether the lock exists after; exit;
 *  check({h, r, printed}): more; unordered: parallel lanes (calls compared as a set).
 */
export const XL_SCENARIOS = [
  // ---------------------------------------------------------------- start
  {
    id: 'XE1', title: 'boot with good xl images: restored and deleted, AUTO creates the rest',
    verb: 'start', setup: { save: { db: image(4, 'db'), web: image(3, 'web') }, auto: { 'web.cfg': 'web', 'mail.cfg': 'mail' } },
    calls: (h) => [L, ['restore', `${h.saveDir}/db`], ['restore', `${h.saveDir}/web`], ['create', '--quiet', '--defconfig', `${h.autoDir}/mail.cfg`]],
    running: ['db', 'mail', 'web'], save: {}, lock: true, exit: 0,
  },
  {
    id: 'XE2', title: 'a cut-off image (a failed save, X12): xl restore fails, the file stays, a domid is used up',
    verb: 'start', setup: { save: { web: { ...image(3, 'web'), truncate: 30000 }, db: image(4, 'db') }, auto: { 'web.cfg': 'web' } },
    // The failed restore's fallback (issue #11): the image is set aside whole, web is created from its config.
    calls: (h) => [L, ['restore', `${h.saveDir}/db`], ['restore', `${h.saveDir}/web`], ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]],
    running: ['db', 'web'], save: (dir) => assert.equal(Object.keys(dir), ['partial@xendomains'], 'the image is set aside whole in the quarantine folder'), lock: true, exit: 1,
    check: ({ h }) => assert.equal(simState(h).wastedIds?.length, 1),
  },
  {
    id: 'XE3', title: 'a file with only the 16-byte signature (X11): offered to xl restore, refused, kept',
    verb: 'start', setup: { save: { odd: `Xen saved domain, but not really: xm format\n${'x'.repeat(40)}` } },
    calls: (h) => [L, ['restore', `${h.saveDir}/odd`]],
    running: [], save: { odd: 84 }, lock: true, exit: 1,
    check: ({ r }) => assert.match(r.stdout + r.stderr, 'wrong magic number'),
  },
  {
    id: 'XE4', title: 'an xm-era image, a stray file, a directory and an empty file: none offered to restore',
    verb: 'start', setup: { save: { old: 'LinuxGuestRecord\0\0\0\x05(vm)', 'notes.txt': 'x', 'lost+found': 'dir', empty: '' }, auto: { 'web.cfg': 'web' } },
    calls: (h) => [L, ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]],
    running: ['web'], save: { empty: 0, 'lost+found': [], 'notes.txt': 1, old: 24 }, lock: true, exit: 0,
  },
  {
    id: 'XE5', title: 'AUTO with one domain running and one missing: only the missing one is created',
    verb: 'start', setup: { domains: [web], auto: { 'web.cfg': 'web', 'db.cfg': 'db' } },
    calls: (h) => [L, ['create', '--quiet', '--defconfig', `${h.autoDir}/db.cfg`]],
    running: ['db', 'web'], lock: true, exit: 0,
  },
  {
    id: 'XE6', title: 'a create that fails: the next config is still created, exit 1',
    verb: 'start', setup: { auto: { 'bad.cfg': 'bad', 'good.cfg': 'good' }, faults: { bad: { create: { fail: 'libxl: error: device model did not start' } } } },
    calls: (h) => [L, ['create', '--quiet', '--defconfig', `${h.autoDir}/bad.cfg`], ['create', '--quiet', '--defconfig', `${h.autoDir}/good.cfg`]],
    running: ['good'], lock: true, exit: 1,
  },
  {
    id: 'XE7', title: 'a config without name (X6): not created, the others are',
    verb: 'start', setup: { auto: { 'anon.cfg': 'memory = 256\nkernel = "/boot/vmlinuz"\n', 'web.cfg': 'web' } },
    calls: (h) => [L, ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]],
    running: ['web'], lock: true, exit: 0,
  },
  {
    id: 'XE8', title: 'a Python config xl cannot parse (X7): not created (xl would refuse it), the others are',
    verb: 'start', setup: { auto: { 'py.cfg': 'import os\nname = os.uname()[1]\nmemory = 256\n', 'web.cfg': 'web' } },
    calls: (h) => [L, ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]],
    running: ['web'], lock: true, exit: 0,
    check: ({ printed }) => assert.ok(printed.notes.some((n) => n.quirk === 'Q22' && /xl cannot read/.test(n.message))),
  },
  {
    id: 'XE9', title: 'start with the lock held: nothing',
    verb: 'start', setup: { auto: { 'web.cfg': 'web' }, lock: '' },
    calls: () => [L],
    running: [], lock: true, exit: 0,
  },
  {
    id: 'XE10', title: 'an image of a domain already running: xl restore fails (name in use), the image stays',
    verb: 'start', setup: { domains: [web], save: { web: image(3, 'web') } },
    calls: (h) => [L, ['restore', `${h.saveDir}/web`]],
    running: ['web'], lock: true, exit: 1,
    check: ({ h }) => assert.ok(existsSync(`${h.saveDir}/web`)),
  },
  {
    id: 'XE11', title: 'a running config with a channel device (X5): not created again',
    verb: 'start', setup: { domains: [{ id: 3, name: 'ga', channels: ['org.qemu.guest_agent.0'] }], auto: { 'ga.cfg': 'name = "ga"\nmemory = 256\nchannel = [ "connection=pty,name=org.qemu.guest_agent.0" ]\n' } },
    calls: () => [L],
    running: ['ga'], lock: true, exit: 0,
  },
  {
    id: 'XE12', title: 'an image stored under another file name: restored under the stored name, that config skipped',
    verb: 'start', setup: { save: { 'backup-1': image(3, 'web') }, auto: { 'web.cfg': 'web', 'db.cfg': 'db' } },
    calls: (h) => [L, ['restore', `${h.saveDir}/backup-1`], ['create', '--quiet', '--defconfig', `${h.autoDir}/db.cfg`]],
    running: ['db', 'web'], save: {}, lock: true, exit: 0,
  },
  // ---------------------------------------------------------------- stop
  {
    id: 'XE13', title: 'stop with SAVE: saved in domid order, shutdown-all skipped, lock removed',
    verb: 'stop', setup: { domains: [web, db], lock: '' },
    calls: (h) => [L, ['save', '3', `${h.saveDir}/web`], ['save', '4', `${h.saveDir}/db`], L],
    running: [], lock: false, exit: 0,
    check: ({ h }) => {
      assert.equal(departed(h), { web: 'save', db: 'save' });
      assert.is(readFileSync(`${h.saveDir}/web`).subarray(0, 32).toString('latin1'), 'Xen saved domain, xl format\n \0 \r');
    },
  },
  {
    id: 'XE14', title: 'SysRq keys then `shutdown --wait <id>` (options before the domid)',
    verb: 'stop', setup: { domains: [web, db], sysconfig: { XENDOMAINS_SYSRQ: 's u', XENDOMAINS_SAVE: '' } },
    calls: () => [L, ['sysrq', '3', 's'], ['sysrq', '3', 'u'], ['shutdown', '--wait', '3'], ['sysrq', '4', 's'], ['sysrq', '4', 'u'], ['shutdown', '--wait', '4'], L],
    running: [], lock: false, exit: 0,
  },
  {
    id: 'XE15', title: 'migrate refused: falls through to save',
    verb: 'stop', setup: { domains: [web, db], refuseHosts: ['peer'], sysconfig: { XENDOMAINS_MIGRATE: 'peer' } },
    calls: (h) => [L, ['migrate', '3', 'peer'], ['save', '3', `${h.saveDir}/web`], ['migrate', '4', 'peer'], ['save', '4', `${h.saveDir}/db`], L],
    running: [], lock: false, exit: 0,
  },
  {
    id: 'XE16', title: 'migrate succeeds: the domain leaves, nothing saved',
    verb: 'stop', setup: { domains: [web], sysconfig: { XENDOMAINS_MIGRATE: 'other-host' } },
    calls: () => [L, ['migrate', '3', 'other-host'], L],
    running: [], save: {}, lock: false, exit: 0,
    check: ({ h }) => assert.equal(departed(h), { web: 'migrate' }),
  },
  {
    id: 'XE17', title: 'a failing save: its partial image is quarantined, shutdown follows',
    verb: 'stop', setup: { domains: [web, db], faults: { web: { save: { fail: 'Failed to suspend domain', delayMs: 50 } } } },
    // After a failed save the domain list is read again: is the domain still there to shut down?
    calls: (h) => [L, ['save', '3', `${h.saveDir}/web`], L, ['shutdown', '--wait', '3'], ['save', '4', `${h.saveDir}/db`], L],
    running: [], lock: false, exit: 0,
    save: (dir) => {
      assert.equal(Object.keys(dir), ['db', 'partial@xendomains']);
      assert.match(dir['partial@xendomains'][0], PARTIAL);
    },
  },
  {
    id: 'XE18', title: 'a hanging save past STOP_MAXWAIT: killed, quarantined, shutdown follows',
    verb: 'stop', setup: { domains: [web], faults: { web: { save: { hang: true } } }, sysconfig: { XENDOMAINS_STOP_MAXWAIT: '1' } },
    calls: (h) => [L, ['save', '3', `${h.saveDir}/web`], L, ['shutdown', '--wait', '3'], L],
    running: [], lock: false, exit: 0,
    save: (dir) => assert.match(dir['partial@xendomains'][0], PARTIAL),
  },
  {
    id: 'XE19', title: 'a hanging shutdown past STOP_MAXWAIT: killed; SHUTDOWN_ALL hangs on it too (X14); exit 1',
    verb: 'stop', setup: { domains: [web, db], faults: { web: { shutdown: { hang: true } } }, sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_STOP_MAXWAIT: '1' } },
    calls: () => [L, ['shutdown', '--wait', '3'], ['shutdown', '--wait', '4'], L, ['shutdown', '--all', '--wait'], L],
    running: ['web'], lock: false, exit: 1,
  },
  {
    id: 'XE20', title: 'AUTO_ONLY: only domains AUTO names',
    verb: 'stop', setup: { domains: [web, db, mail], auto: { 'web.cfg': 'web', 'mail.cfg': 'mail' }, sysconfig: { XENDOMAINS_AUTO_ONLY: 'true', XENDOMAINS_SHUTDOWN_ALL: '' } },
    calls: (h) => [L, ['save', '3', `${h.saveDir}/web`], ['save', '5', `${h.saveDir}/mail`]],
    running: ['db'], lock: false, exit: 0,
  },
  {
    id: 'XE21', title: 'only SHUTDOWN_ALL: `shutdown --all --wait` after the listing says domUs remain',
    verb: 'stop', setup: { domains: [web, db], sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN: '' } },
    calls: () => [L, L, ['shutdown', '--all', '--wait']],
    running: [], lock: false, exit: 0,
  },
  {
    id: 'XE22', title: 'the xenstore stub domain is never stopped; shutdown-all skipped when only it is left (X9)',
    verb: 'stop', setup: { domains: [xenstore, web], sysconfig: { XENDOMAINS_AUTO_ONLY: 'false' } },
    calls: (h) => [L, ['save', '3', `${h.saveDir}/web`], L],
    running: [], lock: false, exit: 0,
    check: ({ h }) => assert.ok(simState(h).domains.some((d) => d.name === 'Xenstore')),
  },
  {
    id: 'XE23', title: 'SHUTDOWN_ALL with the xenstore domain: xl shutdown --all leaves it running',
    verb: 'stop', setup: { domains: [xenstore, web, db], sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN: '' } },
    calls: () => [L, L, ['shutdown', '--all', '--wait']],
    running: [], lock: false, exit: 0,
    check: ({ h }) => assert.ok(simState(h).domains.some((d) => d.name === 'Xenstore')),
  },
  {
    id: 'XE24', title: 'an xm-era SHUTDOWN ("--halt --wait", X13): every xl shutdown fails with exit 2; exit 1',
    verb: 'stop', setup: { domains: [web], sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN: '--halt --wait', XENDOMAINS_SHUTDOWN_ALL: '--all --halt --wait' } },
    calls: () => [L, ['shutdown', '--halt', '--wait', '3'], L, ['shutdown', '--all', '--halt', '--wait'], L],
    running: ['web'], lock: false, exit: 1,
  },
  {
    id: 'XE25', title: 'a domain with a channel in `xl list -l` (X5): stopped once',
    verb: 'stop', setup: { domains: [{ id: 3, name: 'ga', channels: ['org.qemu.guest_agent.0'] }] },
    calls: (h) => [L, ['save', '3', `${h.saveDir}/ga`], L],
    running: [], lock: false, exit: 0,
  },
  {
    id: 'XE26', title: 'a name with a blank (X17): one save path word',
    verb: 'stop', setup: { domains: [{ id: 3, name: 'my vm' }] },
    calls: (h) => [L, ['save', '3', `${h.saveDir}/my vm`], L],
    running: [], save: (dir) => assert.equal(Object.keys(dir), ['my vm']), lock: false, exit: 0,
  },
  {
    id: 'XE27', title: 'names that are prefixes of each other with AUTO_ONLY: web1 only',
    verb: 'stop', setup: { domains: [web, { id: 4, name: 'web1' }], auto: { 'web1.cfg': 'web1' }, sysconfig: { XENDOMAINS_AUTO_ONLY: 'true', XENDOMAINS_SHUTDOWN_ALL: '' } },
    calls: (h) => [L, ['save', '4', `${h.saveDir}/web1`]],
    running: ['web'], lock: false, exit: 0,
  },
  {
    id: 'XE28', title: 'an HVM guest without PV drivers and no -F (X15): shutdown and shutdown-all fail; exit 1',
    verb: 'stop', setup: { domains: [{ id: 3, name: 'win', type: 'hvm', pvDrivers: false }], sysconfig: { XENDOMAINS_SAVE: '' } },
    calls: () => [L, ['shutdown', '--wait', '3'], L, ['shutdown', '--all', '--wait'], L],
    running: ['win'], lock: false, exit: 1,
  },
  {
    id: 'XE29', title: 'with -F the same guest goes down',
    verb: 'stop', setup: { domains: [{ id: 3, name: 'win', type: 'hvm', pvDrivers: false }], sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN: '-F --wait' } },
    calls: () => [L, ['shutdown', '-F', '--wait', '3'], L],
    running: [], lock: false, exit: 0,
  },
  {
    id: 'XE30', title: 'SAVE not writable: xl save fails ("Failed to open temp file"), shutdown follows',
    verb: 'stop', setup: { domains: [web], sysconfig: (h) => ({ XENDOMAINS_SAVE: `${h.blocker}/save` }) },
    calls: (h) => [L, ['shutdown', '--wait', '3'], L],
    running: [], lock: false, exit: 0,
  },
  {
    id: 'XE31', title: 'parallel stop (STOP_PARALLEL=2): every domain shut down',
    verb: 'stop', setup: { domains: [web, db, mail], sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_STOP_PARALLEL: '2' } },
    unordered: true,
    calls: () => [L, ['shutdown', '--wait', '3'], ['shutdown', '--wait', '4'], ['shutdown', '--wait', '5'], L],
    running: [], lock: false, exit: 0,
  },
  // ---------------------------------------------------------------- status
  {
    id: 'XE32', title: 'status without the lock: 3',
    verb: 'status', setup: { domains: [web], auto: { 'web.cfg': 'web' } },
    calls: () => [L], running: ['web'], lock: false, exit: 3,
  },
  {
    id: 'XE33', title: 'status with every AUTO domain up: 0',
    verb: 'status', setup: { domains: [web, db], auto: { 'web.cfg': 'web', 'db.cfg': 'db' }, lock: '' },
    calls: () => [L], running: ['db', 'web'], lock: true, exit: 0,
  },
  {
    id: 'XE34', title: 'status with a domain missing and an image in SAVE: 1',
    verb: 'status', setup: { domains: [web], auto: { 'web.cfg': 'web', 'db.cfg': 'db' }, save: { db: image(4, 'db') }, lock: '' },
    calls: () => [L], running: ['web'], lock: true, exit: 1,
  },
];

// The xl simulator (test/sim/xl, contrib/xl-simulator.md): `xl list -l` in
// yajl's layout that our state parser and the xl script's line patterns read,
// create with xl's name rules (required, duplicates use up a domid), save images
// the planner recognises, restore's refusals, shutdown's option set and `-a`
// order, sysrq, migrate, xenstore-read; and the daemon gives the same results.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { parseStateAuto } from '../../dist/src/plan/state.js';
import { scanSaveDir, xlSaveImage } from '../../dist/src/model/host-state.js';
import { startDaemon } from './sim-daemon.mjs';
import { cleanupHosts, DOM0, readLog, readState, simHost, xm } from './sim-helpers.mjs';

const XL = fileURLToPath(new URL('./xl', import.meta.url));
const XENSTORE_READ = fileURLToPath(new URL('./xenstore-read', import.meta.url));
const xl = (h, args, options = {}) => xm(h, args, { xm: XL, ...options });
const daemon = await startDaemon({ workers: 2 });
test.after(async () => {
  cleanupHosts();
  await daemon.stop();
});

const XS = { id: 1, name: 'Xenstore', xenstore: true };
const GA = { id: 3, name: 'ga', memory: 512, channels: ['org.qemu.guest_agent.0'] };

test('xl list -l: yajl layout, domid order, config-less domains left out; our parser reads it, nested names included', () => {
  const h = simHost({ domains: [DOM0, { id: 7, name: 'zed' }, GA, XS, { id: 9, name: 'ghost', noConfig: true }] });
  const r = xl(h, ['list', '-l']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('[\n    {\n        "domid": 0,\n'));
  assert.ok(r.stdout.endsWith(']\n\n'), 'yajl newline plus puts');
  assert.match(r.stdout, '                "name": "ga",\n                "domid": 4294967295,');
  assert.match(r.stdout, '                "name": "Domain-0"\n', 'no comma after Domain-0\'s name');
  const state = parseStateAuto(r.stdout, 'xl list -l');
  assert.equal(state.problems, []);
  assert.equal(state.domains.map((d) => [d.id, d.name]), [[0, 'Domain-0'], [1, 'Xenstore'], [3, 'ga'], [7, 'zed']]);
  assert.equal(state.domains[2].nestedNames, ['org.qemu.guest_agent.0']);
  // The xl script's grep keeps the element `{` at 4 spaces and the element domid at 8 (§4.5).
  const kept = r.stdout.split('\n').filter((l) => l === '    {' || /^ {8}"domid":/.test(l));
  assert.equal(kept.filter((l) => l !== '    {'), ['        "domid": 0,', '        "domid": 1,', '        "domid": 3,', '        "domid": 7,']);
});

test('create: name required (exit 1), a duplicate uses up a domid (exit 3), the dry run prints JSON without domid', () => {
  const h = simHost({ domains: [DOM0], nextId: 5 });
  writeFileSync(join(h.dir, 'web.cfg'), 'name = "web"\nmemory = 256\nchannel = [ "connection=pty,name=org.qemu.guest_agent.0" ]\n');
  writeFileSync(join(h.dir, 'anon.cfg'), 'memory = 256\n');
  mkdirSync(join(h.dir, 'dir.cfg'));
  assert.is(xl(h, ['create', '--quiet', '--defconfig', 'web.cfg']).code, 0);
  const dup = xl(h, ['create', '--quiet', '--defconfig', 'web.cfg']);
  assert.is(dup.code, 3);
  assert.match(dup.stderr, 'Domain with name "web" already exists.');
  const anon = xl(h, ['create', '--quiet', '--defconfig', 'anon.cfg']);
  assert.equal([anon.code, anon.stderr], [1, 'Domain name must be specified.\n']);
  const dir = xl(h, ['create', '--quiet', '--defconfig', 'dir.cfg']);
  assert.equal([dir.code, dir.stderr], [3, 'Failed to read config file: dir.cfg: Inappropriate ioctl for device\n']);
  const dry = xl(h, ['create', '--quiet', '--dryrun', '--defconfig', 'web.cfg']);
  assert.is(dry.code, 0);
  assert.match(dry.stdout, '        "name": "web",\n');
  assert.not.match(dry.stdout, '"domid"');
  const s = readState(h);
  assert.equal(s.domains.map((d) => [d.id, d.name]), [[0, 'Domain-0'], [5, 'web']]);
  assert.equal(s.wastedIds, [6]);
  assert.equal(s.domains[1].channels, ['org.qemu.guest_agent.0']);
});

test('save writes an xl image the planner reads back; restore brings the domain back under the stored name', () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web', memory: 512 }], nextId: 10 });
  mkdirSync(join(h.dir, 'save'));
  const saved = xl(h, ['save', '3', 'save/image-1']);
  assert.is(saved.code, 0, saved.stderr);
  assert.match(saved.stderr, /^Saving to save\/image-1 new xl format \(info 0x3\/0x0\/\d+\)\n$/);
  const head = readFileSync(join(h.dir, 'save/image-1'));
  assert.equal(scanSaveDir([{ name: 'image-1', type: 'file', head, size: head.length }], xlSaveImage), [{ name: 'image-1', kind: 'image', imageName: 'web' }]);
  assert.equal(readState(h).domains.map((d) => d.name), ['Domain-0']);
  const restored = xl(h, ['restore', 'save/image-1']);
  assert.is(restored.code, 0, restored.stderr);
  assert.equal(readState(h).domains.map((d) => [d.id, d.name, d.memory]), [[0, 'Domain-0', 1024], [10, 'web', 512]]);
  const again = xl(h, ['restore', 'save/image-1']);
  assert.is(again.code, 1);
  assert.match(again.stderr, 'already exists');
});

test('save failures: no such domain, an unwritable directory, a suspend failure leaving a partial image (X12)', () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web' }], faults: { web: { save: { fail: 'suspend failed' } } } });
  assert.equal(xl(h, ['save', '8', 'x']).stderr, 'unable to retrieve domain configuration\n');
  assert.equal(xl(h, ['save', '3', 'missing/x']).stderr, 'Failed to open temp file missing/x for writing\n');
  const r = xl(h, ['save', '3', 'web.img']);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'Failed to save domain, resuming domain');
  const head = readFileSync(join(h.dir, 'web.img'));
  assert.ok(head.length > 52 && head.length < 65536, 'a header, the config and a cut-off stream');
  assert.equal(readState(h).domains.map((d) => d.name), ['Domain-0', 'web'], 'resumed');
  const restore = xl(h, ['restore', 'web.img']);
  assert.is(restore.code, 1, 'a cut-off stream fails to restore');
});

test('save hang with xendFinishes during-shutdown: after the kill, the next shutdown sees xend write the rest and the domain go', async () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web' }], faults: { web: { save: { hang: true, xendFinishes: 'during-shutdown' } } } });
  const child = spawn(XL, ['save', '3', 'web.img'], { cwd: h.dir, env: { ...process.env, ...h.env }, stdio: 'ignore' });
  const gone = new Promise((resolve) => child.on('close', (code, signal) => resolve(signal)));
  for (let i = 0; i < 3000 && !readLog(h).some((l) => l.event === 'hang'); i++) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGTERM');
  assert.is(await gone, 'SIGTERM');
  const moved = join(h.dir, 'web.partial');
  renameSync(join(h.dir, 'web.img'), moved);
  const cut = statSync(moved).size;
  assert.equal(readState(h).domains.map((d) => d.name), ['Domain-0', 'web'], 'listed after the kill');
  const r = xl(h, ['shutdown', '--wait', '3']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(statSync(moved).size > cut, 'the image grew where it was moved');
  assert.equal(readState(h).departed.map((d) => [d.name, d.how]), [['web', 'save']]);
  assert.is(xl(h, ['restore', moved]).code, 0, 'a complete image: it restores');
});

test('restore refusals: short file, wrong magic, xm image', () => {
  const h = simHost();
  writeFileSync(join(h.dir, 'short'), 'Xen saved domain');
  writeFileSync(join(h.dir, 'magic'), `Xen saved domain, xm format\n \0 \r${'\0'.repeat(40)}`);
  writeFileSync(join(h.dir, 'xm'), `LinuxGuestRecord${'\0'.repeat(60)}`);
  assert.match(xl(h, ['restore', 'short']).stderr, 'truncated');
  assert.equal(xl(h, ['restore', 'magic']).stderr, 'File has wrong magic number - corrupt or for a different tool?\n');
  assert.is(xl(h, ['restore', 'xm']).code, 1);
  assert.is(xl(h, ['restore']).code, 2);
});

test('shutdown: options before or after the domid, xm options refused (X13), -a in domid order skipping the xenstore domain, first failure ends it (X14)', () => {
  const h = simHost({ domains: [DOM0, XS, { id: 4, name: 'b' }, { id: 3, name: 'a' }, { id: 6, name: 'c' }], faults: { b: { shutdown: { fail: 'refused' } } } });
  assert.equal(xl(h, ['shutdown', '--halt', '3']).code, 2);
  assert.equal(xl(h, ['shutdown', '--wait']).stderr, 'You must specify -a or a domain id.\n\n');
  const all = xl(h, ['shutdown', '--all', '--wait']);
  assert.is(all.code, 1);
  assert.equal(all.stderr.split('\n').filter((l) => l.startsWith('Shutting down')), ['Shutting down domain 3', 'Shutting down domain 4']);
  const names = () => readState(h).domains.filter((d) => !(d.goneAt <= Date.now())).map((d) => d.name);
  assert.equal(names(), ['Domain-0', 'Xenstore', 'b', 'c'], 'a went down, b refused, c never asked');
  const one = xl(h, ['shutdown', '6', '-w']);
  assert.equal([one.code, one.stderr], [0, 'Shutting down domain 6\nWaiting for 1 domains\nDomain 6 has been shut down, reason code 0\n']);
});

test('sysrq: one key always succeeds (X22), a word fails; migrate: xm options refused (X16), refused hosts fail, success leaves', () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web' }, { id: 4, name: 'db' }], refuseHosts: ['down'] });
  assert.is(xl(h, ['sysrq', '99', 's']).code, 0);
  assert.equal(xl(h, ['sysrq', '3', 'ss']).stderr, 'Invalid sysrq.\n\n');
  assert.equal(readState(h).domains[1].sysrq, undefined);
  assert.is(xl(h, ['sysrq', '3', 'u']).code, 0);
  assert.equal(readState(h).domains[1].sysrq, ['u']);
  assert.equal(xl(h, ['migrate', '-l', '3', 'peer']).stderr, "option `l' not supported.\n");
  assert.is(xl(h, ['migrate', '3', 'down']).code, 1);
  const ok = xl(h, ['migrate', '--live', '4', 'peer']);
  assert.is(ok.code, 0, ok.stderr);
  assert.equal(readState(h).departed.map((d) => [d.name, d.how, d.host]), [['db', 'migrate', 'peer']]);
});

test('xenstore-read answers the xenstore domain\'s id, and fails like the real one without it', () => {
  const h = simHost({ domains: [DOM0, XS] });
  const r = spawnSync(XENSTORE_READ, ['/tool/xenstored/domid'], { env: { ...process.env, ...h.env }, encoding: 'utf8' });
  assert.equal([r.status, r.stdout], [0, '1\n']);
  const none = simHost({ domains: [DOM0] });
  const f = spawnSync(XENSTORE_READ, ['/tool/xenstored/domid'], { env: { ...process.env, ...none.env }, encoding: 'utf8' });
  assert.equal([f.status, f.stderr], [1, "xenstore-read: couldn't read path /tool/xenstored/domid\n"]);
});

test('the daemon runs xl calls too: the same output, state and log as a process', () => {
  const script = (h, env) => [
    xl(h, ['list', '-l'], { env }),
    xl(h, ['shutdown', '-w', '3'], { env }),
    xl(h, ['save', '4', 'db.img'], { env }),
    xl(h, ['restore', 'db.img'], { env }),
    xl(h, ['shutdown', '--halt', '9'], { env }),
    xl(h, ['list'], { env }),
  ].map((r) => [r.code, r.stdout, r.stderr.split(h.dir).join('<dir>')]);
  const spec = { domains: [DOM0, XS, { id: 3, name: 'web' }, { id: 4, name: 'db' }], nextId: 10 };
  const a = simHost(spec);
  const b = simHost(spec);
  assert.equal(script(b, daemon.env), script(a, {}));
  const log = (h) => readLog(h).filter((e) => e.event === 'end').map((e) => [e.argv, e.exit, e.tool]);
  assert.equal(log(b), log(a));
  assert.equal(log(a)[4], [['shutdown', '--halt', '9'], 2, 'xl']);
  const s = (h) => readState(h).domains.map((d) => [d.id, d.name]);
  assert.equal(s(b), s(a));
});

test.run();

// xm simulator, part 2: save (LinuxGuestRecord images the project reads back),
// restore, migrate, sysrq and shutdown: success paths, xm's argument errors and
// xend's error texts and exit codes, and injected faults.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageDomainName } from '../../dist/src/plan/state.js';
import { cleanupHosts, DOM0, names, readLog, readState, simHost, xm } from './sim-helpers.mjs';

/** How long the last call took by the simulator's own clock (no Node start-up). */
const lastCallMs = (h) => {
  const end = readLog(h).at(-1);
  return end.end - end.start;
};

test.after.each(cleanupHosts);

const WEB = { id: 3, name: 'web', memory: 512, state: '-b----' };
const host = (extra = {}) => simHost({ domains: [DOM0, WEB, { id: 5, name: 'db+1', memory: 2048, vcpus: 2 }], ...extra });

test('save: writes a LinuxGuestRecord image with the name inside, removes the domain', () => {
  const h = host();
  const r = xm(h, ['save', 'web', 'web.img']);
  assert.equal([r.code, r.stdout, r.stderr], [0, '', '']);
  const img = readFileSync(join(h.dir, 'web.img'));
  assert.is(img.subarray(0, 16).toString('latin1'), 'LinuxGuestRecord');
  assert.is(imageDomainName(img.subarray(0, 4096)), 'web');
  assert.ok(img.length >= 65536, String(img.length));
  assert.equal(names(h), ['Domain-0', 'db+1']);
  assert.equal(readState(h).departed.map((d) => [d.name, d.how, d.file]), [['web', 'save', join(h.dir, 'web.img')]]);
  // by id, a quoted name survives the round trip; -c keeps the domain
  assert.is(xm(h, ['save', '-c', '5', 'db.img']).code, 0);
  assert.is(imageDomainName(readFileSync(join(h.dir, 'db.img'))), 'db+1');
  assert.equal(names(h), ['Domain-0', 'db+1']);
});

test('save errors: Domain-0, unknown domain, unwritable directory, word counts', () => {
  const h = host();
  let r = xm(h, ['save', 'Domain-0', 'x']);
  assert.is(r.code, 1);
  assert.is(r.stderr, 'Error: Cannot save privileged domain 0\n');
  r = xm(h, ['save', 'nope', 'x']);
  assert.equal([r.code, r.stderr], [3, "Error: Domain 'nope' does not exist.\n"]);
  r = xm(h, ['save', 'web', '/nonexistent/dir/web']);
  assert.equal([r.code, r.stderr], [1, 'Error: xm save: Unable to create file /nonexistent/dir/web\n1\n']);
  r = xm(h, ['save', 'web']);
  assert.equal([r.code, r.stderr], [1, "Error: 'xm save' requires between 2 and 3 arguments.\n\n1\n"]);
  mkdirSync(join(h.dir, 'adir'));
  r = xm(h, ['save', 'web', 'adir']);
  assert.equal([r.code, r.stderr], [1, `Error: can't write guest state file ${join(h.dir, 'adir')}: Is a directory\n`]);
  assert.equal(names(h), ['Domain-0', 'db+1', 'web']);
});

test('save fault: a failing save leaves a partial image and the domain running', () => {
  const h = host({ faults: { web: { save: { fail: 'xc_save failed', delayMs: 100 } } } });
  const r = xm(h, ['save', 'web', 'web.img']);
  assert.equal([r.code, r.stderr], [1, 'Error: xc_save failed\n']);
  const size = statSync(join(h.dir, 'web.img')).size;
  assert.ok(size > 20 && size < 65536, String(size));
  assert.equal(names(h), ['Domain-0', 'db+1', 'web']);
  // and restore refuses the partial image
  xm(h, ['shutdown', 'web', '-w']);
  const back = xm(h, ['restore', 'web.img']);
  assert.is(back.code, 1);
  assert.match(back.stderr, /^Error: \/usr\/lib\/xen\/bin\/xc_restore .* failed\n$/);
  assert.equal(names(h), ['Domain-0', 'db+1']);
});

test('restore: the domain comes back under the name in the image, with a new id; the file stays', () => {
  const h = host();
  xm(h, ['save', 'db+1', 'db.img']);
  const r = xm(h, ['restore', 'db.img']);
  assert.equal([r.code, r.stdout, r.stderr], [0, '', '']);
  const d = readState(h).domains.find((x) => x.name === 'db+1');
  assert.equal([d.id, d.memory, d.vcpus, d.state], [10, 2048, 2, '-b----']);
  assert.ok(existsSync(join(h.dir, 'db.img')));
  assert.is(xm(h, ['restore', 'db.img']).stderr, "Error: Domain 'db+1' already exists with ID '10'\n");
  xm(h, ['save', 'web', 'web.img']);
  assert.is(xm(h, ['restore', '-p', 'web.img']).code, 0);
  assert.is(readState(h).domains.find((x) => x.name === 'web').state, '--p---');
});

test('restore errors: unreadable, short, wrong signature, word counts', () => {
  const h = host();
  let r = xm(h, ['restore', 'missing.img']);
  assert.equal([r.code, r.stderr], [1, `Error: xm restore: Unable to read file ${join(h.dir, 'missing.img')}\n1\n`]);
  writeFileSync(join(h.dir, 'short'), 'Linux');
  assert.is(xm(h, ['restore', 'short']).stderr, 'Error: not a valid guest state file: signature read\n');
  writeFileSync(join(h.dir, 'text'), 'this is not an image at all\n');
  assert.is(xm(h, ['restore', 'text']).stderr, "Error: not a valid guest state file: found 'this is not an i'\n");
  writeFileSync(join(h.dir, 'hdr'), 'LinuxGuestRecord\0\0');
  assert.is(xm(h, ['restore', 'hdr']).stderr, 'Error: not a valid guest state file: config size read\n');
  r = xm(h, ['restore', 'a', 'b']);
  assert.equal([r.code, r.stderr], [1, 'Error: Wrong number of parameters\n1\n']);
  assert.is(xm(h, ['restore']).stderr, "Error: 'xm restore' requires between 1 and 2 arguments.\n\n1\n");
});

test('migrate: success removes the domain; options anywhere; xm and xend errors', () => {
  const h = host({ refuseHosts: ['dom0-c'] });
  let r = xm(h, ['migrate', 'web', 'dom0-b', '--live', '-p', '8002']);
  assert.equal([r.code, r.stdout, r.stderr], [0, '', '']);
  assert.equal(names(h), ['Domain-0', 'db+1']);
  assert.equal(readState(h).departed[0], { ...readState(h).departed[0], name: 'web', how: 'migrate', host: 'dom0-b', live: true, port: 8002 });
  r = xm(h, ['migrate', 'db+1', 'dom0-c']);
  assert.equal([r.code, r.stderr], [1, "Error: can't connect: (111, 'Connection refused')\n"]);
  assert.is(xm(h, ['migrate', 'db+1']).stderr, 'Error: Invalid number of arguments\n');
  assert.is(xm(h, ['migrate', 'db+1', 'a', 'b']).stderr, 'Error: Invalid number of arguments\n');
  assert.is(xm(h, ['migrate', '--resource=10', 'db+1', 'h']).stderr, 'Error: option --resource not recognized\n');
  assert.is(xm(h, ['migrate', 'db+1', 'h', '-p', 'x']).stderr, 'Error: Invalid value: x\n1\n');
  assert.is(xm(h, ['migrate', 'Domain-0', 'h']).stderr, 'Error: Cannot migrate privileged domain Domain-0\n');
  r = xm(h, ['migrate', 'web', 'h']);
  assert.equal([r.code, r.stderr], [3, "Error: Domain 'web' does not exist.\n"]);
  assert.equal(names(h), ['Domain-0', 'db+1']);
});

test('sysrq: exactly two words, one-byte key, the key is recorded', () => {
  const h = host();
  assert.equal(xm(h, ['sysrq', 'web', 's']).code, 0);
  assert.equal(readState(h).domains.find((d) => d.name === 'web').sysrq, ['s']);
  let r = xm(h, ['sysrq', 'web']);
  assert.equal([r.code, r.stderr], [1, "Error: 'xm sysrq' requires 2 arguments.\n\n1\n"]);
  r = xm(h, ['sysrq', 'web', 'sync']);
  assert.equal([r.code, r.stderr], [1, 'Error: sync is not convertible to a character\n']);
  assert.is(xm(h, ['sysrq', 'web', 'é']).code, 1);
  assert.is(xm(h, ['sysrq', 'nope', 's']).code, 3);
});

test('faults on migrate/sysrq: fail with message, slow but successful', () => {
  const h = host({ faults: { web: { migrate: { fail: 'Migration failed' } }, 'db+1': { sysrq: { delayMs: 250 } } } });
  assert.is(xm(h, ['migrate', 'web', 'h']).stderr, 'Error: Migration failed\n');
  const t = Date.now();
  assert.is(xm(h, ['sysrq', 'db+1', 'u']).code, 0);
  assert.ok(Date.now() - t >= 250);
  assert.equal(names(h), ['Domain-0', 'db+1', 'web']);
});

test('shutdown: returns at once; the domain goes away after its delay (goneAt)', () => {
  // 3 s: "at once" and "after its delay" stay apart by seconds, not by a loaded machine's scheduling.
  const h = host({ faults: { web: { shutdown: { delayMs: 3000 } } } });
  const r = xm(h, ['shutdown', 'web']);
  assert.equal([r.code, r.stdout, r.stderr], [0, '', '']);
  assert.ok(lastCallMs(h) < 1500, String(lastCallMs(h)));
  const started = readLog(h).at(-1).start;
  const goneAt = readState(h).domains.find((d) => d.name === 'web').goneAt;
  assert.ok(goneAt >= started + 3000 && goneAt <= readLog(h).at(-1).end + 3000, String(goneAt - started));
  const wait = xm(h, ['shutdown', 'web', '--wait']); // a second request waits for the first
  assert.is(wait.stdout, 'Domain web terminated\nAll domains terminated\n');
  assert.ok(readLog(h).at(-1).end >= goneAt);
  assert.equal(names(h), ['Domain-0', 'db+1']);
});

test('shutdown ID --halt --wait (options after the domain), by id; departed records the mode', () => {
  const h = host();
  const r = xm(h, ['shutdown', '5', '--halt', '--wait']);
  assert.equal([r.code, r.stdout], [0, 'Domain db+1 terminated\nAll domains terminated\n']);
  assert.equal(names(h), ['Domain-0', 'web']);
  assert.equal(readState(h).departed.map((d) => [d.name, d.how, d.mode]), [['db+1', 'shutdown', 'halt']]);
});

test('shutdown errors: halt+reboot, no domain, two domains, Domain-0, unknown', () => {
  const h = host();
  assert.equal(xm(h, ['shutdown', 'web', '-H', '-R']).stderr, "Error: Can't specify halt and reboot\n1\n");
  assert.equal(xm(h, ['shutdown', '-w']).stderr, 'Error: No domain parameter given\n1\n');
  assert.equal(xm(h, ['shutdown', 'web', 'db+1']).stderr, 'Error: No multiple domain parameters allowed\n1\n');
  assert.equal(xm(h, ['shutdown', 'Domain-0']).stderr, 'Error: Domain 0 cannot be shutdown\n');
  const r = xm(h, ['shutdown', 'nope']);
  assert.equal([r.code, r.stderr], [3, "Error: Domain 'nope' does not exist.\n"]);
  assert.equal(xm(h, ['shutdown']).stderr, "Error: 'xm shutdown' requires between 1 and 4 arguments.\n\n1\n");
  assert.equal(xm(h, ['shutdown', '-x', 'web']).stderr, 'Error: option -x not recognized\n');
  assert.equal(names(h), ['Domain-0', 'db+1', 'web']);
});

test('shutdown --all --wait: every domU in parallel (max delay, not the sum); Domain-0 stays', () => {
  // Delays long enough that the max (2 s) and the sum (3.8 s) stay apart on a loaded machine.
  const h = host({ faults: { web: { shutdown: { delayMs: 2000 } }, 'db+1': { shutdown: { delayMs: 1800 } } } });
  const r = xm(h, ['shutdown', '-a', '-w']);
  const ms = lastCallMs(h);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'Domain db+1 terminated\nDomain web terminated\nAll domains terminated\n');
  assert.ok(ms >= 2000 && ms < 3500, String(ms));
  assert.equal(names(h), ['Domain-0']);
});

test('shutdown -R: the domain reboots with a new id and keeps running', () => {
  const h = host({ faults: { web: { shutdown: { delayMs: 100 } } } });
  const r = xm(h, ['shutdown', '-R', '-w', 'web']);
  assert.equal([r.code, r.stdout], [0, 'Domain web rebooted\nAll domains rebooted\n']);
  const web = readState(h).domains.find((d) => d.name === 'web');
  assert.equal([web.id, web.restarts], [10, 1]);
});

test('shutdown fault fail: exit 1 after the delay, the domain stays; --all stops at it', () => {
  const h = host({ faults: { web: { shutdown: { fail: 'Domain cannot be shutdown', delayMs: 150 } } } });
  const t = Date.now();
  assert.is(xm(h, ['shutdown', 'web', '-w']).stderr, 'Error: Domain cannot be shutdown\n');
  assert.ok(Date.now() - t >= 150);
  const r = xm(h, ['shutdown', '--all', '--wait']);
  assert.is(r.code, 1);
  assert.equal(names(h), ['Domain-0', 'web']); // db+1 (sorted before web) was shut down first
});

test.run();

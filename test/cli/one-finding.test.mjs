// One mistake, one finding: an editor backup in AUTO, a CRLF sysconfig, the
// `import os, re` idiom of Xen's sample HVM configs and a binary sysconfig each
// give exactly one finding, and no raw control bytes reach the terminal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { cli, tmpHost, cleanup, mulberry32, SAMPLE_SYSCONFIG } from '../helpers.mjs';

const sample = readFileSync(SAMPLE_SYSCONFIG, 'utf8');
const web = "name = 'web01'\nmemory = 512\nuuid = '5f3c8a1e-0d6b-4c57-9a0e-3d2b1c4e5f60'\nvif = ['mac=00:16:3e:00:00:01,bridge=xenbr0']\ndisk = ['phy:/dev/vg/web01,xvda,w']\n";

function findings(root, file) {
  const r = cli(['lint', '--root', root, '--format', 'json']);
  return JSON.parse(r.stdout).diagnostics.filter((d) => d.file.endsWith(file));
}

test('an editor backup of a config is one finding (XD4004), naming the config it collides with', () => {
  const root = tmpHost({ 'etc/sysconfig/xendomains': sample, 'etc/xen/auto/web01.cfg': web, 'etc/xen/auto/web01.cfg~': web });
  const backup = findings(root, 'web01.cfg~');
  assert.equal(backup.map((d) => d.code), ['XD4004']);
  assert.match(backup[0].message, /starts domain "web01", as .*web01\.cfg does/);
  assert.equal(findings(root, 'web01.cfg'), [], 'the real config is not blamed for its copy');
});

test('a CRLF sysconfig is one finding (XD1003) naming the variables it breaks', () => {
  const root = tmpHost({
    'etc/sysconfig/xendomains': 'XENDOMAINS_SAVE=/var/lib/xen/save\r\nXENDOMAINS_AUTO=/etc/xen/auto\r\nXENDOMAINS_STOP_MAXWAIT=300\r\nXENDOMAINS_RESTORE=true\r\n',
  });
  const all = findings(root, 'xendomains').filter((d) => d.severity !== 'info');
  assert.equal(all.map((d) => d.code), ['XD1003']);
  assert.match(all[0].message, /XENDOMAINS_SAVE, XENDOMAINS_AUTO, XENDOMAINS_STOP_MAXWAIT and XENDOMAINS_RESTORE/);
});

test("the sample HVM configs' import os, re / os.uname() / if block is one XD1102 per config", () => {
  const hvm = "import os, re\narch = os.uname()[4]\nif re.search('64', arch):\n    arch_libdir = 'lib64'\nelse:\n    arch_libdir = 'lib'\nname = 'hvm1'\nbuilder = 'hvm'\ndevice_model = '/usr/' + arch_libdir + '/xen/bin/qemu-dm'\n";
  const root = tmpHost({ 'etc/sysconfig/xendomains': sample, 'etc/xen/auto/hvm1.cfg': hvm });
  const f = findings(root, 'hvm1.cfg');
  assert.equal(f.map((d) => d.code), ['XD1102']);
  assert.match(f[0].message, /lines 2, 3, 9 either/);
});

test('a binary sysconfig is one finding, and no raw bytes reach the terminal', () => {
  const binary = readFileSync(process.execPath).subarray(0, 4096);
  const root = tmpHost({ 'etc/sysconfig/xendomains': binary });
  assert.equal(findings(root, 'xendomains').map((d) => d.code), ['XD1001']);
  const stylish = cli(['lint', '--root', root]);
  assert.is(stylish.code, 1);
  // eslint-disable-next-line no-control-regex
  assert.not.match(stylish.stdout + stylish.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, 'control bytes printed raw');
});

/** Random bytes with a dozen NULs: too few for bash to refuse the file, so it parses the garbage. */
function noise(seed, length) {
  const next = mulberry32(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
}

test('binary data with a few NULs (bash parses it) is one finding saying where bash stops', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const root = tmpHost({ 'etc/sysconfig/xendomains': noise(seed, 3000) });
    const f = findings(root, 'xendomains');
    assert.equal(f.map((d) => d.code), ['XD1001'], `seed ${seed}: ${f.map((d) => d.message).join(' | ')}`);
    assert.match(f[0].message, /^binary data, not a sysconfig \(\d+ NUL bytes?, mostly control characters\): bash deletes the NUL bytes and parses the rest; /);
  }
});

test('a binary AUTO config is one finding on xm (XD1101) and on xl (XD1201), with no missing-name noise', () => {
  const binary = readFileSync(process.execPath).subarray(0, 4096);
  const xm = findings(tmpHost({ 'etc/sysconfig/xendomains': sample, 'etc/xen/auto/vm.cfg': binary }), 'vm.cfg');
  assert.equal(xm.map((d) => d.code), ['XD1101']);
  const root = tmpHost({ 'etc/sysconfig/xendomains': sample, 'etc/xen/auto/vm.cfg': binary });
  const r = cli(['lint', '--root', root, '--toolstack', 'xl', '--format', 'json']);
  const xl = JSON.parse(r.stdout).diagnostics.filter((d) => d.file.endsWith('vm.cfg'));
  assert.equal(xl.map((d) => d.code), ['XD1201']);
  assert.match(xl[0].message, /binary file \(NUL bytes\), not an xl\.cfg/);
});

test.after(cleanup);
test.run();

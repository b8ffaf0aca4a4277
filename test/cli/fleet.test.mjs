// Linting several hosts at once: repeated --root, host directories given as
// FILES (`--root hosts/*`), or a fleet file; one exit code, output by host.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { cli, tmpHost, cleanup } from '../helpers.mjs';

const sys = (migrate) => `XENDOMAINS_MIGRATE="--live ${migrate}"\nXENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_STOP_MAXWAIT=60\nXENDOMAINS_AUTO=/etc/xen/auto\n`;

function fleet() {
  return tmpHost({
    'hosts/dom0-a/etc/sysconfig/xendomains': sys('dom0-b'),
    'hosts/dom0-b/etc/sysconfig/xendomains': sys('dom0-a'),
    'hosts/dom0-c/etc/sysconfig/xendomains': sys('spare.example.com'),
    'hosts/dom0-c/etc/xen/auto/db.cfg': "name = 'db'\nmemory = 8192\n",
    'hosts/spare/etc/sysconfig/xendomains': 'XENDOMAINS_STOP_MAXWAIT=60\n',
    'fleet.json': JSON.stringify({ hosts: [
      { name: 'dom0-a', root: 'hosts/dom0-a' }, { name: 'dom0-b', root: 'hosts/dom0-b' },
      { name: 'dom0-c', root: 'hosts/dom0-c' }, { name: 'spare', root: 'hosts/spare', aliases: ['10.0.0.9'], capacityMiB: 4096 },
    ] }),
  });
}

const codes = (r) => JSON.parse(r.stdout).diagnostics.map((d) => `${d.file.split('/hosts/')[1]?.split('/')[0]}:${d.code}`);

test('--root repeated and host directories as FILES lint the hosts as one fleet', () => {
  const root = fleet();
  const hosts = ['dom0-a', 'dom0-b', 'dom0-c', 'spare'].map((h) => join(root, 'hosts', h));
  const repeated = cli(['lint', '-f', 'json', ...hosts.flatMap((h) => ['--root', h])]);
  const globbed = cli(['lint', '-f', 'json', '--root', ...hosts]);
  assert.is(repeated.code, 1);
  assert.equal(codes(repeated), codes(globbed));
  assert.ok(codes(repeated).includes('dom0-a:XD4102'), codes(repeated).join(' '));
  assert.is(JSON.parse(repeated.stdout).summary.files, 5);
});

test('a fleet file gives aliases and capacity (XD4101 by FQDN, XD4103)', () => {
  const root = fleet();
  const r = cli(['lint', '-f', 'json', '--fleet', join(root, 'fleet.json')]);
  const found = codes(r);
  assert.ok(found.includes('dom0-a:XD4102'), found.join(' '));
  assert.not.ok(found.includes('dom0-c:XD4101'), 'spare.example.com is the host spare');
  assert.ok(found.includes('dom0-c:XD4103'), 'db needs 8192 MiB, spare has 4096');
});

test('fleet errors: a bad fleet file exits 2, FILES with several hosts exit 3', () => {
  const root = fleet();
  const missing = cli(['lint', '--fleet', join(root, 'nope.json')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.json: no such file/);
  const bad = tmpHost({ 'fleet.json': '{"hosts": [{"name": "a"}]}' });
  const invalid = cli(['lint', '--fleet', join(bad, 'fleet.json')]);
  assert.is(invalid.code, 2);
  assert.match(invalid.stderr, /fleet\.json: \/hosts\/0 must have required property 'root'/);
  const mixed = cli(['lint', '--root', join(root, 'hosts/dom0-a'), join(root, 'hosts/dom0-b'), join(root, 'fleet.json')]);
  assert.is(mixed.code, 3);
});

test('plan and show refuse several roots', () => {
  const root = fleet();
  const r = cli(['show', '--root', join(root, 'hosts/dom0-a'), '--root', join(root, 'hosts/dom0-b')]);
  assert.is(r.code, 3);
  assert.match(r.stderr, /give one --root/);
});

test.after(cleanup);
test.run();

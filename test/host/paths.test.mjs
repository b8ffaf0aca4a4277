// displayEntry is displayPath for a directory entry with the directory's part
// worked out once: it must print exactly what displayPath prints, wherever the
// directory is relative to the working directory. Under --root, symlinks are
// followed inside the root, as on the host: a copied tree never reads this machine's /etc.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { displayEntry, displayPath, resolveInRoot } from '../../dist/src/host/paths.js';
import { cli, cleanup, tmpHost, SAMPLE_SYSCONFIG } from '../helpers.mjs';

test('displayEntry(dir, name) = displayPath(join(dir, name))', () => {
  const cwds = ['/', '/work', '/work/main', '/work/main/'];
  const dirs = ['/', '/work', '/work/main', '/work/main/etc/xen/auto', '/etc/xen/auto', 'etc/xen/auto', '.', './auto', '../other/auto', '/work/mainly', '/work/main/../x'];
  const names = ['web.cfg', 'a b.cfg', 'x~', 'vm-1'];
  for (const cwd of cwds) {
    for (const dir of dirs) {
      for (const name of names) assert.is(displayEntry(dir, name, cwd), displayPath(join(dir, name), cwd), `${cwd} | ${dir} | ${name}`);
    }
  }
});

test('resolveInRoot: absolute links start again at the root, .. stops there, loops and missing parts are kept', () => {
  const root = tmpHost({ 'etc/xen/web.cfg': "name = 'web'\n", 'srv/save/img': 'x' });
  mkdirSync(join(root, 'etc/xen/auto'), { recursive: true });
  mkdirSync(join(root, 'var/lib/xen'), { recursive: true });
  symlinkSync('/etc/xen/web.cfg', join(root, 'etc/xen/auto/abs.cfg'));
  symlinkSync('../../../../../../etc/xen/web.cfg', join(root, 'etc/xen/auto/climb.cfg'));
  symlinkSync('/srv/save', join(root, 'var/lib/xen/save'));
  symlinkSync('loop', join(root, 'etc/xen/auto/loop'));
  assert.is(resolveInRoot(root, join(root, 'etc/xen/auto/abs.cfg')), join(root, 'etc/xen/web.cfg'));
  assert.is(resolveInRoot(root, join(root, 'etc/xen/auto/climb.cfg')), join(root, 'etc/xen/web.cfg'));
  assert.is(resolveInRoot(root, join(root, 'var/lib/xen/save/img')), join(root, 'srv/save/img'));
  assert.is(resolveInRoot(root, join(root, 'var/lib/xen/save/new')), join(root, 'srv/save/new'));
  assert.ok(resolveInRoot(root, join(root, 'etc/xen/auto/loop')).startsWith(join(root, 'etc/xen/auto/loop')));
  assert.is(resolveInRoot(root, '/etc/passwd'), '/etc/passwd', 'a path outside the root is left alone');
});

test('lint --root: an AUTO entry linked to /etc/xen/NAME.cfg and a SAVE directory linked elsewhere are read inside the tree', () => {
  const root = tmpHost({
    'etc/sysconfig/xendomains': readFileSync(SAMPLE_SYSCONFIG, 'utf8'),
    'etc/xen/web.cfg': "name = 'web'\nmemory = 256\nvif = ['mac=00:16:3e:00:00:01']\n",
    'etc/xen/db.cfg': "name = 'db'\nmemory = 256\nvif = ['mac=00:16:3e:00:00:01']\n",
    'srv/save/web': 'LinuxGuestRecord\n',
  });
  mkdirSync(join(root, 'etc/xen/auto'), { recursive: true });
  mkdirSync(join(root, 'var/lib/xen'), { recursive: true });
  symlinkSync('/etc/xen/web.cfg', join(root, 'etc/xen/auto/web.cfg'));
  symlinkSync('/etc/xen/db.cfg', join(root, 'etc/xen/auto/db.cfg'));
  symlinkSync('/etc/xen/gone.cfg', join(root, 'etc/xen/auto/gone.cfg'));
  symlinkSync('/srv/save', join(root, 'var/lib/xen/save'));
  const r = cli(['lint', '--root', root, '--format', 'json']);
  const codes = JSON.parse(r.stdout).diagnostics.map((d) => d.code).sort();
  assert.ok(codes.includes('XD4003'), `the two linked configs are read (their MACs collide): ${codes}`);
  assert.ok(codes.includes('XD4008'), `the image in the linked SAVE directory is seen: ${codes}`);
  assert.is(codes.filter((c) => c === 'XD4004').length, 1, 'only the dangling link is broken');
});

test.after(cleanup);
test.run();

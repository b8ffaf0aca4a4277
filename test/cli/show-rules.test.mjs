// `show` prints the effective XENDOMAINS_* values as the reference sees them;
// `rules` and `explain` print the catalogue from the rule modules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, tmpHost, cleanup } from '../helpers.mjs';
import { rules } from '../../dist/rules/index.js';

const REFERENCE = ['XENDOMAINS_SYSRQ', 'XENDOMAINS_USLEEP', 'XENDOMAINS_CREATE_USLEEP', 'XENDOMAINS_MIGRATE', 'XENDOMAINS_SAVE', 'XENDOMAINS_SHUTDOWN', 'XENDOMAINS_SHUTDOWN_ALL', 'XENDOMAINS_RESTORE', 'XENDOMAINS_AUTO', 'XENDOMAINS_AUTO_ONLY', 'XENDOMAINS_STOP_MAXWAIT'];

test('show --format json: the shipped sample, exactly as bash holds it', () => {
  const r = cli(['show', '--root', 'examples', '--format', 'json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.version, 1);
  assert.equal(Object.keys(out.sysconfig), REFERENCE);
  assert.equal(out.sysconfig, {
    XENDOMAINS_SYSRQ: '', XENDOMAINS_USLEEP: '100000', XENDOMAINS_CREATE_USLEEP: '5000000', XENDOMAINS_MIGRATE: '',
    XENDOMAINS_SAVE: '/var/lib/xen/save', XENDOMAINS_SHUTDOWN: '--halt --wait', XENDOMAINS_SHUTDOWN_ALL: '--all --halt --wait',
    XENDOMAINS_RESTORE: 'true', XENDOMAINS_AUTO: '/etc/xen/auto', XENDOMAINS_AUTO_ONLY: 'false', XENDOMAINS_STOP_MAXWAIT: '300',
  });
  assert.equal(out.extensions, { XENDOMAINS_STOP_PARALLEL: null });
});

test('show: unset variables are null, later assignments win, expansions resolve', () => {
  const root = tmpHost({ 'etc/sysconfig/xendomains': 'B=/srv/xen\nXENDOMAINS_SAVE=/a\nXENDOMAINS_SAVE=$B/save\nexport XENDOMAINS_SHUTDOWN="--halt"\' --wait\'\n' });
  const out = JSON.parse(cli(['show', '--root', root, '--format', 'json']).stdout);
  assert.is(out.sysconfig.XENDOMAINS_SAVE, '/srv/xen/save');
  assert.is(out.sysconfig.XENDOMAINS_SHUTDOWN, '--halt --wait');
  assert.is(out.sysconfig.XENDOMAINS_RESTORE, null);
  const text = cli(['show', '--root', root]).stdout;
  assert.match(text, /XENDOMAINS_SAVE\s+"\/srv\/xen\/save"\s+\(line 3\)/);
  assert.match(text, /XENDOMAINS_RESTORE\s+\(unset\)/);
});

test('show exits 1 when the sysconfig cannot be compiled, 2 when unreadable', () => {
  assert.is(cli(['show', '--root', tmpHost({ 'etc/sysconfig/xendomains': 'X="open\n' })]).code, 1);
  assert.is(cli(['show', '--root', tmpHost({})]).code, 2);
});

test('show lists every AUTO entry in glob order with its name and where it came from', () => {
  const root = tmpHost({
    'etc/sysconfig/xendomains': 'XENDOMAINS_AUTO=/etc/xen/auto\n',
    'etc/xen/auto/b.cfg': "name = 'bee'\nmemory = 256 * 2\nvif = ['mac=00:16:3e:00:00:01']\nt = (1, 'x')\n",
    'etc/xen/auto/B.cfg': 'memory = 0x100\n',
    'etc/xen/auto/.hidden.cfg': "name = 'hidden'\n",
    'etc/xen/auto/a~': "name = 'bak'\n",
  });
  const out = JSON.parse(cli(['show', '--root', root, '--format', 'json']).stdout);
  assert.equal(out.domains.map((d) => [d.file.split('/').pop(), d.kind, d.name, d.nameSource]), [
    ['B.cfg', 'config', 'B.cfg', 'filename'],
    ['a~', 'config', 'bak', 'name'],
    ['b.cfg', 'config', 'bee', 'name'],
  ]);
  assert.equal(out.domains[2].vars, { name: 'bee', memory: 512, vif: ['mac=00:16:3e:00:00:01'], t: [1, 'x'] });
  assert.equal(out.domains[0].vars, { memory: 256 });
});

test('rules lists every rule; explain prints docs and examples', () => {
  const r = cli(['rules']);
  assert.is(r.code, 0);
  for (const rule of rules) assert.match(r.stdout, new RegExp(`^${rule.code}\\s+${rule.severity}\\s+${rule.name}\\s`, 'm'));
  const e = cli(['explain', 'XD2008']);
  assert.is(e.code, 0);
  assert.match(e.stdout, /^# XD2008 boolean-value\n/);
  assert.match(e.stdout, /## Bad\n[\s\S]*XENDOMAINS_RESTORE=yes[\s\S]*## Good/);
  assert.match(e.stdout, /# xendomains disable=XD2008 -- reason/);
  assert.is(cli(['explain', 'boolean-value']).code, 0, 'by name too');
  const u = cli(['explain', 'XD0000']);
  assert.is(u.code, 4);
  assert.match(u.stderr, /explain: "XD0000" is not a xendomains rule/);
});

test.after(cleanup);
test.run();

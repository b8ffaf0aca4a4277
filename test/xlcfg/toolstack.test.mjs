// Dialect selection: the pure decision (src/model/toolstack), and the CLI on xl
// and xm host trees: `lint` reads AUTO configs in the host's dialect, `show` says
// what it decided and why, --toolstack and the rc file's `toolstack` override.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decideToolstack } from '../../dist/src/model/toolstack.js';
import { cli, cleanup, ROOT, SAMPLE_SYSCONFIG, tmpHost } from '../helpers.mjs';

const XL_HOST = join(ROOT, 'test/fixtures/xl-host');
const sample = readFileSync(SAMPLE_SYSCONFIG, 'utf8');

test('decision: request, xm command, binaries, xl.conf, default', () => {
  assert.equal(decideToolstack({ requested: 'xl', requestedBy: 'rc file' }), { name: 'xl', reason: 'rc file xl' });
  assert.is(decideToolstack({ requested: 'auto', xmCommand: '/usr/sbin/xl', xmBinary: '/usr/sbin/xm' }).name, 'xl');
  assert.is(decideToolstack({ requested: 'auto', xmCommand: 'xm', xlBinary: '/usr/sbin/xl' }).name, 'xm');
  assert.is(decideToolstack({ requested: 'auto', xlBinary: '/usr/sbin/xl' }).name, 'xl');
  assert.is(decideToolstack({ requested: 'auto', xlBinary: '/usr/sbin/xl', xendBinary: '/usr/sbin/xend' }).name, 'xm');
  assert.is(decideToolstack({ requested: 'auto', xlConf: '/etc/xen/xl.conf' }).name, 'xl');
  const fallback = decideToolstack({ requested: 'auto' });
  assert.is(fallback.name, 'xm');
  assert.match(fallback.reason, /default/);
});

test('acceptance: an xl host whose AUTO holds Xen\'s xlexample files lints clean (no error or warning)', () => {
  assert.equal(readdirSync(join(XL_HOST, 'etc/xen/auto')).sort(), ['xlexample.hvm', 'xlexample.pvhlinux', 'xlexample.pvlinux']);
  const r = cli(['lint', '--root', XL_HOST, '--format', 'json']);
  const found = JSON.parse(r.stdout).diagnostics ?? JSON.parse(r.stdout);
  const serious = (Array.isArray(found) ? found : []).filter((d) => d.severity === 'error' || d.severity === 'warning');
  assert.equal(serious, []);
  assert.is(r.code, 0, r.stderr);
  // and read as xm (the old behaviour) the same files are full of false errors
  const asXm = cli(['lint', '--root', XL_HOST, '--toolstack', 'xm', '--severity', 'warning']);
  assert.is(asXm.code, 1);
  assert.match(asXm.stdout, /XD3005/);
});

test('show: the toolstack decided and why, each config\'s dialect and values as xl reads them', () => {
  const r = cli(['show', '--root', XL_HOST, '--format', 'json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.toolstack, { name: 'xl', reason: '/usr/sbin/xl exists and there is no xm or xend' });
  const hvm = out.domains.find((d) => d.file.endsWith('xlexample.hvm'));
  assert.is(hvm.dialect, 'xl');
  assert.is(hvm.name, 'example.hvm');
  assert.is(hvm.vars.memory, 128);
  assert.equal(hvm.vars.disk, ['/dev/vg/guest-volume,raw,xvda,rw']);
  const text = cli(['show', '--root', XL_HOST]);
  assert.match(text.stdout, /^# toolstack: xl \(\/usr\/sbin\/xl exists/m);
});

test('--toolstack xl lints a single file as xl.cfg; the rc file key and a bad value', () => {
  const host = tmpHost({ 'etc/sysconfig/xendomains': sample, 'etc/xen/auto/web.cfg': 'name = "web"\nmemroy = 512\nkernel = "/boot/vmlinuz"\n' });
  const xl = cli(['lint', '--root', host, '--toolstack', 'xl']);
  assert.match(xl.stdout, /XD3103/);
  assert.match(xl.stdout, /did you mean `memory`/);
  const xm = cli(['lint', '--root', host]);
  assert.not.match(xm.stdout, /XD3103/);
  const rcHost = tmpHost({ 'etc/sysconfig/xendomains': sample, 'etc/xen/auto/web.cfg': 'name = "web"\nmemroy = 512\nkernel = "/boot/vmlinuz"\n', '.xendomainsrc.json': '{ "toolstack": "xl" }' });
  assert.match(cli(['lint', '--root', rcHost]).stdout, /XD3103/);
  assert.not.match(cli(['lint', '--root', rcHost, '--toolstack', 'xm']).stdout, /XD3103/);
  const bad = cli(['lint', '--root', host, '--toolstack', 'xend']);
  assert.is(bad.code, 4);
  assert.match(bad.stderr, /invalid value for --toolstack/);
});

test('an xl host detected from the tree: a syntax error is XD1201 with xl\'s message and the real line', () => {
  const host = tmpHost({ 'etc/sysconfig/xendomains': sample, 'usr/sbin/xl': '', 'etc/xen/auto/web.cfg': 'name = "web"\nmemory =\nvcpus = 2\n' });
  const r = cli(['lint', '--root', host, '--format', 'gcc']);
  assert.is(r.code, 1);
  assert.match(r.stdout, /web\.cfg:2:\d+: error: `xl create` fails: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '\[' \(xl reports it at line 1\)/);
});

test.after(cleanup);
test.run();

// XD2014 and its model: how xl shutdown / xl migrate read the sysconfig's words
// (getopt_long with permutation, X13, X16), and that the sysconfig rules follow
// the host's toolstack: XD2005–XD2007 on xm hosts, XD2014 on xl hosts, through the CLI too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { xlMigrateWords, xlShutdownWords } from '../../dist/src/model/xl-command-words.js';
import { compileSysconfig } from '../../dist/src/model/sysconfig-compile.js';
import { lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';
import { cli, tmpHost, cleanup } from '../helpers.mjs';

test.after.each(cleanup);

test('xl shutdown: clustered and abbreviated options are accepted, xm words refused at the first', () => {
  assert.equal(xlShutdownWords(['-awF']).options.map((o) => o.letter), ['a', 'w', 'F']);
  assert.equal(xlShutdownWords(['--wa', '--al']).options.map((o) => o.letter), ['w', 'a']);
  assert.is(xlShutdownWords(['--wait']).refused, undefined);
  assert.equal(xlShutdownWords(['--wait', '--halt', '-R']).refused, { word: '--halt', why: 'is not an option' });
  assert.equal(xlShutdownWords(['-wH']).refused, { word: '-wH', why: 'has -H, which is not an option' });
  assert.equal(xlShutdownWords(['--wait=1']).refused, { word: '--wait=1', why: 'takes no argument' });
  assert.equal(xlShutdownWords(['-w', 'web', '--', '-x']).positionals, ['web', '-x']);
});

test('xl migrate: the domid comes first, -C and -s take the next word, --live/--debug are long only', () => {
  const m = xlMigrateWords(['--live', '-s', 'ssh', '-C', '/etc/xen/web.cfg', 'dom0-b']);
  assert.equal(m.positionals, ['DOMID', 'dom0-b']);
  assert.equal(m.options.map((o) => [o.letter, o.arg]), [['l', undefined], ['s', 'ssh'], ['C', '/etc/xen/web.cfg']]);
  assert.equal(xlMigrateWords(['-Cweb.cfg', 'h']).options[0].arg, 'web.cfg');
  assert.equal(xlMigrateWords(['-l', 'h']).refused, { word: '-l', why: 'is not an option' });
  assert.equal(xlMigrateWords(['--port=8002', 'h']).refused, { word: '--port=8002', why: 'is not an option' });
  assert.equal(xlMigrateWords(['-s']).refused, { word: '-s', why: '-s needs an argument' });
  assert.equal(xlMigrateWords(['-p', '8002', 'h']).positionals, ['DOMID', '8002', 'h']);
});

function lintSysconfig(text, toolstack) {
  const sysconfig = compileSysconfig(text, 'etc/default/xendomains');
  return lintModels({ toolstack, sysconfig, domains: [] }, { rules }).filter((d) => /^XD20(0[5-7]|14)$/.test(d.code));
}

const XM_ERA = 'XENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_SHUTDOWN_ALL="--all --halt --wait"\nXENDOMAINS_MIGRATE="-l dom0-b"\n';

test('an xm-era sysconfig: clean for xm, XD2014 on each variable for xl (and none of XD2005–XD2007)', () => {
  assert.equal(lintSysconfig(XM_ERA, 'xm').map((d) => d.code), []);
  const xl = lintSysconfig(XM_ERA, 'xl');
  assert.equal(xl.map((d) => d.code), ['XD2014', 'XD2014', 'XD2014']);
  assert.ok(xl.every((d) => d.severity === 'error'));
  assert.match(xl.find((d) => d.span.start.line === 1).message, /"--halt" is not an option .*every per-domain `xl shutdown` fails/);
  assert.match(xl.find((d) => d.span.start.line === 2).message, /final `xl shutdown` of all domains fails/);
  assert.match(xl.find((d) => d.span.start.line === 3).message, /"-l" is not an option.*--live/);
  // the finding points at the word xl refuses
  assert.is(xl.find((d) => d.span.start.line === 1).span.start.column, 22);
});

test('xl: the sample values and valid xl words are clean; xl-only words would be xm errors', () => {
  const xlSample = 'XENDOMAINS_SHUTDOWN="--wait -F"\nXENDOMAINS_SHUTDOWN_ALL="--all --wait"\nXENDOMAINS_MIGRATE="--live dom0-b"\n';
  assert.equal(lintSysconfig(xlSample, 'xl'), []);
  assert.ok(lintSysconfig(xlSample, 'xm').some((d) => d.code === 'XD2006'));
});

test('xl: -a in the per-domain shutdown, extra words, no host, host:port, a second host', () => {
  const messages = (text) => lintSysconfig(text, 'xl').map((d) => d.message);
  assert.match(messages('XENDOMAINS_SHUTDOWN="-a -w"\n')[0], /shuts down every guest/);
  assert.match(messages('XENDOMAINS_SHUTDOWN="--wait now"\n')[0], /takes "now" as the domain/);
  assert.match(messages('XENDOMAINS_SHUTDOWN="-h"\n')[0], /help and exit 0/);
  assert.match(messages('XENDOMAINS_MIGRATE="--live"\n')[0], /no target host/);
  assert.match(messages('XENDOMAINS_MIGRATE="dom0-b:8002"\n')[0], /not an ssh destination.*ssh -p 8002/);
  assert.match(messages('XENDOMAINS_MIGRATE="dom0-b dom0-c"\n')[0], /"dom0-c" is ignored/);
  assert.match(messages('XENDOMAINS_MIGRATE="-s dom0-b"\n')[0], /command to reach the target/);
});

test('CLI: lint follows --toolstack for the sysconfig rules', () => {
  const root = tmpHost({ 'etc/sysconfig/xendomains': 'XENDOMAINS_AUTO=/etc/xen/auto\nXENDOMAINS_SHUTDOWN="--halt --wait"\n', 'etc/xen/auto/.keep': '' });
  const xl = cli(['lint', '--root', root, '--toolstack', 'xl', '--format', 'json']);
  const codes = (r) => JSON.parse(r.stdout).diagnostics.map((d) => d.code).filter((c) => /^XD20(0[5-7]|14)$/.test(c));
  assert.equal(codes(xl), ['XD2014']);
  assert.is(xl.code, 1);
  const xm = cli(['lint', '--root', root, '--toolstack', 'xm', '--format', 'json']);
  assert.equal(codes(xm), []);
});

test.run();

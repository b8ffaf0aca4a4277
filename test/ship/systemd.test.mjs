// contrib/xendomains.service and `xendomains systemd-unit`: TimeoutStopSec follows the
// worst-case stop plan (infinity when unbounded), and `systemd-analyze verify` accepts
// both units (skipped when systemd-analyze is not installed: apt-get install systemd).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SAMPLE_SYSCONFIG, cleanup, cli, tmpHost } from '../helpers.mjs';
import { have, testIf } from './tools.mjs';

const sample = readFileSync(SAMPLE_SYSCONFIG, 'utf8');
const cfg = (name) => `name = "${name}"\nmemory = 256\n`;
const NO_XM = ['--xm', '/nonexistent/xm'];
const key = (unit, name) => [...unit.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1]);

function host(sysconfigExtra = '', domains = ['web', 'db']) {
  const files = { 'etc/sysconfig/xendomains': `${sample}\n${sysconfigExtra}` };
  for (const d of domains) files[`etc/xen/auto/${d}.cfg`] = cfg(d);
  const root = tmpHost(files);
  const state = join(root, 'state.json');
  writeFileSync(state, JSON.stringify({ domains: [{ id: 0, name: 'Domain-0' }, ...domains.map((name, i) => ({ id: i + 1, name }))] }));
  return { root, state };
}

test('--generic prints contrib/xendomains.service exactly', () => {
  const r = cli(['systemd-unit', '--generic']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, readFileSync(join(ROOT, 'contrib/xendomains.service'), 'utf8'));
});

test('the unit: oneshot, ordered after the toolstack, network and storage, start/stop through the CLI', () => {
  const unit = readFileSync(join(ROOT, 'contrib/xendomains.service'), 'utf8');
  assert.equal(key(unit, 'Type'), ['oneshot']);
  assert.equal(key(unit, 'RemainAfterExit'), ['yes']);
  const after = key(unit, 'After').join(' ').split(' ');
  for (const u of ['xend.service', 'xenstored.service', 'xen-init-dom0.service', 'network-online.target', 'remote-fs.target', 'iscsi.service']) assert.ok(after.includes(u), u);
  assert.equal(key(unit, 'Before'), [], 'nothing that would make xendomains stop after the network');
  assert.equal(key(unit, 'ExecStart'), ['/usr/bin/xendomains start']);
  assert.equal(key(unit, 'ExecStop'), ['/usr/bin/xendomains stop']);
  assert.equal(key(unit, 'WantedBy'), ['multi-user.target']);
  assert.equal(key(unit, 'TimeoutStopSec'), ['infinity']);
});

test('TimeoutStopSec = the worst case of `plan stop` + margin', () => {
  const { root, state } = host();
  const plan = cli(['plan', 'stop', '--root', root, '--state', state, '-f', 'json']);
  assert.is(plan.code, 0, plan.stderr);
  const worst = JSON.parse(plan.stdout).worstCaseSeconds;
  assert.is(worst, 1500); // 2 domains × (save 300 + shutdown 300) + shutdown-all 300
  const r = cli(['systemd-unit', '--root', root, '--state', state]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(key(r.stdout, 'TimeoutStopSec'), [String(1500 + 150)]);
  assert.match(r.stdout, /# Worst-case stop: 1500 s .*\+ 150 s margin/);
  assert.match(r.stdout, /running domains from .*state\.json/);
});

test('AUTO domains not running now are counted; STOP_PARALLEL shortens the bound', () => {
  const { root } = host('', ['a', 'b', 'c', 'd']);
  const state = join(root, 'one.json');
  writeFileSync(state, JSON.stringify({ domains: [{ id: 0, name: 'Domain-0' }, { id: 7, name: 'a' }] }));
  const serial = cli(['systemd-unit', '--root', root, '--state', state]);
  assert.equal(key(serial.stdout, 'TimeoutStopSec'), [String(2700 + 270)]);
  assert.match(serial.stdout, /counted, as they may be at shutdown: b, c, d/);
  const { root: root2 } = host('XENDOMAINS_STOP_PARALLEL=2\n', ['a', 'b', 'c', 'd']);
  const parallel = cli(['systemd-unit', '--root', root2, '--state', state]);
  assert.equal(key(parallel.stdout, 'TimeoutStopSec'), [String(1500 + 150)]);
});

test('no xm and no --state: estimated from the AUTO configs, and the unit says so', () => {
  const { root } = host();
  const r = cli(['systemd-unit', '--root', root, ...NO_XM]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /no host state \(cannot run .*\): estimated from the AUTO configs alone/);
  assert.equal(key(r.stdout, 'TimeoutStopSec'), ['1650']);
  const empty = host('', []);
  const one = cli(['systemd-unit', '--root', empty.root, ...NO_XM]);
  assert.match(one.stdout, /estimated for one/);
  assert.equal(key(one.stdout, 'TimeoutStopSec'), [String(900 + 90)]);
});

test('SysRq keys have the watchdog (D1): systemd-unit, XD4009 and plan stop give one worst case (STOP_MAXWAIT=3, SYSRQ="s u")', () => {
  // 30 domains, so the worst case is past systemd's 90 s and XD4009 speaks.
  const names = Array.from({ length: 30 }, (_, i) => `g${String(i).padStart(2, '0')}`);
  const { root, state } = host('XENDOMAINS_STOP_MAXWAIT=3\nXENDOMAINS_SYSRQ="s u"\nXENDOMAINS_USLEEP=100000\n', names);
  const plan = JSON.parse(cli(['plan', 'stop', '--root', root, '--state', state, '-f', 'json']).stdout);
  const sysrq = plan.steps.filter((s) => s.phase === 'sysrq');
  assert.is(sysrq.length, 60);
  assert.ok(sysrq.every((s) => s.timeoutSeconds === 3), 'every xm sysrq has the STOP_MAXWAIT watchdog');
  // Per domain: 2 × (3 s watchdog + 0.1 s pause) + save 3 s (+ 0.001 s after a success, not on the worst path) + shutdown 3 s; then shutdown --all 3 s.
  assert.is(plan.worstCaseSeconds, 30 * (2 * 3.1 + 3 + 3) + 3);
  const unit = cli(['systemd-unit', '--root', root, '--state', state]);
  assert.is(unit.code, 0, unit.stderr);
  const worst = Math.ceil(plan.worstCaseSeconds);
  assert.equal(key(unit.stdout, 'TimeoutStopSec'), [String(worst + Math.max(60, Math.ceil(worst * 0.1)))]);
  assert.match(unit.stdout, new RegExp(`# Worst-case stop: ${worst} s `));
  const lint = cli(['lint', '--root', root, '-f', 'json', '--severity', 'info']);
  const found = JSON.parse(lint.stdout).diagnostics.filter((d) => d.code === 'XD4009');
  assert.is(found.length, 1, lint.stdout);
  assert.match(found[0].message, new RegExp(`^worst-case stop takes ${plan.worstCaseSeconds} s \\(30 domains × 12\\.2 s \\(sysrq, sysrq, save, shutdown: every watchdog fires, every pause\\) \\+ 3 s for SHUTDOWN_ALL\\)`));
});

test('no watchdog: TimeoutStopSec=infinity, naming the steps without a bound', () => {
  const { root, state } = host('XENDOMAINS_STOP_MAXWAIT=0\n');
  const r = cli(['systemd-unit', '--root', root, '--state', state]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(key(r.stdout, 'TimeoutStopSec'), ['infinity']);
  assert.match(r.stdout, /# No finite bound: worst case unbounded/);
  assert.match(r.stdout, /# \(xm save, xm shutdown, xm shutdown --all: XENDOMAINS_STOP_MAXWAIT="0" gives no watchdog\)/);
});

test('--xendomains-path and --config reach the Exec lines, quoted for systemd', () => {
  const { root, state } = host();
  const config = join(root, 'etc/sysconfig/xendomains');
  const r = cli(['systemd-unit', '--config', config, '--state', state, '--xendomains-path', '/opt/xd bin/xendomains']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(key(r.stdout, 'ExecStop'), [`"/opt/xd bin/xendomains" --config ${config} stop`]);
  assert.is(cli(['systemd-unit', '--generic', '--xendomains-path', 'xendomains']).code, 4);
  assert.is(cli(['systemd-unit', '--root', root, '--state', join(root, 'missing.sxp')]).code, 2);
  assert.is(cli(['systemd-unit', '--root', join(root, 'nothing-here'), ...NO_XM]).code, 2);
});

const verify = testIf(have('systemd-analyze'), 'systemd-analyze not found (Debian: apt-get install systemd); units not verified');

/** systemd-analyze verify in a scratch dir: a stub for the executable, the man page on MANPATH (Documentation=). */
function analyze(unitText, units = {}) {
  const dir = tmpHost({ 'bin/xendomains': '#!/bin/sh\nexit 0\n', ...units });
  chmodSync(join(dir, 'bin/xendomains'), 0o755);
  mkdirSync(join(dir, 'man/man8'), { recursive: true });
  copyFileSync(join(ROOT, 'man/xendomains.8'), join(dir, 'man/man8/xendomains.8'));
  const unit = join(dir, 'xendomains.service');
  writeFileSync(unit, unitText.replaceAll('/usr/bin/xendomains', join(dir, 'bin/xendomains')));
  const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8', env: { ...process.env, MANPATH: join(dir, 'man'), SYSTEMD_LOG_LEVEL: 'warning' } });
  return { code: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

verify('systemd-analyze verify accepts contrib/xendomains.service without a warning', () => {
  const r = analyze(readFileSync(join(ROOT, 'contrib/xendomains.service'), 'utf8'));
  assert.is(r.code, 0, r.output);
  assert.is(r.output, '');
});

verify('systemd-analyze verify accepts generated units (finite, infinite, quoted path)', () => {
  const { root, state } = host();
  const finite = cli(['systemd-unit', '--root', root, '--state', state]).stdout;
  const infinite = cli(['systemd-unit', '--root', host('XENDOMAINS_STOP_MAXWAIT=\n').root, '--state', state]).stdout;
  for (const text of [finite, infinite]) {
    const r = analyze(text);
    assert.is(r.code, 0, r.output);
    assert.is(r.output, '');
  }
});

test('--toolstack xl: the xl unit (contrib/xendomains-xl.service): requires xenstored and /proc/xen, not xend; commands drive xl', () => {
  const r = cli(['systemd-unit', '--generic', '--toolstack', 'xl']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, readFileSync(join(ROOT, 'contrib/xendomains-xl.service'), 'utf8'));
  assert.equal(key(r.stdout, 'Requires'), ['proc-xen.mount xenstored.service']);
  const after = key(r.stdout, 'After').join(' ').split(' ');
  assert.ok(after.includes('xenstored.service') && after.includes('proc-xen.mount'));
  assert.not.ok(after.includes('xend.service'));
  assert.equal(key(r.stdout, 'ExecStart'), ['/usr/bin/xendomains --toolstack xl start']);
  assert.equal(key(r.stdout, 'ExecStop'), ['/usr/bin/xendomains --toolstack xl stop']);
  // A host unit: the bound from the xl plan; --xl reaches the Exec lines.
  const { root, state } = host();
  const h = cli(['systemd-unit', '--toolstack', 'xl', '--xl', '/opt/xen/sbin/xl', '--root', root, '--state', state]);
  assert.is(h.code, 0, h.stderr);
  assert.equal(key(h.stdout, 'ExecStop'), ['/usr/bin/xendomains --toolstack xl --xl /opt/xen/sbin/xl stop']);
  assert.equal(key(h.stdout, 'TimeoutStopSec'), [String(1500 + 150)]);
});

verify('systemd-analyze verify accepts contrib/xendomains-xl.service without a warning', () => {
  // What the unit requires, as the Xen packages install them (verify loads units beside the one checked).
  const r = analyze(readFileSync(join(ROOT, 'contrib/xendomains-xl.service'), 'utf8'), {
    'xenstored.service': '[Unit]\nDescription=The Xen xenstore\n[Service]\nType=notify\nExecStart=/bin/true\n',
    'proc-xen.mount': '[Unit]\nDescription=Mount /proc/xen files\n[Mount]\nWhat=xenfs\nWhere=/proc/xen\nType=xenfs\n',
  });
  assert.is(r.code, 0, r.output);
  assert.is(r.output, '');
});

verify('systemd-analyze verify rejects a broken unit (the check is real)', () => {
  const text = readFileSync(join(ROOT, 'contrib/xendomains.service'), 'utf8');
  const r = analyze(text.replace('ExecStart=/usr/bin/xendomains', 'ExecStart=/nonexistent/xendomains'));
  assert.is.not(r.code, 0);
});

test.after(cleanup);
test.run();

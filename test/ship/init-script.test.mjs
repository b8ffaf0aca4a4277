// contrib/init.d/xendomains: valid sh and bash, chkconfig and LSB headers, and each verb
// run from a fake /etc/init.d with XENDOMAINS_BIN pointing at a stub that records its
// arguments (and once at the real CLI, for `status`'s LSB exit code).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, cleanup, tmpHost } from '../helpers.mjs';
import { have, testIf } from './tools.mjs';

const SCRIPT = join(ROOT, 'contrib/init.d/xendomains');
const text = readFileSync(SCRIPT, 'utf8');
const USAGE = 'Usage: /etc/init.d/xendomains {start|stop|restart|reload|status}\n';
const shells = ['sh', 'bash', 'dash'].filter(have);

/** A fake root: etc/init.d/xendomains (the script) and a stub CLI that logs "$@" and exits $STUB_EXIT. */
function fakeRoot() {
  const root = tmpHost({ 'usr/bin/xendomains': '#!/bin/sh\necho "$*" >> "$STUB_LOG"\necho "stub: $*"\nexit "${STUB_EXIT:-0}"\n' });
  chmodSync(join(root, 'usr/bin/xendomains'), 0o755);
  mkdirSync(join(root, 'etc/init.d'), { recursive: true });
  copyFileSync(SCRIPT, join(root, 'etc/init.d/xendomains'));
  chmodSync(join(root, 'etc/init.d/xendomains'), 0o755);
  return root;
}

function initd(root, args, { shell, env = {} } = {}) {
  const log = join(root, 'calls.log');
  rmSync(log, { force: true });
  const script = join(root, 'etc/init.d/xendomains');
  // Like service(8): a clean environment, the script run directly (or by the given shell).
  const r = spawnSync(shell ?? script, shell ? [script, ...args] : args, {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', XENDOMAINS_BIN: join(root, 'usr/bin/xendomains'), STUB_LOG: log, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: existsSync(log) ? readFileSync(log, 'utf8') : '' };
}

test('parses with sh -n, bash -n and dash -n; is executable', () => {
  assert.ok(shells.includes('sh') && shells.includes('bash'));
  for (const sh of shells) {
    const r = spawnSync(sh, ['-n', SCRIPT], { encoding: 'utf8' });
    assert.is(r.status, 0, `${sh}: ${r.stderr}`);
  }
  assert.ok(statSync(SCRIPT).mode & 0o111, 'mode +x');
  assert.ok(text.startsWith('#!/bin/sh\n'));
});

testIf(have('dash'), 'dash not found (apt-get install dash): the script is not run by dash')('dash: parses and passes each verb with its exit code', () => {
  assert.is(spawnSync('dash', ['-n', SCRIPT], { encoding: 'utf8' }).status, 0);
  const root = fakeRoot();
  for (const [verb, exit] of [['start', 0], ['status', 3]]) {
    const r = initd(root, [verb], { shell: 'dash', env: { STUB_EXIT: String(exit) } });
    assert.is(r.calls, `${verb}\n`);
    assert.is(r.code, exit);
  }
});

test('chkconfig header (runlevels 3 4 5) and LSB block', () => {
  assert.match(text, /^# chkconfig: 345 98 01$/m);
  assert.match(text, /^# description: /m);
  const lsb = /^### BEGIN INIT INFO\n([\s\S]*?)^### END INIT INFO$/m.exec(text)?.[1];
  assert.ok(lsb, 'LSB block');
  const field = (name) => new RegExp(`^# ${name}:\\s+(.*)$`, 'm').exec(lsb)?.[1];
  assert.is(field('Provides'), 'xendomains');
  // insserv refuses a script whose Required-Start names a service the host lacks: xend on xl hosts.
  assert.is(field('Required-Start'), '$syslog $remote_fs');
  assert.is(field('Required-Stop'), '$syslog $remote_fs');
  for (const f of ['Should-Start', 'Should-Stop']) for (const s of ['xend', 'xenstored', 'xenconsoled']) assert.ok(field(f).split(' ').includes(s), `${f} ${s}`);
  assert.is(field('Default-Start'), '3 4 5');
  assert.is(field('Default-Stop'), '0 1 2 6');
  assert.ok(field('Short-Description'));
});

test('each verb is passed to the CLI, alone, with its exit code', () => {
  const root = fakeRoot();
  for (const shell of [undefined, ...shells]) {
    for (const [verb, exit] of [['start', 0], ['stop', 0], ['restart', 1], ['reload', 0], ['status', 3]]) {
      const r = initd(root, [verb], { shell, env: { STUB_EXIT: String(exit) } });
      assert.is(r.calls, `${verb}\n`, `${shell ?? 'direct'} ${verb}`);
      assert.is(r.code, exit, `${shell ?? 'direct'} ${verb}`);
      assert.is(r.stdout, `stub: ${verb}\n`);
    }
  }
  assert.is(initd(root, ['force-reload']).calls, 'reload\n');
  assert.is(initd(root, ['stop', 'extra']).calls, 'stop\n');
});

test('the toolstack: xl when only xl is on PATH, XENDOMAINS_TOOLSTACK wins, nothing added otherwise', () => {
  const root = fakeRoot();
  const bin = join(root, 'xen-bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'xl'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'xl'), 0o755);
  const path = `${bin}:/usr/bin:/bin`;
  for (const shell of [undefined, ...shells]) {
    assert.is(initd(root, ['stop'], { shell, env: { PATH: path } }).calls, '--toolstack xl stop\n', `${shell ?? 'direct'}: xl only`);
    assert.is(initd(root, ['stop'], { shell, env: { PATH: path, XENDOMAINS_TOOLSTACK: 'xm' } }).calls, '--toolstack xm stop\n');
  }
  writeFileSync(join(bin, 'xm'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'xm'), 0o755);
  assert.is(initd(root, ['status'], { env: { PATH: path } }).calls, 'status\n', 'xm and xl both there: the CLI decides');
});

test('help prints the usage and exits 0; an unknown or missing verb prints it and exits 3', () => {
  const root = fakeRoot();
  const help = initd(root, ['help']);
  assert.is(help.code, 0);
  assert.is(help.stdout, USAGE);
  assert.is(help.calls, '');
  for (const args of [['bogus'], [], ['START'], ['--help']]) {
    const r = initd(root, args);
    assert.is(r.code, 3, args.join(' '));
    assert.is(r.stdout, USAGE);
    assert.is(r.calls, '');
  }
});

test('a missing CLI: exit 5 (not installed), 4 for status (unknown)', () => {
  const root = fakeRoot();
  const env = { XENDOMAINS_BIN: join(root, 'nope') };
  const start = initd(root, ['start'], { env });
  assert.is(start.code, 5);
  assert.match(start.stderr, /not installed/);
  assert.is(initd(root, ['status'], { env }).code, 4);
});

test('through the real CLI: status reports "not running" with LSB exit 3', () => {
  const root = fakeRoot();
  const wrapper = join(root, 'usr/bin/xendomains');
  const examples = join(ROOT, 'examples');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@" --root "${examples}" --state "${examples}/state.sxp" --xm /bin/false\n`);
  const r = initd(root, ['status'], { env: { NO_COLOR: '1' } });
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stdout, /not running/);
});

test.after(cleanup);
test.run();

// Malformed and hostile input through the real CLI: a diagnostic with
// file:line:column or one clear error line, the documented exit code, and never a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmpHost, cleanup } from '../helpers.mjs';

const SYS = 'etc/sysconfig/xendomains';

function lint(root, ...extra) {
  const r = cli(['lint', '--root', root, '--format', 'gcc', ...extra]);
  assert.not.match(r.stderr + r.stdout, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  assert.not.match(r.stderr, /internal error/);
  return r;
}

function randomBytes(n, seed) {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x & 0xff;
  }
  return out;
}

test('empty file: clean apart from the unset watchdog', () => {
  const r = lint(tmpHost({ [SYS]: '' }));
  assert.match(r.stdout, /xendomains:1:1: warning: .*\[XD2009\/stop-maxwait\]/);
  assert.is(r.code, 1);
});

test('random bytes: XD1001 with a position, exit 1', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const r = lint(tmpHost({ [SYS]: randomBytes(4096, seed) }));
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stdout, /xendomains:\d+:\d+: error: .*\[XD100[12]\//);
  }
});

test('NUL bytes: where bash stops reading, and a binary file as bash refuses it', () => {
  const cut = lint(tmpHost({ [SYS]: Buffer.from('XENDOMAINS_SAVE=/x\n\0\0\0ELF\n') }));
  assert.match(cut.stdout, /xendomains:2:2: error: NUL byte: bash stops reading the file here .*nothing after line 2 is assigned/);
  assert.is(cut.code, 1);
  const binary = lint(tmpHost({ [SYS]: Buffer.from(`XENDOMAINS_SAVE=/x\n${'\0x'.repeat(300)}\n`) }));
  assert.match(binary.stdout, /xendomains:2:1: error: binary file \(more than 256 NUL bytes\): bash refuses to source it/);
  assert.is(binary.code, 1);
});

test('invalid UTF-8 is located', () => {
  const r = lint(tmpHost({ [SYS]: Buffer.concat([Buffer.from('XENDOMAINS_SAVE=/var/lib/xen/save\n# caf'), Buffer.from([0xe9, 0x0a])]) }));
  assert.match(r.stdout, /xendomains:2:6: error: invalid UTF-8 byte sequence \[XD1001/);
});

test('a UTF-8 BOM is reported at 1:1', () => {
  const r = lint(tmpHost({ [SYS]: '\uFEFFXENDOMAINS_STOP_MAXWAIT=300\n' }));
  assert.match(r.stdout, /xendomains:1:1: error: the file starts with a UTF-8 byte order mark/);
});

test('CRLF line endings: one finding naming every value they break; a single stray CR is per value', () => {
  const r = lint(tmpHost({ [SYS]: 'XENDOMAINS_RESTORE=true\r\nXENDOMAINS_STOP_MAXWAIT=300\r\n' }));
  assert.match(r.stdout, /xendomains:1:24: error: the file has DOS \(CRLF\) line endings: .*XENDOMAINS_RESTORE and XENDOMAINS_STOP_MAXWAIT are not what they look like \(XENDOMAINS_RESTORE="true\\r" is not "true"\)/);
  assert.not.match(r.stdout, /XD2008|XD2009/, 'the value rules do not report the same CR again');
  const one = lint(tmpHost({ [SYS]: 'XENDOMAINS_RESTORE=true\r\nXENDOMAINS_STOP_MAXWAIT=300\n' }));
  assert.match(one.stdout, /xendomains:1:24: error: the value of XENDOMAINS_RESTORE ends up as "true\\r"/);
});

test('truncated quotes: the position of the opening quote', () => {
  const r = lint(tmpHost({ [SYS]: 'XENDOMAINS_STOP_MAXWAIT=300\nXENDOMAINS_SHUTDOWN="--halt --wait\n' }));
  assert.match(r.stdout, /xendomains:2:21: error: unterminated double quote/);
  const s = lint(tmpHost({ [SYS]: "XENDOMAINS_STOP_MAXWAIT=300\nXENDOMAINS_SYSRQ='s u\n" }));
  assert.match(s.stdout, /xendomains:2:18: error: unterminated single quote/);
});

test('a 5 MB file lints without crashing', () => {
  const big = 'XENDOMAINS_SAVE=/var/lib/xen/save # padding padding padding\n'.repeat(90000);
  const r = lint(tmpHost({ [SYS]: `XENDOMAINS_STOP_MAXWAIT=300\n${big}` }));
  assert.is(r.code, 0, r.stderr + r.stdout.slice(0, 500));
});

test('missing config: one line naming both paths, exit 2', () => {
  const root = tmpHost({});
  const r = lint(root);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^xendomains: cannot read .*etc\/sysconfig\/xendomains: no such file \(also tried .*etc\/default\/xendomains\)\n$/);
});

test('/etc/default/xendomains is used when there is no /etc/sysconfig one', () => {
  const r = lint(tmpHost({ 'etc/default/xendomains': 'XENDOMAINS_STOP_MAXWAIT=300\n' }));
  assert.is(r.code, 0, r.stderr);
});

test('a directory in place of the file: exit 2, one line', () => {
  const root = tmpHost({});
  mkdirSync(join(root, SYS), { recursive: true });
  const r = lint(root);
  assert.is(r.code, 2);
  assert.match(r.stderr, /cannot read .*xendomains: is a directory, not a file\n$/);
});

test('a symlink loop: exit 2, one line', () => {
  const root = tmpHost({});
  mkdirSync(join(root, 'etc/sysconfig'), { recursive: true });
  symlinkSync('xendomains', join(root, SYS));
  const r = lint(root);
  assert.is(r.code, 2);
  assert.match(r.stderr, /too many levels of symbolic links/);
});

test('an unreadable file: exit 2 (root reads anything, so this uses a FIFO-free dangling link)', () => {
  const root = tmpHost({});
  mkdirSync(join(root, 'etc/sysconfig'), { recursive: true });
  symlinkSync('/nonexistent/target', join(root, SYS));
  const r = lint(root);
  assert.is(r.code, 2);
  assert.match(r.stderr, /no such file/);
});

test('lint FILES on a machine without a host sysconfig lints just the files (pre-commit)', () => {
  const dir = tmpHost({ 'a.cfg': "name = 'a'\nvif = ['mac=00:16:3e:00:00:01']\n", 'b.cfg': "name = 'b'\nvif = ['mac=00:16:3e:00:00:01']\n" });
  const r = cli(['lint', '-f', 'gcc', 'a.cfg', 'b.cfg'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /^b\.cfg:2:13: error: MAC 00:16:3e:00:00:01 is also used at a\.cfg:2:13/);
  assert.is(cli(['lint', 'missing.cfg'], { cwd: dir }).code, 2);
});

test('usage errors exit 3, bad option values exit 4', () => {
  assert.is(cli(['lint', '--no-such-option']).code, 3);
  assert.is(cli(['frobnicate']).code, 3);
  assert.is(cli([]).code, 3);
  const root = tmpHost({ [SYS]: 'XENDOMAINS_STOP_MAXWAIT=300\n' });
  for (const bad of [['--format', 'xml'], ['--severity', 'fatal'], ['--fail-on', 'never'], ['--max-warnings', '-1'], ['--disable', 'XD9999']]) {
    const r = cli(['lint', '--root', root, ...bad]);
    assert.is(r.code, 4, `${bad.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^xendomains: invalid value for --/);
  }
});

test('a broken rc file exits 4 with its position', () => {
  const root = tmpHost({ [SYS]: 'XENDOMAINS_STOP_MAXWAIT=300\n', '.xendomainsrc.json': '{\n  "rules": {"XD2004": "loud"}\n}\n' });
  const r = cli(['lint', '--root', root]);
  assert.is(r.code, 4);
  assert.match(r.stderr, /\.xendomainsrc\.json: \/rules\/XD2004 must be equal to one of the allowed values/);
  writeFileSync(join(root, '.xendomainsrc.json'), '{\n  "rules": {,}\n}');
  const j = cli(['lint', '--root', root]);
  assert.is(j.code, 4);
  assert.match(j.stderr, /\.xendomainsrc\.json:2:\d+: invalid JSON/);
});

test.after(cleanup);
test.run();

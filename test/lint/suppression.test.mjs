// Suppression directives, rc files and the --enable/--disable/--severity/
// --fail-on/--max-warnings options, through the CLI.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmpHost, cleanup, ROOT } from '../helpers.mjs';

const SYS = 'etc/sysconfig/xendomains';
const json = (r) => JSON.parse(r.stdout).diagnostics.map((d) => `${d.line}:${d.code}`);

test('a directive on the line before covers that assignment only', () => {
  const root = tmpHost({ [SYS]: 'XENDOMAINS_STOP_MAXWAIT=300\n# xendomains disable=XD2008 -- Debian hosts share this file\nXENDOMAINS_RESTORE=yes\nXENDOMAINS_AUTO_ONLY=yes\n' });
  const r = cli(['lint', '--root', root, '-f', 'json']);
  assert.equal(json(r), ['4:XD2008']);
});

test('a directive above the first assignment (with a gap) covers the file', () => {
  const root = tmpHost({ [SYS]: '# xendomains disable=boolean-value -- shared file\n\nXENDOMAINS_STOP_MAXWAIT=300\nXENDOMAINS_RESTORE=yes\nXENDOMAINS_AUTO_ONLY=yes\n' });
  assert.equal(json(cli(['lint', '--root', root, '-f', 'json'])), []);
});

test('unused and unknown directives are reported and cannot be suppressed', () => {
  const root = tmpHost({ [SYS]: 'XENDOMAINS_STOP_MAXWAIT=300\n# xendomains disable=XD2004,XD7777\nXENDOMAINS_RESTORE=true\n' });
  const r = cli(['lint', '--root', root, '-f', 'json']);
  assert.equal(json(r), ['2:XD9001', '2:XD9002']);
  const cols = JSON.parse(r.stdout).diagnostics.map((d) => d.column);
  assert.equal(cols, [22, 29], 'each code is located');
});

test('rc file: severity overrides and disabled rules; --enable re-enables', () => {
  const root = tmpHost({
    [SYS]: 'XENDOMAINS_RESTORE=yes\n',
    '.xendomainsrc.json': JSON.stringify({ rules: { 'stop-maxwait': 'off', XD2008: 'error' } }),
  });
  const r = cli(['lint', '--root', root, '-f', 'json']);
  assert.equal(JSON.parse(r.stdout).diagnostics.map((d) => `${d.code}:${d.severity}`), ['XD2008:error']);
  assert.equal(json(cli(['lint', '--root', root, '-f', 'json', '--enable', 'XD2009'])), ['1:XD2009', '1:XD2008']);
  assert.equal(json(cli(['lint', '--root', root, '-f', 'json', '--disable', 'XD2008'])), []);
});

test('--severity hides, --fail-on and --max-warnings decide the exit code', () => {
  const root = tmpHost({ [SYS]: 'XENDOMAINS_STOP_MAXWAIT=300\nXENDOMAINS_STOP_PARALLEL=2\nXENDOMAINS_RESTORE=yes\n' });
  assert.equal(json(cli(['lint', '--root', root, '-f', 'json'])), ['2:XD2011', '3:XD2008']);
  assert.equal(json(cli(['lint', '--root', root, '-f', 'json', '--severity', 'warning'])), ['3:XD2008']);
  assert.is(cli(['lint', '--root', root]).code, 1, 'a warning fails by default');
  assert.is(cli(['lint', '--root', root, '--fail-on', 'error']).code, 0);
  assert.is(cli(['lint', '--root', root, '--fail-on', 'error', '--max-warnings', '0']).code, 1);
  assert.is(cli(['lint', '--root', root, '--fail-on', 'error', '--max-warnings', '1']).code, 0);
  const info = tmpHost({ [SYS]: 'XENDOMAINS_STOP_MAXWAIT=300\nXENDOMAINS_STOP_PARALLEL=2\n' });
  assert.is(cli(['lint', '--root', info]).code, 0, 'info alone exits 0');
  assert.is(cli(['lint', '--root', info, '--fail-on', 'info']).code, 1);
});

test('the shipped sample sysconfig lints clean (info findings only)', () => {
  const r = cli(['lint', '--root', 'examples', '-f', 'json']);
  const onSysconfig = JSON.parse(r.stdout).diagnostics.filter((d) => d.file.endsWith('xendomains'));
  assert.equal(onSysconfig.filter((d) => d.severity !== 'info').map((d) => d.message), []);
  const alone = cli(['lint', '--root', tmpHost({ [SYS]: readFileSync(join(ROOT, 'examples/etc/sysconfig/xendomains')) })]);
  assert.is(alone.code, 0, alone.stdout);
});

test.after(cleanup);
test.run();

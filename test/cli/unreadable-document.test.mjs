// `lint` with an unreadable file (issue #11 item 12): the machine-readable formats
// still print a whole document, naming the file as an XD9003 finding; the exit
// status stays 2 (unreadable input) and the reason is on stderr for every format.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanup, cli, SAMPLE_SYSCONFIG, tmpHost } from '../helpers.mjs';

const dir = tmpHost({ 'web.cfg': "name = 'web'\nmemory = 512\n" });
const lint = (format) => cli(['lint', '-c', SAMPLE_SYSCONFIG, 'web.cfg', 'missing.cfg', '--format', format], { cwd: dir });

test.after(cleanup);

test('json: a schema-shaped document with the unreadable file as XD9003', () => {
  const r = lint('json');
  assert.is(r.code, 2, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.is(doc.version, 1);
  const found = doc.diagnostics.filter((d) => d.code === 'XD9003');
  assert.equal(found.map((d) => [d.file, d.severity, d.name]), [['missing.cfg', 'error', 'unreadable-input']]);
  assert.match(found[0].message, /cannot read missing\.cfg: no such file/);
  assert.is(doc.summary.errors, 1);
  assert.match(r.stderr, /cannot read missing\.cfg/);
});

test('sarif, checkstyle, github: a document naming the file', () => {
  const sarif = lint('sarif');
  assert.is(sarif.code, 2);
  const log = JSON.parse(sarif.stdout);
  assert.ok(log.runs[0].results.some((x) => x.ruleId === 'XD9003' && JSON.stringify(x.locations).includes('missing.cfg')));
  const checkstyle = lint('checkstyle');
  assert.is(checkstyle.code, 2);
  assert.match(checkstyle.stdout, /^<\?xml[\s\S]*<file name="missing\.cfg">[\s\S]*source="xendomains\.XD9003[\s\S]*<\/checkstyle>\n$/);
  const github = lint('github');
  assert.is(github.code, 2);
  assert.match(github.stdout, /^::error file=missing\.cfg,.*::cannot read missing\.cfg: no such file/m);
});

test('stylish and gcc: unchanged, the reason on stderr and exit 2', () => {
  for (const format of ['stylish', 'gcc']) {
    const r = lint(format);
    assert.is(r.code, 2);
    assert.is(r.stdout, '');
    assert.match(r.stderr, /cannot read missing\.cfg: no such file/);
  }
});

test.run();

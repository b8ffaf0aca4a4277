// test/run.mjs itself, on the fixture files in test/fixtures/runner: skipped tests are
// not failures (uvu's Total leaves them out), an all-skipped file is listed with its
// reason, and every kind of failure (failed test, crash, throw at load, throwing hooks,
// non-zero exit after a clean summary, no tests) fails the run with exit 1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.mjs';

const RUNNER = join(ROOT, 'test/run.mjs');
const FIXTURES = join(ROOT, 'test/fixtures/runner');

function runner(filters, env = {}) {
  const e = { ...process.env, ...env };
  if (env.CI === undefined) delete e.CI;
  const r = spawnSync(process.execPath, [RUNNER, '--dir', FIXTURES, ...filters], { encoding: 'utf8', env: e, timeout: 120_000 });
  const lines = r.stdout.trimEnd().split('\n');
  return { code: r.status, stdout: r.stdout, last: lines.at(-1), line: (file) => lines.find((l) => l.includes(`runner/${file}.test.mjs`)) };
}

test('passing and partly skipped files: skips are counted, not failed; the reason is listed', () => {
  const r = runner(['/pass.', '/some-skipped.']);
  assert.is(r.last, '3 passed, 0 failed, 1 skipped');
  assert.is(r.code, 0, r.stdout);
  assert.match(r.line('some-skipped'), /^ok {3}.*\(1\/1, 1 skipped\)/);
  assert.match(r.stdout, /\n {7}skipped: the fixture tool is missing\n/);
});

test('a file whose tests were all skipped: listed as skip with its reason, exit 0', () => {
  const r = runner(['/all-skipped.']);
  assert.is(r.last, '0 passed, 0 failed, 2 skipped');
  assert.is(r.code, 0, r.stdout);
  assert.match(r.line('all-skipped'), /^skip test\/fixtures\/runner\/all-skipped\.test\.mjs/);
  assert.match(r.stdout, /skipped: xd-no-such-tool-h10 not found \(apt-get install nothing\): fixture skipped\n/);
});

test('CI=true: a missing tool fails its tests instead of skipping them', () => {
  const r = runner(['/all-skipped.', '/some-skipped.'], { CI: 'true' });
  assert.is(r.last, '1 passed, 3 failed, 0 skipped');
  assert.is(r.code, 1);
  assert.match(r.stdout, /CI=true and a required tool is missing: xd-no-such-tool-h10 not found/);
});

const failures = {
  fail: [/^FAIL .*\(1\/2\)/, '1 passed, 1 failed, 0 skipped'],
  crash: [/^FAIL .*\[exit 3, no summary: crashed\?\]/, '0 passed, 1 failed, 0 skipped'],
  'throws-at-load': [/^FAIL .*\[exit 1, no summary: crashed\?\]/, '0 passed, 1 failed, 0 skipped'],
  'before-hook-throws': [/^FAIL .*\(0\/2\)/, '0 passed, 2 failed, 0 skipped'],
  'after-hook-throws': [/^FAIL .*no summary/, '0 passed, 1 failed, 0 skipped'],
  'exit-after-summary': [/^FAIL .*\(1\/1\) \[exit 4 after a clean summary\]/, '1 passed, 1 failed, 0 skipped'],
  'no-tests': [/^FAIL .*\[ran no tests\]/, '0 passed, 1 failed, 0 skipped'],
};
for (const [file, [status, summary]] of Object.entries(failures)) {
  test(`${file}: the file is FAIL, its output shown, exit 1`, () => {
    const r = runner([`/${file}.`]);
    assert.match(r.line(file), status);
    assert.is(r.last, summary);
    assert.is(r.code, 1);
  });
}

test('one failing file among passing ones still fails the run; the summary is the last line', () => {
  const r = runner(['/pass.', '/fail.', '/all-skipped.']);
  assert.is(r.last, '3 passed, 1 failed, 2 skipped');
  assert.is(r.code, 1);
  assert.match(r.stdout, /fixture failure/);
});

test('no matching file is a failure, not an empty success', () => {
  const r = runner(['no-such-file']);
  assert.is(r.last, '0 passed, 1 failed, 0 skipped');
  assert.is(r.code, 1);
});

test('the suite does not pick up the fixtures', () => {
  const r = spawnSync(process.execPath, [RUNNER, 'fixtures/runner/'], { encoding: 'utf8' });
  assert.match(r.stdout, /^no test files matching fixtures\/runner\//m);
  assert.is(r.status, 1);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatters, format } from '../../dist/src/report/index.js';
import { FORMATS } from '../../dist/src/report/types.js';
import { stylish } from '../../dist/src/report/stylish.js';
import { gcc } from '../../dist/src/report/gcc.js';
import { json } from '../../dist/src/report/json.js';
import { sarif } from '../../dist/src/report/sarif.js';
import { github } from '../../dist/src/report/github.js';
import { checkstyle } from '../../dist/src/report/checkstyle.js';
import { report } from './fixture.mjs';

test('formatters: one per --format name, and nothing else', () => {
  assert.equal(Object.keys(formatters).sort(), [...FORMATS].sort());
  assert.equal(formatters, { stylish, gcc, json, sarif, github, checkstyle });
});

test('format: dispatches by name', () => {
  for (const name of FORMATS) {
    assert.is(format(name, report(), { color: false }), formatters[name](report(), { color: false }), name);
  }
});

test('format: unknown names throw, including Object.prototype members', () => {
  for (const name of ['tty', 'toString', '__proto__', 'constructor']) {
    assert.throws(() => format(name, report(), { color: false }), /unknown format/, name);
  }
});

test('machine formats never contain ANSI escapes, even with color on', () => {
  for (const name of FORMATS.filter((f) => f !== 'stylish')) {
    const out = format(name, report(), { color: true });
    assert.ok(out.length > 0, name);
    assert.not.ok(out.includes('\u001b'), name);
  }
});

test('formatters are pure: same input, same output, input untouched', () => {
  const r = report();
  const before = JSON.stringify({ ...r, sources: [...r.sources] });
  for (const name of FORMATS) assert.is(format(name, r, { color: true }), format(name, r, { color: true }), name);
  assert.is(JSON.stringify({ ...r, sources: [...r.sources] }), before);
});

test.run();

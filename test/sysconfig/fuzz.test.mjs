// Property tests: thousands of mutated sysconfig files through the compiler and
// the rules. Nothing may throw, and every reported span must lie inside the text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { compileSysconfig } from '../../dist/src/model/sysconfig-compile.js';
import { lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';
import { SAMPLE_SYSCONFIG } from '../helpers.mjs';

const seeds = [
  readFileSync(SAMPLE_SYSCONFIG, 'utf8'),
  'XENDOMAINS_MIGRATE="--live $HOST"\nexport XENDOMAINS_SYSRQ=$\'s\\tu\'\nA=1 B=${A}x # c\n',
  '# xendomains disable=XD2008 -- why\nXENDOMAINS_RESTORE=yes\nif [ -x /x ]; then X=$(y); fi\n',
];
const alphabet = ['"', "'", '\\', '$', '{', '}', '(', ')', '`', '#', '\n', '\r', ' ', '\t', ';', '|', '&', '=', 'X', '~', '\0', '\uFEFF', '\u00e9', '$\'', '${', '$(', '\\\n'];

function inside(span, text) {
  return span.start.offset >= 0 && span.end.offset <= text.length && span.start.offset <= span.end.offset && span.start.line >= 1 && span.start.column >= 1;
}

const mutation = fc.record({
  seed: fc.integer({ min: 0, max: seeds.length - 1 }),
  edits: fc.array(fc.record({ at: fc.nat(), del: fc.integer({ min: 0, max: 4 }), ins: fc.array(fc.constantFrom(...alphabet), { maxLength: 4 }) }), { minLength: 1, maxLength: 6 }),
});

function apply({ seed, edits }) {
  let text = seeds[seed];
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    text = text.slice(0, at) + e.ins.join('') + text.slice(at + e.del);
  }
  return text;
}

test('mutated files never crash the compiler or the rules; spans stay inside the text', () => {
  fc.assert(
    fc.property(mutation, (m) => {
      const text = apply(m);
      const model = compileSysconfig(text, 'f');
      for (const p of model.problems) assert.ok(inside(p.span, text), JSON.stringify(p));
      for (const a of model.assignments) assert.ok(inside(a.valueSpan, text) && inside(a.nameSpan, text));
      for (const d of lintModels({ sysconfig: model, domains: [] }, { rules })) assert.ok(inside(d.span, text), JSON.stringify(d));
    }),
    { numRuns: 3000, seed: 42 },
  );
});

test('arbitrary unicode strings never crash the compiler', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      compileSysconfig(text, 'f');
    }),
    { numRuns: 2000, seed: 7 },
  );
});

test.run();

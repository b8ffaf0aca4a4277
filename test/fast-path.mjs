// The property tests every compiler fast path (domain-simple, sysconfig-plain)
// needs beside its hand-picked cases: on generated inputs it takes most and builds
// the full compiler's model; on randomly edited ones whatever it takes still matches.
import * as assert from 'uvu/assert';
import fc from 'fast-check';

/** A span as plain data, for comparing models with assert.equal. */
export const spanOf = (s) => s && [s.file, s.start.line, s.start.column, s.start.offset, s.end.line, s.end.column, s.end.offset];

/**
 * Registers both tests on `test`. `same(text)` compares the two compilers on `text`
 * (asserting) and returns whether the fast path took it.
 */
export function fastPathProperties(test, { what, inputs, editChars, same, minTaken, seed }) {
  test(`generated ${what}: taken ones are identical to the full compiler`, () => {
    let taken = 0;
    fc.assert(fc.property(inputs, fc.boolean(), (text, newline) => {
      if (same(newline ? `${text}\n` : text)) taken++;
    }), { numRuns: 3000, seed });
    assert.ok(taken > minTaken, `most generated ${what} take the fast path (${taken})`);
  });

  test(`edited ${what}: whatever the fast path takes matches the full compiler`, () => {
    const chars = fc.constantFrom(...editChars);
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ unit: chars, maxLength: 3 })), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(inputs, edits, (text, list) => {
      let t = text;
      for (const [at, del, ins] of list) {
        const i = t.length ? at % (t.length + 1) : 0;
        t = t.slice(0, i) + ins + t.slice(i + del);
      }
      same(t);
    }), { numRuns: 4000, seed: seed + 1 });
  });
}

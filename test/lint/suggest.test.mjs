// didYouMean is linear (issue #11 item 9): the bounded distance with early exit
// must pick exactly what the plain full-matrix distance picks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { boundedDistance, didYouMean, editDistance } from '../../dist/src/lint/suggest.js';

function naiveDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}

function naiveDidYouMean(word, candidates) {
  const upper = word.toUpperCase();
  let best;
  for (const c of candidates) {
    const distance = naiveDistance(upper, c.toUpperCase());
    if (!best || distance < best.distance) best = { c, distance };
  }
  if (best && best.distance <= Math.max(2, Math.floor(word.length / 5))) return best.c;
  return candidates.filter((c) => upper.startsWith(c.toUpperCase())).sort((a, b) => b.length - a.length)[0];
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'm', 'e', '_'), maxLength: 12 });

test('boundedDistance = the full distance when within the limit, else limit + 1', () => {
  fc.assert(fc.property(word, word, fc.nat(8), (a, b, limit) => {
    const full = naiveDistance(a, b);
    assert.is(editDistance(a, b), full);
    assert.is(boundedDistance(a, b, limit), full <= limit ? full : limit + 1);
  }), { numRuns: 3000 });
});

test('didYouMean picks what the full computation picks', () => {
  fc.assert(fc.property(word, fc.array(word, { maxLength: 12 }), (w, cands) => {
    assert.is(didYouMean(w, cands), naiveDidYouMean(w, cands));
  }), { numRuns: 3000 });
  assert.is(didYouMean('memmory', ['memory', 'maxmem', 'name']), 'memory');
  assert.is(didYouMean('XENDOMAINS_SAVEDIR', ['XENDOMAINS_SAVE', 'XENDOMAINS_AUTO']), 'XENDOMAINS_SAVE');
});

test.run();

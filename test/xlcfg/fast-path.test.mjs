// The xl.cfg fast path (grammar/xlcfg/fast.ts) builds exactly what the full
// parser builds, and declines (undefined) every file the full parser rejects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSimpleXlConfig } from '../../dist/grammar/xlcfg/fast.js';
import { parseXlConfigFull } from '../../dist/grammar/xlcfg/parser.js';
import { SPEC_VECTORS } from './vectors.mjs';

const CORPUS = new URL('../../../shared/corpus/xen-xl/', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/xl/', import.meta.url).pathname;

function same(text) {
  const fast = parseSimpleXlConfig(text);
  const full = parseXlConfigFull(text);
  if (fast === undefined) return full.ok ? 'declined' : 'declined-bad';
  assert.ok(full.ok, `fast path accepted a file the parser rejects: ${JSON.stringify(text)}`);
  assert.equal(fast, full, JSON.stringify(text));
  return 'fast';
}

test('corpus, fixtures and spec vectors', () => {
  const texts = [...readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8')), ...readdirSync(FIXTURES).map((f) => readFileSync(join(FIXTURES, f), 'utf8')),
    ...SPEC_VECTORS.filter((v) => v.length < 2000)];
  const outcomes = texts.map(same);
  assert.ok(outcomes.filter((o) => o === 'fast').length >= 10, 'the fast path takes the ordinary files');
});

test('mutations of the corpus: the fast path agrees or declines', () => {
  const bases = readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8'));
  const alphabet = ['\n', ' ', '"', "'", '\\', '#', '[', ']', ',', ';', '=', '+', 'a', '0', 'x', '\r', '\t', 'é'];
  let seed = 7;
  const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  let fast = 0;
  for (let i = 0; i < 3000; i++) {
    let text = bases[i % bases.length];
    const at = Math.floor(r() * text.length);
    const ch = alphabet[Math.floor(r() * alphabet.length)];
    text = r() < 0.5 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    if (same(text) === 'fast') fast++;
  }
  assert.ok(fast > 300);
});

test.run();

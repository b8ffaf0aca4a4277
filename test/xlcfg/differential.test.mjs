// Differential test against the real libxlutil (libxen-dev): for every input our
// parser must give what xlu_cfg_readfile gives — success or failure, every message
// it prints (same text, same line numbers, same count, the Python hint) — and, for
// each key, what xlu_cfg_get_string / get_long / get_list return and warn.
// Inputs: the spec's §5.4 vectors, Xen's xlexample files, the corpus, and
// thousands of generated and mutated files (seeded, so failures reproduce).
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testIf } from '../tools.mjs';
import { mulberry32 } from '../helpers.mjs';
import { libxluMissing, readTextsWithLibxlu } from './libxlu.mjs';
import { keysOf, readWithOurs } from './ours.mjs';
import { SPEC_VECTORS } from './vectors.mjs';

const missing = libxluMissing();
const test = testIf(!missing, missing ?? '');
const CORPUS = new URL('../../../shared/corpus/xen-xl/', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/xl/', import.meta.url).pathname;

/** Compares all items in one harness run; reports the first few differences with their inputs. */
function agree(texts, label) {
  // the stack-limit vectors nest lists ~5,000 deep: compare only how they parse (JSON tools recurse)
  const items = texts.map((text) => ({ text, keys: text.length > 9000 ? ['name'] : keysOf(text) }));
  const theirs = readTextsWithLibxlu(items);
  const diffs = [];
  texts.forEach((text, i) => {
    const ours = readWithOurs(text, items[i].keys);
    // JSON text: lists nest 5,000 deep in the stack-limit vectors, too deep for a recursive deep-equal
    if (JSON.stringify(ours) !== JSON.stringify(theirs[i])) {
      diffs.push(`${label} #${i} ${JSON.stringify(text).slice(0, 300)}\n  ours: ${JSON.stringify(ours).slice(0, 600)}\n  xl:   ${JSON.stringify(theirs[i]).slice(0, 600)}`);
    }
  });
  assert.is(diffs.length, 0, `${diffs.length} of ${texts.length} differ:\n${diffs.slice(0, 5).join('\n')}`);
}

test('every test vector of spec §5.4 (and the §15 corrections)', () => {
  agree(SPEC_VECTORS, 'vector');
});

test('Xen xlexample files and the xl fixtures', () => {
  const files = [...readdirSync(CORPUS).map((f) => join(CORPUS, f)), ...readdirSync(FIXTURES).map((f) => join(FIXTURES, f))];
  assert.ok(files.length >= 3);
  agree(files.map((f) => readFileSync(f, 'utf8')), 'corpus');
});

// ---- generated files: a seeded generator over xl.cfg's pieces, valid and not

const KEYS = ['name', 'memory', 'maxmem', 'vcpus', 'disk', 'vif', 'type', 'kernel', 'extra', 'a', 'b.c', 'x_1', 'on_crash', 'cpus'];
const STRING_BODIES = ['', 'x', 'vm1', '512', ' 512', '-1', '0x1f', '010', '08', '1e5', 'phy:/dev/vg/x,xvda,w', 'a b', 'é ü', '#not', ';,[]=',
  '\\t', '\\n', '\\"', "\\'", '\\\\', '\\a\\b\\f\\v\\r', '\\101', '\\1012', '\\1 2x', '\\12', '\\0', '\\x41', '\\q', '\\9', '\\-12', '99999999999999999999'];
const NUMBERS = ['0', '1', '512', '0x10', '0X10', '010', '08', '09', '1e5', '12abc', '0x', '0xfff', '9223372036854775807', '9223372036854775808', '1.5', '-1', '512L'];
const JUNK = ['+', '-', '.', '(', ')', ':', '%', '*', '{', '}', '$', '/', '`', 'True', 'None', 'yes', 'X', '\r', '\t', '\f', '\v', '"unterminated', "'", '#', '!', '@', '\\'];

function generate(r) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const chance = (p) => r() < p;
  const str = () => {
    const q = chance(0.5) ? '"' : "'";
    let body = '';
    const n = Math.floor(r() * 3);
    for (let i = 0; i < n; i++) body += pick(STRING_BODIES);
    return q + body.replaceAll(q, `\\${q}`) + q;
  };
  const value = (depth) => {
    const k = r();
    if (k < 0.4) return str();
    if (k < 0.65) return pick(NUMBERS);
    if (k < 0.95 && depth < 3) {
      const n = Math.floor(r() * 4);
      const nl = () => (chance(0.2) ? pick(['\n', ' # c\n', '\n\n']) : '');
      const items = [];
      for (let i = 0; i < n; i++) items.push(nl() + value(depth + 1) + nl());
      return `[${nl()}${items.join(chance(0.1) ? ',,' : ',')}${chance(0.2) ? ',' : ''}]`;
    }
    return pick(JUNK);
  };
  let out = '';
  const lines = 1 + Math.floor(r() * 8);
  for (let i = 0; i < lines; i++) {
    const k = r();
    if (k < 0.7) {
      out += `${chance(0.05) ? pick(JUNK) : ''}${pick(KEYS)}${pick([' = ', '=', ' += ', ' =', '= '])}${value(0)}`;
      if (chance(0.1)) out += ` ${chance(0.5) ? value(0) : pick(JUNK)}`;
    } else if (k < 0.8) out += `# ${pick(STRING_BODIES)}`;
    else if (k < 0.85) out += pick(JUNK) + pick(KEYS);
    else if (k < 0.9) out += `${pick(KEYS)} =`;
    out += chance(0.15) ? pick(['; ', ';', ';;']) : chance(0.05) ? '\r\n' : '\n';
  }
  if (chance(0.2)) out = out.replace(/\n$/, '');
  if (chance(0.03)) out = `\ufeff${out}`;
  return out;
}

test('3,000 generated files', () => {
  const r = mulberry32(13);
  const texts = [];
  for (let i = 0; i < 3000; i++) texts.push(generate(r));
  agree(texts, 'generated');
});

const MUTATION_ALPHABET = ['\n', ' ', '\t', '"', "'", '\\', '#', '[', ']', ',', ';', '=', '+', '-', '.', ':', '(', ')', 'a', 'Z', '0', 'x', '9', '\r', 'é', '%'];

test('1,500 mutated corpus files', () => {
  const bases = [...readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8')), ...SPEC_VECTORS.filter((v) => v.length > 20 && v.length < 2000)];
  const r = mulberry32(4013);
  const texts = [];
  for (let i = 0; i < 1500; i++) {
    let text = bases[Math.floor(r() * bases.length)];
    const edits = 1 + Math.floor(r() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(r() * (text.length + 1));
      const k = r();
      const ch = MUTATION_ALPHABET[Math.floor(r() * MUTATION_ALPHABET.length)];
      if (k < 0.4) text = text.slice(0, at) + ch + text.slice(at);
      else if (k < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
      else text = text.slice(0, at) + ch + text.slice(at + 1);
    }
    texts.push(text);
  }
  agree(texts, 'mutated');
});

test.run();

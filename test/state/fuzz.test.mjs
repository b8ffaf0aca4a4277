// Property tests: thousands of mutated captures never throw and every span
// stays inside the text; sxpDisplayName round-trips through the parser.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseSxp } from '../../dist/grammar/sxp/parser.js';
import { parseStateAuto, parseXmListLong, scanSaveDir, sxpDisplayName } from '../../dist/src/plan/state.js';

const FIXTURE = readFileSync(new URL('../fixtures/sxp/xm-list-long.sxp', import.meta.url), 'utf8');
const NASTY = ['(', ')', "'", '"', '\\', '\n', '\r', '\u0000', '\ufffd', '\ufeff', '\\x', "'\\", '(domain', '(domid 0)', '(name ', ' ', '😀'];

const mutation = fc.oneof(
  fc.record({ op: fc.constant('insert'), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 8 })) }),
  fc.record({ op: fc.constant('delete'), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('duplicate'), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant('truncate'), at: fc.nat() }),
);

function apply(text, muts) {
  for (const m of muts) {
    const at = text.length ? m.at % (text.length + 1) : 0;
    if (m.op === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
    else if (m.op === 'delete') text = text.slice(0, at) + text.slice(at + m.len);
    else if (m.op === 'duplicate') text = text.slice(0, at + m.len) + text.slice(at);
    else text = text.slice(0, at);
  }
  return text;
}

/** An independent oracle for line/column: per offset, its line and the offset its line starts at. */
function positions(text) {
  const line = new Int32Array(text.length + 1);
  const lineStart = new Int32Array(text.length + 1);
  let l = 1;
  let s = 0;
  for (let i = 0; i <= text.length; i++) {
    line[i] = l;
    lineStart[i] = s;
    if (text.charCodeAt(i) === 10) {
      l++;
      s = i + 1;
    }
  }
  return { text, line, lineStart };
}

function checkSpan(span, pos, what) {
  const { start, end } = span;
  const n = pos.text.length;
  assert.ok(0 <= start.offset && start.offset <= end.offset && end.offset <= n, `${what}: offsets ${start.offset}..${end.offset} of ${n}`);
  for (const p of [start, end]) {
    if (p.line !== pos.line[p.offset] || p.column !== p.offset - pos.lineStart[p.offset] + 1) {
      assert.unreachable(`${what}: ${p.line}:${p.column} for offset ${p.offset}`);
    }
  }
}

function walk(nodes, pos, limit) {
  const stack = [...nodes];
  let seen = 0;
  while (stack.length && seen++ < limit) {
    const n = stack.pop();
    checkSpan(n.span, pos, 'node');
    assert.ok(n.kind === 'list' || typeof n.value === 'string');
    if (n.kind === 'list') stack.push(...n.items);
  }
}

test('mutated captures: never throw, spans inside the text, line/column right', () => {
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (muts) => {
      const text = apply(FIXTURE, muts);
      const pos = positions(text);
      const doc = parseSxp(text, 'm.sxp');
      for (const e of doc.errors) checkSpan(e.span, pos, `error ${e.message}`);
      walk(doc.forms, pos, 3000);
      const state = parseXmListLong(text, 'm.sxp');
      for (const p of state.problems) if (p.span) checkSpan(p.span, pos, `problem ${p.message}`);
      for (const d of state.domains) assert.ok(Number.isSafeInteger(d.id) && d.id >= 0 && d.name.length > 0);
    }),
    { numRuns: 3000 },
  );
});

test('arbitrary text and bytes: parseStateAuto never throws', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((b) => new TextDecoder().decode(b))), (text) => {
      const s = parseStateAuto(text, 'a');
      assert.ok(Array.isArray(s.domains) && Array.isArray(s.problems));
      for (const p of s.problems) if (p.span) assert.ok(p.span.end.offset <= text.length);
    }),
    { numRuns: 1000 },
  );
});

test('JSON-looking garbage: parseStateAuto never throws', () => {
  const json = fc.json({ maxDepth: 4 });
  fc.assert(
    fc.property(json, (text) => {
      const s = parseStateAuto(text, 'j');
      assert.ok(s.source === 'json' || s.source === 'xl-json' || s.source === 'sxp');
    }),
    { numRuns: 1000 },
  );
});

test('sxpDisplayName round-trips: parse(display(name)) gives name, quoted iff not bare', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), (name) => {
      const shown = sxpDisplayName(name);
      const doc = parseSxp(`(name ${shown})`, 'r');
      assert.equal(doc.errors, [], shown);
      const atom = doc.forms[0].items[1];
      assert.is(atom.value, name);
      assert.is(atom.quoted, shown !== name);
      assert.ok(!shown.includes('\n'), 'a repr is one line');
    }),
    { numRuns: 3000 },
  );
});

test('scanSaveDir: arbitrary heads and names never throw', () => {
  const entry = fc.record({
    name: fc.string({ minLength: 1, maxLength: 12 }),
    type: fc.constantFrom('file', 'dir', 'symlink-file', 'symlink-dir', 'broken-symlink', 'other'),
    head: fc.option(
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.string({ maxLength: 80 })).map(([len, rest]) => {
          const tail = new TextEncoder().encode(rest);
          const out = new Uint8Array(20 + tail.length);
          out.set(new TextEncoder().encode('LinuxGuestRecord'));
          out.set(len, 16);
          out.set(tail, 20);
          return out;
        }),
      ),
      { nil: undefined },
    ),
  });
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
      const out = scanSaveDir(entries);
      assert.ok(out.every((e) => !e.name.startsWith('.')));
    }),
    { numRuns: 1000 },
  );
});

test.run();

// The SXP parser on its own: atoms, Python-repr quoting, spans, recovery from
// malformed input (unbalanced, unterminated, binary, huge, over-deep).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSxp, sxpToData } from '../../dist/grammar/sxp/parser.js';
import { lexSxp } from '../../dist/grammar/sxp/lexer.js';
import { generateXmListLong } from '../../bench/sxp-gen.mjs';

const data = (text) => parseSxp(text, 'x.sxp').forms.map(sxpToData);

test('nested lists and bare atoms', () => {
  const doc = parseSxp('(domain (domid 3) (name web-01)\n  (image (linux (kernel ))))\n', 'x.sxp');
  assert.equal(doc.errors, []);
  assert.equal(doc.forms.map(sxpToData), [['domain', ['domid', '3'], ['name', 'web-01'], ['image', ['linux', ['kernel']]]]]);
  const d = doc.forms[0];
  assert.is(d.kind, 'list');
  assert.is(d.head, 'domain');
  assert.ok(d.closed);
  assert.is(d.child('name').items[1].value, 'web-01');
  assert.is(d.child('nope'), undefined);
  assert.is(d.children('domid').length, 1);
});

test('empty lists, headless lists and adjacent forms', () => {
  assert.equal(data('(cpus (() ()))(a)b'), [['cpus', [[], []]], ['a'], 'b']);
  assert.equal(data(''), []);
  assert.equal(data('  \n\t '), []);
  const doc = parseSxp('(() x)', 'x');
  assert.is(doc.forms[0].head, undefined);
});

test('quoted atoms: single, double, escapes, \\xHH as UTF-8 bytes', () => {
  const doc = parseSxp(`(name 'db+1') (n "it's") (e 'a\\'b\\\\c\\n\\td') (u '\\xc3\\xa9t\\xc3\\xa9') (o '\\101\\x41')`, 'x');
  assert.equal(doc.errors, []);
  const atoms = doc.forms.map((f) => f.items[1]);
  assert.equal(atoms.map((a) => a.value), ['db+1', "it's", "a'b\\c\n\td", 'été', 'AA']);
  assert.equal(atoms.map((a) => a.quoted), [true, true, true, true, true]);
  assert.is(doc.forms[0].items[0].quoted, false);
});

test('unknown escapes keep the backslash, as Python does', () => {
  assert.equal(data(`(a '\\q\\z')`), [['a', '\\q\\z']]);
});

test('spans are 1-based line/column with exclusive end', () => {
  const doc = parseSxp('(domain\n    (name web)\n)\n', 'state.sxp');
  const name = doc.forms[0].child('name');
  assert.equal(name.span.start, { line: 2, column: 5, offset: 12 });
  assert.equal(name.span.end, { line: 2, column: 15, offset: 22 });
  assert.is(name.span.file, 'state.sxp');
  const atom = name.items[1];
  assert.equal([atom.span.start.column, atom.span.end.column], [11, 14]);
  assert.equal([doc.forms[0].span.start.line, doc.forms[0].span.end.line, doc.forms[0].span.end.column], [1, 3, 2]);
});

test('CRLF and a BOM are whitespace', () => {
  assert.equal(data('\ufeff(domain\r\n    (name web)\r\n)\r\n'), [['domain', ['name', 'web']]]);
  const doc = parseSxp("(name 'web\r\n", 'x');
  assert.is(doc.forms[0].items[1].value, 'web'); // unterminated: the CR is not part of it
});

test('unbalanced: missing `)` keeps the partial list, marked not closed', () => {
  const doc = parseSxp('(domain (domid 1) (name web)\n(domain (domid 2) (name we', 'x');
  assert.is(doc.forms.length, 1, 'the second (domain is inside the first');
  assert.is(doc.errors.length, 1);
  assert.match(doc.errors[0].message, /not closed/);
  assert.equal(doc.errors[0].span.start, { line: 1, column: 1, offset: 0 });
  const inner = doc.forms[0].items[3];
  assert.is(inner.closed, false);
  assert.is(inner.child('domid').closed, true);
  assert.is(inner.child('name').closed, false);
});

test('unbalanced: stray `)` is reported and skipped', () => {
  const doc = parseSxp('(a))\n(b)', 'x');
  assert.equal(doc.forms.map(sxpToData), [['a'], ['b']]);
  assert.is(doc.errors.length, 1);
  assert.match(doc.errors[0].message, /unexpected `\)`/);
  assert.equal([doc.errors[0].span.start.line, doc.errors[0].span.start.column], [1, 4]);
});

test('unterminated quote ends at the line end', () => {
  const doc = parseSxp("(name 'web\n(domid 3)", 'x');
  // Sorted by position: the unclosed (name at 1:1, then the quote at 1:7.
  assert.equal(doc.errors.map((e) => e.span.start.column), [1, 7]);
  assert.match(doc.errors[1].message, /unterminated quoted atom/);
  assert.is(doc.forms[0].items[1].value, 'web');
  assert.equal(sxpToData(doc.forms[0]), ['name', 'web', ['domid', '3']]);
});

test('invalid \\x escape is reported and kept literally', () => {
  const doc = parseSxp("(a 'x\\xZZ')", 'x');
  assert.is(doc.errors.length, 1);
  assert.match(doc.errors[0].message, /\\x escape/);
  assert.is(doc.forms[0].items[1].value, 'x\\xZZ');
});

test('binary junk: one error per run, with spans; text around it still parses', () => {
  const doc = parseSxp('(a\u0000\u0001\u0002 b)\n\u0007(c)', 'x');
  assert.equal(doc.forms.map(sxpToData), [['a', 'b'], ['c']]);
  assert.is(doc.errors.length, 2);
  assert.match(doc.errors[0].message, /binary data \(U\+0000\)/);
  assert.equal([doc.errors[0].span.start.column, doc.errors[0].span.end.column], [3, 6]);
  assert.equal([doc.errors[1].span.start.line, doc.errors[1].span.start.column], [2, 1]);
  assert.match(parseSxp('(a \ufffd)', 'x').errors[0].message, /U\+FFFD/);
});

test('a 5 MB binary file: errors capped, no throw', () => {
  const bytes = new Uint8Array(5 * 1024 * 1024);
  let seed = 12345;
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  const text = new TextDecoder().decode(bytes);
  const doc = parseSxp(text, 'junk.bin');
  // 100 kept, the unclosed-list error (always kept: it explains the rest), and the count of the others.
  assert.ok(doc.errors.length > 0 && doc.errors.length <= 102, `${doc.errors.length} errors`);
  assert.match(doc.errors[doc.errors.length - 1].message, /more errors not shown/);
  for (const e of doc.errors) assert.ok(e.span.start.offset <= e.span.end.offset && e.span.end.offset <= text.length);
});

test('a 5 MB valid capture parses', () => {
  const text = generateXmListLong(2500);
  assert.ok(text.length > 4.5e6, `${text.length}`);
  const doc = parseSxp(text, 'big.sxp');
  assert.equal(doc.errors, []);
  assert.is(doc.forms.length, 2501);
  assert.is(doc.forms[2500].child('name').items[1].value, 'vm02500');
});

test('depth guard: nesting past 1000 is an error, not a stack overflow', () => {
  const deep = '('.repeat(200000) + 'x' + ')'.repeat(200000);
  const doc = parseSxp(deep, 'deep.sxp');
  assert.is(doc.errors.length, 1);
  assert.match(doc.errors[0].message, /deeper than 1000/);
  assert.is(doc.errors[0].span.start.offset, 1000);
  let node = doc.forms[0];
  let depth = 1;
  while (node.items.length) {
    node = node.items[0];
    depth++;
  }
  assert.is(depth, 1000);
  assert.ok(node.closed, 'the list holding the skipped part is still closed by its own )');
  // Unclosed and over-deep at once.
  const open = parseSxp('('.repeat(5000), 'x');
  assert.is(open.errors.length, 2);
  assert.match(open.errors[0].message, /5000 lists are not closed/);
  assert.match(open.errors[1].message, /deeper than 1000/);
  // A lower limit is an option.
  assert.is(parseSxp('((((a))))', 'x', { maxDepth: 2 }).errors.length, 1);
});

test('lexSxp lists tokens with offsets', () => {
  const { tokens, errors } = lexSxp("(a 'b')");
  assert.equal(errors, []);
  assert.equal(tokens.map((t) => [t.kind, t.start, t.end]), [[1, 0, 1], [3, 1, 2], [4, 3, 6], [2, 6, 7]]);
});

test('nodes serialise to JSON without the tree', () => {
  const doc = parseSxp("(name 'a b')", 'x');
  assert.equal(JSON.parse(JSON.stringify(doc.forms[0])), {
    kind: 'list',
    items: [
      { kind: 'atom', value: 'name', quoted: false, start: 1, end: 5 },
      { kind: 'atom', value: 'a b', quoted: true, start: 6, end: 11 },
    ],
    start: 0,
    end: 12,
  });
});

test.run();

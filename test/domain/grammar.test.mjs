// grammar/domain: the lexer's token forms, logical lines (bracket joining,
// continuations, blank lines), block structure, and the parser — including that
// its fast path builds exactly the AST the chevrotain grammar builds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { lexDomain, scanString } from '../../dist/grammar/domain/lexer.js';
import { blockStructure, logicalLines } from '../../dist/grammar/domain/lines.js';
import { parseStatement, parseStatementFull } from '../../dist/grammar/domain/parser.js';

const kinds = (text) => lexDomain(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

test('string literal forms are single tokens', () => {
  for (const s of [`'a'`, `"a"`, `'''a\n'b'''`, `"""a"b"""`, `r'\\\\'`, `R"x"`, `u'x'`, `U'x'`, `b'x'`, `B"x"`, `ur'x'`, `UR'x'`, `br'x'`, `bR'x'`,
    `'a\\'b'`, `'a\\\nb'`, `''`, `''''''`]) {
    assert.equal(kinds(s), [`String:${s}`], s);
  }
  // a raw string cannot end in an odd backslash
  assert.equal(kinds(`r'\\'`), ["UnterminatedString:r'\\'"]);
  // rb'' is not Python 2: the name `rb` then a string
  assert.equal(kinds(`rb'x'`), ['Name:rb', "String:'x'"]);
  assert.equal(kinds(`'abc\nx`), ["UnterminatedString:'abc", 'Newline:\n', 'Name:x']);
  assert.equal(kinds(`'''abc\nx`), ["UnterminatedString:'''abc\nx"]);
  assert.equal(scanString("x = 'ab'", 4), { end: 8, terminated: true, prefixLength: 0, quoteLength: 1 });
});

test('numbers, names, keywords and operators', () => {
  assert.equal(kinds('0x1F 0o17 0b1 0755 10L 1.5 .5 1. 1e3 1.5e-3 2j'), ['0x1F', '0o17', '0b1', '0755', '10L', '1.5', '.5', '1.', '1e3', '1.5e-3', '2j'].map((n) => `Number:${n}`));
  assert.equal(kinds('import imports in_ assert as'), ['Kw_import:import', 'Name:imports', 'Name:in_', 'Kw_assert:assert', 'Kw_as:as']);
  assert.equal(kinds('a **= b //= c <> d != e += f'), ['Name:a', 'AugOp:**=', 'Name:b', 'AugOp://=', 'Name:c', 'Compare:<>', 'Name:d', 'Compare:!=', 'Name:e', 'AugOp:+=', 'Name:f']);
});

test('comments and BOM go to their own groups; continuation and blanks are skipped', () => {
  const r = lexDomain('\ufeffa = 1 # c1\n# c2\nb = \\\n 2\n');
  assert.equal(r.comments.map((c) => c.image), ['# c1', '# c2']);
  assert.equal(r.boms.length, 1);
  assert.equal(r.tokens.map((t) => t.image), ['a', '=', '1', '\n', '\n', 'b', '=', '2', '\n']);
});

test('logical lines join brackets, drop blank lines, compute indentation', () => {
  const text = 'a = [1,\n  2]\n\n   \n# c\nif x:\n\tb = (3\n)\n        c = 4\n';
  const r = lexDomain(text);
  const lines = logicalLines(text, r.tokens, r.errors);
  assert.equal(lines.map((l) => [l.tokens.map((t) => t.image).join(' '), l.indent]), [
    ['a = [ 1 , 2 ]', 0], ['if x :', 0], ['b = ( 3 )', 8], ['c = 4', 8],
  ]);
  assert.equal(blockStructure(lines), []);
  assert.equal(lines.map((l) => l.blockOwner), [-1, -1, 1, 1]);
});

test('block structure: def bodies are local; IndentationErrors', () => {
  const text = 'def f():\n  x = 1\n  if y:\n    z = 2\nw = 3\n';
  const r = lexDomain(text);
  const lines = logicalLines(text, r.tokens, r.errors);
  blockStructure(lines);
  assert.equal(lines.map((l) => [l.blockOwner, l.localScope]), [[-1, false], [0, true], [0, true], [0, true], [-1, false]]);
  const bad = 'if x:\ny = 1\n';
  const r2 = lexDomain(bad);
  assert.equal(blockStructure(logicalLines(bad, r2.tokens, r2.errors)).map((p) => p.message), ['expected an indented block (Python: IndentationError)']);
});

function parse(src) {
  return parseStatement(lexDomain(src).tokens);
}

test('parser: precedence, unary and power', () => {
  const e = parse('a = 1 + 2 * 3 ** -2 ** 2 % 4').stmt.value;
  const show = (x) => (x.t === 'binop' ? `(${show(x.left)} ${x.op} ${show(x.right)})` : x.t === 'unary' ? `(${x.op}${show(x.operand)})` : x.token?.image ?? x.id);
  assert.is(show(e), '(1 + ((2 * (3 ** (-(2 ** 2)))) % 4))');
  assert.is(show(parse('a = -2 ** 2').stmt.value), '(-(2 ** 2))');
  assert.is(show(parse('a = 1 | 2 ^ 3 & 4 << 5 + 6').stmt.value), '(1 | (2 ^ (3 & (4 << (5 + 6)))))');
  assert.is(show(parse('a = 8 - 4 - 2').stmt.value), '((8 - 4) - 2)');
});

test('parser: statements and Python constructs that become code nodes', () => {
  assert.equal(parse('a = b = 1').stmt.targets.map((t) => t.id), ['a', 'b']);
  assert.is(parse('a += 1').stmt.op, '+');
  assert.is(parse('a **= 1').stmt.op, '**');
  assert.is(parse('f(x)').stmt.t, 'expr');
  for (const [src, what] of [['a = f(x, *y, **z)', 'call'], ['a = o.b', 'attribute'], ['a = x[1:2, ::3]', 'subscript'], ['a = o.f()[0]', 'call'],
    ['a = 1 < 2 < 3', 'comparison'], ['a = x not in y', 'comparison'], ['a = x is not y', 'comparison'], ['a = x and y or z', 'boolean'],
    ['a = not x', 'not'], ['a = x if y else z', 'conditional'], ['a = lambda x, y=1, *z: x', 'lambda'], ['a = [x for x in y if x]', 'comprehension'],
    ['a = (x for x in y)', 'generator'], ['a = {1, 2}', 'set'], ['a = {k: v for k, v in y}', 'comprehension'], ['a = `x`', 'backquote']]) {
    const r = parse(src);
    assert.ok(r.stmt, `${src}: ${r.error?.message}`);
    assert.is(r.stmt.value.what, what, src);
  }
});

test('parser: syntax errors point at the offending token', () => {
  for (const [src, at] of [['a = 1 2', 6], ['a = [1,,2]', 7], ['a = 1 + not 2', 8], ['a = - not 2', 6], ['a = )', 4], ['a == = 1', 5]]) {
    const r = parse(src);
    assert.ok(r.error, src);
    assert.is(r.error.token.startOffset, at, src);
  }
  assert.match(parse('a = ').error.message, /ends too early/);
});

const SIMPLE = [
  "a = 'x'", 'a = 1', 'a = b', "a = 'x' \"y\" '''z'''", 'a = []', "a = ['x']", "a = ['x',]", "a = ['x', 1, b, 'y' 'z']",
  "a = ['x' , 'y' ,]", 'a = [,]', "a = ['x',,'y']", 'a = [1 2]', 'a = 1 2', "a = 'x' 1", 'a = [1, [2]]', 'a = [-1]', 'a = (1)', 'a = 0x10L',
];

test('fast path builds the same AST as the grammar', () => {
  for (const src of SIMPLE) {
    const tokens = lexDomain(src).tokens;
    assert.equal(JSON.stringify(parseStatement(tokens)), JSON.stringify(parseStatementFull(tokens)), src);
  }
  const atom = fc.constantFrom("'s'", '"d"', "'a' 'b'", '1', '0x1F', 'name', '2.5', '[', ']', ',', '-1', '(1)', '[1]');
  fc.assert(fc.property(fc.array(atom, { maxLength: 12 }), (parts) => {
    const tokens = lexDomain(`v = ${parts.join(' ')}`).tokens;
    const fast = parseStatement(tokens);
    const full = parseStatementFull(tokens);
    if (fast.stmt) assert.equal(JSON.stringify(fast), JSON.stringify(full));
    else assert.equal(JSON.stringify(fast.error?.token?.startOffset), JSON.stringify(full.error?.token?.startOffset));
  }), { numRuns: 3000, seed: 3 });
});

test.run();

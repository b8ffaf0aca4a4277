// Malformed domain configs: every one gives problems with precise spans, never
// throws, and finishes quickly (generous bounds: these are not benchmarks).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';

function compile(text, file = '/etc/xen/auto/bad.cfg') {
  const t0 = Date.now();
  const m = compileDomainConfig(text, file);
  return { m, ms: Date.now() - t0 };
}

function at(p) {
  return `${p.kind}@${p.span.start.line}:${p.span.start.column}-${p.span.end.line}:${p.span.end.column}`;
}

test('unbalanced brackets: never closed, recovers at the next assignment', () => {
  const { m } = compile("disk = ['phy:a,xvda,w',\nmemory = 512\nname = 'x'\n");
  assert.equal(m.problems.map(at), ['syntax@1:8-1:9']);
  assert.match(m.problems[0].message, /`\[` is never closed/);
  assert.equal(m.vars.get('memory').value, 512);
  assert.equal(m.vars.get('name').value, 'x');
  assert.ok(m.unknown.has('disk'));
});

test('unmatched and mismatched closing brackets', () => {
  const { m } = compile('a = 1)\nb = [1, 2)\nc = {1: 2]\nd = 3\n');
  assert.equal(m.problems.map(at), ['syntax@1:6-1:7', 'syntax@2:10-2:11', 'syntax@3:10-3:11']);
  assert.match(m.problems[1].message, /closing `\)` does not match opening `\[`/);
  assert.equal(m.vars.get('d').value, 3);
});

test('unterminated strings', () => {
  const triple = compile("a = 1\nb = '''abc\nc = 2\n").m;
  assert.equal(triple.problems.map(at), ['syntax@2:5-4:1']);
  assert.match(triple.problems[0].message, /unterminated triple-quoted string/);
  assert.equal(triple.vars.get('a').value, 1);
  const single = compile('a = "abc\nb = 2\n').m;
  assert.equal(single.problems.map(at), ['syntax@1:5-1:9']);
  assert.equal(single.vars.get('b').value, 2);
});

test('bad escapes: \\x in str and bytes, \\u and \\U in unicode', () => {
  const { m } = compile(String.raw`a = '\x4'
b = b'\xZZ'
c = u'\u12'
d = u'\U0011FFFF'
e = 'ok\q'
`);
  assert.equal(m.problems.map(at), ['syntax@1:6-1:9', 'syntax@2:7-2:9', 'syntax@3:7-3:11', 'syntax@4:7-4:17']);
  assert.equal(m.vars.get('e').value, 'ok\\q');
});

test('stray characters', () => {
  const { m } = compile('a = 1 $ 2\nb = ?\nc = 3 ! 4\nd = 1\n');
  assert.equal(m.problems.map(at), ['syntax@1:7-1:8', 'syntax@2:5-2:6', 'syntax@3:7-3:8']);
  assert.equal(m.vars.get('d').value, 1);
});

test('binary input: one problem, no parse', () => {
  const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0, 0xc0, 0x12, 0xff, 0xfe]);
  const { m } = compile(bytes.toString('latin1'));
  assert.equal(m.problems.length, 1);
  assert.equal([m.problems[0].kind, m.problems[0].detail], ['syntax', 'encoding']);
  assert.match(m.problems[0].message, /binary file/);
  // lossily decoded UTF-8 gives replacement characters
  const { m: m2 } = compile(Buffer.from([0x61, 0x20, 0x3d, 0x20, 0x27, 0xff, 0xfe, 0x27, 0x0a]).toString('utf8'));
  assert.equal(m2.problems.map((p) => [p.kind, p.detail]), [['syntax', 'encoding']]);
  assert.match(m2.problems[0].message, /invalid UTF-8/);
});

test('NUL bytes in a text file', () => {
  const { m } = compile("a = 1\nb = 'x\0y'\n");
  assert.equal(m.problems.map(at), ['syntax@2:7-2:8']);
  assert.match(m.problems[0].message, /NUL/);
});

test('non-ASCII without a coding declaration; with one, or a BOM, it is fine', () => {
  const { m } = compile("description = 'Café'\n");
  assert.equal(m.problems.map((p) => [p.kind, p.detail, p.span.start.column]), [['syntax', 'encoding', 19]]);
  assert.equal(compile("# -*- coding: utf-8 -*-\ndescription = 'Café'\n").m.problems, []);
  assert.equal(compile("#!/usr/bin/python\n# vim: set fileencoding=utf-8 :\nd = 'Café'\n").m.problems, []);
  assert.equal(compile("\ufeffdescription = 'Café'\n").m.problems, []);
  assert.equal(compile('\ufeffa = 1\n').m.vars.get('a').value, 1);
});

test('CRLF: one carriage-return problem per file, values unaffected', () => {
  const { m } = compile("a = 1\r\nb = '''x\r\ny'''\r\nc = [1,\r\n 2]\r\nd = 'q\\\r\nr'\r\n");
  assert.equal(m.problems.map((p) => [p.kind, p.span.start.line, p.span.start.column]), [['carriage-return', 1, 6]]);
  assert.match(m.problems[0].message, /universal newlines/);
  assert.equal(Object.fromEntries([...m.vars].map(([k, a]) => [k, a.value])), { a: 1, b: 'x\ny', c: [1, 2], d: 'qr' });
});

test('empty file and whitespace-only file', () => {
  for (const text of ['', '\n\n', '   \n\t\n', '# just a comment']) {
    const { m } = compile(text, '/etc/xen/auto/empty.cfg');
    assert.equal(m.problems, []);
    assert.equal(m.vars.size, 0);
    assert.equal(m.name.value, 'empty.cfg');
  }
});

test('10,000 nested brackets: a problem, no stack overflow', () => {
  const { m, ms } = compile(`a = ${'['.repeat(10000)}${']'.repeat(10000)}\nb = 2\n`);
  assert.equal(m.problems.length, 1);
  assert.match(m.problems[0].message, /nested more than 90 deep/);
  assert.equal(m.vars.get('b').value, 2);
  assert.ok(ms < 2000, `${ms} ms`);
  // unclosed, too
  const open = compile(`a = ${'('.repeat(10000)}\n`).m;
  assert.ok(open.problems.length >= 1);
});

test('deeply nested expressions without brackets', () => {
  for (const text of [
    `a = ${'-'.repeat(20000)}1\n`,
    `a = ${'2**'.repeat(5000)}1\n`,
    `a = ${'lambda: '.repeat(5000)}1\n`,
    `a = ${'1 if 1 else '.repeat(5000)}1\n`,
    `a = ${'not '.repeat(20000)}1\n`,
    `a = [1]\n${'a = [a]\n'.repeat(3000)}b = '%s' % a\n`,
    `a = [1]\n${'a = [a, a]\n'.repeat(60)}b = '%s' % (a,)\n`,
  ]) {
    const { m, ms } = compile(text);
    assert.ok(m.problems.length >= 1, text.slice(0, 30));
    assert.ok(ms < 5000, `${ms} ms for ${text.slice(0, 30)}`);
  }
});

test('huge values are refused, not built', () => {
  const { m, ms } = compile("a = 2 ** 100000000\nb = 'x' * 10 ** 9\nc = [0] * 10 ** 9\nd = 1 << 10 ** 9\ne = '%999999999d' % 1\n");
  assert.equal(m.problems.map((p) => p.detail), ['too-large', 'too-large', 'too-large', 'too-large', 'too-large']);
  assert.ok(ms < 2000, `${ms} ms`);
});

test('a 10 MB file is reported and not evaluated (XD1105); just under 1 MiB compiles in bounded time', () => {
  const line = "disk = ['phy:/dev/vg/a,xvda,w', 'file:/x,xvdb,w']  # a comment\n";
  const huge = compile(line.repeat(Math.ceil(10_000_000 / line.length))).m;
  assert.equal(huge.problems.map((p) => p.detail), ['file-too-large']);
  assert.match(huge.problems[0].message, /not evaluated: the file is 100000\d\d bytes, more than 1048576/);
  assert.is(huge.name, undefined);
  assert.is(huge.vars.size, 0);
  const { m, ms } = compile(line.repeat(Math.floor(1_000_000 / line.length)));
  assert.equal(m.problems, []);
  assert.equal(m.vars.get('disk').value.length, 2);
  assert.ok(ms < 30000, `${ms} ms`);
  const garbage = compile('x = ('.repeat(200_000)).m;
  assert.ok(garbage.problems.length >= 1);
  // Multi-byte text counts in UTF-8 bytes: 600,000 'é' are 1.2 MB.
  assert.equal(compile(`name = '${'é'.repeat(600_000)}'\n`).m.problems.map((p) => p.detail), ['file-too-large']);
});

test('problem count is capped per file', () => {
  const { m } = compile('a = $\n'.repeat(1000));
  assert.equal(m.problems.length, 101);
  assert.equal(m.problems[100].detail, 'too-many-problems');
});

test('indentation errors', () => {
  const { m } = compile('a = 1\n  b = 2\nif x:\nc = 3\nif y:\n        d = 1\n    e = 2\n');
  assert.equal(m.problems.filter((p) => p.kind === 'syntax').map((p) => [p.span.start.line, /IndentationError/.test(p.message)]),
    [[2, true], [4, true], [7, true]]);
});

test('continuation backslash not at the end of a line, and at the end of the file', () => {
  assert.equal(compile('a = 1 \\ + 2\n').m.problems.map(at), ['syntax@1:7-1:8']);
  assert.ok(compile('a = 1 + \\').m.problems.length >= 1);
});

test('statement-level Python that is a SyntaxError', () => {
  const { m } = compile('return 1\nbreak\nelse:\n  pass\nyield 3\na = 1;;\n');
  assert.ok(m.problems.every((p) => p.kind === 'syntax'));
  assert.equal(m.problems.map((p) => p.span.start.line), [1, 2, 3, 5, 6]);
});

test('problems are ordered by position and lie inside the text', () => {
  const text = "x = f(\na = 'b\nc = 1 +\nd = [1,, 2]\n\te = 5\nf = 08\n";
  const { m } = compile(text);
  let last = -1;
  for (const p of m.problems) {
    assert.ok(p.span.start.offset >= last);
    last = p.span.start.offset;
    assert.ok(p.span.end.offset <= text.length);
  }
});

test.run();

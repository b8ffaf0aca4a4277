// Python-2-only semantics (where python3 differs, so the differential test
// cannot check them) with hand-written expected values, plus the model fields:
// pyType, spans, element spans, name, vmid, unknown variables, opaque code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';

function vars(src, options) {
  const m = compileDomainConfig(src, '/etc/xen/auto/t.cfg', options);
  return { m, v: Object.fromEntries([...m.vars].map(([k, a]) => [k, a.value])), t: Object.fromEntries([...m.vars].map(([k, a]) => [k, a.pyType])) };
}

function clean(src, options) {
  const r = vars(src, options);
  assert.equal(r.m.problems.map((p) => `${p.kind}: ${p.message}`), []);
  return r;
}

test('classic division floors for ints (Python 2), true division with a float', () => {
  const { v, t } = clean('a = 7 / 2\nb = -7 / 2\nc = 7.0 / 2\nd = 7 / -2.0\ne = 6 / 3\n');
  assert.equal(v, { a: 3, b: -4, c: 3.5, d: -3.5, e: 2 });
  assert.equal(t, { a: 'int', b: 'int', c: 'float', d: 'float', e: 'int' });
});

test('leading-zero octal, L suffix, long promotion', () => {
  const { v, t } = clean('a = 0755\nb = 00\nc = 10L\nd = 0x10l\ne = 2 ** 64\nf = 2 ** 62\ng = 9223372036854775807\nh = 9223372036854775808\n');
  assert.equal(v.a, 493);
  assert.equal(v.b, 0);
  assert.equal(v.c, 10);
  assert.equal(v.d, 16);
  assert.equal(t, { a: 'int', b: 'int', c: 'long', d: 'long', e: 'long', f: 'int', g: 'int', h: 'long' });
});

test('invalid octal and a float with L are syntax errors', () => {
  const { m } = vars('a = 089\nb = 1.5L\n');
  assert.equal(m.problems.map((p) => [p.kind, p.span.start.line]), [['syntax', 1], ['syntax', 2]]);
});

test("u'' is unicode; \\u is literal in a plain str; ur'' decodes \\u only", () => {
  const { v, t } = clean(String.raw`a = u'x\u00e9'
b = '\u00e9'
c = ur'\u0041\n'
d = ur'\\u0041'
e = b'bytes\x41'
f = br'\x41'
g = 'a' u'b'
h = U'\U0001F600'
`);
  assert.equal(v, { a: 'xé', b: '\\u00e9', c: 'A\\n', d: '\\\\u0041', e: 'bytesA', f: '\\x41', g: 'ab', h: '😀' });
  assert.equal(t, { a: 'unicode', b: 'str', c: 'unicode', d: 'unicode', e: 'str', f: 'str', g: 'unicode', h: 'unicode' });
});

test('octal escapes wrap at a byte in str, not in unicode', () => {
  const { v } = clean(String.raw`a = '\777'
b = u'\777'
c = '\1010'
`);
  assert.equal(v, { a: '\xff', b: '\u01ff', c: 'A0' });
});

test('str() of a float is %.12g, repr() is the shortest form (Python 2.7)', () => {
  const { v } = clean("a = '%s' % (0.1 + 0.2)\nb = '%r' % (0.1 + 0.2)\nc = '%s' % (1.0 / 3)\nd = '%s' % 1e16\ne = '%s' % 2.0\nf = '%s' % [0.1 + 0.2]\n");
  assert.equal(v, { a: '0.3', b: '0.30000000000000004', c: '0.333333333333', d: '1e+16', e: '2.0', f: '[0.30000000000000004]' });
});

test('longs: str without L, repr with L; %#o is 0-prefixed', () => {
  const { v } = clean("a = '%s' % 10L\nb = '%r' % 10L\nc = '%s' % [10L]\nd = '%#o' % 8\ne = '%x' % 255L\n");
  assert.equal(v, { a: '10', b: '10L', c: '[10L]', d: '010', e: 'ff' });
});

test('%d and %x truncate floats (Python 2)', () => {
  const { v } = clean("a = '%d' % 3.99\nb = '%x' % 255.9\nc = '%i' % -2.5\n");
  assert.equal(v, { a: '3', b: 'ff', c: '-2' });
});

test('unicode spreads through % formatting and concatenation', () => {
  const { t } = clean("a = '%s' % u'x'\nb = u'%s' % 'x'\nc = 'a' + u'b'\nd = '%s' % 'x'\n");
  assert.equal(t, { a: 'unicode', b: 'unicode', c: 'unicode', d: 'str' });
});

test('repr of str uses Python 2 quoting and \\x escapes', () => {
  const { v } = clean(String.raw`a = '%r' % "it's"
b = '%r' % 'tab\there'
c = '%r' % '\x00\xff'
d = '%r' % u'\xe9\u20ac'
e = '%r' % (('a', u'b', 1L, None, True, 1.5),)
`);
  assert.equal(v, {
    a: `"it's"`, b: "'tab\\there'", c: "'\\x00\\xff'", d: "u'\\xe9\\u20ac'", e: "('a', u'b', 1L, None, True, 1.5)",
  });
});

test('value spans, name spans and element spans', () => {
  const src = "disk = [ 'phy:a,xvda,w',\n         'file:/b,xvdb,w' ]\nname = 'web' # c\n";
  const { m } = clean(src);
  const disk = m.vars.get('disk');
  assert.equal([disk.nameSpan.start.line, disk.nameSpan.start.column, disk.nameSpan.end.column], [1, 1, 5]);
  assert.equal([disk.valueSpan.start.line, disk.valueSpan.start.column, disk.valueSpan.end.line, disk.valueSpan.end.column], [1, 8, 2, 28]);
  assert.equal(disk.elementSpans.map((s) => [s.start.line, s.start.column, s.end.column]), [[1, 10, 24], [2, 10, 26]]);
  assert.is(src.slice(disk.elementSpans[1].start.offset, disk.elementSpans[1].end.offset), "'file:/b,xvdb,w'");
  assert.equal(m.name, { value: 'web', source: 'name', span: m.vars.get('name').valueSpan });
  assert.equal(m.comments.map((c) => [c.text, c.span.start.line, c.span.start.column]), [[' c', 3, 14]]);
});

test('element spans survive concatenation, variables and +=', () => {
  const src = "base = ['phy:a,xvda,w']\ndisk = base + ['phy:b,xvdb,w']\ndisk += ['phy:c,xvdc,w']\n";
  const { m } = clean(src);
  const spans = m.vars.get('disk').elementSpans.map((s) => src.slice(s.start.offset, s.end.offset));
  assert.equal(spans, ["'phy:a,xvda,w'", "'phy:b,xvdb,w'", "'phy:c,xvdc,w'"]);
  // list += extends in place: `base` is a different list, unchanged
  assert.equal(m.vars.get('base').value, ['phy:a,xvda,w']);
});

test('aliasing: += on a list is seen through every name (the final value)', () => {
  const { v } = clean('a = [1]\nb = a\nb += [2]\nc = a\n');
  assert.equal(v, { a: [1, 2], b: [1, 2], c: [1, 2] });
});

test('chained and augmented assignment records every assignment, vars keeps the last', () => {
  const { m } = clean("a = b = 'x'\na += 'y'\n");
  assert.equal(m.assignments.map((x) => [x.name, x.value]), [['a', 'x'], ['b', 'x'], ['a', 'xy']]);
  assert.equal(m.vars.get('a').value, 'xy');
  assert.equal(m.vars.get('a').span.start.line, 2);
});

test('name falls back to the basename (or options.basename)', () => {
  assert.equal(compileDomainConfig('memory = 1\n', '/etc/xen/auto/web.cfg').name.value, 'web.cfg');
  assert.equal(compileDomainConfig('memory = 1\n', '/etc/xen/auto/web.cfg').name.source, 'filename');
  assert.equal(compileDomainConfig('memory = 1\n', 'x', { basename: 'vm1' }).name.value, 'vm1');
  // a unicode or non-string name is ignored by xm's import rule
  assert.equal(compileDomainConfig("name = u'web'\n", '/a/b.cfg').name.source, 'filename');
  assert.equal(compileDomainConfig('name = 5\n', '/a/b.cfg').name.value, 'b.cfg');
});

test('vmid is predefined only when given', () => {
  const { v } = clean("name = 'VM%d' % vmid\ndisk = ['phy:sda%d,sda1,w' % (7 + vmid)]\n", { vmid: 3 });
  assert.equal(v, { name: 'VM3', disk: ['phy:sda10,sda1,w'] });
  const { m } = vars("name = 'VM%d' % vmid\n");
  assert.equal(m.problems.map((p) => p.detail), ['name-error']);
  assert.match(m.problems[0].message, /NameError: name 'vmid' is not defined.*xm create would fail/);
  assert.is(m.name, undefined, 'name unknown: the plan cannot name the domain');
});

test('variables set by skipped code are unknown; references say so instead of NameError', () => {
  const { m } = vars('import os\narch = os.uname()[4]\nkernel = "/boot/" + arch\nmemory = 512\n');
  assert.equal(m.problems.map((p) => p.detail), ['unsupported', 'unsupported', 'depends-on-code']);
  assert.match(m.problems[1].message, /call of `os.uname\(…\)`: xm would run this as Python \(as root\)/);
  assert.match(m.problems[2].message, /`kernel` depends on `arch`/);
  assert.equal([...m.unknown.keys()].sort(), ['arch', 'kernel', 'os']);
  assert.equal([...m.vars.keys()], ['memory']);
  assert.is(m.opaqueCode.start.line, 2);
});

test('a later known assignment replaces an unknown one', () => {
  const { m, v } = vars('memory = int("512")\nmemory = 256\n');
  assert.equal(v, { memory: 256 });
  assert.is(m.unknown.has('memory'), false);
});

test('an undefined name after a call is "depends on code", before it a NameError', () => {
  const a = vars('x = y\n').m;
  assert.equal(a.problems.map((p) => p.detail), ['name-error']);
  const b = vars('xm_vars.check()\nx = y\n').m;
  assert.equal(b.problems.map((p) => p.detail), ['unsupported', 'depends-on-code']);
  assert.match(b.problems[1].message, /may be set by unevaluated code \(call of `xm_vars.check\(…\)` at line 1\)/);
});

test('names predefined by xm or Python are not NameErrors', () => {
  const { m } = vars('f = xm_file\n');
  assert.equal(m.problems.map((p) => p.detail), ['unsupported']);
  assert.match(m.problems[0].message, /`xm_file`, a Python object predefined by xm/);
});

test('blocks: assignments inside if/for are unknown, inside def are local', () => {
  const { m, v } = vars('if 1:\n    a = 1\n    b, c = 2, 3\nfor i in x:\n    d = 4\ndef f(v):\n    e = v\n    return e\ng = 7\n');
  assert.equal(v, { g: 7 });
  assert.equal([...m.unknown.keys()].sort(), ['a', 'b', 'c', 'd', 'f', 'i']);
  assert.equal(m.problems.map((p) => [p.detail, p.span.start.line]), [['unsupported', 1], ['unsupported', 4], ['unsupported', 6]]);
});

test('tuple unpacking and its errors', () => {
  assert.equal(clean('a, (b, c) = 1, [2, 3]\n').v, { a: 1, b: 2, c: 3 });
  const { m } = vars('a, b = 1, 2, 3\n');
  assert.match(m.problems[0].message, /ValueError: too many values to unpack/);
});

test('runtime errors: TypeError, ZeroDivisionError, KeyError, ValueError', () => {
  const { m } = vars("a = 'x' + 1\nb = 1 % 0\nc = '%(k)s' % {}\nd = '%q' % 1\ne = [1] + (2,)\nf = -'x'\ng = {[1]: 2}\n");
  assert.equal(m.problems.map((p) => p.message.split(' — ')[0]), [
    "TypeError: cannot concatenate 'str' and 'int' objects",
    'ZeroDivisionError: integer division or modulo by zero',
    "KeyError: 'k'",
    "ValueError: unsupported format character 'q' (0x71) at index 1",
    'TypeError: can only concatenate list (not "tuple") to list',
    "TypeError: bad operand type for unary -: 'str'",
    "TypeError: unhashable type: 'list'",
  ]);
  assert.ok(m.problems.every((p) => p.kind === 'python-code' && p.detail === 'runtime-error'));
  assert.is(m.vars.size, 0);
});

test('print, exec, lambda, comprehension, comparison, backquotes are python-code', () => {
  const { m } = vars("print 'x'\nexec 'y = 1'\na = lambda: 1\nb = [i for i in []]\nc = 1 < 2\nd = `1`\ne = 1 if 1 else 2\nf = not 1\ng = 1 and 2\nh = {1, 2}\n");
  assert.equal(m.problems.length, 10);
  assert.ok(m.problems.every((p) => p.kind === 'python-code'), JSON.stringify(m.problems.map((p) => p.kind)));
  assert.match(m.problems[0].message, /`print` statement/);
  assert.match(m.problems[3].message, /list comprehension/);
});

test('Python syntax errors in valid-looking code', () => {
  const { m } = vars('a = 1 + not 2\nreturn 1\nb = (1, 2) = 3\nc = [1 2]\n');
  assert.equal(m.problems.map((p) => [p.kind, p.span.start.line]), [['syntax', 1], ['syntax', 2], ['syntax', 3], ['syntax', 4]]);
});

test('semicolons, trailing semicolon, pass, del, global', () => {
  assert.equal(clean('a = 1; b = 2;\npass\nc = 3; del c\nglobal d\n').v, { a: 1, b: 2 });
});

test('keyword-like Python 2 names (True/False rebinding is not needed, None cannot be assigned)', () => {
  const { m } = vars('None = 1\n');
  assert.match(m.problems[0].message, /cannot assign to None/);
});

test.run();

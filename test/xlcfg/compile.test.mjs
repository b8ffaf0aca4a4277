// compileXlConfig: the model rules and `show` see (typed values, name, spans,
// problems), and robustness on any input — binary, invalid UTF-8, huge, empty,
// CRLF, BOM, random mutations — never a throw, every span inside the text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { compileXlConfig } from '../../dist/src/model/xlcfg-compile.js';
import { parseXlConfig, xlReport } from '../../dist/grammar/xlcfg/parser.js';
import { factsOf } from '../../dist/src/lint/cross-file.js';

const WEB = `# web
name = "web01"
memory = 0x800
maxmem = "4096"
vcpus = 010
uuid = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
extra = "console=hvc0"
extra += " quiet"
disk = [ 'phy:/dev/vg0/web,xvda,w',
         '/srv/data.img,raw,xvdb,rw' ]
vif = [ 'mac=00:16:3e:10:20:30,bridge=xenbr0' ]
acpi = "yes"
`;

test('values are typed the way xl reads each key', () => {
  const m = compileXlConfig(WEB, 'web.cfg');
  assert.is(m.dialect, 'xl');
  assert.equal(m.problems, []);
  assert.equal(m.name && { value: m.name.value, source: m.name.source, line: m.name.span.start.line }, { value: 'web01', source: 'name', line: 2 });
  assert.is(m.vars.get('memory').value, 2048); // hex
  assert.is(m.vars.get('maxmem').value, 4096); // a quoted number is a number to strtol
  assert.is(m.vars.get('vcpus').value, 8); // a leading 0 is octal
  assert.is(m.vars.get('extra').value, 'console=hvc0 quiet');
  assert.is(m.vars.get('extra').xl.op, '+=');
  assert.equal(m.vars.get('disk').value, ['phy:/dev/vg0/web,xvda,w', '/srv/data.img,raw,xvdb,rw']);
  assert.is(m.vars.get('disk').elementSpans[1].start.line, 10);
  assert.is(m.vars.get('acpi').value, 'yes'); // not a number: stays text (XD3102 reports it)
  assert.is(m.vars.get('acpi').pyType, 'str');
  assert.equal(m.comments.map((c) => c.text), [' web']);
});

test('cross-file facts work on xl configs: name, uuid, MACs, memory', () => {
  const f = factsOf(compileXlConfig(WEB, 'web.cfg'));
  assert.is(f.name.value, 'web01');
  assert.is(f.uuid.value, '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f');
  assert.equal(f.macs.map((m) => m.value), ['00:16:3e:10:20:30']);
  assert.is(f.memoryMiB, 2048);
  assert.is(f.loads, true);
  assert.is(factsOf(compileXlConfig('name = "x"\nmemory = = 1\n', 'bad.cfg')).loads, false);
});

test('no name: undefined (xl has no default name); a failed parse stores nothing', () => {
  assert.is(compileXlConfig('memory = 512\n', 'a.cfg').name, undefined);
  const bad = compileXlConfig('name = "x"\nmemory = -1\n', 'b.cfg');
  assert.is(bad.vars.size, 0);
  assert.is(bad.name, undefined);
  assert.equal(bad.problems.map((p) => [p.kind, p.span.start.line, p.span.start.column]), [['xl-syntax', 2, 10]]);
});

test('parser: messages, xl line numbers, error counts and the Python hint (spec §5)', () => {
  const report = (text) => xlReport(parseXlConfig(text), 'f.cfg');
  assert.is(report('memory = -5\n'), "f.cfg:1: config parsing error near `-5': lexical error\nwarning: Config file looks like it contains Python code.\nwarning:  Arbitrary Python is no longer supported.\nwarning:  See https://wiki.xen.org/wiki/PythonInXlConfig\n");
  assert.is(report('x = \n["a"]\n'), "f.cfg:0: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['\n");
  assert.is(report('a = 1 b = 2\nc = = 3\n'), "f.cfg:1: config parsing error near `b': syntax error, unexpected IDENT, expecting $end\n");
  assert.is(report('a = 1 %\nb = = 2\nc = = 3\n'), "f.cfg:1: config parsing error near `%': lexical error\nf.cfg:3: config parsing error near `=': syntax error, unexpected '=', expecting STRING or NUMBER or '['\n");
  assert.is(report('1a = 1\n'), "f.cfg:1: config parsing error near `1a': syntax error, unexpected NUMBER, expecting $end or IDENT or NEWLINE or ';'\n");
  assert.is(report('disk = ["a"]\ndisk += "b"\n'), "f.cfg:2: config parsing error near `\"b\"': can't add [list] to \"string\" or vice versa\n");
  assert.is(report("d = 'A\\101B'\n"), '');
  assert.is(parseXlConfig("d = 'A\\101B'\n").settings[0].value.text, 'AB');
  assert.is(report('a = "\\x41"\n'), "f.cfg:1: config parsing error near `\"\\x41\"': invalid digit after backslash hexnumerical character escape in quoted string\n");
  assert.is(report('name = "x"\n#'), ''); // a bad last byte is never reported by flex
  assert.is(report('name = "x"\n# c'), "f.cfg:2: config parsing error near `#': lexical error\n");
});

test('robust on hostile input: empty, CRLF, BOM, NUL, binary, huge', () => {
  assert.equal(compileXlConfig('', 'e.cfg').problems, []);
  assert.is(compileXlConfig('name = "x"\r\n', 'c.cfg').problems[0].span.start.line, 1);
  assert.match(compileXlConfig('\ufeffname = "x"\n', 'b.cfg').problems[0].message, /lexical error/);
  const nul = compileXlConfig('name = "a\u0000b"\n', 'n.cfg');
  assert.ok(nul.problems.some((p) => /NUL byte/.test(p.message)));
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  assert.not.throws(() => compileXlConfig(binary, 'bin.cfg'));
  const huge = compileXlConfig(`memory = 1\n${'# padding\n'.repeat(120000)}`, 'huge.cfg');
  assert.is(huge.xl.tooLarge, true);
  assert.is(huge.vars.size, 0);
  assert.match(huge.problems[0].message, /larger than/);
  const deep = (n) => `a = ${'['.repeat(n)}${']'.repeat(n)}\n`;
  assert.match(compileXlConfig(deep(20000), 'deep.cfg').problems[0].message, /memory exhausted/); // as Bison's stack limit
  assert.equal(compileXlConfig(deep(4990), 'deep.cfg').problems, []);
});

test('fuzz: any text compiles without throwing, spans inside the text', () => {
  const pieces = fc.constantFrom('name', ' = ', '+=', '"x"', "'y'", '[', ']', ',', ';', '\n', '\r', '#c', '0x1', '08', '-', '\\', '"\\q"', 'Z', '\ufeff', '\u00e9', '\0', '\t');
  fc.assert(
    fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 60 }), (parts) => {
      const text = parts.join('');
      const m = compileXlConfig(text, 'f.cfg');
      for (const p of m.problems) assert.ok(p.span.start.offset >= 0 && p.span.end.offset <= text.length);
      for (const a of m.assignments) assert.ok(a.span.end.offset <= text.length);
    }),
    { numRuns: 3000, seed: 13 },
  );
});

test.run();

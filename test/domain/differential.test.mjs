// Differential test: each config form is run by python3 (exec of the file in an
// empty dict) and by our evaluator; the resulting variables must agree. Only forms
// where Python 2 and 3 agree are here; Python-2-only forms are in python2.test.mjs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { have, testIf } from '../tools.mjs';

/** [source, options]; types: false when only the value (not the Python type) agrees across 2 and 3. */
const FORMS = [
  // strings
  [`a = 'x'`],
  [`a = "x"`],
  [`a = '''multi\nline'''`],
  [`a = """tri "q" ple"""`],
  [String.raw`a = r'\n\t\\'`],
  [String.raw`a = r"\d+\.\w" ; b = R'\''`],
  [String.raw`a = 'tab\there\nnl\\bs\'q\"dq'`],
  [String.raw`a = '\x41\x62\101\0end\7'`],
  [String.raw`a = '\a\b\f\v\r'`],
  [String.raw`a = '\d\q\%\ '`],
  ["a = 'abc\\\ndef'"],
  ["a = '''ab\\\ncd'''"],
  ["a = \"\"\"line1\n  line2\n\"\"\""],
  [String.raw`a = 'a' "b" '''c''' r'\d'`],
  ["a = ('a'\n     'b'\n     \"c\")"],
  [`a = u'abc' ; b = U"x"`, { types: false }],
  [String.raw`a = u'\u00e9\x41\U0001F600\101'`, { types: false }],
  [`a = '' ; b = "" ; c = '''''' ; d = """"""`],
  [`a = "it's" ; b = 'say "hi"' ; c = '''it's "both"'''`],
  [`a = 'x' * 3 ; b = 3 * 'ab' ; c = 'a' * 0 ; d = 'a' * -2`],
  [`a = 'ab' + 'cd' + "ef"`],
  [`a = 'not # a comment'  # real comment`],
  [`a = "semi;colon" ; b = 2`],
  // numbers
  [`a = 42 ; b = -7 ; c = +5 ; d = 0 ; e = 00`],
  [`a = 0x1F ; b = 0XfF ; c = 0o17 ; d = 0b101 ; e = 0O7 ; f = 0B1`],
  [`a = 1.5 ; b = .5 ; c = 1. ; d = 1e3 ; e = 1.5E-3 ; f = 1e+2 ; g = 0.0`],
  [`a = 0.1 ; b = 1e16 ; c = 1.5e-7 ; d = 123456789.123 ; e = 1e300 * 10`],
  [`a = True ; b = False ; c = None`],
  [`a = 10 // 3 ; b = -10 // 3 ; c = 10 % 3 ; d = -10 % 3 ; e = 10 % -3 ; f = -10 // -3`],
  [`a = 2 ** 10 ; b = 2 ** -1 ; c = (-2) ** 3 ; d = -2 ** 2 ; e = 2 ** 3 ** 2 ; f = 2 ** -1 ** 2`],
  [`a = 7.0 / 2 ; b = 7 / 2.0 ; c = -7.0 / 2`],
  [`a = 1.5 * 2 ; b = 1 + 2.5 ; c = 3 - 0.5 ; d = 2.5 ** 2`],
  [`a = 7.5 // 2 ; b = -7.5 % 2 ; c = 7 % 2.5 ; d = -7 // 2.0`],
  [`a = 6 & 3 ; b = 6 | 3 ; c = 6 ^ 3 ; d = 1 << 4 ; e = 256 >> 2 ; f = ~5 ; g = -9 >> 1`],
  [`a = 1 + 2 * 3 - 4 % 3 ; b = (1 + 2) * 3 ; c = 2 * 3 ** 2 ; d = -3 ** 2 ; e = 1 | 2 ^ 3 & 4 << 1 + 1`],
  [`a = 2 ** 40 ; b = 12345678901234 ; c = 2 ** 52 + 1 ; d = -(2 ** 50)`],
  [`a = True + 1 ; b = True * 3 ; c = False - 1 ; d = True & True ; e = True | 4`],
  [`a = - - 3 ; b = -(-3) ; c = ~~5 ; d = +-+2 ; e = -1.5 ; f = - 0`],
  [`a = ((((1)))) ; b = ((('x'),)) ; c = (((1, 2)))`],
  [`a = 1e3 * 2 ; b = 3 * 1.0 ; c = 2 ** 0.5`],
  // containers
  [`a = [1, 'two', 3.0, None, True]`],
  [`a = [] ; b = [[]] ; c = [[1, [2, [3]]]]`],
  [`a = (1,) ; b = () ; c = (1, 2, 3) ; d = ((1, 2), [3, (4,)])`],
  [`a = 1, 2 ; b = 1, ; c = 'x', [1], (2,)`],
  [`a = {'k': 'v', 'n': 1} ; b = {}`],
  [`a = {'disk': ['x', 'y'], 't': (1, 2), 'd': {'in': None}}`],
  [`a = {'x': 1, 'x': 2, 'y': 3}`],
  [`a = {1: 'one', 2: 'two', (1, 2): 'pair', None: 0}`],
  [`a = [1] + [2, 3] ; b = (1,) + (2,) ; c = [] + []`],
  [`a = [0] * 3 ; b = (1, 2) * 2 ; c = 2 * [[]] ; d = [1] * 0`],
  [`a = [1, 2,] ; b = {'a': 1,} ; c = (1, 2,) ; d = [1,]`],
  ["disk = [\n    'phy:a,xvda,w',   # root\n    # a comment line\n\n    'phy:b,xvdb,w',\n]\n"],
  ["vif = [ 'mac=00:16:3e:00:00:01, bridge=xenbr0',\n        'bridge=xenbr1' ]"],
  // % formatting
  [`a = 'VM%d' % 5`],
  [`a = '%s-%s' % ('a', 1) ; b = '%s' % (None,) ; c = '%s' % True`],
  [`a = '%05d|%-5d|%+d|% d|%3d|%-3d|' % (42, 42, 42, 42, -4, -4)`],
  [`a = '%x %X %o %#x %#X %i %u' % (255, 255, 8, 255, 255, -3, 7)`],
  [`a = '%.2f %e %g %G %f %.0f %.3e %10.2f|%-8.1f|' % (3.14159, 12345.678, 0.0001, 1e20, 1.5, 2.5, 0.000123, 3.14159, 2.25)`],
  [`a = '%g %g %g %g %g %.3g %#g' % (100000, 1000000, 1e-5, 123.456, 0.5, 1234.5, 1.5)`],
  [`a = '%(name)s is %(age)d, %(name)r' % {'name': 'x', 'age': 3}`],
  [`a = '%r %r %r %r' % ('q', 5, "it's", [1, 'a'])`],
  [`a = '%s' % [1, 'a'] ; b = '%s' % {'k': (1,)} ; c = '%s|%s' % ((1,), [])`],
  [`a = '%s %s %s %s' % (1.5, 0.1, 1e16, 1e-5) ; b = '%r' % 1.1`],
  [`a = '100%%' % () ; b = '%s%%' % 50 ; c = 'abc' % []`],
  [`a = '%c%c' % (65, 'b')`],
  [`a = '%*d|' % (5, 42) ; b = '%.3s|' % 'abcdef' ; c = '%-6s|' % 'ab' ; d = '%6s|' % 'ab' ; e = '%.*f' % (2, 1.23456)`],
  [`a = '%s' % 'x' + 'y' ; b = 'p' + '%s' % 'q' ; c = '%d' % 3 * 2`],
  [`a = 'abc' 'd%s' % 'x'`],
  [`a = 'x=%d' % 3.99 ; b = '%d' % -3.99 ; c = '%x' % 255 ; d = '%s' % -0.0`],
  [`a = '%5.1f%%' % 99.44 ; b = '%+.2e' % -12345.6789 ; c = '%010.3f' % -3.14159`],
  [`a = '%.0f %.0f %.0f %.1f %.2f %.2f %.0f' % (0.5, 1.5, 2.5, 0.25, 1.005, 2.675, -0.5)`],
  [`a = '%.3e %.0e %e %g %.15g %.17g %20.10f|' % (1.0005, 2.5, 5e-324, 2.5e-5, 0.1, 0.1, 1e20)`],
  [`a = '%r %r %r %r %r' % (1e16, 1e-5, 123456789012345678.0, 0.1 + 0.2, -0.0)`],
  [randomFloats()],
  // statements
  [`a = b = c = 'same'`],
  [`a = 1 ; a += 2 ; b = 'x' ; b += 'y' ; c = [1] ; c += [2] ; d = 10 ; d -= 3 ; e = 3 ; e *= 2`],
  [`f = 17 ; f %= 5 ; g = 2 ; g **= 3 ; h = 7 ; h //= 2 ; i = 6 ; i &= 3 ; j = 1 ; j <<= 3 ; k = 5 ; k |= 2 ; l = 5 ; l ^= 1 ; m = 64 ; m >>= 2`],
  [`a = [1] ; b = a ; b += [2] ; c = (1,) ; d = c ; d += (2,)`],
  [`a = [1] ; a += (2, 3) ; a += 'xy' ; a += {'k': 1}`],
  [`a = 1; b = 2; c = a + b;`],
  ["a = 1 + \\\n    2\nb = 'x' \\\n  'y'"],
  [`base = '/srv' ; kernel = base + '/vmlinuz' ; name = 'vm-%s' % base[1:] if False else 'vm'`, { skip: true }],
  [`base = '/srv'\nkernel = base + '/vmlinuz'\nramdisk = base + '/initrd'`],
  ["# c\na = 1 # t\n#x\n   # indented comment\n"],
  [`a, b = 1, 2 ; [c, d] = 'xy' ; (e, f) = [3, 4] ; g, (h, i) = 1, (2, 3)`],
  [`a = 1 ; b = 2 ; del a`],
  [`pass ; a = 1`],
  [''],
  ['# only a comment\n\n# another\n'],
  ['\ufeffa = 1\nb = "bom ok"\n'],
  ['a = 1\r\nb = "x"\r\nc = [1,\r\n  2]\r\n'],
  ['a\t=\t1\nb =\t\t"t"\n'],
  ['a = 1\f\nb = 2\n'],
  ['x = 5\ny = x * x + x // 2\nz = [x, y, x]\n'],
  ["a = 'x'\n\n\n\nb = 'y'   \n"],
  ["memory = 512\nmaxmem = memory * 2\nvcpus = 2\ncpus = '0-%d' % (vcpus - 1)\n"],
  ["name = 'web'\nvif = ['mac=00:16:3e:00:00:%02x,bridge=xenbr0' % 7]\ndisk = ['phy:/dev/vg/%s,xvda,w' % name, 'phy:/dev/vg/%s-swap,xvdb,w' % name]\n"],
  ["extra = ' '.join\n", { skip: true }],
];

/** One form formatting pseudo-random doubles of many magnitudes with %f, %e, %g and %r. */
function randomFloats() {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const items = [];
  for (let i = 0; i < 120; i++) {
    const mag = Math.floor(next() * 40) - 20;
    const x = (next() - 0.5) * 10 ** mag;
    const fmt = ['%.3f', '%e', '%.2e', '%g', '%.10g', '%r', '%12.4f', '%-+10.3g'][i % 8];
    items.push(`'${fmt}' % ${x.toPrecision(17)}`);
  }
  return `a = [${items.join(',\n     ')}]`;
}

const runnable = FORMS.filter(([, o]) => !o?.skip);
const dir = mkdtempSync(join(tmpdir(), 'xd-diff-'));
const files = runnable.map(([src], i) => {
  const f = join(dir, `form${i}.cfg`);
  writeFileSync(f, src);
  return f;
});
const PY = `
import json, sys
def enc(v):
    if isinstance(v, tuple): return {"tuple": [enc(x) for x in v]}
    if isinstance(v, list): return [enc(x) for x in v]
    if isinstance(v, dict): return {(k if isinstance(k, str) else str(k)): enc(x) for k, x in v.items()}
    return v
out = []
for path in sys.argv[1:]:
    src = open(path, 'rb').read()
    g = {}
    try:
        exec(compile(src, path, 'exec'), g)
        g.pop('__builtins__', None)
        out.append({"ok": True, "vars": {k: enc(v) for k, v in g.items()}, "types": {k: type(v).__name__ for k, v in g.items()}})
    except Exception as e:
        out.append({"ok": False, "error": type(e).__name__ + ': ' + str(e)})
print(json.dumps(out))
`;
const withPython = testIf(have('python3'), 'python3 not found (apt-get install python3): config forms not compared with Python');
const py = have('python3') ? spawnSync('python3', ['-W', 'ignore', '-c', PY, ...files], { encoding: 'utf8' }) : undefined;
rmSync(dir, { recursive: true, force: true });
const results = py?.status === 0 ? JSON.parse(py.stdout) : [];

test('at least 60 forms are compared', () => {
  assert.ok(runnable.length >= 60, `${runnable.length} forms`);
});

runnable.forEach(([src, opts], i) => {
  withPython(`form ${i}: ${JSON.stringify(src).slice(0, 70)}`, () => {
    assert.is(py.status, 0, `python3: ${py.stderr}`);
    const expected = results[i];
    assert.ok(expected.ok, `python3 failed on the form: ${expected.error}`);
    const m = compileDomainConfig(src, 'form.cfg');
    const problems = m.problems.filter((p) => p.kind !== 'carriage-return');
    assert.equal(problems.map((p) => p.message), [], 'no problems');
    const vars = Object.fromEntries([...m.vars].map(([k, a]) => [k, a.value]));
    // JSON round trip: python's json has no -0 and no tuples-as-objects difference
    assert.equal(JSON.parse(JSON.stringify(vars)), expected.vars);
    if (opts?.types !== false) {
      const types = Object.fromEntries([...m.vars].map(([k, a]) => [k, a.pyType]));
      assert.equal(types, expected.types);
    }
  });
});

test.run();

// The simple-config fast path (src/model/domain-simple.ts) must build exactly the
// model the full compiler builds — values, types, every span, comments, name — and
// hand everything else to the full compiler. Compared on the corpus, the examples,
// the bench's generated configs, and thousands of generated and mutated configs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { fastPathProperties, spanOf } from '../fast-path.mjs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileDomainConfig, compileFullConfig } from '../../dist/src/model/domain-compile.js';
import { compileSimpleConfig } from '../../dist/src/model/domain-simple.js';
import { ROOT } from '../helpers.mjs';

/** Everything a rule, show or plan can read from a model, in plain data. */
function shape(m) {
  return {
    file: m.file,
    text: m.text,
    assignments: m.assignments.map((a) => ({
      name: a.name, value: a.value, pyType: a.pyType, nameSpan: spanOf(a.nameSpan), valueSpan: spanOf(a.valueSpan), span: spanOf(a.span),
      elementSpans: a.elementSpans?.map(spanOf),
    })),
    vars: [...m.vars].map(([k, a]) => [k, m.assignments.indexOf(a)]),
    comments: m.comments.map((c) => [c.text, spanOf(c.span)]),
    problems: m.problems.map((p) => [p.kind, p.message, spanOf(p.span), p.detail]),
    name: m.name && [m.name.value, m.name.source, spanOf(m.name.span)],
    unknown: [...(m.unknown ?? [])].map(([k, u]) => [k, u.reason, spanOf(u.span)]),
    opaqueCode: spanOf(m.opaqueCode),
    lineCount: m.lines.lineCount,
  };
}

/** Compiles both ways; returns whether the fast path took the config. */
function same(text, file = 'etc/xen/auto/t.cfg', basename = 't.cfg') {
  const simple = compileSimpleConfig(text, file, basename);
  if (!simple) return false;
  assert.equal(shape(simple), shape(compileFullConfig(text, file, { basename })), JSON.stringify(text));
  return true;
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('corpus and example configs: identical models whenever the fast path takes one', () => {
  const files = [join(ROOT, 'examples/etc/xen/auto'), join(ROOT, '../shared/corpus')].flatMap(filesUnder);
  assert.ok(files.length > 10);
  let taken = 0;
  for (const f of files) if (same(readFileSync(f, 'latin1'), f, f.split('/').pop())) taken++;
  assert.ok(taken >= 3, `the fast path takes the plain configs (${taken} of ${files.length})`);
});

test('xm create vmid=N changes nothing in a config the fast path takes (vmid is only read, never listed)', () => {
  const text = "name = 'web'\nmemory = 512\n";
  assert.equal(shape(compileDomainConfig(text, 'w.cfg', { vmid: 3 })), shape(compileFullConfig(text, 'w.cfg', { vmid: 3 })));
});

test('the configs bench/lint-domains.mjs generates take the fast path', () => {
  const src = readFileSync(join(ROOT, 'bench/lint-domains.mjs'), 'utf8');
  const config = new Function(`${src.slice(src.indexOf('function config'), src.indexOf('function makeHost'))}; return config;`)();
  for (const i of [0, 1, 77, 4095, 65536]) assert.ok(same(config(i)), `config(${i}) is simple`);
});

test('hand-picked edges: taken and identical, or left to the full compiler', () => {
  const taken = [
    '', '\n', '# only a comment', 'a = 1', 'a = 1\n', "a = 'x'  # trailing\n", 'a = "x"\n\n\nb = 0\n', 'a=[]\n', 'a = [ ]\n',
    "disk = [ 'phy:/dev/vg/x,xvda,w',\n         'file:/x.img,xvdb,w', ]\n", "vif = [\n  # first\n  'mac=00:16:3e:00:00:01',\n\n  # none\n]\n",
    "a = 1\na = 2\nb = 'a'\n", '   # indented comment\n', '\t\n', "name = 'x'\nname = 3\n", 'x = [1, 2, 3]\n', 'x = 999999999999999\n',
  ];
  for (const t of taken) assert.ok(same(t), `takes ${JSON.stringify(t)}`);
  const left = [
    ' a = 1\n', 'a = 01\n', 'a = 1L\n', 'a = 1.5\n', 'a = 0x1f\n', 'a = -1\n', "a = 'x' 'y'\n", "a = 'it' 's'\n", "a = '''x'''\n", "a = u'x'\n", "a = r'x'\n",
    "a = 'x\\n'\n", 'a = [[1]]\n', 'a = (1,)\n', "a = {'k': 1}\n", 'a = b\n', 'a = 1 + 2\n', 'a == 1\n', 'a = b = 1\n', 'a = 1; b = 2\n',
    'print = 1\n', 'None = 1\n', 'True = 1\n', 'a = 1\r\n', "a = 'é'\n", 'import os\n', "a = 'x\n", 'a = [1,\n', 'a = [1 2]\n', 'a = 1 2\n',
    'a = 9999999999999999\n', 'a =\n', '= 1\n', 'a.b = 1\n', 'a[0] = 1\n', 'a += 1\n', "a = 'x'\\\n", 'if a: b = 1\n', 'a = 1\n  b = 2\n', '\fa = 1\n',
  ];
  for (const t of left) assert.is(compileSimpleConfig(t, 'f.cfg', 'f.cfg'), undefined, `leaves ${JSON.stringify(t)}`);
});

const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
const str = fc.tuple(fc.constantFrom("'", '"'), fc.stringMatching(/^[ -&(-[\]-~]{0,12}$/)).map(([q, s]) => `${q}${s.replaceAll(q, '')}${q}`);
const int = fc.oneof(fc.constant('0'), fc.integer({ min: 1, max: 1e12 }).map(String));
const blank = fc.constantFrom('', ' ', '  ', '\t');
const item = fc.oneof(str, int);
const list = fc.tuple(fc.array(fc.tuple(blank, item, fc.constantFrom('', '\n', '  # c\n')), { maxLength: 4 }), fc.boolean())
  .map(([items, trailing]) => `[${items.map(([b, x, after]) => `${b}${x}${after}`).join(',')}${trailing && items.length ? ',' : ''}]`);
const statement = fc.tuple(ident, blank, blank, fc.oneof(str, int, list), fc.constantFrom('', '  # note', '#x'))
  .map(([n, b1, b2, v, c]) => `${n}${b1}=${b2}${v}${c}`);
const config = fc.array(fc.oneof(statement, statement, fc.constantFrom('', '# comment', '   ', '#')), { maxLength: 12 }).map((l) => l.join('\n'));

fastPathProperties(test, { what: 'configs', inputs: config, editChars: ' \t\n#=\'"[],;\\0123456789abcxyz_.-+(){}:L\r', same, minTaken: 1500, seed: 424242 });

test.run();

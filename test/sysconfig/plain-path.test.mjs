// The plain-sysconfig fast path (src/model/sysconfig-plain.ts) must build exactly
// the model the full compiler builds — values, quoting, every span, comments,
// fillup metadata — and leave everything else to it. Compared on the shipped and
// example files and on thousands of generated and mutated ones.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { fastPathProperties, spanOf } from '../fast-path.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFullSysconfig } from '../../dist/src/model/sysconfig-compile.js';
import { compilePlainSysconfig } from '../../dist/src/model/sysconfig-plain.js';
import { ROOT, SAMPLE_SYSCONFIG } from '../helpers.mjs';

function shape(m) {
  return {
    file: m.file,
    text: m.text,
    assignments: m.assignments.map((a) => ({
      name: a.name, nameSpan: spanOf(a.nameSpan), exported: a.exported, value: a.value, rawValue: a.rawValue, valueSpan: spanOf(a.valueSpan),
      span: spanOf(a.span), expansions: a.expansions, quoted: a.quoted,
      meta: a.meta && { ...a.meta, span: spanOf(a.meta.span) },
    })),
    comments: m.comments.map((c) => [c.text, spanOf(c.span)]),
    problems: m.problems.map((p) => [p.kind, p.message, spanOf(p.span)]),
    lineCount: m.lines.lineCount,
  };
}

/** Compiles both ways; returns whether the fast path took the file. */
function same(text, file = 'etc/sysconfig/xendomains') {
  const plain = compilePlainSysconfig(text, file);
  if (!plain) return false;
  assert.equal(shape(plain), shape(compileFullSysconfig(text, file)), JSON.stringify(text));
  return true;
}

test('the shipped and example sysconfigs take the fast path with identical models', () => {
  for (const f of [SAMPLE_SYSCONFIG, join(ROOT, '../shared/corpus/xen-4.0.0/sysconfig.xendomains'), join(ROOT, 'examples/sim/xendomains')]) {
    assert.ok(same(readFileSync(f, 'utf8'), f), `${f} is plain`);
  }
});

test('hand-picked edges: taken and identical, or left to the full compiler', () => {
  const taken = [
    '', '\n', '#', '# c\n', '   # indented comment\n', 'A=\n', 'A= # c\n', 'A=b', 'A=b  \n', 'A=b # c\n', 'A="x y"\n', "A='$x `y` \\\\z'\n", 'A=""\n', "A=''\n",
    'A=/var/lib/xen/save\nB="--halt --wait"\n', '## Type: string\n## Default: ""\n#\n# text\nA=""\n', '## Path: a/b\nA=1\n## Description: d\nB=2\n', 'if=1\n', 'A=a=b,c:d+e@f%g^h\n',
  ];
  for (const t of taken) assert.ok(same(t), `takes ${JSON.stringify(t)}`);
  const left = [
    ' A=1\n', 'export A=1\n', 'A+=1\n', 'A=$B\n', 'A="$B"\n', 'A="a\\"b"\n', 'A=`x`\n', 'A=a\\ b\n', "A=$'x'\n", 'A=b c\n', 'A=b#c\n', 'A="x"y\n', 'A="x" y\n',
    'A=~/x\n', 'A=*\n', 'A=(1 2)\n', 'A=1; B=2\n', 'A=1\r\n', 'A="é"\n', 'A="x\n', 'A="x\ny"\n', 'echo hi\n', '1A=x\n', 'A =1\n', '\uFEFFA=1\n', 'A=1 && B=2\n', 'A={a,b}\n', 'A=!x\n',
    'A=--all\\ #x\n', 'A=/x)\nB=1\n', 'A=1\nB="s\n', "A=$'\\xc3\\xa9'\n", 'A=1 ;;\n',
  ];
  for (const t of left) assert.is(compilePlainSysconfig(t, 'f'), undefined, `leaves ${JSON.stringify(t)}`);
});

const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/);
const value = fc.oneof(
  fc.stringMatching(/^[a-z0-9_/.,:+=@%^-]{0,10}$/),
  fc.stringMatching(/^[ -!#-~]{0,10}$/).map((s) => `"${s.replace(/[$`\\]/g, '')}"`),
  fc.stringMatching(/^[ -&(-~]{0,10}$/).map((s) => `'${s}'`),
);
const comment = fc.oneof(fc.constant(''), fc.constantFrom(' # c', '\t#x', ' #'));
const line = fc.oneof(
  fc.tuple(name, value, comment).map(([n, v, c]) => `${n}=${v}${c}`),
  fc.tuple(fc.constantFrom('Path', 'Type', 'Default', 'Description', 'Other'), fc.stringMatching(/^[ -~]{0,12}$/)).map(([k, v]) => `## ${k}: ${v}`),
  fc.constantFrom('', '#', '# text', '  ', '\t# indented'),
);
const file = fc.array(line, { maxLength: 14 }).map((l) => l.join('\n'));

fastPathProperties(test, { what: 'sysconfigs', inputs: file, editChars: ' \t\n#=\'"$`\\;&|(){}~*!abcAB_019:/-.\r', same, minTaken: 2500, seed: 1234 });

test.run();

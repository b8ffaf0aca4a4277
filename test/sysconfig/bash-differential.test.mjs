// The sysconfig compiler must agree with bash: every form below is sourced by
// bash (`set -a; . FILE`) and compiled by us, and the variables must be identical.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSysconfig } from '../../dist/src/model/sysconfig-compile.js';

const VARS = ['V', 'W', 'X'];
const forms = [
  'V=plain',
  'V=',
  'V=""',
  "V=''",
  'V="double quoted"',
  "V='single quoted'",
  `V="--halt"' --wait'`,
  'V=a\\ b',
  'V=a\\\\b',
  'V=\\$HOME',
  'V="a\\"b"',
  'V="a\\\\b"',
  'V="a\\$b"',
  'V="a\\`b"',
  'V="a\\nb"',
  'V="a\\zb"',
  "V='a\\nb'",
  "V=$'a\\tb'",
  "V=$'a\\nb\\x41\\101\\u00e9'",
  "V=$'it\\'s'",
  "V=$'\\e[0m\\cA'",
  'V=x; W=$V',
  'V=x\nW=${V}y',
  'V=x\nW="$V and ${V}"',
  'W=$UNSET_VAR_XD',
  'W="${UNSET_VAR_XD}z"',
  "V=x\nW='$V'",
  'V=a\\\nb',
  'V="a\\\nb"',
  "V='a\\\nb'",
  'V="multi\nline"',
  "V='multi\nline'",
  'V=a # comment',
  'V=a#b',
  'V="a"#b',
  '# only a comment\nV=1',
  'export V=exported',
  'export V=1 W=2',
  'V=1 W=2 X=3',
  'V=1\nV=2',
  'V=a\nV+=b',
  'V=$V$V',
  'V=x\nV="$V-$V"',
  'V=a~b',
  'V=*',
  'V=/etc/*',
  'V=[abc]',
  'V={a,b}',
  'V="tab\there"',
  'V=a\tW=b',
  '  V=indented',
  'V=1;W=2',
  'V="a;b"',
  'V=a\\;b',
  'V="$"',
  'V=$',
  'V=a$',
  'V="a\'b"',
  "V='a\"b'",
  'V="a b"c\'d e\'f',
  'V=line\r',
  'V="quoted"\r',
  'V=\\\nW=2',
  'V=${V}x',
  'V=é',
  'V="ünï ☃"',
  'V=\\',
];

const dir = mkdtempSync(join(tmpdir(), 'xd-bash-'));
const printer = `set -a; . "$1"; for v in ${VARS.join(' ')}; do if [ -n "\${!v+x}" ]; then printf '%s=%s\\0' "$v" "\${!v}"; else printf '%s\\0' "$v"; fi; done`;

function viaBash(file) {
  const out = execFileSync('bash', ['--noprofile', '--norc', '-c', printer, 'bash', file], {
    env: { PATH: process.env.PATH, LC_ALL: 'C.UTF-8' },
    encoding: 'utf8',
  });
  const vars = {};
  for (const item of out.split('\0').filter(Boolean)) {
    const eq = item.indexOf('=');
    vars[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? null : item.slice(eq + 1);
  }
  return vars;
}

function viaModel(text, file) {
  const model = compileSysconfig(text, file);
  const vars = Object.fromEntries(VARS.map((v) => [v, null]));
  for (const a of model.assignments) if (VARS.includes(a.name)) vars[a.name] = a.value;
  return { vars, model };
}

test('at least 50 assignment forms are compared', () => {
  assert.ok(forms.length >= 50, `${forms.length} forms`);
});

forms.forEach((form, i) => {
  test(`bash agrees: ${JSON.stringify(form)}`, () => {
    const file = join(dir, `form-${i}`);
    writeFileSync(file, form + '\n');
    const expected = viaBash(file);
    const { vars, model } = viaModel(form + '\n', file);
    assert.equal(vars, expected);
    const syntax = model.problems.filter((p) => p.kind !== 'carriage-return');
    assert.equal(syntax, [], 'a form bash accepts as assignments gives no problems');
  });
});

// Forms bash accepts but whose value xendomains cannot know: a problem, never a guess.
for (const form of ['V=~', 'V=~/save', 'V=a:~/b', 'V=$(hostname)', 'V=`id -u`', 'V=${X:-default}', 'V=$1', 'V="$(ls)"']) {
  test(`not evaluated, reported: ${JSON.stringify(form)}`, () => {
    const { vars, model } = viaModel(form + '\n', 'f');
    assert.is(vars.V, null, 'no value is invented');
    assert.equal(model.problems.map((p) => p.kind), ['not-assignment']);
  });
}

// NUL bytes: bash's `.` deletes them (skipping the byte after each), stops at a NUL it left,
// and refuses a file once it has deleted more than 256 (`cannot execute binary file`).
const nulForms = {
  'a NUL on its own line': 'V=1\n\0\nW=2\n',
  'two NULs in a row cut the file': 'V=1\n\0\0\nW=2\n',
  '256 NULs in a row': `V=1\n${'\0'.repeat(256)}\nW=2\n`,
  'a binary file: 300 scattered NULs': `V=1\n${'\0a'.repeat(300)}\nW=2\n`,
};
for (const [label, text] of Object.entries(nulForms)) {
  test(`bash agrees on NUL bytes: ${label}`, () => {
    const file = join(dir, `nul-${label.replace(/\W+/g, '-')}`);
    writeFileSync(file, text);
    let expected;
    try {
      expected = viaBash(file);
    } catch {
      expected = Object.fromEntries(VARS.map((v) => [v, null])); // bash refused the file: nothing set
    }
    const { vars, model } = viaModel(text, file);
    assert.equal(vars, expected);
    assert.ok(model.problems.some((p) => /NUL|binary/.test(p.message)), 'the NUL bytes are reported');
  });
}

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();

// `xendomains completion`: a bash script that parses (bash -n) and completes commands,
// verbs, options, option values and rule codes; every command in --help is offered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, cli, tmpHost } from '../helpers.mjs';

const script = cli(['completion']);
const file = join(tmpHost(), 'xendomains.bash');
writeFileSync(file, script.stdout);

/** Completes `line` (the cursor at its end) in a bash subprocess; returns the candidates. */
function complete(line) {
  const words = line.split(' ');
  const program = `source "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${line}'; COMP_POINT=\${#COMP_LINE}
_xendomains xendomains '${words[words.length - 1]}' '${words[words.length - 2]}'; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', file], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).sort();
}

test('prints a bash script that passes bash -n and registers itself', () => {
  assert.is(script.code, 0, script.stderr);
  assert.is(spawnSync('bash', ['-n', file], { encoding: 'utf8' }).status, 0);
  const r = spawnSync('bash', ['--norc', '-c', 'source "$1"; complete -p xendomains', 'bash', file], { encoding: 'utf8' });
  assert.match(r.stdout, /-F _xendomains xendomains/);
});

test('xendomains pl<TAB> → plan; compgen agrees', () => {
  assert.equal(complete('xendomains pl'), ['plan']);
  const r = spawnSync('bash', ['--norc', '-c', 'source "$1"; COMP_WORDS=(xendomains pl); COMP_CWORD=1; _xendomains; compgen -W "${COMPREPLY[*]}" -- pl', 'bash', file], { encoding: 'utf8' });
  assert.is(r.stdout, 'plan\n');
});

test('every command of --help is offered', () => {
  const help = cli(['--help']).stdout;
  const commands = [...help.matchAll(/^ {2}xendomains ([a-z-]+)/gm)].map((m) => m[1]);
  const aliases = [...help.matchAll(/\[aliases: ([^\]]+)\]/g)].flatMap((m) => m[1].split(', '));
  const offered = complete('xendomains ');
  for (const c of [...commands, ...aliases]) assert.ok(offered.includes(c), `${c} offered`);
});

test("every option of each command's --help is offered", () => {
  const commands = [...cli(['--help']).stdout.matchAll(/^ {2}xendomains ([a-z-]+)/gm)].map((m) => m[1]);
  for (const c of commands) {
    const options = [...cli([c, '--help']).stdout.matchAll(/^ +(?:-[a-z], )?(--[a-z-]+)/gm)].map((m) => m[1]);
    const offered = complete(`xendomains ${c} --`);
    for (const o of options) assert.ok(offered.includes(o), `${c} ${o} offered`);
  }
});

test('verbs, options, values and rule codes', () => {
  assert.equal(complete('xendomains plan s'), ['start', 'status', 'stop']);
  assert.equal(complete('xendomains lint --format s'), ['sarif', 'stylish']);
  assert.equal(complete('xendomains plan stop -f j'), ['json']);
  assert.equal(complete('xendomains lint --fail-on w'), ['warning']);
  assert.ok(complete('xendomains lint --disable XD200').includes('XD2008'));
  assert.ok(complete('xendomains explain XD10').includes('XD1001'));
  assert.ok(complete('xendomains --root /tmp lint --max').includes('--max-warnings'));
  assert.ok(complete('xendomains systemd-unit --').includes('--xendomains-path'));
  assert.ok(complete('xendomains --').includes('--config'));
  assert.equal(complete('xendomains --toolstack x'), ['xl', 'xm']);
  assert.equal(complete('xendomains --toolstack xl stop --jo'), ['--jobs', '--journal']);
});

test.after(cleanup);
test.run();

// `xendomains completion`: a bash script that parses (bash -n) and completes commands,
// verbs, options, option values and rule codes; every command in --help is offered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, cli, tmpHost } from '../helpers.mjs';
import { have, testIf } from '../tools.mjs';

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

test('-h is --help everywhere', () => {
  assert.equal(cli(['-h']).stdout, cli(['--help']).stdout);
  assert.equal(cli(['lint', '-h']).stdout, cli(['lint', '--help']).stdout);
  assert.match(cli(['lint', '-h']).stdout, /--max-warnings/);
});

test('an unsupported shell is a usage error naming the supported ones', () => {
  const r = cli(['completion', 'tcsh']);
  assert.is(r.code, 3);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /^xendomains: completion: no completion for the shell "tcsh"; supported: bash, zsh, fish\n/);
});

test('zsh: the bash script behind bashcompinit', () => {
  const r = cli(['completion', 'zsh']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /^#compdef xendomains\n/);
  assert.match(r.stdout, /bashcompinit/);
  assert.match(r.stdout, /complete -o bashdefault -o default -F _xendomains xendomains/);
});

testIf(have('zsh'), 'zsh not installed (apt-get install zsh): the zsh completion is not loaded')('zsh loads it and registers the completion', () => {
  const zshFile = join(tmpHost(), '_xendomains');
  writeFileSync(zshFile, cli(['completion', 'zsh']).stdout);
  const r = spawnSync('zsh', ['-f', '-c', 'autoload -U compinit && compinit -u; source "$1" && print -r -- ${_comps[xendomains]}', 'zsh', zshFile], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /_bash_complete|_xendomains/);
});

test('fish: every command and its options', () => {
  const r = cli(['completion', 'fish']);
  assert.is(r.code, 0);
  for (const cmd of ['lint', 'plan', 'apply', 'status', 'explain', 'completion']) assert.match(r.stdout, new RegExp(`-n __fish_use_subcommand -a ${cmd}\n`));
  assert.match(r.stdout, /-n '__fish_seen_subcommand_from lint' -l max-warnings/);
  assert.match(r.stdout, /-n '__fish_seen_subcommand_from explain' -a '[^']*XD1001/);
});

testIf(have('fish'), 'fish not installed (apt-get install fish): the fish completion is not parsed')('fish parses it', () => {
  const fishFile = join(tmpHost(), 'xendomains.fish');
  writeFileSync(fishFile, cli(['completion', 'fish']).stdout);
  const r = spawnSync('fish', ['--no-execute', fishFile], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
});

test.after(cleanup);
test.run();

// man/xendomains.8 renders without a single warning (groff -ww, man --warnings), has the
// usual sections, documents every command, and is installed through package.json's man field.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli } from '../helpers.mjs';
import { have, testIf } from './tools.mjs';

const PAGE = join(ROOT, 'man/xendomains.8');
const text = readFileSync(PAGE, 'utf8');

test('package.json installs it', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.man, ['./man/xendomains.8']);
  assert.ok(pkg.files.includes('man/'));
});

test('sections and commands', () => {
  for (const s of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS', '"EXIT STATUS"', 'FILES', 'ENVIRONMENT', 'EXAMPLES', '"SEE ALSO"']) {
    assert.match(text, new RegExp(`^\\.SH ${s}$`, 'm'), s);
  }
  const help = cli(['--help']).stdout;
  const commands = [...help.matchAll(/^ {2}xendomains ([a-z-]+)/gm)].map((m) => m[1]);
  assert.ok(commands.length >= 8, help);
  for (const c of commands) assert.ok(text.includes(c.replace(/-/g, '\\-')) || text.includes(c), `man page documents ${c}`);
});

testIf(have('groff'), 'groff not found (apt-get install groff-base): not rendered')('groff -man -ww -z: no warnings', () => {
  const r = spawnSync('groff', ['-man', '-ww', '-z', PAGE], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '');
});

testIf(have('man'), 'man not found (apt-get install man-db): not rendered')('man --warnings -l: no warnings, renders the name line', () => {
  const r = spawnSync('man', ['--warnings', '-l', PAGE], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' } });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.match(r.stdout, /xendomains\s+-\s+start,\s+stop,\s+lint\s+and\s+plan/);
});

test.run();

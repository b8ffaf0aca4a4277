// The CLI's manners: every error is one line starting `xendomains:`, echoes what
// was typed, names real options and arguments, and uses the contract's exit codes
// (3 usage, 4 bad option value) — an unknown rule code is 4 everywhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli } from '../helpers.mjs';

const cases = [
  [['lint', '--max-warnings', 'abc', '--root', 'examples'], 4, 'xendomains: invalid value for --max-warnings: "abc" (a whole number, 0 or more)'],
  [['stop', '--jobs', 'x'], 4, 'xendomains: invalid value for --jobs: "x" (a whole number of at least 1)'],
  [['plan', 'foo', '--root', 'examples'], 3, 'xendomains: plan: unknown verb "foo" (choose from start, stop, restart, status)'],
  [['plan'], 3, 'xendomains: plan: missing a verb: start, stop, restart or status'],
  [['explain'], 3, 'xendomains: explain: missing a rule code or name'],
  [['apply'], 3, 'xendomains: apply: missing the plan file'],
  [['bogus'], 3, 'xendomains: unknown command "bogus"'],
  [['lint', '--bogus=3', '-z', '--root', 'examples'], 3, 'xendomains: lint: unknown options --bogus=3, -z'],
  [['rules', 'extra'], 3, 'xendomains: rules: unexpected argument "extra"'],
  [['explain', 'XD9999'], 4, 'xendomains: explain: "XD9999" is not a xendomains rule'],
  [['lint', '--disable', 'XD9999', '--root', 'examples'], 4, 'xendomains: invalid value for --disable: "XD9999" is not a xendomains rule'],
];

for (const [args, code, start] of cases) {
  test(`${args.join(' ')} → exit ${code}`, () => {
    const r = cli(args);
    assert.is(r.code, code, r.stderr);
    assert.ok(r.stderr.startsWith(start), r.stderr);
    assert.not.match(r.stderr, /NaN|Not enough non-option|Unknown argument|--verb|\n\s+at /);
  });
}

test('--root "" is a usage error, never the live host', () => {
  for (const args of [['lint', '--root', ''], ['plan', 'stop', '--root='], ['show', '--root', '']]) {
    const r = cli(args);
    assert.is(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^xendomains: --root is empty/);
  }
});

test('a missing FILE is exit 2, also after --', () => {
  for (const args of [['lint', '--root', 'examples', 'nonexistent.cfg'], ['lint', '--root', 'examples', '--', 'nonexistent.cfg']]) {
    const r = cli(args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /xendomains: cannot read nonexistent\.cfg: no such file/);
  }
});

test('- reads standard input: a domain config, and -c - a sysconfig', () => {
  const config = cli(['lint', '-', '--format', 'gcc'], { input: "name = 'x'\nmemory = '2G'\n" });
  assert.is(config.code, 1);
  assert.match(config.stdout, /^<stdin>:2:10: error: `memory` is not a number/m);
  const sys = cli(['show', '-c', '-', '--format', 'json'], { input: 'XENDOMAINS_SAVE=/srv/save\n' });
  assert.is(sys.code, 0, sys.stderr);
  assert.is(JSON.parse(sys.stdout).sysconfig.XENDOMAINS_SAVE, '/srv/save');
});

test.run();

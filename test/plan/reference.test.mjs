// The emulation of the reference's string tests (used for the Q6–Q9 notes),
// checked against the real tools: GNU `grep -w` for the "already saved" test,
// bash `case` for the "is running" test and the eval'd AUTO_ONLY filter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { grepWordMatch, expandedPattern, casePatternMatch, evalCaseAlternatives, joinNames } from '../../dist/src/model/shell-match.js';

const GREP_CASES = [
  ['web', 'web-1 db'],
  ['web', 'webserver'],
  ['a.cfg', 'abcfg'],
  ['a.cfg', 'a.cfg'],
  ['a.cfg', 'xa.cfgx'],
  ['db', 'db.old'],
  ['db_1', 'db_10'],
  ['x*', 'xxx'],
  ['*x', 'a*x'],
  ['web[12]', 'web2'],
  ['web[!1]', 'web2'],
  ['a+b', 'a+b'],
  ['a+b', 'aab'],
  ['a\\+b', 'aab'],
  ['^db', 'db web'],
  ['db$', 'web db'],
  ['mail', ' '],
  ['(x)', '(x)'],
  ['v{2}', 'v{2}'],
  ['[', '['],
  ['.', ' '],
  ['w.b', 'w-b'],
];

test('grep -w emulation agrees with GNU grep', () => {
  for (const [pattern, line] of GREP_CASES) {
    const real = spawnSync('grep', ['-w', pattern], { input: `${line}\n` }).status === 0;
    assert.is(grepWordMatch(pattern, line), real, `grep -w ${JSON.stringify(pattern)} on ${JSON.stringify(line)}`);
  }
  assert.is(grepWordMatch('-v.cfg', 'x'), 'option');
});

const CASE_CASES = [
  ["'web*'", "'web+1'"],
  ["'web*'", 'web1'],
  ['web1', 'web1'],
  ["'db+1'", "'db+1'"],
  ['a?c', 'abc'],
  ['a[bc]d', 'acd'],
  ['a[!b]d', 'abd'],
  ['a\\*', 'a*'],
  ['a\\*', 'ab'],
  ['[', '['],
  ['x[', 'x['],
];

test('case pattern from an unquoted expansion agrees with bash', () => {
  for (const [pattern, subject] of CASE_CASES) {
    const real = spawnSync('bash', ['-c', 'case "$2" in $1) exit 0;; esac; exit 1', 'x', pattern, subject]).status === 0;
    assert.is(casePatternMatch(expandedPattern(pattern), subject), real, `case ${JSON.stringify(subject)} in ${pattern})`);
  }
});

const EVAL_CASES = [
  ['web|db', 'web'],
  ['web|db', "'db'"],
  ["'db+1'", 'db+1'],
  ["'db+1'", "'db+1'"],
  ["'w*'|x", 'wx'],
  ["'w*'|x", 'w*'],
  ['w*|x', 'wx'],
  ['"it\'s"', "it's"],
];

test('the eval of the AUTO_ONLY filter agrees with bash', () => {
  for (const [names, subject] of EVAL_CASES) {
    const real = spawnSync('bash', ['-c', `eval "case \\"\\$1\\" in ${names.replace(/["\\$`]/g, '\\$&')}) exit 0;; esac; exit 1"`, 'x', subject]).status === 0;
    const parsed = evalCaseAlternatives(names);
    assert.ok('alternatives' in parsed, names);
    assert.is(parsed.alternatives.some((alt) => casePatternMatch(alt, subject)), real, `eval case ${JSON.stringify(subject)} in ${names})`);
  }
});

test('NAMES with an empty alternative does not parse (Q9); a leading empty name is dropped', () => {
  assert.is(joinNames(['', 'a', 'b']), 'a|b');
  assert.is(joinNames(['a', '', 'b']), 'a||b');
  assert.ok('error' in evalCaseAlternatives(joinNames(['a', '', 'b'])));
  assert.ok('error' in evalCaseAlternatives(joinNames(['a', ''])));
  assert.ok('error' in evalCaseAlternatives(''));
  for (const names of ['a||b', 'a|']) {
    const real = spawnSync('bash', ['-c', `eval "case x in ${names}) exit 0;; esac; exit 1" 2>/dev/null; echo $?`]).stdout.toString().trim();
    assert.is.not(real, '0', `bash rejects or misses ${names}`);
  }
});

test.run();

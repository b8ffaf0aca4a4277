// The index behind XD4006 must agree with real `grep -w`: each pattern is
// checked against each name with GNU grep, and the answers must be identical.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { grepWordMatches } from '../../dist/src/lint/grep-word.js';

const names = ['web', 'web-1', 'web_2', 'abcfg', 'a.cfg', 'db.2', 'mail.example.com', 'x', 'xx', 'web1', 'Web', 'a-b-c', 'b-c', 'web.cfg', 'webXcfg', '1web'];
const patterns = ['web', 'a.cfg', 'web.cfg', 'db', 'b-c', 'mail', 'example', 'com', 'x', 'a', '1', 'eb', 'b.c', 'web-1', 'c'];

function grep(pattern, name) {
  const r = spawnSync('grep', ['-w', '-e', pattern], { input: `${name}\n`, encoding: 'utf8', env: { LC_ALL: 'C' } });
  return r.status === 0;
}

test('grepWordMatches agrees with grep -w for every pattern × name', () => {
  const result = grepWordMatches(patterns, names);
  for (const pattern of patterns) {
    const expected = names.filter((n) => grep(pattern, n)).sort();
    assert.equal([...result.get(pattern)].sort(), expected, `pattern ${pattern}`);
  }
});

test('a file name starting with - is an option to the reference\'s grep, so it matches nothing', () => {
  assert.equal(grepWordMatches(['-web', 'w[e]b'], ['a-web', 'web'] ).get('-web'), []);
  assert.equal(grepWordMatches(['w[e]b'], ['a-web', 'web-1', 'webb']).get('w[e]b').sort(), ['a-web', 'web-1']);
});

test.run();

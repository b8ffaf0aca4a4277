// Fleet rules are specified with fleets, not pairs: every example of a rule
// that runs across hosts lints three hosts or more.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rules } from '../../dist/rules/index.js';

test('every fleet rule example has 3+ hosts', () => {
  const fleetRules = rules.filter((r) => r.phase === 'fleet');
  assert.ok(fleetRules.length >= 3);
  for (const r of fleetRules) {
    for (const ex of [...r.docs.bad, ...r.docs.good]) {
      assert.is(ex.kind, 'fleet', r.code);
      assert.ok(ex.hosts.length >= 3, `${r.code}: ${ex.hosts.length} hosts`);
    }
  }
});

test.run();

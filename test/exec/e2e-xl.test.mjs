// `xendomains start|stop|restart|status --toolstack xl` end to end: the built
// CLI against the xl simulator (test/sim/xl, xenstore-read on PATH). Each row
// (scenarios-xl.mjs) gives the exact xl call log (the listings included), the domains
// left, the save directory, the lock and the exit code; every run's calls are the printed plan's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { assertFollowsPlan, calls, cleanupScenarios, limiter, plan, run, running, saveDir, scenarioHost } from './sim-scenario.mjs';
import { XL_SCENARIOS as ROWS } from './scenarios-xl.mjs';

const limit = limiter(4);

const results = Object.fromEntries(
  ROWS.map((row) => [
    row.id,
    limit(async () => {
      const h = scenarioHost({ toolstack: 'xl', ...row.setup });
      const printed = row.verb === 'status' || row.noPlan ? undefined : await plan(h, row.verb);
      const r = await run(h, [row.verb]);
      return { h, printed, r };
    }),
  ]),
);

test.after(cleanupScenarios);

for (const row of ROWS) {
  test(`${row.id} ${row.title}`, async () => {
    const { h, printed, r } = await results[row.id];
    assert.is(r.code, row.exit, `exit ${r.code}: ${r.stderr}`);
    const expected = row.calls(h);
    if (row.unordered) assert.equal(calls(h).map(String).sort(), expected.map(String).sort());
    else assert.equal(calls(h), expected);
    if (printed && r.code !== 6 && printed.outcome === null) assertFollowsPlan(h, printed, { ordered: !row.unordered });
    if (printed) assert.is(printed.toolstack, 'xl');
    assert.equal(running(h), row.running);
    if (typeof row.save === 'function') row.save(saveDir(h));
    else if (row.save !== undefined) assert.equal(saveDir(h), row.save);
    assert.is(existsSync(h.lock), row.lock, 'lock');
    row.check?.({ h, r, printed });
  });
}

test('at least 30 xl scenarios', () => assert.ok(ROWS.length >= 30));

test.run();

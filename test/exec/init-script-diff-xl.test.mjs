// The compiled init script against `xendomains <verb>` on xl hosts: for every xl
// end-to-end scenario (test/exec/scenarios-xl.mjs), the journal recovery and a killed save that xend finished, the
// script compiled with `--toolstack xl` and run under bash, dash, busybox ash and
// `bash --posix` with only POSIX tools on PATH, against the xl simulator, makes
// exactly the same xl calls, leaves the same domains, SAVE directory and lock,
// and exits with the same code as the CLI on the same host.
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { testIf } from '../tools.mjs';
import { XL_SCENARIOS } from './scenarios-xl.mjs';
import { cleanupScenarios } from './sim-scenario.mjs';
import { cleanupHarness, differential, journalScenarios, killedSaveScenarios, listingScenarios, SHELLS } from './init-script-harness.mjs';

const usable = SHELLS.filter((s) => s.ok);

const SCENARIOS = [
  ...XL_SCENARIOS.map((row) => ({ name: `${row.id} ${row.verb}: ${row.title}`, verb: row.verb, setup: { toolstack: 'xl', ...row.setup }, unordered: row.unordered })),
  ...journalScenarios('xl'),
  ...listingScenarios('xl'),
  ...killedSaveScenarios('xl'),
];

const results = usable.length ? SCENARIOS.map((s) => [s, differential(s)]) : SCENARIOS.map((s) => [s, undefined]);

test.after(() => {
  cleanupScenarios();
  cleanupHarness();
});

for (const shell of SHELLS.filter((s) => !s.ok)) testIf(false, shell.reason)(`compiled xl script under ${shell.name}`, () => {});

// With no shell able to run the script (a tool missing), a scenario would compare nothing: skip it, with why.
const scenarioTest = testIf(usable.length > 0, SHELLS.map((s) => s.reason).find((r, i) => !SHELLS[i].ok) ?? 'no shell');
for (const [s, pending] of results) {
  scenarioTest(`compiled xl script = CLI: ${s.name}`, async () => {
    const { expected, cli, got } = await pending;
    s.check?.(expected);
    for (const g of got) {
      assert.equal(g.outcome, expected, `${g.shell}: ${s.name}\n--- script stdout:\n${g.r.stdout}--- script stderr:\n${g.r.stderr}--- CLI stderr:\n${cli.stderr}`);
    }
  });
}

test('every xl end-to-end scenario is held to the CLI', () => assert.ok(SCENARIOS.length >= XL_SCENARIOS.length && XL_SCENARIOS.length >= 30));

test.run();

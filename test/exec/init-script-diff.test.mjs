// The compiled init script against `xendomains <verb>`: for every end-to-end
// scenario (test/exec/scenarios.mjs), the script run under bash, dash, busybox
// ash and `bash --posix` with only POSIX tools on PATH (no `timeout`: the
// fallback watchdog) makes exactly the same xm calls, leaves the same domains,
// SAVE directory and lock, and exits with the same code as the CLI on the same host;
// also after a start killed during a restore (the journal recovery) and after a save the watchdog
// killed that xend finished (settled at the chain's end). A run whose hung save was killed before it
// hung (a loaded machine) is run again (init-script-harness.mjs). xl hosts: init-script-diff-xl.
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { testIf } from '../tools.mjs';
import { OTHER_SCENARIOS, START_SCENARIOS, STOP_SCENARIOS } from './scenarios.mjs';
import { cleanupScenarios } from './sim-scenario.mjs';
import { cleanupHarness, differential, journalScenarios, killedSaveScenarios, listingScenarios, SHELLS } from './init-script-harness.mjs';

const usable = SHELLS.filter((s) => s.ok);

const SCENARIOS = [
  ...Object.entries(START_SCENARIOS).map(([name, s]) => ({ name: `start: ${name}`, verb: 'start', ...s })),
  ...Object.entries(STOP_SCENARIOS).map(([name, s]) => ({ name: `stop: ${name}`, verb: 'stop', ...s, setup: { lock: '', ...s.setup } })),
  ...Object.entries(OTHER_SCENARIOS).filter(([, s]) => s.cli !== null).map(([name, s]) => ({ name: `${s.verb}: ${name}`, ...s })),
  ...journalScenarios('xm'),
  ...listingScenarios('xm'),
  ...killedSaveScenarios('xm'),
];

const results = usable.length ? SCENARIOS.map((s) => [s, differential(s)]) : SCENARIOS.map((s) => [s, undefined]);

test.after(() => {
  cleanupScenarios();
  cleanupHarness();
});

for (const shell of SHELLS.filter((s) => !s.ok)) testIf(false, shell.reason)(`compiled script under ${shell.name}`, () => {});

// With no shell able to run the script (a tool missing), a scenario would compare nothing: skip it, with why.
const scenarioTest = testIf(usable.length > 0, SHELLS.map((s) => s.reason).find((r, i) => !SHELLS[i].ok) ?? 'no shell');
for (const [s, pending] of results) {
  scenarioTest(`compiled script = CLI: ${s.name}`, async () => {
    const { expected, cli, got } = await pending;
    s.check?.(expected);
    for (const g of got) {
      assert.equal(g.outcome, expected, `${g.shell}: ${s.name}\n--- script stdout:\n${g.r.stdout}--- script stderr:\n${g.r.stderr}--- CLI stderr:\n${cli.stderr}`);
    }
  });
}

test.run();

// The compiled init script against `xendomains <verb>`: for every end-to-end
// scenario (test/exec/scenarios.mjs), the script run under bash, dash, busybox
// ash and `bash --posix` with only POSIX tools on PATH (no `timeout`: the
// fallback watchdog) makes exactly the same xm calls, leaves the same domains,
// SAVE directory and lock, and exits with the same code as the CLI on the same host.
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { testIf } from '../tools.mjs';
import { OTHER_SCENARIOS, START_SCENARIOS, STOP_SCENARIOS } from './scenarios.mjs';
import { cleanupScenarios, limiter, run, scenarioHost } from './sim-scenario.mjs';
import { cleanupHarness, compile, outcome, runScript, SHELLS, snapshot, xmWrapper } from './init-script-harness.mjs';

const limit = limiter(2);
const usable = SHELLS.filter((s) => s.ok);

const SCENARIOS = [
  ...Object.entries(START_SCENARIOS).map(([name, s]) => ({ name: `start: ${name}`, verb: 'start', ...s })),
  ...Object.entries(STOP_SCENARIOS).map(([name, s]) => ({ name: `stop: ${name}`, verb: 'stop', ...s, setup: { lock: '', ...s.setup } })),
  ...Object.entries(OTHER_SCENARIOS).filter(([, s]) => s.cli !== null).map(([name, s]) => ({ name: `${s.verb}: ${name}`, ...s })),
];

/**
 * The watchdog with room, so a loaded machine (the suite runs files side by side) cannot fire it
 * for one run and not the other: 30 s where no xm call hangs, 5 s where one does (it must fire).
 */
function roomy(setup) {
  const hangs = JSON.stringify(setup.faults ?? {}).includes('"hang"');
  const sysconfig = setup.sysconfig ?? {};
  if (hangs) return { ...setup, sysconfig: { ...sysconfig, XENDOMAINS_STOP_MAXWAIT: '5' } };
  return { ...setup, sysconfig: typeof sysconfig === 'function' ? (h) => ({ XENDOMAINS_STOP_MAXWAIT: '30', ...sysconfig(h) }) : { XENDOMAINS_STOP_MAXWAIT: '30', ...sysconfig } };
}

/** CLI once, then the script under every shell, each from the same pristine host. */
function differential(s) {
  return limit(async () => {
    const h = scenarioHost(roomy(s.setup));
    const journal = s.options?.blockedJournal ? `${h.blocker}/journal.jsonl` : h.journal;
    await compile(h, { xm: s.xm ?? xmWrapper(), journal });
    const reset = snapshot(h);
    const cli = await run(h, [s.verb, ...(s.options?.blockedJournal ? ['--journal', journal] : [])], { journal: !s.options?.blockedJournal, ...(s.xm ? { xm: s.xm } : {}) });
    const expected = outcome(h, cli, s);
    const got = [];
    for (const shell of usable) {
      reset();
      const r = await runScript(h, shell, s.verb);
      got.push({ shell: shell.name, outcome: outcome(h, r, s), r });
    }
    return { expected, cli, got };
  });
}

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
    for (const g of got) {
      assert.equal(g.outcome, expected, `${g.shell}: ${s.name}\n--- script stdout:\n${g.r.stdout}--- script stderr:\n${g.r.stderr}--- CLI stderr:\n${cli.stderr}`);
    }
  });
}

test.run();

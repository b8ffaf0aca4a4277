// Nothing lost: seeded runs (test/exec/fault-engine.mjs) with faults on every
// xm verb, single and concurrent stops, a stop killed with SIGKILL at a random
// moment, then a reboot and a start. Every domain ends running, migrated, saved
// as a complete image the next start restores, or named with a non-zero exit;
// no complete image is ever deleted or lost unless its restore succeeded.
// A CI-sized subset: XD_FAULT_SEEDS=N runs more; bench/faults.mjs runs 1,000 (up to 2,000 domains).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSeed } from './fault-engine.mjs';
import { cleanupScenarios, limiter } from './sim-scenario.mjs';

const SEEDS = Number(process.env.XD_FAULT_SEEDS) || 8;
const FIRST = Number(process.env.XD_FAULT_FIRST_SEED) || 1;
// Seeds bench/faults.mjs found failing, run every time (unless XD_FAULT_FIRST_SEED picks others):
// 558, 665, 806, 950 — two concurrent stops where a save the watchdog killed was finished by xend after
// the kill, or its domain was taken meanwhile by the other stop's shutdown (issue #11).
const NAMED = process.env.XD_FAULT_FIRST_SEED ? [] : [558, 665, 806, 950];
const seeds = [...Array.from({ length: SEEDS }, (_, i) => FIRST + i), ...NAMED.filter((n) => n < FIRST || n >= FIRST + SEEDS)];
const limit = limiter(2);
const runs = seeds.map((seed) => limit(() => checkSeed(seed, { maxDomains: 40 })));

test.after(cleanupScenarios);

seeds.forEach((seed, i) => {
  test(`seed ${seed}: every domain accounted for, no complete image lost`, async () => {
    const { problems, log } = await runs[i];
    // The seed reproduces the run: XD_FAULT_FIRST_SEED=<seed> XD_FAULT_SEEDS=1 node test/run.mjs faults
    assert.equal(problems, [], `seed ${seed} (rerun: XD_FAULT_FIRST_SEED=${seed} XD_FAULT_SEEDS=1)\n${log.join('\n')}`);
  });
});

test.run();

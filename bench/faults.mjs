// bench/faults: the seeded fault runs of test/exec/faults.test.mjs at full size:
// 1,000 seeds (hosts of 1–2,000 domains, faults on every xm verb, concurrent
// stops, kill -9 + reboot + start), against the xm simulator's daemon. Not a
// test: `node bench/faults.mjs [--seeds 1000] [--first 1] [--max-domains 2000] [--jobs 2]
// [--sim daemon|process]` after `npm run build`. Prints every failing seed (rerun one
// with `--first SEED --seeds 1`) and exits 1 if any failed.
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { checkSeed } from '../test/exec/fault-engine.mjs';
import { cleanupScenarios, limiter } from '../test/exec/sim-scenario.mjs';
import { BASH_CLIENT, cClient, startDaemon } from '../test/sim/sim-daemon.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SEEDS = Number(arg('seeds', 1000));
const FIRST = Number(arg('first', 1));
const MAX = Number(arg('max-domains', 2000));
const JOBS = Number(arg('jobs', 2));
const SIM = arg('sim', 'daemon');

const daemon = SIM === 'daemon' ? await startDaemon({ workers: 24, maxWorkers: 256 }) : undefined;
const xm = daemon ? (cClient() ?? BASH_CLIENT) : undefined;
const env = daemon?.env ?? {};
const limit = limiter(JOBS);
const started = Date.now();
let done = 0;
const failures = [];
const modes = {};
let domains = 0;
let largest = 0;
await Promise.all(
  Array.from({ length: SEEDS }, (_, i) =>
    limit(async () => {
      const seed = FIRST + i;
      const r = await checkSeed(seed, { maxDomains: MAX, env, xm, guardMs: 30 * 60_000 });
      rmSync(r.host.dir, { recursive: true, force: true });
      done++;
      modes[r.scenario.mode] = (modes[r.scenario.mode] ?? 0) + 1;
      domains += r.scenario.domains.length;
      largest = Math.max(largest, r.scenario.domains.length);
      if (r.problems.length) {
        failures.push(seed);
        const shown = r.problems.slice(0, 10).join('\n  ') + (r.problems.length > 10 ? `\n  … and ${r.problems.length - 10} more` : '');
        console.log(`FAIL seed ${seed}:\n  ${shown}\n${r.log.join('\n').slice(0, 3000)}`);
      }
      if (done % 50 === 0) console.log(`${done}/${SEEDS} seeds, ${failures.length} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }),
  ),
);
await daemon?.stop();
cleanupScenarios();
console.log(`\n${SEEDS} seeds (${FIRST}…${FIRST + SEEDS - 1}): ${SEEDS - failures.length} passed, ${failures.length} failed${failures.length ? ` (${failures.join(', ')})` : ''}`);
console.log(`modes: ${Object.entries(modes).map(([m, n]) => `${m} ${n}`).join(', ')}; ${domains} domains in all, largest host ${largest}`);
console.log(`${((Date.now() - started) / 1000).toFixed(0)} s wall, ${JOBS} at once, simulator: ${daemon ? 'daemon' : 'a node process per call'}; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}`);
process.exitCode = failures.length ? 1 : 0;

// Benchmark: parse a generated `xm list -l` of N domains (default 5,000).
// Cold = first call in a fresh process (what one CLI run pays: the JIT has
// not warmed up); warm = median of later calls. Needs `npx tsc` first.
// Usage: node bench/sxp-parse.mjs [domains] [processes]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateXmListLong } from './sxp-gen.mjs';

const count = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.env.SXP_BENCH_CHILD) {
  // One cold measurement, reported to the parent as JSON.
  const { parseSxp } = await import('../dist/grammar/sxp/parser.js');
  const { parseXmListLong } = await import('../dist/src/plan/state.js');
  const text = generateXmListLong(count);
  const which = process.env.SXP_BENCH_CHILD;
  const t = performance.now();
  const n = which === 'sxp' ? parseSxp(text, 'bench').forms.length : parseXmListLong(text, 'bench').domains.length;
  process.stdout.write(JSON.stringify({ ms: performance.now() - t, n }));
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
function cold(which) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [self, String(count)], { env: { ...process.env, SXP_BENCH_CHILD: which }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(JSON.parse(r.stdout).ms);
  }
  return times;
}

const { parseSxp } = await import('../dist/grammar/sxp/parser.js');
const { parseXmListLong } = await import('../dist/src/plan/state.js');
const text = generateXmListLong(count);
const warm = (f) => {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.slice(5);
};
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;

console.log(`xm list -l: ${count} domUs + Domain-0, ${(text.length / 1e6).toFixed(1)} MB, ${text.split('\n').length} lines`);
console.log(`parseSxp         cold: ${fmt(cold('sxp'))}`);
console.log(`parseXmListLong  cold: ${fmt(cold('state'))}`);
console.log(`parseSxp         warm: ${fmt(warm(() => parseSxp(text, 'bench')))}`);
console.log(`parseXmListLong  warm: ${fmt(warm(() => parseXmListLong(text, 'bench')))}`);

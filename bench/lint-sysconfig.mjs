// Benchmark (not a test): cold-start `xendomains lint --root examples`, the
// budget in DESIGN.md (median ≤ 150 ms wall). Prints the machine it ran on.
// Usage: node bench/lint-sysconfig.mjs [runs]
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 40);
const cli = `${root}dist/bin/xendomains.cjs`;
const args = [cli, 'lint', '--root', `${root}examples`, '--format', 'gcc'];

function once() {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`lint exited ${r.status}: ${r.stderr}`);
  return ms;
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p90: q(0.9), min: s[0] };
}

for (let i = 0; i < 3; i++) once(); // warm the file cache, not the process
const lint = stats(Array.from({ length: runs }, once));
const bare = stats(Array.from({ length: runs }, () => {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - start) / 1e6;
}));
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`lint --root examples (cold CLI, ${runs} runs): median ${lint.median.toFixed(1)} ms, p90 ${lint.p90.toFixed(1)} ms, min ${lint.min.toFixed(1)} ms  (budget: median ≤ 150 ms)`);
console.log(`node -e 0 (process start alone):    median ${bare.median.toFixed(1)} ms`);
process.exitCode = lint.median <= 150 ? 0 : 1;

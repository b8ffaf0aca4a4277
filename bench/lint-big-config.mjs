// Benchmark: lint of configs far larger than any real one, cold CLI (issue #11 item 9).
// A config over 1 MiB is reported (XD1105) and not evaluated; below that, every rule
// is linear. Bounds: the 2 MB config and the 10 MB `extra = 1+1+…` each ≤ 2 s wall;
// the just-under-1-MiB worst cases (evaluated in full) ≤ 8 s, 20k → 40k unknown
// variables ≤ 2.2× (linear). Peak RSS is the child's (GNU time, when installed).
// Usage: node bench/lint-big-config.mjs        (after npm run build)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/bin/xendomains.cjs', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../examples/etc/sysconfig/xendomains', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'xd-bench-big-'));
const vars = (n) => `name = 'big'\nmemory = 512\n${Array.from({ length: n }, (_, i) => `var${i} = ${i}\n`).join('')}`;
const CASES = [
  ['2 MB: 40,000 strings + 40,000 disk lists', `name = 'big2'\nmemory = 512\n${Array.from({ length: 40000 }, (_, i) => `x${i} = 'value-${i}'\ndisk_${i} = ['phy:/dev/vg/d${i},xvd${i},w']\n`).join('')}`, 2000],
  ['10 MB: extra = 1+1+… (5,000,000 terms)', `name = 'e'\nextra = 1${'+1'.repeat(5_000_000)}\n`, 2000],
  ['0.8 MB: extra = 1+1+… (400,000 terms, evaluated)', `name = 'e'\nextra = 1${'+1'.repeat(400_000)}\n`, 8000],
  ['0.33 MB: 20,000 unknown variables', vars(20000), 8000],
  ['0.66 MB: 40,000 unknown variables', vars(40000), 8000],
];
const gnuTime = existsSync('/usr/bin/time');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = [];
try {
  for (const [label, text, bound] of CASES) {
    const file = join(dir, 'big.cfg');
    writeFileSync(file, text);
    const walls = [];
    let rss = '';
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const argv = ['lint', '-c', SAMPLE, file, '--format', 'json'];
      const r = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 }) : spawnSync(process.execPath, [CLI, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
      walls.push(performance.now() - t);
      if (gnuTime) rss = `${Math.round(Number(r.stderr.trim().split('\n').pop()) / 1024)} MB`;
      if (r.status !== 1 && r.status !== 0) throw new Error(`${label}: exit ${r.status}: ${r.stderr}`);
    }
    const ms = median(walls);
    results.push({ label, ms });
    console.log(`${label.padEnd(52)} ${(ms / 1000).toFixed(2)} s (bound ${bound / 1000} s: ${ms <= bound ? 'met' : 'MISSED'})${rss ? `, peak RSS ${rss}` : ''}`);
  }
  const growth = results[4].ms / results[3].ms;
  console.log(`growth 20,000 → 40,000 unknown variables: ${growth.toFixed(2)}× (bound 2.2×: ${growth <= 2.2 ? 'met' : 'MISSED'})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

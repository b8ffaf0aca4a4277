// Benchmark: a realistic large host's `xm list -l` (issue #11 item 1): 1,000 domains
// at several KB each, as xend prints them (the simulator's SXP with `listPadBytes`),
// parsed and planned in-process, and `plan stop` end to end through the simulator.
// Bounds: parse + plan ≤ 500 ms in-process; the whole cold CLI run (simulator included) ≤ 5 s.
// Usage: node bench/plan-listing.mjs [domains] [bytes-per-domain]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { domainSxp, prettySxp } from '../test/sim/sim-sxp.mjs';

const count = Number(process.argv[2] ?? 1000);
const pad = Number(process.argv[3] ?? 4000);
const { parseXmListLong } = await import('../dist/src/plan/state.js');
const { planStop } = await import('../dist/src/plan/planner.js');
const { compileSysconfig } = await import('../dist/src/model/sysconfig-compile.js');
const { effectiveSettings } = await import('../dist/src/model/settings.js');

const SAMPLE_PATH = fileURLToPath(new URL('../examples/etc/sysconfig/xendomains', import.meta.url));
const settings = effectiveSettings(compileSysconfig(readFileSync(SAMPLE_PATH, 'utf8'), 'etc/sysconfig/xendomains'));
const domains = [{ id: 0, name: 'Domain-0', memory: 1024, state: 'r-----' }, ...Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `vm${String(i + 1).padStart(5, '0')}` }))];
const text = domains.map((d) => prettySxp(domainSxp(d, pad))).join('');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const times = [];
let steps = 0;
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  const state = parseXmListLong(text, 'bench');
  if (state.problems.length || state.domains.length !== count + 1) throw new Error(`parse: ${state.problems[0]?.message}`);
  steps = planStop({ settings, auto: undefined, saved: [], savePath: '/var/lib/xen/save', state, lockPresent: false, xm: 'xm', inputs: {} }).steps.length;
  times.push(performance.now() - t);
}
const inProcess = median(times.slice(1));
console.log(`${count} domains, ${(text.length / 2 ** 20).toFixed(1)} MiB listing (${Math.round(text.length / count)} bytes/domain), ${steps} steps`);
console.log(`  parse + plan in-process: ${inProcess.toFixed(0)} ms warm median (first ${times[0].toFixed(0)} ms; bound 500 ms: ${inProcess <= 500 ? 'met' : 'MISSED'})`);

const dir = mkdtempSync(join(tmpdir(), 'xd-bench-listing-'));
try {
  const state = join(dir, 'state.json');
  writeFileSync(state, JSON.stringify({ domains, listPadBytes: pad }));
  const xm = fileURLToPath(new URL('../test/sim/xm', import.meta.url));
  const cli = fileURLToPath(new URL('../dist/bin/xendomains.cjs', import.meta.url));
  const walls = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, 'plan', 'stop', '--format', 'json', '-c', SAMPLE_PATH, '--xm', xm, '--lock-file', join(dir, 'lock')], { env: { ...process.env, XM_SIM_STATE: state }, encoding: 'utf8', maxBuffer: 1 << 28 });
    walls.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`plan stop: exit ${r.status}: ${r.stderr}`);
    if (JSON.parse(r.stdout).state.domains.length !== count + 1) throw new Error('plan stop: domains missing');
  }
  const wall = median(walls);
  console.log(`  plan stop, cold CLI via the simulator's xm list -l: ${(wall / 1000).toFixed(2)} s median of 3 (bound 5 s: ${wall <= 5000 ? 'met' : 'MISSED'})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

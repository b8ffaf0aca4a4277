// Benchmark: `plan stop` for N running domains (default 5,000 and 10,000):
// parsing a generated `xm list -l` and planning with the shipped sample config
// (save + shutdown per domain, shutdown-all), plus the JSON and text outputs.
// With --xl: an `xl list -l` in xl's own layout (test/sim's yajl writer), the xl
// toolstack and the xl-era sample (examples/xl); same budget.
// First = first call in this process; warm = median of later calls; growth uses the minimum. Needs `npx tsc` first.
// Usage: node bench/plan.mjs [--xl] [domains…]   (re-runs itself with --expose-gc to collect between runs)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateXmListLong } from './sxp-gen.mjs';

if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const XL = process.argv.includes('--xl');
const { parseXmListLong, parseStateJson } = await import('../dist/src/plan/state.js');
const { xlToolstack } = await import('../dist/src/plan/toolstack-xl.js');
const { listLong } = await import('../test/sim/sim-xl-format.mjs');
const { planStop } = await import('../dist/src/plan/planner.js');
const { planToJson } = await import('../dist/src/plan/plan-json.js');
const { formatPlanText } = await import('../dist/src/report/plan-text.js');
const { compileSysconfig } = await import('../dist/src/model/sysconfig-compile.js');
const { effectiveSettings } = await import('../dist/src/model/settings.js');

const SAMPLE = readFileSync(new URL(XL ? '../examples/xl/etc/default/xendomains' : '../examples/etc/sysconfig/xendomains', import.meta.url), 'utf8');
const sample = effectiveSettings(compileSysconfig(SAMPLE, 'etc/sysconfig/xendomains'));
// The xl sample has AUTO_ONLY=true; without AUTO configs that would stop nothing one by one.
const settings = XL ? { ...sample, XENDOMAINS_AUTO_ONLY: { ...sample.XENDOMAINS_AUTO_ONLY, value: 'false' } } : sample;
const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
const names = (count) => Array.from({ length: count }, (_, i) => `vm${String(i).padStart(6, '0')}`);
/** The listing as the toolstack prints it, and its parser. */
const listing = XL
  ? { name: 'xl list -l', text: (count) => listLong([{ id: 0, name: 'Domain-0', memory: 1024 }, ...names(count).map((name, i) => ({ id: i + 1, name, memory: 512 }))]), parse: (t) => parseStateJson(t, 'bench') }
  : { name: 'xm list -l', text: generateXmListLong, parse: (t) => parseXmListLong(t, 'bench') };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(f, runs = 9) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    globalThis.gc(); // a collection left over from the previous run must not land in this one
    const t = performance.now();
    result = f();
    times.push(performance.now() - t);
  }
  // min: the least disturbed run, the best estimate on a busy machine.
  return { first: times[0], warm: median(times.slice(1)), min: Math.min(...times.slice(1)), result };
}

const rows = [];
for (const count of counts.length ? counts : [5000, 10000]) {
  const text = listing.text(count);
  const parse = time(() => listing.parse(text));
  const state = parse.result;
  if (state.problems.length || state.domains.length !== count + 1) throw new Error(`the generated ${listing.name} did not parse: ${JSON.stringify(state.problems[0])}`);
  const input = { settings, auto: undefined, saved: [], savePath: '/var/lib/xen/save', state, lockPresent: false, xm: XL ? 'xl' : 'xm', inputs: {}, ...(XL ? { toolstack: xlToolstack } : {}) };
  const plan = time(() => planStop(input));
  // Without the parser: a HostState built directly.
  const direct = { source: 'json', problems: [], domains: [{ id: 0, name: 'Domain-0' }, ...names(count).map((name, i) => ({ id: i + 1, name }))] };
  const planDirect = time(() => planStop({ ...input, state: direct }));
  const json = time(() => planToJson(plan.result), 5);
  const textOut = time(() => formatPlanText(plan.result), 5);
  rows.push({ count, parse, plan, planDirect, json, textOut, steps: plan.result.steps.length });
}

const f = (t) => `${t.first.toFixed(1)} ms first, ${t.warm.toFixed(1)} ms warm (min ${t.min.toFixed(1)})`;
for (const r of rows) {
  console.log(`${r.count} domUs (${r.steps} steps${XL ? ', xl' : ''}):`);
  console.log(`  parse ${listing.name}     ${f(r.parse)}`);
  console.log(`  planStop             ${f(r.plan)}`);
  console.log(`  planStop (no parse)  ${f(r.planDirect)}`);
  console.log(`  parse + plan         ${(r.parse.first + r.plan.first).toFixed(1)} ms first (budget 300 ms)`);
  console.log(`  JSON ${f(r.json)}; text ${f(r.textOut)}`);
}
for (let i = 1; i < rows.length; i++) {
  const [a, b] = [rows[i - 1], rows[i]];
  const ratio = (k) => (b[k].min / a[k].min).toFixed(2);
  console.log(`growth ${a.count} → ${b.count} (×${b.count / a.count} domains), min times: parse ×${ratio('parse')}, plan ×${ratio('plan')}, plan without parse ×${ratio('planDirect')}`);
}

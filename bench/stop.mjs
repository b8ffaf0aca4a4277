// bench/stop: `xendomains stop` over M domains whose shutdown takes T in the xm simulator,
// serial vs XENDOMAINS_STOP_PARALLEL = 5, 10, 50, judged against the ideal launcher measured
// in the same run with the same simulator — one `xm list -l`, the M shutdowns N at a time
// through `xargs -P N`, one `xm list -l` — budget: executor wall ≤ 1.25 × ideal wall (DESIGN.md),
// the executor's wall counting node's start, config, lint and planning. Plus where its time goes
// and the executor's own overhead per step. Not a test: run `node bench/stop.mjs [--m 50] [--t 1000]
// [--n 1,5,10,50] [--reps 3] [--sim daemon|process] [--client c|bash]` after `npm run build`; each
// N runs executor and ideal launcher alternately --reps times (serial once: it is long and steady)
// and compares the medians. The simulator runs as its daemon (contrib/xm-simulator.md), each xm call
// a small C client (bash's when there is no C compiler or with `--client bash`); `--sim process`
// runs a Node simulator process per call instead. `--toolstack xl`: the same on an xl host — the
// xl simulator (contrib/xl-simulator.md) behind the same clients and daemon, xl's `shutdown --wait
// <id>` and `shutdown --all --wait`, `xl list -l` JSON; same budget.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASH_CLIENT, cClient, startDaemon } from '../test/sim/sim-daemon.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/bin/xendomains.cjs');
const XM = join(ROOT, 'test/sim/xm');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const M = Number(arg('m', 50));
const T = Number(arg('t', 1000));
const LANES = String(arg('n', '1,5,10,50')).split(',').map(Number);
const REPS = Number(arg('reps', 3));
const BUDGET = 1.25;
const SIM = arg('sim', 'daemon');
if (!['daemon', 'process'].includes(SIM)) throw new Error(`--sim daemon|process, not ${SIM}`);
const CLIENT = arg('client', 'c');
if (!['c', 'bash'].includes(CLIENT)) throw new Error(`--client c|bash, not ${CLIENT}`);
const TOOLSTACK = arg('toolstack', 'xm');
if (!['xm', 'xl'].includes(TOOLSTACK)) throw new Error(`--toolstack xm|xl, not ${TOOLSTACK}`);
const XL = TOOLSTACK === 'xl';
const C = SIM === 'daemon' && CLIENT === 'c' ? cClient() : undefined;
/** What the executor runs as xm (or xl: the same clients with XM_SIM_TOOL=xl, which test/sim/xl sets for a process). */
const XM_RUN = C ?? (SIM === 'daemon' ? BASH_CLIENT : XL ? join(ROOT, 'test/sim/xl') : XM);
/** The simulator environment every call needs besides the daemon's address. */
const TOOL_ENV = XL ? { XM_SIM_TOOL: 'xl' } : {};
const SHUTDOWN = XL ? '--wait' : '--halt --wait';
const SIM_TEXT = SIM === 'process' ? 'a node process per call' : `daemon, ${C ? 'a C client' : 'a bash client'} per call${CLIENT === 'c' && !C ? ' (no C compiler)' : ''}`;

function host(n) {
  const dir = mkdtempSync(join(tmpdir(), 'xd-bench-stop-'));
  mkdirSync(join(dir, 'auto'));
  const sys = {
    XENDOMAINS_SAVE: '',
    XENDOMAINS_MIGRATE: '',
    XENDOMAINS_SYSRQ: '',
    XENDOMAINS_SHUTDOWN: SHUTDOWN,
    XENDOMAINS_SHUTDOWN_ALL: `--all ${SHUTDOWN}`,
    XENDOMAINS_AUTO: join(dir, 'auto'),
    XENDOMAINS_STOP_MAXWAIT: '300',
    XENDOMAINS_STOP_PARALLEL: String(n),
  };
  writeFileSync(join(dir, 'xendomains'), Object.entries(sys).map(([k, v]) => `${k}="${v}"\n`).join(''));
  const domains = [{ id: 0, name: 'Domain-0' }, ...Array.from({ length: M }, (_, i) => ({ id: i + 1, name: `vm${String(i).padStart(3, '0')}` }))];
  writeFileSync(join(dir, 'state.json'), JSON.stringify({ domains, nextId: M + 1, faults: { '*': { shutdown: { delayMs: T } } } }));
  return dir;
}

function stop(dir, simEnv) {
  const started = process.hrtime.bigint();
  const env = { ...process.env, ...simEnv, ...TOOL_ENV, XM_SIM_STATE: join(dir, 'state.json'), XM_SIM_LOG: join(dir, 'xm.log'), NO_COLOR: '1' };
  const tool = XL ? ['--toolstack', 'xl', '--xl', XM_RUN] : ['--xm', XM_RUN];
  const args = [CLI, 'stop', '-c', join(dir, 'xendomains'), '--lock-file', join(dir, 'lock'), ...tool, '--journal', join(dir, 'journal.jsonl'), '--log-format', 'plain', '-q'];
  return new Promise((resolve) => {
    const at = Date.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr, at, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

/** The ideal launcher: what no scheduler can beat with these processes on this machine. */
function ideal(dir, simEnv, n) {
  const env = { ...process.env, ...simEnv, ...TOOL_ENV, XM_SIM_STATE: join(dir, 'state.json'), XM_SIM_LOG: join(dir, 'xm.log'), XM: XM_RUN, N: String(n), M: String(M) };
  const shutdown = XL ? '"$XM" shutdown --wait {}' : '"$XM" shutdown {} --halt --wait';
  const script = `set -e; "$XM" list -l >/dev/null; seq 1 "$M" | xargs -P "$N" -I{} ${shutdown} >/dev/null 2>&1; "$XM" list -l`;
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // It did the work: every shutdown succeeded and only Domain-0 is left.
      const left = (out.match(XL ? /^ {8}"domid": \d+/gm : /\(domid \d+\)/g) ?? []).length;
      resolve({ code: code === 0 && left === 1 ? 0 : 1, stderr: out, ms });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const lines = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** From the journal and the simulator's log: where the time went (ms). */
function breakdown(dir, r) {
  const journal = lines(join(dir, 'journal.jsonl'));
  const log = lines(join(dir, 'xm.log'));
  const at = (j) => Date.parse(j.time);
  const ends = journal.filter((j) => j.event === 'step-end' && j.phase === 'shutdown');
  const starts = journal.filter((j) => j.event === 'step-start' && j.phase === 'shutdown').map((j) => Date.parse(j.start));
  const runStart = at(journal.find((j) => j.event === 'run-start'));
  const runEnd = at(journal.find((j) => j.event === 'run-end'));
  // The simulator's own time per call vs the executor's measure of the step.
  // The domid is the word after `shutdown` for xm, the last word for xl (options come first).
  const domidOf = (argv) => (XL ? argv[argv.length - 1] : argv[1]);
  const simMs = new Map(log.filter((e) => e.event === 'end' && e.argv[0] === 'shutdown').map((e) => [domidOf(e.argv), e.end - e.start]));
  const spawnMs = ends.map((j) => j.durationMs - (simMs.get(domidOf(j.argv.slice(1))) ?? j.durationMs));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const lastEnd = Math.max(...ends.map((j) => Date.parse(j.end)));
  return {
    steps: ends.length,
    xmStartMs: mean(spawnMs),
    setupMs: r.ms - (runEnd - runStart),
    /** CLI spawn to run-start: node, the bundle, config, `xm list -l`, lint, plan. */
    toRunMs: runStart - r.at,
    /** run-start to the last shutdown step started: how long the lanes take to fill. */
    fillMs: Math.max(...starts) - runStart,
    /** The simulator's own shutdown time beyond T (its state lock, polling): mean and worst. */
    overTMs: mean([...simMs.values()]) - T,
    overTMaxMs: Math.max(...simMs.values()) - T,
    /** Last shutdown step's end to run-end: the final `xm list -l`. */
    tailMs: runEnd - lastEnd,
    /** run-end to the CLI's exit as the bench saw it. */
    exitMs: r.at + r.ms - runEnd,
    listCalls: log.filter((e) => e.event === 'start' && e.argv[0] === 'list').length,
  };
}

/** Waits (at most 10 s) until the process used no CPU for 300 ms: a new daemon's threads compile and collect for a while after they are ready. */
async function quiet(pid) {
  const ticks = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  };
  for (let i = 0, last = ticks(); i < 33; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const now = ticks();
    if (now === last) return;
    last = now;
  }
}

/** The executor alone: a plan of many steps against an instant fake host, per step in µs. */
async function executorOnly(steps) {
  const { execute } = await import(join(ROOT, 'dist/src/exec/executor.js'));
  const { Journal } = await import(join(ROOT, 'dist/src/exec/journal.js'));
  const plan = {
    version: 1, verb: 'stop', toolstack: 'xm', xm: 'xm', inputs: {}, state: { domains: [], saved: [] }, lockFile: '/nonexistent/lock',
    outcome: null, createLock: false, removeLock: false, lanes: 1, notes: [], expectedSeconds: 0, worstCaseSeconds: 0,
    steps: Array.from({ length: steps }, (_, i) => ({ id: i + 1, part: 'stop', chain: i + 1, argv: ['xm', 'shutdown', String(i + 1), '--halt', '--wait'], domain: `vm${i}`, domid: i + 1, phase: 'shutdown', lane: 1, timeoutSeconds: 300, sleepAfterMicros: 0, sleepWhen: 'success', onSuccess: 'next-domain', onFailure: 'next-domain' })),
  };
  const ok = { code: 0, signal: null, stdout: '', stderr: '', timedOut: false, aborted: false, durationMs: 0 };
  const fake = {
    run: async () => ok, sleep: async () => {}, now: () => Date.now(), mkdirp() {}, remove() {}, rename() {}, moveNoReplace: () => true, exists: () => false,
    createExclusive: () => true, readFile: () => undefined, appendJournal() {}, bootId: () => 'b', pid: () => 1, listDomains: async () => ({ ok: true, domains: [] }),
  };
  let lines = 0;
  const journal = new Journal({ ...fake, appendJournal: (_, l) => void (lines += l.length) }, '/j', () => {});
  const t0 = process.hrtime.bigint();
  await execute(plan, { host: fake, journal, emit: () => {} });
  return Number(process.hrtime.bigint() - t0) / 1e3 / steps;
}

const cpu = cpus();
console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`stop of M=${M} domains, shutdown T=${T} ms each (${TOOLSTACK} simulator: ${SIM_TEXT}), XENDOMAINS_STOP_PARALLEL=N\n`);
const daemon = SIM === 'daemon' ? await startDaemon({ workers: Math.min(M, Math.max(...LANES)) + 4 }) : undefined;
if (daemon) await quiet(daemon.pid);
console.log(`   N   executor (s)   ideal launcher (s)   ratio   ≤ ${BUDGET}   runs   xm start/step (ms)   plan+lock+exit (ms)`);
let failed = false;
const parts = [];
const table = [];
for (const n of LANES) {
  const walls = { executor: [], ideal: [] };
  let b;
  for (let rep = 0; rep < (n === 1 ? 1 : REPS); rep++) {
    const idealDir = host(n);
    const i = await ideal(idealDir, daemon?.env ?? {}, n);
    rmSync(idealDir, { recursive: true, force: true });
    const dir = host(n);
    const r = await stop(dir, daemon?.env ?? {});
    if (r.code !== 0 || i.code !== 0) {
      console.log(`N=${n}: ${r.code !== 0 ? `executor exit ${r.code}\n${r.stderr}` : `ideal launcher failed\n${i.stderr}`}`);
      failed = true;
      break;
    }
    walls.executor.push(r.ms);
    walls.ideal.push(i.ms);
    if (rep === 0) b = breakdown(dir, r);
    rmSync(dir, { recursive: true, force: true });
  }
  if (!walls.executor.length) continue;
  parts.push([n, b]);
  const [exe, idl] = [median(walls.executor), median(walls.ideal)];
  const ratio = exe / idl;
  const ok = ratio <= BUDGET;
  failed ||= !ok;
  table.push({ n, exe, idl, ratio, ok });
  console.log(`${String(n).padStart(4)}   ${(exe / 1000).toFixed(2).padStart(12)}   ${(idl / 1000).toFixed(2).padStart(18)}   ${ratio.toFixed(3).padStart(5)}   ${ok ? 'yes ' : 'NO  '}   ${String(walls.executor.length).padStart(4)}   ${b.xmStartMs.toFixed(0).padStart(18)}   ${b.setupMs.toFixed(0).padStart(19)}`);
}
console.log(`\nfor the README: ${table.map((t) => `N = ${t.n}: ${(t.exe / 1000).toFixed(2)} / ${(t.idl / 1000).toFixed(2)} s = ${t.ratio.toFixed(2)}`).join('; ')}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end`);
await daemon?.stop();
const perStep = await executorOnly(20_000);
console.log(`\nexecutor's own overhead: ${(perStep / 1000).toFixed(3)} ms per step (20,000 steps against an instant fake host, journal serialised, no output)`);
console.log('\nbreakdown (ms)   CLI to run   lanes filled   sim over T (mean/max)   tail (list -l)   run-end to exit   xm list calls');
for (const [n, b] of parts) {
  console.log(`N=${String(n).padEnd(13)} ${b.toRunMs.toFixed(0).padStart(10)}   ${b.fillMs.toFixed(0).padStart(12)}   ${`${b.overTMs.toFixed(0)}/${b.overTMaxMs.toFixed(0)}`.padStart(21)}   ${b.tailMs.toFixed(0).padStart(14)}   ${b.exitMs.toFixed(0).padStart(15)}   ${String(b.listCalls).padStart(13)}`);
}
// The part of "CLI to run" no executor or simulator can touch: starting node and the bundle.
const startMs = (cmd, args) => {
  const ms = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(cmd, args, { stdio: 'ignore' });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ms).toFixed(0);
};
console.log(`CLI start alone (median of 5): \`node -e 0\` ${startMs(process.execPath, ['-e', '0'])} ms, \`xendomains --version\` ${startMs(process.execPath, [CLI, '--version'])} ms`);
console.log('\nxm start/step: the executor\'s step time minus the simulator\'s own time for the call (process spawn and start of the xm client or simulator).');
console.log('plan+lock+exit: wall minus the executor\'s run. CLI to run: spawn to run-start (node, the bundle, config, `xm list -l`, lint, plan).');
console.log('lanes filled: run-start to the last shutdown step started. sim over T: the simulator\'s own shutdown time beyond T (its state lock).');
console.log('tail: the last shutdown\'s end to run-end (the `xm list -l` before shutdown --all).');
console.log(`ideal launcher: bash running \`${TOOLSTACK} list -l\`, then \`seq 1 M | xargs -P N -I{} ${XL ? 'xl shutdown --wait {}' : 'xm shutdown {} --halt --wait'}\`, then \`${TOOLSTACK} list -l\`, on a fresh simulator state; ratio: median executor wall / median ideal wall.`);
process.exitCode = failed ? 1 : 0;

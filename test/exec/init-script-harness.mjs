// Running the compiled init script (`xendomains compile-init`) against the xm
// simulator: the shells it must run under (bash, dash, busybox ash, and
// `bash --posix` with a PATH of POSIX tools only, no `timeout`), compiling for a
// scenario host, resetting a host to its pristine state between runs, and the
// outcome two runs are compared by. Not a test file.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as assert from 'uvu/assert';
import { outcomeOf } from '../helpers.mjs';
import { have } from '../tools.mjs';
import { calls, departed, HANG_MAXWAIT, limiter, running, run, saveDir, savesKilledEarly, scenarioHost, XL, XM } from './sim-scenario.mjs';

/** Every external command the compiled script runs (besides the toolstack): all POSIX. */
export const POSIX_TOOLS = ['awk', 'basename', 'cat', 'cksum', 'cut', 'date', 'dd', 'dirname', 'find', 'grep', 'id', 'ln', 'ls', 'mkdir', 'mv', 'od', 'rm', 'sed', 'sleep', 'sort', 'tail', 'tr'];

const made = [];
let posixDir;

/** A directory of symlinks to the POSIX tools only (no timeout, usleep, mktemp, …), and an xm that finds its own node. */
export function posixBin() {
  if (posixDir) return posixDir;
  posixDir = mkdtempSync(join(tmpdir(), 'xd-posix-bin-'));
  made.push(posixDir);
  for (const tool of POSIX_TOOLS) {
    const path = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { encoding: 'utf8' }).stdout.trim();
    if (!path.startsWith('/')) throw new Error(`POSIX tool ${tool} not found`);
    symlinkSync(path, join(posixDir, tool));
  }
  return posixDir;
}

/**
 * The simulator as one node process (test/sim/xm and test/sim/xl are bash, then node, both from
 * PATH): it runs under the POSIX-only PATH too. For xl, its directory also holds a `xenstore-read`
 * of the same kind (test/sim/xenstore-read is bash), which the xl host's script finds on PATH.
 */
export function xmWrapper(tool = 'xm') {
  const dir = mkdtempSync(join(tmpdir(), `xd-${tool}-wrap-`));
  made.push(dir);
  const path = join(dir, tool);
  const sim = dirname(tool === 'xl' ? XL : XM);
  writeFileSync(path, `#!${process.execPath}\nimport(${JSON.stringify(join(sim, `${tool}-run.mjs`))});\n`);
  chmodSync(path, 0o755);
  if (tool === 'xl') {
    const read = join(dir, 'xenstore-read');
    writeFileSync(read, `#!${process.execPath}\n${XENSTORE_READ}`);
    chmodSync(read, 0o755);
  }
  return path;
}

/** test/sim/xenstore-read's answer, in node: the id of the domain marked "xenstore" in XM_SIM_STATE. */
const XENSTORE_READ = `const fs = require('fs');
const [path] = process.argv.slice(2);
let id;
try {
  if (process.argv.length === 3 && path === '/tool/xenstored/domid') id = (JSON.parse(fs.readFileSync(process.env.XM_SIM_STATE, 'utf8')).domains || []).find((d) => d.xenstore)?.id;
} catch {}
if (id === undefined) { process.stderr.write("xenstore-read: couldn't read path " + (path ?? '') + '\\n'); process.exit(1); }
process.stdout.write(id + '\\n');
`;

// The compiled script runs on the host's POSIX tools (awk above all): without one, no shell can run it.
const missingTools = POSIX_TOOLS.filter((tool) => !have(tool));
const toolsReason = `POSIX tools not found: ${missingTools.join(', ')}${missingTools.includes('awk') ? ' (apt-get install mawk)' : ''}: the compiled init script cannot run`;
const shell = (name, argv, ok, reason, extra = {}) => ({ name, argv, ok: ok && missingTools.length === 0, reason: ok ? toolsReason : reason, ...extra });

export const SHELLS = [
  shell('bash', ['bash'], have('bash'), 'bash not installed (apt-get install bash)'),
  shell('dash', ['dash'], have('dash'), 'dash not installed (apt-get install dash)'),
  shell('busybox ash', ['busybox', 'ash'], have('busybox'), 'busybox not installed (apt-get install busybox)'),
  shell('bash --posix, POSIX tools only', ['bash', '--posix'], have('bash'), 'bash not installed', { posix: true }),
];

export function cleanupHarness() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Compiles the host's init script to <dir>/xendomains.init; resolves the CLI result. */
export async function compile(h, { xm = h.toolstack === 'xl' ? XL : XM, journal = h.journal } = {}) {
  h.script = join(h.dir, 'xendomains.init');
  h.compiledFor = xm;
  const r = await run(h, ['compile-init', '-q', '--out', h.script, ...(journal ? ['--journal', journal] : [])], { journal: false, xm });
  if (r.code !== 0) throw new Error(`compile-init failed (${r.code}): ${r.stderr}`);
  return r;
}

/** Runs the compiled script under a shell; resolves {code, signal, stdout, stderr, ms}; `.child` via onSpawn. */
export function runScript(h, shell, verb, { onSpawn } = {}) {
  const env = { ...process.env, ...h.env };
  // The xl wrapper's directory holds xenstore-read (xl hosts read the stub domain's id from PATH).
  if (shell.posix) env.PATH = h.toolstack === 'xl' ? `${posixBin()}:${dirname(h.compiledFor)}` : posixBin();
  const program = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', shell.argv[0]], { encoding: 'utf8' }).stdout.trim();
  const child = spawn(program, [...shell.argv.slice(1), h.script, verb], { cwd: h.dir, env });
  onSpawn?.(child);
  return outcomeOf(child, { guardMs: 60_000 });
}

/** Keeps a copy of the host as set up, so several runs can start from the same state at the same paths. */
export function snapshot(h) {
  const copy = mkdtempSync(join(tmpdir(), 'xd-pristine-'));
  made.push(copy);
  cpSync(h.dir, copy, { recursive: true, verbatimSymlinks: true });
  return () => {
    rmSync(h.dir, { recursive: true, force: true });
    mkdirSync(h.dir);
    cpSync(copy, h.dir, { recursive: true, verbatimSymlinks: true });
  };
}

const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function lockKind(h) {
  if (!existsSync(h.lock)) return 'absent';
  const text = readFileSync(h.lock, 'utf8');
  if (text === '') return 'empty';
  try {
    const record = JSON.parse(text);
    return `record of ${record.verb}${record.bootId === bootId ? ' (this boot)' : ' (another boot)'}`;
  } catch {
    return text;
  }
}

const unstamped = (name) => name.replace(/\.([a-z]+)-\d{8}T\d{6}Z(~\d+)?$/, '.$1-<time>');

/**
 * What a run leaves, comparable across hosts: xm calls (paths relative to the host), domains, SAVE, lock,
 * exit code; with `journalEvents`, also the journal lines of those events (fields both implementations write).
 */
export function outcome(h, r, { unordered = false, journalEvents } = {}) {
  const rel = (x) => JSON.parse(JSON.stringify(x).split(h.dir).join('<host>'));
  let argv = rel(calls(h));
  if (unordered) argv = argv.map((a) => JSON.stringify(a)).sort();
  const save = {};
  for (const [name, v] of Object.entries(saveDir(h))) save[name] = Array.isArray(v) ? v.map(unstamped) : v;
  const out = { code: r.code, calls: argv, running: running(h), departed: departed(h), save, lock: lockKind(h) };
  if (journalEvents) {
    const lines = existsSync(h.journal) ? readFileSync(h.journal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    out.journal = rel(lines.filter((e) => journalEvents.includes(e.event)).map(({ v, run, time, ...fields }) => Object.fromEntries(Object.entries(fields).map(([k, x]) => [k, typeof x === 'string' ? unstamped(x) : x]))));
  }
  return out;
}

/**
 * The watchdog with room, so a loaded machine (the suite runs files side by side) cannot fire it
 * for one run and not the other: 30 s where no xm call hangs, HANG_MAXWAIT where one does (it must
 * fire; 5 s once killed 600 ms shutdowns of the parallel scenario on a machine at load 30).
 */
function roomy(setup) {
  const hangs = JSON.stringify(setup.faults ?? {}).includes('"hang"');
  const sysconfig = setup.sysconfig ?? {};
  if (hangs) return { ...setup, sysconfig: { ...sysconfig, XENDOMAINS_STOP_MAXWAIT: String(HANG_MAXWAIT) } };
  return { ...setup, sysconfig: typeof sysconfig === 'function' ? (h) => ({ XENDOMAINS_STOP_MAXWAIT: '30', ...sysconfig(h) }) : { XENDOMAINS_STOP_MAXWAIT: '30', ...sysconfig } };
}

const limit = limiter(2);

/** Runs of a scenario with a hung save whose save was killed before it hung, in a row, before the scenario fails. */
const EARLY_KILL_TRIES = 3;

/**
 * One run from the pristine host. A hung save killed before it reached its hang point (a loaded
 * machine: the watchdog fired before xm wrote a byte) makes the run tell nothing about a hung
 * save, so it is run again: the runs compared all hung at the same point.
 */
async function settledRun(h, reset, go) {
  for (let attempt = 1; ; attempt++) {
    reset();
    const r = await go();
    const early = savesKilledEarly(h);
    if (early.length === 0) return r;
    if (attempt === EARLY_KILL_TRIES) throw new Error(`${EARLY_KILL_TRIES} runs in a row, the watchdog killed ${JSON.stringify(early)} before it reached its hang point: the machine is too loaded for this scenario`);
  }
}

/**
 * CLI once, then the script under every usable shell, each from the same pristine host;
 * resolves {expected, cli, got: [{shell, outcome, r}]}. `s`: {verb, setup, prepare(h)?, xm?, options?, unordered?};
 * `xm` may be a function of the host (a wrapper made for it).
 */
export function differential(s) {
  return limit(async () => {
    const h = scenarioHost(roomy(s.setup));
    s.prepare?.(h);
    const xm = typeof s.xm === 'function' ? s.xm(h) : s.xm;
    const journal = s.options?.blockedJournal ? `${h.blocker}/journal.jsonl` : h.journal;
    await compile(h, { xm: xm ?? xmWrapper(h.toolstack), journal });
    const reset = snapshot(h);
    const cli = await settledRun(h, reset, () => run(h, [s.verb, ...(s.options?.blockedJournal ? ['--journal', journal] : [])], { journal: !s.options?.blockedJournal, ...(xm ? { xm } : {}) }));
    const expected = outcome(h, cli, s);
    const got = [];
    for (const shell of SHELLS.filter((sh) => sh.ok)) {
      const r = await settledRun(h, reset, () => runScript(h, shell, s.verb));
      got.push({ shell: shell.name, outcome: outcome(h, r, s), r });
    }
    return { expected, cli, got };
  });
}

/**
 * A journal as a start killed during `restore` of SAVE/<image> leaves it (a step-start and no end),
 * in the executor's layout or the compiled script's (`by`); `ended` adds the step-end of a restore that finished.
 */
export function killedRestoreJournal(h, image, domain, { by = 'executor', ended = false } = {}) {
  const argv = [h.toolstack === 'xl' ? 'xl' : 'xm', 'restore', join(h.saveDir, image)];
  const run = '2026-01-01T00:00:00.000Z/4242';
  const time = '2026-01-01T00:00:01.000Z';
  const start = by === 'executor'
    ? { v: 1, run, time, event: 'step-start', step: 1, part: 'start', chain: 1, phase: 'restore', domain, domid: null, argv, timeoutSeconds: null, start: time }
    : { v: 1, run, time, event: 'step-start', phase: 'restore', domain, argv, domid: null, timeoutSeconds: null };
  const lines = [{ v: 1, run, time, event: 'run-start', verb: 'start', jobs: 1, xm: argv[0] }, start];
  if (ended) lines.push({ v: 1, run, time, event: 'step-end', phase: 'restore', domain, argv, ok: true, ran: true, exit: 0, timedOut: false });
  // A line cut by the kill, as the journal reader must skip it.
  writeFileSync(h.journal, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"v":1,"run":"${run}","event":"step-st`);
}

/** Differential scenarios of the journal recovery (a start killed during a restore), for either toolstack. */
export function journalScenarios(toolstack) {
  const image = (id, name) => ({ image: { id, name } });
  const setup = (domains) => ({ toolstack, domains, save: { alpha: image(3, 'alpha'), beta: image(4, 'beta') }, auto: { 'alpha.cfg': 'alpha' } });
  const L = ['list', '-l'];
  const restores = (o) => o.calls.filter((a) => a[0] === 'restore').map((a) => a[1].replace('<host>/save/', ''));
  // What the CLI must have done (so the comparison is about the recovery, not two runs that both skipped it).
  const recovered = (o) => {
    assert.equal(o.calls.slice(0, 2), [L, L], 'a second listing asks whether alpha runs');
    assert.equal(restores(o), ['beta'], 'alpha is not restored again');
    assert.equal(o.save, {}, 'its image is deleted');
  };
  const notRecovered = (o) => assert.equal(restores(o), ['alpha', 'beta']);
  return [
    { name: 'journal: a killed start\'s restore went through (executor\'s journal): image deleted, not restored again', verb: 'start', setup: setup([{ id: 3, name: 'alpha' }]), prepare: (h) => killedRestoreJournal(h, 'alpha', 'alpha'), check: recovered },
    { name: 'journal: the same left by a compiled script', verb: 'start', setup: setup([{ id: 3, name: 'alpha' }]), prepare: (h) => killedRestoreJournal(h, 'alpha', 'alpha', { by: 'script' }), check: recovered },
    { name: 'journal: the journal names no domain, the image does', verb: 'start', setup: setup([{ id: 3, name: 'alpha' }]), prepare: (h) => killedRestoreJournal(h, 'alpha', null), check: recovered },
    {
      name: 'journal: the image\'s name cannot be read, the journal names the domain',
      verb: 'start',
      setup: { ...setup([{ id: 3, name: 'alpha' }]), save: { alpha: toolstack === 'xl' ? 'Xen saved domain, cut short' : 'LinuxGuestRecord\0', beta: image(4, 'beta') } },
      prepare: (h) => killedRestoreJournal(h, 'alpha', 'alpha'),
      check: recovered,
    },
    { name: 'journal: a killed start\'s restore that did not go through: restored as planned', verb: 'start', setup: setup([]), prepare: (h) => killedRestoreJournal(h, 'alpha', 'alpha'), check: (o) => { notRecovered(o); assert.equal(o.calls.slice(0, 3), [L, L, ['restore', '<host>/save/alpha']]); } },
    { name: 'journal: a restore that ended is not unfinished', verb: 'start', setup: setup([{ id: 3, name: 'alpha' }]), prepare: (h) => killedRestoreJournal(h, 'alpha', 'alpha', { ended: true }), check: (o) => { notRecovered(o); assert.equal(o.calls[1][0], 'restore', 'no second listing'); } },
  ];
}

/** The listing's watchdog (XENDOMAINS_LIST_TIMEOUT, from the environment as for the CLI): a hanging `list -l` is killed, nothing is done. */
export function listingScenarios(toolstack) {
  const hang = { '*': { list: { hang: true } } };
  const timeout = (h) => {
    h.env.XENDOMAINS_LIST_TIMEOUT = '3';
  };
  const killed = (o) => assert.equal(o.calls, [['list', '-l']], 'the one listing, killed; nothing else');
  return ['start', 'stop', 'status'].map((verb) => ({
    name: `listing: a hanging ${toolstack} list -l is killed after XENDOMAINS_LIST_TIMEOUT (${verb})`,
    verb,
    setup: { toolstack, domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' }, faults: hang, lock: verb === 'start' ? undefined : '' },
    prepare: timeout,
    check: killed,
  }));
}

/**
 * Differential scenarios of a save the watchdog killed while its domain was listed, which xend
 * finished after the kill (the simulator's `xendFinishes` save fault), for either toolstack: the
 * image goes back from the quarantine to SAVE when the chain ends, as the executor's settleKilledSave
 * (test/exec/killed-save.test.mjs has the same cases against the fake host).
 */
export function killedSaveScenarios(toolstack) {
  const web = { id: 3, name: 'web' };
  const setup = (save, shutdown) => ({ toolstack, domains: [web], faults: { web: { save, ...(shutdown ? { shutdown } : {}) } } });
  const shutdowns = (o) => o.calls.filter((a) => a[0] === 'shutdown').length;
  /** The CLI moved the image back (so the comparison is about the settling, not two runs that both skipped it). */
  const back = (o) => {
    assert.ok(o.save.web > 0, `the image is back in SAVE: ${JSON.stringify(o.save)}`);
    assert.equal(o.save['partial@xendomains'], [], 'nothing left in the quarantine');
    assert.is(o.departed.web, 'save');
    assert.is(shutdowns(o), 1);
  };
  const kept = (o) => assert.equal(o.save['partial@xendomains'], ['web.partial-<time>']);
  return [
    {
      name: 'killed save: xend finished it and destroyed the domain before our fallback shutdown (which fails): the image goes back to SAVE',
      verb: 'stop',
      setup: setup({ hang: true, xendFinishes: 'before-shutdown' }),
      journalEvents: ['unquarantine'],
      check: (o) => {
        back(o);
        assert.equal(o.journal, [{ event: 'unquarantine', domain: 'web', image: '<host>/save/web', from: '<host>/save/partial@xendomains/web.partial-<time>' }]);
        assert.is(o.code, 1, 'the shutdown failed');
      },
    },
    {
      name: 'killed save: xend wrote the rest and destroyed the domain while our shutdown waited (it grew): the image goes back to SAVE',
      verb: 'stop',
      setup: setup({ hang: true, xendFinishes: 'during-shutdown' }),
      check: (o) => {
        back(o);
        assert.is(o.code, 0, 'the shutdown saw the domain go');
      },
    },
    {
      name: 'killed save: the domain is still listed at the chain end (our shutdown failed): the image stays quarantined',
      verb: 'stop',
      setup: setup({ hang: true }, { fail: 'Domain is busy' }),
      check: (o) => {
        kept(o);
        assert.is(o.save.web, undefined);
        assert.equal(o.running, ['web']);
      },
    },
    {
      name: 'killed save: xend finished it, but SAVE/web is taken by then: the image stays quarantined, never over anything',
      verb: 'stop',
      setup: setup({ hang: true, xendFinishes: 'before-shutdown' }),
      xm: (h) => takerWrapper(h, 'web'),
      check: (o) => {
        kept(o);
        assert.is(o.save.web, 0, 'the file that took the name is left as it is');
        assert.is(o.code, 1);
      },
    },
  ];
}

/**
 * The toolstack's simulator, but before a shutdown something creates SAVE/<name> (an empty file):
 * a killed save that xend finished cannot go back there. Beside the usual wrapper (xl's xenstore-read).
 */
function takerWrapper(h, name) {
  const sim = xmWrapper(h.toolstack);
  const path = join(dirname(sim), `${h.toolstack}-taker`);
  writeFileSync(path, `#!/bin/sh\ncase $1 in shutdown) : >${shQuote(join(h.saveDir, name))} ;; esac\nexec ${shQuote(sim)} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

const shQuote = (s) => `'${s.replace(/'/g, "'\\''")}'`;

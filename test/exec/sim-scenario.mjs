// End-to-end harness: a throw-away host for the built CLI and the xm simulator
// (sysconfig, AUTO configs, SAVE with real LinuxGuestRecord images, sim state,
// lock, journal), running `plan` and the verbs as real processes, and reading
// back the xm call log, domain state, save directory and journal. Not a test file.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { CLI, outcomeOf, ROOT } from '../helpers.mjs';
import { writeImage } from '../sim/sim-image.mjs';

export const XM = join(ROOT, 'test/sim/xm');
/** The xl simulator; test/sim also holds its `xenstore-read`, put on PATH for xl hosts. */
export const XL = join(ROOT, 'test/sim/xl');
const SIM_DIR = join(ROOT, 'test/sim');
const made = [];

/**
 * STOP_MAXWAIT for scenarios where a hung call must be killed while the others must not be:
 * each xm call is a node process, which a loaded 2-core machine can take over a second to
 * start, so the watchdog gets several times that. (1–2 s made such tests flaky under load.)
 */
export const HANG_MAXWAIT = 10;

const BASE = (d) => ({
  XENDOMAINS_SYSRQ: '',
  XENDOMAINS_USLEEP: '1000',
  XENDOMAINS_CREATE_USLEEP: '1000',
  XENDOMAINS_MIGRATE: '',
  XENDOMAINS_SAVE: join(d, 'save'),
  XENDOMAINS_SHUTDOWN: '--halt --wait',
  XENDOMAINS_SHUTDOWN_ALL: '--all --halt --wait',
  XENDOMAINS_RESTORE: 'true',
  XENDOMAINS_AUTO: join(d, 'auto'),
  XENDOMAINS_AUTO_ONLY: 'false',
  // Far above any xm call's time, even a node start on a loaded machine: a scenario where a
  // watchdog must fire sets HANG_MAXWAIT with a hang fault, and the others never see one fire.
  XENDOMAINS_STOP_MAXWAIT: '120',
});

/** The xl-era sample's shutdown words (spec xl-xendomains.md §3); the rest as BASE. */
const XL_BASE = (d) => ({ ...BASE(d), XENDOMAINS_SHUTDOWN: '--wait', XENDOMAINS_SHUTDOWN_ALL: '--all --wait' });

/**
 * domains: [{id, name, …}] besides Domain-0; auto: {'web.cfg': 'web'} (a name, or full text);
 * save: {file: {image: {id, name}, truncate?} | text}; sysconfig: overrides (null removes a line).
 */
export function scenarioHost({ sysconfig = {}, auto = {}, save = {}, domains = [], faults = {}, refuseHosts = [], lock, toolstack = 'xm' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xd-exec-'));
  made.push(dir);
  const h = {
    dir,
    sysconfig: join(dir, 'xendomains'),
    autoDir: join(dir, 'auto'),
    saveDir: join(dir, 'save'),
    state: join(dir, 'state.json'),
    log: join(dir, 'xm.log'),
    lock: join(dir, 'lock', 'xendomains'),
    journal: join(dir, 'journal.jsonl'),
    /** A regular file: any path under it cannot be created (ENOTDIR), even for root. */
    blocker: join(dir, 'not-a-dir'),
    toolstack,
  };
  writeFileSync(h.blocker, '');
  const vars = { ...(toolstack === 'xl' ? XL_BASE : BASE)(dir), ...(typeof sysconfig === 'function' ? sysconfig(h) : sysconfig) };
  writeFileSync(h.sysconfig, Object.entries(vars).filter(([, v]) => v !== null).map(([k, v]) => `${k}="${v}"\n`).join(''));
  mkdirSync(h.autoDir);
  mkdirSync(h.saveDir);
  for (const [file, spec] of Object.entries(auto)) {
    const text = spec.includes('\n') ? spec : `name = "${spec}"\nmemory = 256\nkernel = "/boot/vmlinuz-xen"\n`;
    writeFileSync(join(h.autoDir, file), text);
  }
  for (const [file, spec] of Object.entries(save)) {
    const path = join(h.saveDir, file);
    if (spec === 'dir') mkdirSync(path);
    else if (typeof spec === 'string') writeFileSync(path, spec);
    else {
      const fd = openSync(path, 'w');
      writeImage(fd, { memory: 256, ...spec.image }, { toolstack });
      closeSync(fd);
      if (spec.truncate) truncateSync(path, spec.truncate);
    }
  }
  writeFileSync(h.state, JSON.stringify({ domains: [{ id: 0, name: 'Domain-0', memory: 1024, state: 'r-----' }, ...domains], nextId: 20, faults, refuseHosts }));
  if (lock !== undefined) {
    mkdirSync(join(dir, 'lock'));
    writeFileSync(h.lock, lock);
  }
  h.env = { XM_SIM_STATE: h.state, XM_SIM_LOG: h.log };
  h.args = ['-c', h.sysconfig, '--lock-file', h.lock, ...(toolstack === 'xl' ? ['--toolstack', 'xl'] : [])];
  if (toolstack === 'xl') h.env.PATH = `${SIM_DIR}:${process.env.PATH}`;
  return h;
}

export function cleanupScenarios() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs the built CLI; resolves {code, signal, stdout, stderr, ms}; `.child` is the process. */
export function run(h, args, { env = {}, journal = true, onSpawn, xm = h.toolstack === 'xl' ? XL : XM, guardMs = 300_000, cwd = h.dir } = {}) {
  const started = Date.now();
  const full = [CLI, ...args, ...h.args, ...(xm ? [h.toolstack === 'xl' ? '--xl' : '--xm', xm] : []), ...(journal ? ['--journal', h.journal] : [])];
  const e = { ...process.env, NO_COLOR: '1', ...h.env, ...env };
  delete e.XENDOMAINS_GRAMMAR_CHECKS;
  delete e.XENDOMAINS_XM;
  delete e.XENDOMAINS_XL;
  const child = spawn(process.execPath, full, { cwd, env: e });
  onSpawn?.(child);
  return outcomeOf(child, { guardMs, started });
}

/** `plan VERB --format json` for the host as it is now; the plan's own `xm list -l` is dropped from the log. */
export async function plan(h, verb) {
  const r = await run(h, ['plan', verb, '--format', 'json'], { journal: false });
  assert.is(r.code, 0, `plan ${verb}: ${r.stderr}`);
  clearLog(h);
  return JSON.parse(r.stdout);
}

export function clearLog(h) {
  if (existsSync(h.log)) writeFileSync(h.log, '');
}

const lines = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

/** Every xm call started, in order, as argv after the program name. */
export const calls = (h) => lines(h.log).filter((e) => e.event === 'start').map((e) => e.argv);
/** Calls that started and never logged an end (killed). */
export function killedCalls(h) {
  const log = lines(h.log);
  const ended = new Set(log.filter((e) => e.event === 'end').map((e) => e.pid));
  return log.filter((e) => e.event === 'start' && !ended.has(e.pid)).map((e) => e.argv);
}
/**
 * Saves killed before they reached their hang point (the simulator logs `hang` there). On a loaded
 * machine the watchdog can fire before xm has written anything: the run then tells nothing about a
 * hung save (its empty file is removed, not quarantined) and is run again (init-script-harness.mjs).
 */
export function savesKilledEarly(h) {
  const log = lines(h.log);
  const ended = new Set(log.filter((e) => e.event === 'end').map((e) => e.pid));
  const hung = new Set(log.filter((e) => e.event === 'hang').map((e) => e.pid));
  return log.filter((e) => e.event === 'start' && e.argv.find((a) => !a.startsWith('-')) === 'save' && !ended.has(e.pid) && !hung.has(e.pid)).map((e) => e.argv);
}
export const journal = (h) => lines(h.journal);
export const simState = (h) => JSON.parse(readFileSync(h.state, 'utf8'));

/** Domains still there (Domain-0 excluded), by name. */
export function running(h) {
  const now = Date.now();
  return simState(h).domains.filter((d) => d.id !== 0 && !d.xenstore && !(d.goneAt <= now)).map((d) => d.name).sort();
}

/** How each domain left: {name: 'save' | 'migrate' | 'shutdown'}. */
export function departed(h) {
  const out = {};
  for (const d of simState(h).departed ?? []) out[d.name] = d.how;
  const now = Date.now();
  for (const d of simState(h).domains) if (d.goneAt <= now) out[d.name] = 'shutdown';
  return out;
}

/** The save directory: top-level names, with the quarantine directory's content listed under it. */
export function saveDir(h) {
  const out = {};
  for (const name of readdirSync(h.saveDir).sort()) {
    const path = join(h.saveDir, name);
    out[name] = statSync(path).isDirectory() ? readdirSync(path).sort() : statSync(path).size;
  }
  return out;
}

export const argvOf = (steps) => steps.map((s) => s.argv.slice(1));

/**
 * The executed xm calls equal the printed plan: every journal step-start names a
 * plan step with the same argv, and the xm log (list calls aside) is exactly
 * those steps (in order when `ordered`).
 */
export function assertFollowsPlan(h, printed, { ordered = true, runIndex = 0 } = {}) {
  const runs = [...new Set(journal(h).map((j) => j.run))];
  const notRun = new Set(journal(h).filter((j) => j.run === runs[runIndex] && j.event === 'step-end' && j.ran === false).map((j) => j.step));
  const mine = journal(h).filter((j) => j.run === runs[runIndex] && j.event === 'step-start' && !notRun.has(j.step));
  for (const j of mine) assert.equal(j.argv, printed.steps[j.step - 1]?.argv, `step ${j.step} is the printed plan's`);
  const executed = calls(h).filter((a) => a[0] !== 'list');
  const journalled = mine.map((j) => j.argv.slice(1));
  if (ordered) assert.equal(executed, journalled);
  else assert.equal([...executed].map(String).sort(), [...journalled].map(String).sort());
  return mine.map((j) => j.step);
}

/** Limits how many scenarios run at once (each spawns node processes). */
export function limiter(n) {
  let active = 0;
  const queue = [];
  const next = () => {
    if (active >= n || !queue.length) return;
    active++;
    const { fn, resolve, reject } = queue.shift();
    fn().then(resolve, reject).finally(() => {
      active--;
      next();
    });
  };
  return (fn) => new Promise((resolve, reject) => {
    queue.push({ fn, resolve, reject });
    next();
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Removes the watchdog's dots from rc-style output (their number depends on timing). */
export const undot = (text) => text.replace(/\((migr|save|shut)\)\.*\n/g, '($1).\n').replace(/\((migr|save|shut)\)\.+(?= |$)/g, '($1)');

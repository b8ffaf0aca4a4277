// xm simulator: the domain state in the JSON file named by XM_SIM_STATE.
// Readers take an atomic snapshot (writers replace the file by rename); writers
// hold `<state>.lock` (O_EXCL, stale after 5 s or a dead owner) only around a
// read-modify-write, never while sleeping. Also: faults, sleeps and domain lookup.

import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { call, here } from './sim-call.mjs';
import { XmExit, noDomain, xmError } from './sim-opts.mjs';

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the process; a signal with its default action still ends it at once. */
export function sleep(ms) {
  if (ms > 0) Atomics.wait(SLEEPER, 0, 0, ms);
}

/** A hung xend call: never returns; dies on SIGTERM/SIGKILL like any process. */
export function hangForever() {
  for (;;) sleep(3_600_000);
}

export function statePath() {
  const p = call.env.XM_SIM_STATE;
  if (!p) {
    throw new XmExit(1, 'Error: XM_SIM_STATE is not set; the xm simulator keeps its domains in that JSON file (see contrib/xm-simulator.md)\n');
  }
  return here(p);
}

function parseState(text, file) {
  let s;
  try {
    s = JSON.parse(text);
  } catch (e) {
    throw new XmExit(1, `Error: xm simulator: state file ${file} is not valid JSON: ${e.message}\n`);
  }
  if (!s || typeof s !== 'object' || !Array.isArray(s.domains)) {
    throw new XmExit(1, `Error: xm simulator: state file ${file} has no "domains" array\n`);
  }
  for (const d of s.domains) {
    if (!d || typeof d.name !== 'string' || !Number.isInteger(d.id)) {
      throw new XmExit(1, `Error: xm simulator: state file ${file}: every domain needs an integer "id" and a string "name"\n`);
    }
  }
  if (!Number.isInteger(s.nextId)) s.nextId = Math.max(0, ...s.domains.map((d) => d.id)) + 1;
  s.faults ??= {};
  s.refuseHosts ??= [];
  return s;
}

/** A consistent snapshot; a missing file reads as xend not running. */
export function readState(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw xmError(`Unable to connect to xend: ${e.code === 'ENOENT' ? 'No such file or directory' : e.message}. Is xend running?`);
  }
  return parseState(text, file);
}

/**
 * Applies what time has done: domains whose shutdown finished (goneAt passed)
 * leave (noted in `departed` when `record`), reboots that finished take their new id.
 */
export function settle(state, now = Date.now(), record = false) {
  const keep = [];
  for (const d of state.domains) {
    if (d.goneAt !== undefined && d.goneAt <= now) {
      if (record) noteDeparture(state, d, 'shutdown', { at: d.goneAt, mode: d.shutdownMode });
      continue;
    }
    if (d.rebootAt !== undefined && d.rebootAt <= now) {
      d.id = d.rebootId ?? d.id;
      d.restarts = (d.restarts ?? 0) + 1;
      delete d.rebootAt;
      delete d.rebootId;
    }
    keep.push(d);
  }
  state.domains = keep;
  return state;
}

export function noteDeparture(state, d, how, extra = {}) {
  state.departed ??= [];
  state.departed.push({ name: d.name, id: d.id, how, at: Date.now(), ...extra });
}

/** Settled view for readers. */
/** Takes domain `d` (the same id and name) out of the state file, noting how it departed; gone already: nothing. */
export function removeDomain(file, d, how, extra) {
  updateState(file, (s) => {
    const i = s.domains.findIndex((x) => x.id === d.id && x.name === d.name);
    if (i < 0) return;
    noteDeparture(s, s.domains[i], how, extra);
    s.domains.splice(i, 1);
  });
}

export function viewState(file) {
  return settle(readState(file));
}

const LOCK_STALE_MS = 5000;
const LOCK_GIVE_UP_MS = 30000;

function ownerAlive(lock) {
  try {
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    if (!(pid > 0)) return true; // being written right now
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM' || e.code === 'ENOENT';
  }
}

function acquire(lock) {
  const start = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${call.pid}\n`);
      closeSync(fd);
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw new XmExit(1, `Error: xm simulator: cannot create lock ${lock}: ${e.message}\n`);
    }
    let stale = false;
    try {
      stale = Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS || !ownerAlive(lock);
    } catch {
      continue; // vanished: try again at once
    }
    if (stale) {
      try {
        // Rename first so two breakers cannot both delete a fresh lock.
        const aside = `${lock}.stale.${call.pid}`;
        renameSync(lock, aside);
        unlinkSync(aside);
      } catch {}
      continue;
    }
    if (Date.now() - start > LOCK_GIVE_UP_MS) throw new XmExit(1, `Error: xm simulator: timed out waiting for ${lock}\n`);
    sleep(1 + Math.min(attempt, 8) * Math.random());
  }
}

function writeAtomic(file, state) {
  const tmp = `${file}.tmp.${call.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state, null, 2) + '\n');
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * Daemon workers take turns as writers before they take the file lock: a waiting
 * worker sleeps until the writer before it is done, instead of polling the lock file
 * with random back-off. The daemon frees the turn of a worker it terminates.
 */
function lockThreads() {
  const m = call.writers;
  if (!m) return () => {};
  for (;;) {
    const holder = Atomics.compareExchange(m, 0, 0, call.threadId);
    if (holder === 0) break;
    Atomics.wait(m, 0, holder, 100);
  }
  return () => {
    Atomics.store(m, 0, 0);
    Atomics.notify(m, 0, 1);
  };
}

/** Read-modify-write under the lock. fn(state) may throw XmExit (nothing is written then). */
export function updateState(file, fn) {
  const lock = `${file}.lock`;
  const unlockThreads = lockThreads();
  try {
    acquire(lock);
    try {
      const state = settle(readState(file), Date.now(), true);
      const result = fn(state);
      writeAtomic(file, state);
      return result;
    } finally {
      try {
        unlinkSync(lock);
      } catch {}
    }
  } finally {
    unlockThreads();
  }
}

/** xend's domain_lookup_nr: by name first, then by numeric id. */
export function findDomain(state, ref) {
  const s = String(ref);
  return state.domains.find((d) => d.name === s) ?? (/^\d+$/.test(s) ? state.domains.find((d) => d.id === Number(s)) : undefined);
}

export function mustFind(state, ref) {
  const d = findDomain(state, ref);
  if (!d) throw noDomain(ref);
  return d;
}

/** The fault for this domain and verb: faults[name][verb], else faults['*'][verb]. */
export function faultFor(state, name, verb) {
  const f = state.faults?.[name]?.[verb] ?? state.faults?.['*']?.[verb];
  return f && typeof f === 'object' ? f : {};
}

/**
 * The common fault behaviour: hang forever, or wait delayMs and fail with the
 * message. A plain delay is left to the caller (several verbs spread it).
 */
export function applyFault(fault, { delayFirst = true } = {}) {
  if (fault.hang) hangForever();
  if (fault.fail !== undefined) {
    if (delayFirst) sleep(Number(fault.delayMs) || 0);
    throw xmError(String(fault.fail));
  }
}

export function delayOf(fault) {
  const ms = Number(fault.delayMs);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

export function compareNames(a, b) {
  return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
}

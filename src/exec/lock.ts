// Taking, replacing and dropping the locks whose meaning src/model/lock.ts
// decides. The run lock makes start and stop exclusive (a second one waits
// while the first one's process lives); under it, start creates the service
// lock (the reference's marker) and marks it started at the end; stop removes it.

import { dirname } from 'node:path';
import { describeStale, judgeRunLock, judgeServiceLock, runLockPath, type LockFacts, type LockRecord, type LockState } from '../model/lock.js';
import type { ExecHost } from './host.js';

export type { LockRecord, LockState };

export type AcquireResult =
  | { kind: 'created'; replaced?: LockState & { state: 'stale' } }
  | { kind: 'held'; lock: Extract<LockState, { state: 'held' }> }
  | { kind: 'error'; message: string };

export function lockFacts(host: ExecHost): LockFacts {
  return { bootId: host.bootId(), alive: (pid) => host.pidAlive(pid) };
}

/** What is at `path`, as text; a symlink or anything but a regular file is reported, never followed. */
function readLock(host: ExecHost, path: string): { text: string | undefined } | { problem: string } {
  let facts;
  try {
    facts = host.lstat(path);
  } catch (error) {
    return { problem: `cannot look at ${path}: ${(error as Error).message}` };
  }
  if (!facts) return { text: undefined };
  if (facts.kind !== 'file') return { problem: `${path} is ${facts.kind === 'symlink' ? 'a symlink' : facts.kind === 'dir' ? 'a directory' : 'not a regular file'}, not a lock xendomains wrote: remove it` };
  try {
    return { text: host.readFile(path) ?? undefined };
  } catch (error) {
    return { problem: `cannot read ${path}: ${(error as Error).message}` };
  }
}

/** The service lock as `start` and `status` see it (the reference's `[ -f LOCK ]`, plus stale detection). */
export function inspectLock(host: ExecHost, path: string): LockState {
  const read = readLock(host, path);
  // Unreadable, a directory, a symlink: never assume the service is down.
  if ('problem' in read) return host.exists(path) ? { state: 'held', why: 'not-ours' } : { state: 'absent' };
  return judgeServiceLock(read.text, lockFacts(host));
}

/** For `status`: a start that was killed half-way still started guests, so sysvinit must run `stop`. */
export function serviceUp(host: ExecHost, path: string): boolean {
  const seen = inspectLock(host, path);
  return seen.state === 'held' || (seen.state === 'stale' && seen.why === 'dead-pid');
}

export function lockContent(host: ExecHost, verb: string, phase?: LockRecord['phase']): string {
  const record: LockRecord = { pid: host.pid(), bootId: host.bootId() ?? null, verb, time: new Date(host.now()).toISOString() };
  if (phase) record.phase = phase;
  return `${JSON.stringify(record)}\n`;
}

function ensureDir(host: ExecHost, path: string): string | undefined {
  try {
    host.mkdirp(dirname(path));
    return undefined;
  } catch (error) {
    return `cannot create ${dirname(path)}: ${(error as Error).message}`;
  }
}

/**
 * The service lock, taken by start under the run lock (so nobody else is
 * deciding at the same time): absent → created; stale → replaced; held → "already running".
 */
export function acquireLock(host: ExecHost, path: string, verb: string): AcquireResult {
  const problem = ensureDir(host, path);
  if (problem) return { kind: 'error', message: problem };
  const read = readLock(host, path);
  if ('problem' in read) return { kind: 'error', message: read.problem };
  const seen = judgeServiceLock(read.text, lockFacts(host));
  if (seen.state === 'held') return { kind: 'held', lock: seen };
  try {
    if (seen.state === 'stale') host.remove(path);
    if (host.createExclusive(path, lockContent(host, verb, 'starting'))) return seen.state === 'stale' ? { kind: 'created', replaced: seen } : { kind: 'created' };
    return { kind: 'error', message: `${path} appeared while it was being taken: another xendomains not using the run lock?` };
  } catch (error) {
    return { kind: 'error', message: `cannot create ${path}: ${(error as Error).message}` };
  }
}

/** At the end of start: the lock now says "started", so it stays held after this process exits. */
export function markStarted(host: ExecHost, path: string, verb: string): string | undefined {
  try {
    host.replaceFile(path, lockContent(host, verb, 'started'));
    return undefined;
  } catch (error) {
    return `cannot mark the lock ${path} as started: ${(error as Error).message} (the next start takes it for an interrupted one once this process is gone)`;
  }
}

export function staleMessage(path: string, stale: Extract<LockState, { state: 'stale' }>): string {
  return `replaced a stale lock ${path} ${describeStale(stale)}`;
}

/** `rm -f`, as the reference's stop does; a lock that cannot be removed is reported. */
export function releaseLock(host: ExecHost, path: string): string | undefined {
  try {
    if (host.lstat(path)) host.remove(path);
    return undefined;
  } catch (error) {
    return `cannot remove the lock ${path}: ${(error as Error).message}`;
  }
}

// ---------------------------------------------------------------- run lock

export type RunLock =
  | { kind: 'taken'; path: string; replaced?: Extract<LockState, { state: 'stale' }>; waited?: LockRecord }
  | { kind: 'error'; path: string; message: string }
  | { kind: 'interrupted'; path: string };

export interface RunLockOptions {
  /** Called once when another run holds the lock and we wait for it. */
  onWait?: (holder: LockRecord | undefined) => void;
  /** Stops the wait (a signal). */
  signal?: AbortSignal;
  /** Poll interval while waiting (default 250 ms). */
  pollMs?: number;
}

const BREAK_STALE_MS = 10_000;

/** Waits while another start/stop of this boot runs (its process lives), breaks a stale run lock, then takes it. */
export async function takeRunLock(host: ExecHost, serviceLock: string, verb: string, options: RunLockOptions = {}): Promise<RunLock> {
  const path = runLockPath(serviceLock);
  const problem = ensureDir(host, path);
  if (problem) return { kind: 'error', path, message: problem };
  let replaced: Extract<LockState, { state: 'stale' }> | undefined;
  let waited: LockRecord | undefined;
  let waiting = false;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) return { kind: 'interrupted', path };
    try {
      if (host.createExclusive(path, lockContent(host, verb))) return { kind: 'taken', path, ...(replaced ? { replaced } : {}), ...(waited ? { waited } : {}) };
    } catch (error) {
      return { kind: 'error', path, message: `cannot create ${path}: ${(error as Error).message}` };
    }
    const read = readLock(host, path);
    if ('problem' in read) return { kind: 'error', path, message: read.problem };
    const seen = judgeRunLock(read.text, lockFacts(host));
    if (seen.state === 'absent') continue;
    if (seen.state === 'held') {
      // Only xendomains writes this file, always whole: anything else is damage a person must look at.
      if (seen.why === 'empty' || seen.why === 'not-ours') return { kind: 'error', path, message: `${path} was not written by xendomains: remove it if no start or stop is running` };
      if (!waiting) options.onWait?.(seen.record);
      waiting = true;
      waited = seen.record;
      await host.sleep(options.pollMs ?? 250, options.signal);
      continue;
    }
    const broke = await breakStale(host, path, seen);
    if (broke === 'error') return { kind: 'error', path, message: `cannot replace the stale run lock ${path}` };
    if (broke === 'done') replaced = seen;
    else await host.sleep(20 + Math.min(attempt, 20) * 5, options.signal);
  }
}

/** Drops our run lock (only ours: a run lock that is not ours any more is left alone). */
export function dropRunLock(host: ExecHost, lock: RunLock): string | undefined {
  if (lock.kind !== 'taken') return undefined;
  const read = readLock(host, lock.path);
  if ('problem' in read || read.text === undefined) return undefined;
  const record = judgeRunLock(read.text, lockFacts(host));
  if (record.state !== 'held' || record.record?.pid !== host.pid()) return undefined;
  try {
    host.remove(lock.path);
    return undefined;
  } catch (error) {
    return `cannot remove the run lock ${lock.path}: ${(error as Error).message}`;
  }
}

/** Removes a stale lock unless someone replaced it meanwhile; 'busy' when another process is breaking it. */
async function breakStale(host: ExecHost, path: string, stale: Extract<LockState, { state: 'stale' }>): Promise<'done' | 'busy' | 'error'> {
  const mutex = `${path}.break`;
  try {
    if (!host.createExclusive(mutex, lockContent(host, 'break'))) {
      const holder = judgeRunLock(safeRead(host, mutex), lockFacts(host));
      const old = holder.state !== 'absent' && holder.record ? host.now() - Date.parse(holder.record.time) > BREAK_STALE_MS : false;
      if (holder.state === 'stale' || old) safeRemove(host, mutex);
      return 'busy';
    }
  } catch {
    return 'error';
  }
  try {
    const now = judgeRunLock(safeRead(host, path), lockFacts(host));
    if (now.state === 'stale' && now.record.pid === stale.record.pid && now.record.time === stale.record.time) host.remove(path);
    return 'done';
  } catch {
    return 'error';
  } finally {
    safeRemove(host, mutex);
  }
}

function safeRead(host: ExecHost, path: string): string | undefined {
  try {
    return host.readFile(path);
  } catch {
    return undefined;
  }
}

function safeRemove(host: ExecHost, path: string): void {
  try {
    host.remove(path);
  } catch {
    /* gone already */
  }
}

// The lock file (spec §4, DESIGN "Reliability rules"): created atomically with
// O_EXCL, holding our PID and boot id as JSON. An existing lock is held (an
// empty one, as the reference writes it, too) unless it records another boot:
// then it is stale, and is replaced under a short-lived `.break` mutex so two starts cannot both win.

import { dirname } from 'node:path';
import type { ExecHost } from './host.js';

export interface LockRecord {
  pid: number;
  bootId: string | null;
  verb: string;
  time: string;
}

export type LockState =
  | { state: 'absent' }
  | { state: 'held'; why: 'empty' | 'same-boot' | 'boot-unknown' | 'not-ours'; record?: LockRecord }
  | { state: 'stale'; record: LockRecord };

export type AcquireResult =
  | { kind: 'created'; replaced?: LockRecord }
  | { kind: 'held'; lock: Extract<LockState, { state: 'held' }> }
  | { kind: 'error'; message: string };

function parseRecord(text: string): LockRecord | undefined {
  try {
    const data = JSON.parse(text) as Partial<LockRecord>;
    if (data && typeof data === 'object' && typeof data.pid === 'number') {
      return { pid: data.pid, bootId: typeof data.bootId === 'string' ? data.bootId : null, verb: String(data.verb ?? ''), time: String(data.time ?? '') };
    }
  } catch {
    /* not ours */
  }
  return undefined;
}

/** What a lock's text means on this boot. */
export function judgeLock(text: string | undefined, bootId: string | undefined): LockState {
  if (text === undefined) return { state: 'absent' };
  if (text.trim() === '') return { state: 'held', why: 'empty' };
  const record = parseRecord(text);
  // Something else wrote it: treat it like the reference's marker.
  if (!record) return { state: 'held', why: 'not-ours' };
  if (!bootId || !record.bootId) return { state: 'held', why: 'boot-unknown', record };
  return record.bootId === bootId ? { state: 'held', why: 'same-boot', record } : { state: 'stale', record };
}

export function inspectLock(host: ExecHost, path: string): LockState {
  let text: string | undefined;
  try {
    text = host.readFile(path);
  } catch {
    // Exists but unreadable (a directory, no permission): never assume it is free.
    return host.exists(path) ? { state: 'held', why: 'not-ours' } : { state: 'absent' };
  }
  return judgeLock(text, host.bootId());
}

export function lockContent(host: ExecHost, verb: string): string {
  const record: LockRecord = { pid: host.pid(), bootId: host.bootId() ?? null, verb, time: new Date(host.now()).toISOString() };
  return `${JSON.stringify(record)}\n`;
}

const BREAK_STALE_MS = 10_000;

export async function acquireLock(host: ExecHost, path: string, verb: string): Promise<AcquireResult> {
  try {
    host.mkdirp(dirname(path));
  } catch (error) {
    return { kind: 'error', message: `cannot create ${dirname(path)}: ${(error as Error).message}` };
  }
  let replaced: LockRecord | undefined;
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if (host.createExclusive(path, lockContent(host, verb))) return replaced ? { kind: 'created', replaced } : { kind: 'created' };
    } catch (error) {
      return { kind: 'error', message: `cannot create ${path}: ${(error as Error).message}` };
    }
    const seen = inspectLock(host, path);
    if (seen.state === 'held') return { kind: 'held', lock: seen };
    if (seen.state === 'absent') continue;
    const broke = await breakStale(host, path, seen.record);
    if (broke === 'error') return { kind: 'error', message: `cannot replace the stale lock ${path}` };
    if (broke === 'done') replaced = seen.record;
    else await host.sleep(20 + attempt * 5);
  }
  return { kind: 'error', message: `gave up taking ${path} (it keeps changing)` };
}

/** Removes a stale lock, unless someone replaced it meanwhile; 'busy' when another process is breaking it. */
async function breakStale(host: ExecHost, path: string, stale: LockRecord): Promise<'done' | 'busy' | 'error'> {
  const mutex = `${path}.break`;
  try {
    if (!host.createExclusive(mutex, lockContent(host, 'break'))) {
      const holder = judgeLock(safeRead(host, mutex), host.bootId());
      const old = holder.state !== 'absent' && 'record' in holder && holder.record ? host.now() - Date.parse(holder.record.time) > BREAK_STALE_MS : false;
      if (holder.state === 'stale' || old) safeRemove(host, mutex);
      return 'busy';
    }
  } catch {
    return 'error';
  }
  try {
    const now = judgeLock(safeRead(host, path), host.bootId());
    if (now.state === 'stale' && now.record.pid === stale.pid && now.record.time === stale.time) host.remove(path);
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

/** `rm -f`, as the reference's stop does; a lock that cannot be removed is reported. */
export function releaseLock(host: ExecHost, path: string): string | undefined {
  try {
    if (host.exists(path)) host.remove(path);
    return undefined;
  } catch (error) {
    return `cannot remove the lock ${path}: ${(error as Error).message}`;
  }
}

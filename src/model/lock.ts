// What a lock file's text means (DESIGN "Reliability rules"), for both the
// planner's host loading and the executor. Pure: the caller reads the file and
// hands in this boot's id and whether a PID is alive; taking, replacing and
// removing locks is src/exec/lock.ts.
//
// Two files: the service lock (the reference's marker, kept from `start` to
// `stop`; sysvinit and `status` look at it) and the run lock beside it, held
// only while a start or stop runs, which makes them exclusive.

export interface LockRecord {
  pid: number;
  bootId: string | null;
  verb: string;
  time: string;
  /** Service lock only: 'starting' until the start steps are over, then 'started'. Older records have none (= started). */
  phase?: 'starting' | 'started';
}

export interface LockFacts {
  /** This boot's id, undefined when unknown. */
  bootId: string | undefined;
  /** Whether a process with this PID exists now (undefined: cannot tell). */
  alive: (pid: number) => boolean | undefined;
}

export type StaleWhy = 'earlier-boot' | 'dead-pid';

export type LockState =
  | { state: 'absent' }
  | { state: 'held'; why: 'empty' | 'same-boot' | 'boot-unknown' | 'not-ours' | 'started'; record?: LockRecord }
  | { state: 'stale'; why: StaleWhy; record: LockRecord };

export function parseLockRecord(text: string): LockRecord | undefined {
  try {
    const data = JSON.parse(text) as Partial<LockRecord>;
    if (data && typeof data === 'object' && typeof data.pid === 'number') {
      const record: LockRecord = { pid: data.pid, bootId: typeof data.bootId === 'string' ? data.bootId : null, verb: String(data.verb ?? ''), time: String(data.time ?? '') };
      if (data.phase === 'starting' || data.phase === 'started') record.phase = data.phase;
      return record;
    }
  } catch {
    /* not ours */
  }
  return undefined;
}

/** Held, stale or absent, whichever lock it is; a record of a live PID of this boot is always held. */
function judge(text: string | undefined, facts: LockFacts, started: (record: LockRecord) => boolean): LockState {
  if (text === undefined) return { state: 'absent' };
  // The reference's marker is an empty file: it says "started", and nothing tells when.
  if (text.trim() === '') return { state: 'held', why: 'empty' };
  const record = parseLockRecord(text);
  // Something else wrote it: treat it like the reference's marker.
  if (!record) return { state: 'held', why: 'not-ours' };
  const sameBoot = facts.bootId && record.bootId ? record.bootId === facts.bootId : undefined;
  if (sameBoot === false) return { state: 'stale', why: 'earlier-boot', record };
  if (started(record)) return { state: 'held', why: sameBoot ? 'started' : 'boot-unknown', record };
  // Held while its process lives: a start killed half-way (or a crashed run) left it. A live PID may
  // be another process that reused it: held all the same, the safe side.
  if (facts.alive(record.pid) === false) return { state: 'stale', why: 'dead-pid', record };
  return { state: 'held', why: sameBoot ? 'same-boot' : 'boot-unknown', record };
}

/** The service lock: a finished start's lock stays held after its process exits; an unfinished one dies with it. */
export function judgeServiceLock(text: string | undefined, facts: LockFacts): LockState {
  return judge(text, facts, (r) => r.phase !== 'starting');
}

/** The run lock: held only while its process lives. */
export function judgeRunLock(text: string | undefined, facts: LockFacts): LockState {
  return judge(text, facts, () => false);
}

/** The run lock's path: a dotfile beside the service lock, so rc scripts that walk /var/lock/subsys/* never see it. */
export function runLockPath(serviceLock: string): string {
  const slash = serviceLock.lastIndexOf('/');
  return `${serviceLock.slice(0, slash + 1)}.${serviceLock.slice(slash + 1)}.run`;
}

export function describeStale(state: Extract<LockState, { state: 'stale' }>): string {
  const r = state.record;
  const when = r.time || 'time unknown';
  return state.why === 'earlier-boot' ? `from an earlier boot (pid ${r.pid}, ${when})` : `left by ${r.verb || 'a run'} pid ${r.pid}, which is gone (${when})`;
}

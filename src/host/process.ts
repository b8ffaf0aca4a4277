// Runs one toolstack command the way DESIGN.md requires: execFile semantics
// (argv, never a shell), its own process group, output captured, and a
// watchdog that sends SIGTERM to the whole group, then SIGKILL after a grace period.
// Live groups are tracked so a dying xendomains can take its xm children with it.
// Output is either kept whole (host state: never cut) or only its end (messages).

import { spawn } from 'node:child_process';
import { setLongTimeout, type LongTimer } from './timers.js';

export interface RunOptions {
  /** Kill the command after this many ms (undefined: no watchdog). */
  timeoutMs?: number;
  /** After SIGTERM, wait this long before SIGKILL (default 5000). */
  killGraceMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Aborting kills the command the same way as the watchdog. */
  signal?: AbortSignal;
  /**
   * Keep stdout whole (host state, which must never be cut): past `wholeLimitBytes`
   * the command is killed and `overflowed` set. Otherwise only the last
   * `tailBytes` of stdout are kept, as of stderr always (messages).
   */
  wholeStdout?: boolean;
  /** Default WHOLE_LIMIT_BYTES. */
  wholeLimitBytes?: number;
  /** Default 1 MiB. */
  tailBytes?: number;
}

/**
 * The most stdout kept whole: far above any real `xm list -l` (a few KB per
 * domain), and below V8's longest string (2^29 - 24 characters).
 */
export const WHOLE_LIMIT_BYTES = 256 * 1024 * 1024;

export interface RunResult {
  /** Exit status, or null when the command died of a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** Set when the command could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
  /** wholeStdout: the command printed more than the limit and was killed; stdout is empty. */
  overflowed?: boolean;
}

/** Process groups started here and not yet reaped. */
const live = new Set<number>();
let exitHook = false;

/** SIGKILLs every command group still running (for an exit path that cannot wait for them). */
export function killRunningCommands(): number {
  let n = 0;
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
      n++;
    } catch {
      /* already gone */
    }
  }
  live.clear();
  return n;
}

/** How many commands are running now. */
export function runningCommandCount(): number {
  return live.size;
}

/** Collects a stream's bytes: all of them up to a limit, or the last `limit` bytes. */
class Collector {
  private chunks: Buffer[] = [];
  private bytes = 0;
  over = false;

  constructor(
    private readonly limit: number,
    private readonly whole: boolean,
  ) {}

  /** false when a whole collection went over its limit (the data is dropped). */
  add(chunk: Buffer): boolean {
    if (this.over) return false;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes <= this.limit) return true;
    if (this.whole) {
      this.over = true;
      this.chunks = [];
      return false;
    }
    while (this.bytes - this.chunks[0]!.length >= this.limit) this.bytes -= this.chunks.shift()!.length;
    return true;
  }

  text(): string {
    let all = Buffer.concat(this.chunks);
    if (!this.whole && all.length > this.limit) all = all.subarray(all.length - this.limit);
    return all.toString('utf8');
  }
}

export function runCommand(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const tail = options.tailBytes ?? 1 << 20;
  if (!exitHook) {
    // Children run in their own groups, so a terminal's ^C never reaches them: never leave one behind.
    exitHook = true;
    process.once('exit', killRunningCommands);
  }
  return new Promise((resolve) => {
    const stdout = options.wholeStdout ? new Collector(options.wholeLimitBytes ?? WHOLE_LIMIT_BYTES, true) : new Collector(tail, false);
    const stderr = new Collector(tail, false);
    let timedOut = false;
    let aborted = false;
    let settled = false;
    let killTimer: LongTimer | undefined;
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    if (child.pid !== undefined) live.add(child.pid);
    const finish = (result: Omit<RunResult, 'stdout' | 'stderr' | 'timedOut' | 'aborted' | 'durationMs'>) => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) live.delete(child.pid);
      watchdog?.cancel();
      killTimer?.cancel();
      options.signal?.removeEventListener('abort', onAbort);
      const overflowed = stdout.over ? { overflowed: true } : {};
      resolve({ ...result, stdout: stdout.text(), stderr: stderr.text(), timedOut, aborted, durationMs: Date.now() - started, ...overflowed });
    };
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    const terminate = () => {
      if (killTimer) return;
      killGroup('SIGTERM');
      killTimer = setLongTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 5000);
    };
    const onAbort = () => {
      aborted = true;
      terminate();
    };
    const watchdog = options.timeoutMs === undefined ? undefined : setLongTimeout(() => {
      timedOut = true;
      terminate();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    child.stdout.on('data', (d: Buffer) => {
      // Never a partial listing: past the limit the command is stopped and the caller told.
      if (!stdout.add(d)) terminate();
    });
    child.stderr.on('data', (d: Buffer) => stderr.add(d));
    child.on('error', (error: NodeJS.ErrnoException) => finish({ code: null, signal: null, spawnError: error.code === 'ENOENT' ? `${argv[0]}: command not found` : error.message }));
    child.on('close', (code, signal) => finish({ code, signal }));
  });
}

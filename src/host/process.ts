// Runs one toolstack command the way DESIGN.md requires: execFile semantics
// (argv, never a shell), its own process group, output captured, and a
// watchdog that sends SIGTERM to the whole group, then SIGKILL after a grace period.
// Live groups are tracked so a dying xendomains can take its xm children with it.

import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Kill the command after this many ms (undefined: no watchdog). */
  timeoutMs?: number;
  /** After SIGTERM, wait this long before SIGKILL (default 5000). */
  killGraceMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Aborting kills the command the same way as the watchdog. */
  signal?: AbortSignal;
  /** Keep at most this many characters of each stream (the end is kept; default 1 MiB). */
  maxOutput?: number;
}

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

function keepTail(text: string, max: number): string {
  return text.length > max ? text.slice(text.length - max) : text;
}

export function runCommand(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const max = options.maxOutput ?? 1 << 20;
  if (!exitHook) {
    // Children run in their own groups, so a terminal's ^C never reaches them: never leave one behind.
    exitHook = true;
    process.once('exit', killRunningCommands);
  }
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let aborted = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    if (child.pid !== undefined) live.add(child.pid);
    const finish = (result: Omit<RunResult, 'stdout' | 'stderr' | 'timedOut' | 'aborted' | 'durationMs'>) => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) live.delete(child.pid);
      clearTimeout(watchdog);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ ...result, stdout, stderr, timedOut, aborted, durationMs: Date.now() - started });
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
      killTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 5000);
    };
    const onAbort = () => {
      aborted = true;
      terminate();
    };
    const watchdog = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      terminate();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = keepTail(stdout + d, max)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = keepTail(stderr + d, max)));
    child.on('error', (error: NodeJS.ErrnoException) => finish({ code: null, signal: null, spawnError: error.code === 'ENOENT' ? `${argv[0]}: command not found` : error.message }));
    child.on('close', (code, signal) => finish({ code, signal }));
  });
}

// Timers that mean what they say for any duration: Node's setTimeout fires
// after 1 ms for anything above 2^31-1 ms (TimeoutOverflowWarning), so long
// waits are chained in pieces, and a wait too long to count in ms is no timer.
// Every timer the program sets goes through here; what to time is the caller's.

/** The longest delay Node's setTimeout honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimer {
  cancel(): void;
}

export interface LongTimerOptions {
  /** Do not keep the process alive for this timer. */
  unref?: boolean;
}

/**
 * Runs fn once after ms. ms beyond Number.MAX_SAFE_INTEGER (or Infinity, NaN)
 * is forever: fn never runs, but the wait holds the process like any timer
 * until cancelled. Negative or 0 fires on the next turn.
 */
export function setLongTimeout(fn: () => void, ms: number, options: LongTimerOptions = {}): LongTimer {
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const forever = !isFiniteDelay(ms);
  let remaining = forever ? Infinity : Math.max(0, ms);
  const arm = () => {
    const piece = Math.min(remaining, MAX_TIMER_MS);
    if (!forever) remaining -= piece;
    handle = setTimeout(() => {
      if (cancelled) return;
      if (remaining > 0) arm();
      else fn();
    }, piece);
    if (options.unref) handle.unref();
  };
  arm();
  return {
    cancel: () => {
      cancelled = true;
      if (handle) clearTimeout(handle);
    },
  };
}

/** A delay we can count: finite and at most Number.MAX_SAFE_INTEGER ms. */
export function isFiniteDelay(ms: number): boolean {
  return Number.isFinite(ms) && ms <= Number.MAX_SAFE_INTEGER;
}

/** Resolves after ms (never for an uncountable delay), or early when signal aborts. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      timer.cancel();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setLongTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

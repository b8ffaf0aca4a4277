// Runs jobs on worker threads that start this same program (the CLI entry in
// process.argv[1]), marked by workerData so the entry runs the job instead of
// the command line. Which job a worker does is the caller's; this is threads only.

import { realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const MARK = 'xendomainsWorkerJob';

/** How many threads can usefully run at once here (at most 8). */
export function usableThreads(): number {
  return Math.min(availableParallelism(), 8);
}

/**
 * The program file workers start (through symlinks, as the bin npm installs is one), or undefined
 * when it is not a JavaScript file a worker can load (a REPL, tsx, a launcher copied without its extension).
 */
function entryScript(): string | undefined {
  const entry = process.argv[1];
  if (!entry) return undefined;
  try {
    const file = realpathSync(resolve(entry));
    return ['.js', '.cjs', '.mjs'].includes(extname(file)) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Runs each input as `job` on its own worker; rejects when any worker fails (the others are stopped). */
export function runOnWorkers<I, O>(job: string, inputs: readonly I[]): Promise<O[]> {
  if (inputs.length === 0) return Promise.resolve([]);
  const script = entryScript();
  if (!script) return Promise.reject(new Error('this program cannot start worker threads'));
  const workers: Worker[] = [];
  const results = inputs.map(
    (input) =>
      new Promise<O>((done, fail) => {
        const worker = new Worker(script, { workerData: { [MARK]: job, input }, stdout: true, stderr: true });
        workers.push(worker);
        worker.once('message', (output: O) => done(output));
        worker.once('error', fail);
        worker.once('exit', (code) => fail(new Error(`worker exited with code ${code} before answering`)));
      }),
  );
  return Promise.all(results).finally(() => {
    for (const w of workers) void w.terminate();
  });
}

/** On a worker started by runOnWorkers: its job and input; undefined on the main thread. */
export function workerJob(): { job: string; input: unknown } | undefined {
  if (isMainThread || !workerData || typeof workerData !== 'object' || !(MARK in workerData)) return undefined;
  return { job: String(workerData[MARK]), input: workerData.input };
}

/** Sends a worker's result to the thread that started it. */
export function answer(output: unknown): void {
  parentPort?.postMessage(output);
}

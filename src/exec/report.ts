// The output side of a run: a Reporter turns executor events into text (one
// of plain lines, a live TTY view, JSON lines, or the reference's rc-style
// output) and prints the closing lines. Picking one is the CLI's.

import type { ExecEvent } from './events.js';

export interface Reporter {
  event(e: ExecEvent): void;
  /** After the run: the exit code and the lines that explain it (already on their way to stderr). */
  finish(exit: number, summary: string[]): void;
}

export interface Sink {
  out(text: string): void;
  err(text: string): void;
}

export const processSink: Sink = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

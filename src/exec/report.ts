// The output side of a run: a Reporter turns executor events into text (one
// of plain lines, a live TTY view, JSON lines, or the reference's rc-style
// output) and prints the closing lines. Picking one is the CLI's.

import { displayText } from '../report/display.js';
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

/**
 * For reporters that print text and nothing else (plain, rc-style): domain names,
 * file names and xm's output reach the terminal escaped, line breaks and tabs kept.
 */
export function displaySink(sink: Sink): Sink {
  return { out: (t) => sink.out(displayText(t, '\n\t')), err: (t) => sink.err(displayText(t, '\n\t')) };
}

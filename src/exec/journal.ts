// The step journal: one JSON line per event, appended before and after every
// step, so an interrupted or crashed run says what was done. A journal that
// cannot be written is reported once and then ignored: it must never stop a shutdown.

import type { ExecHost } from './host.js';

export const DEFAULT_JOURNAL = '/var/log/xendomains/journal.jsonl';

export class Journal {
  private failed = false;
  /** One id per executed plan, so interleaved runs (and restart's two halves) can be told apart. */
  run = '';
  private runs = 0;

  constructor(
    private readonly host: ExecHost,
    readonly path: string | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.begin();
  }

  /** Starts a new run id (the executor calls it for every plan). */
  begin(): void {
    this.run = `${new Date(this.host.now()).toISOString()}/${this.host.pid()}${this.runs++ ? `/${this.runs}` : ''}`;
  }

  write(event: string, fields: Record<string, unknown>): void {
    if (this.path === undefined || this.failed) return;
    const line = `${JSON.stringify({ v: 1, run: this.run, time: new Date(this.host.now()).toISOString(), event, ...fields })}\n`;
    try {
      this.host.appendJournal(this.path, line);
    } catch (error) {
      this.failed = true;
      this.warn(`cannot write the journal ${this.path}: ${(error as Error).message}; continuing without it`);
    }
  }
}

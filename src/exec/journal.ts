// The step journal: one JSON line per event, appended before and after every
// step, so an interrupted or crashed run says what was done. A journal that
// cannot be written is reported once and then ignored: it must never stop a shutdown.

import type { ExecHost } from './host.js';

export const DEFAULT_JOURNAL = '/var/log/xendomains/journal.jsonl';

export class Journal {
  private failed = false;
  /** One id per run, so interleaved runs can be told apart. */
  readonly run: string;

  constructor(
    private readonly host: ExecHost,
    readonly path: string | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.run = `${new Date(host.now()).toISOString()}/${host.pid()}`;
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

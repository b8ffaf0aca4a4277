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

  /**
   * Restores an earlier run started and never saw end (the run was killed):
   * image path → domain. Read before this run writes; its own steps are not in it yet.
   * Only the journal's last 8 MiB are looked at: an unfinished restore is always recent.
   */
  unfinishedRestores(): Map<string, string | null> {
    // By image path: a later restore that ended, or a later save to the same path, closes it.
    const open = new Map<string, string | null>();
    if (this.path === undefined) return new Map();
    let text: string | undefined;
    try {
      text = this.host.readFile(this.path);
    } catch {
      return new Map();
    }
    if (!text) return new Map();
    const tail = text.length > 8 << 20 ? text.slice(text.indexOf('\n', text.length - (8 << 20)) + 1) : text;
    for (const line of tail.split('\n')) {
      if (!line.includes('"restore"') && !line.includes('"save"')) continue;
      let e: { run?: string; event?: string; step?: number; phase?: string; argv?: string[]; domain?: string | null };
      try {
        e = JSON.parse(line) as typeof e;
      } catch {
        continue; // a line cut by the kill
      }
      if ((e.phase !== 'restore' && e.phase !== 'save') || !Array.isArray(e.argv)) continue;
      const image = String(e.argv[e.argv.length - 1]);
      if (e.phase === 'restore' && e.event === 'step-start') open.set(image, e.domain ?? null);
      else if (e.event === 'step-end' || e.event === 'step-skip' || e.phase === 'save') open.delete(image);
    }
    return open;
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

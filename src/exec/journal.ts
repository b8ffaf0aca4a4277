// The step journal: one JSON line per event, appended before and after every
// step, so an interrupted or crashed run says what was done. A journal that
// cannot be written is reported once and then ignored: it must never stop a shutdown.

import type { ExecHost } from './host.js';

export const DEFAULT_JOURNAL = '/var/log/xendomains/journal.jsonl';

/** In departuresInFlight(): an earlier `shutdown --all` may still take any domain. */
export const ALL_DOMAINS = '*';

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

  /** The journal's last 8 MiB as lines (what came before is never recent enough to matter); empty when unreadable. */
  private recentLines(): string[] {
    if (this.path === undefined) return [];
    let text: string | undefined;
    try {
      text = this.host.readFile(this.path);
    } catch {
      return [];
    }
    if (!text) return [];
    const tail = text.length > 8 << 20 ? text.slice(text.indexOf('\n', text.length - (8 << 20)) + 1) : text;
    return tail.split('\n');
  }

  /**
   * Restores an earlier run started and never saw end (the run was killed):
   * image path → domain. Read before this run writes; its own steps are not in it yet.
   */
  unfinishedRestores(): Map<string, string | null> {
    // By image path: a later restore that ended, or a later save to the same path, closes it.
    const open = new Map<string, string | null>();
    for (const line of this.recentLines()) {
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

  /**
   * Domains (`domid/name`) an earlier run of this boot asked to leave — a shutdown or
   * migrate whose xm its watchdog killed, or whose run was killed — without xm
   * saying how it ended: the guest may still go away because of it, whatever
   * this run does. Runs of another boot, or of an unknown one, are ignored (domids repeat across boots).
   */
  departuresInFlight(bootId: string | undefined): Set<string> {
    const out = new Set<string>();
    if (bootId === undefined) return out;
    const bootOf = new Map<string, unknown>();
    const open = new Map<string, string>();
    for (const line of this.recentLines()) {
      if (!line.includes('"run-start"') && !line.includes('"shutdown') && !line.includes('"migrate"')) continue;
      let e: { run?: string; event?: string; step?: number; phase?: string; domain?: string | null; domid?: number | null; boot?: unknown; timedOut?: boolean; aborted?: boolean };
      try {
        e = JSON.parse(line) as typeof e;
      } catch {
        continue; // a line cut by the kill
      }
      if (typeof e.run !== 'string' || e.run === this.run) continue;
      if (e.event === 'run-start') bootOf.set(e.run, e.boot);
      if (e.phase !== 'shutdown' && e.phase !== 'migrate' && e.phase !== 'shutdown-all') continue;
      const key = `${e.run}#${e.step}`;
      if (e.event === 'step-start' && bootOf.get(e.run) === bootId) {
        if (e.phase === 'shutdown-all') open.set(key, ALL_DOMAINS);
        else if (typeof e.domain === 'string' && typeof e.domid === 'number') open.set(key, `${e.domid}/${e.domain}`);
      }
      // Ended by xm's own answer, whatever it asked for is over; killed by the watchdog or a signal, it may still happen.
      if (e.event === 'step-end' && !e.timedOut && !e.aborted) open.delete(key);
    }
    for (const domain of open.values()) out.add(domain); // killed, or started and never ended (that run was killed)
    return out;
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

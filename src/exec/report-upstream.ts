// `--log-format upstream`: the reference script's rc-style text, byte for byte
// as spec §8 gives it (`Shutting down Xen domains: web(save).` … `  [done] `),
// for log parsers that expect it. Parallel stop output is held back per domain
// and printed in list order. Only the closing tag reflects our honest exit (`[failed]`).

import { basename } from 'node:path';
import { setLongTimeout, type LongTimer } from '../host/timers.js';
import { xmToolstack } from '../plan/toolstack-xm.js';
import type { Plan, PlanStep } from '../plan/types.js';
import type { ExecEvent, StepOutcome } from './events.js';
import type { Reporter, Sink } from './report.js';

/** What the plan alone does not say about the start phases (the CLI knows it from the host; apply guesses from the plan). */
export interface StartShape {
  /** The reference's restore phase runs (RESTORE=true and SAVE holds something): it prints its banner even with no image. */
  restorePhase: boolean;
  /** AUTO holds something: the banner and one entry per AUTO glob entry, in order. */
  autoPhase: boolean;
  /** AUTO entries in glob order: basename and, when it is created, the config as the create step names it. */
  autoEntries: Array<{ basename: string; config?: string }>;
}

/** RC words for an exit status: the emulated rc_status message table (spec §1.5). */
const RC_WORDS: Record<number, string> = { 0: 'done', 1: 'failed', 2: 'failed', 3: 'missed', 4: 'failed', 5: 'skipped', 6: 'unused', 7: 'failed' };
const STATUS_WORDS: Record<number, string> = { 0: 'running', 1: 'dead', 2: 'dead', 3: 'unused', 4: 'unknown' };

export function rcTag(exit: number, status = false): string {
  return `  [${(status ? STATUS_WORDS[exit] : RC_WORDS[exit]) ?? 'failed'}] \n`;
}

/** What `$(… 2>&1 1>/dev/null)` leaves of xm's stderr: trailing newlines stripped. */
function captured(o: StepOutcome): string {
  return (o.error ?? o.stderr).replace(/\n+$/, '');
}

/** The start shape apply can infer from the plan: restores, creates, and the "skip" notes of AUTO entries (byte order). */
export function startShapeFromPlan(plan: Plan): StartShape {
  const starts = plan.steps.filter((s) => s.part === 'start');
  const fallback = new Set(starts.filter((s) => s.phase === 'restore').map((s) => s.chain));
  const entries: StartShape['autoEntries'] = starts.filter((s) => s.phase === 'create' && !fallback.has(s.chain)).map((s) => ({ basename: basename(s.config ?? s.argv[s.argv.length - 1]!), config: s.config ?? s.argv[s.argv.length - 1]! }));
  for (const n of plan.notes) {
    const m = n.kind === 'skip' && !/\(AUTO_ONLY\)/.test(n.message) ? /^(.*?): .*: skipped$/.exec(n.message) : null;
    if (m) entries.push({ basename: m[1]! });
  }
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.basename), Buffer.from(b.basename)));
  return { restorePhase: starts.some((s) => s.phase === 'restore'), autoPhase: entries.length > 0, autoEntries: entries };
}

interface Item {
  text: string;
  done: boolean;
}

export interface UpstreamOptions {
  /** The start shape, or how to get it for each plan run (restart runs two); default: inferred from the plan. */
  start?: StartShape | ((plan: Plan) => StartShape | undefined);
  /** No closing tag (restart/reload print none, spec §7). */
  noTag?: boolean;
  listedName?: (name: string) => string;
}

export function upstreamReporter(sink: Sink, options: UpstreamOptions = {}): Reporter {
  const listed = options.listedName ?? xmToolstack.listedName;
  let plan: Plan | undefined;
  let start: StartShape | undefined;
  // stop: one item per listed domU (and shutdown-all), flushed in order.
  let items: Item[] = [];
  let head = 0;
  const byChain = new Map<number, Item>();
  const dots = new Map<number, LongTimer>();
  // start: position in the AUTO entries, and whether the restore line is still open.
  let autoIndex = 0;
  let restoreOpen = false;
  /** Chains that began with a restore: a create in one is our fallback, which the reference never runs (stderr only). */
  const restoreChains = new Set<number>();
  let autoOpen = false;
  let lockCreated = false;
  let alreadyRunning = false;
  let interrupted = false;

  const flush = () => {
    while (head < items.length) {
      const item = items[head]!;
      if (item.text) {
        sink.out(item.text);
        item.text = '';
      }
      if (!item.done) return;
      head++;
    }
  };
  const append = (chain: number, text: string) => {
    const item = byChain.get(chain);
    if (item) {
      item.text += text;
      flush();
    } else sink.out(text);
  };

  const stopItems = (p: Plan) => {
    const chains = new Map<number, PlanStep[]>();
    for (const s of p.steps) if (s.part === 'stop') chains.set(s.chain, [...(chains.get(s.chain) ?? []), s]);
    const byDomain = new Map<string, number>();
    for (const [n, steps] of chains) if (steps[0]!.phase !== 'shutdown-all' && steps[0]!.domain !== null && !byDomain.has(steps[0]!.domain)) byDomain.set(steps[0]!.domain, n);
    const skipped = new Set(p.notes.filter((n) => n.kind === 'skip' && n.domain !== null && /\(AUTO_ONLY\)/.test(n.message)).map((n) => n.domain));
    const used = new Set<number>();
    items = [];
    for (const d of p.state.domains) {
      if (d.id === 0) continue;
      const n = byDomain.get(d.name);
      if (n !== undefined && !used.has(n)) {
        used.add(n);
        const item = { text: '', done: false };
        items.push(item);
        byChain.set(n, item);
      } else {
        items.push({ text: ` ${listed(d.name)}${skipped.has(d.name) ? '(skip)\n' : ''}`, done: true });
      }
    }
    // Chains of a hand-made plan for domains not in its state, then shutdown-all.
    for (const [n, steps] of chains) {
      if (used.has(n)) continue;
      const item = { text: '', done: false };
      if (steps[0]!.phase !== 'shutdown-all') items.push(item);
      byChain.set(n, item);
    }
    for (const [n, steps] of chains) if (steps[0]!.phase === 'shutdown-all') items.push(byChain.get(n)!);
    head = 0;
  };

  const openAuto = () => {
    if (restoreOpen) {
      sink.out('\n');
      restoreOpen = false;
    }
    if (!autoOpen && start?.autoPhase) {
      sink.out('Starting auto Xen domains:');
      autoOpen = true;
    }
  };
  /** Prints the AUTO entries skipped before `config` (all of them when undefined). */
  const autoUpTo = (config: string | undefined) => {
    const entries = start?.autoEntries ?? [];
    while (autoIndex < entries.length) {
      const e = entries[autoIndex]!;
      if (config !== undefined && e.config === config) return;
      sink.out(` ${e.basename}${e.config === undefined ? '(skip)' : ''}`);
      autoIndex++;
    }
  };

  const stepStart = (s: PlanStep) => {
    const chain = s.chain;
    switch (s.phase) {
      case 'sysrq':
        append(chain, `(SR-${s.argv[s.argv.length - 1]})`);
        return;
      case 'migrate':
        append(chain, '(migr)');
        break;
      case 'save':
        append(chain, '(save)');
        break;
      case 'shutdown':
        append(chain, '(shut)');
        break;
      case 'shutdown-all':
        append(chain, ' SHUTDOWN_ALL ');
        return; // no dots for SHUTDOWN_ALL (the reference's `nodots`)
      case 'restore':
        restoreChains.add(s.chain);
        sink.out(` ${basename(s.image ?? s.argv[s.argv.length - 1]!)}`);
        return;
      case 'create': {
        if (restoreChains.has(s.chain)) return;
        const config = s.config ?? s.argv[s.argv.length - 1]!;
        openAuto();
        autoUpTo(config);
        const e = start?.autoEntries[autoIndex];
        sink.out(` ${e && e.config === config ? e.basename : basename(config)}`);
        if (e && e.config === config) autoIndex++;
        return;
      }
    }
    // The reference's watchdog prints a dot after 20 ms and then every second while xm runs.
    if (s.timeoutSeconds !== null) {
      const tick = () => {
        append(chain, '.');
        dots.set(s.id, setLongTimeout(tick, 1000, { unref: true }));
      };
      dots.set(s.id, setLongTimeout(tick, 20, { unref: true }));
    }
  };

  const stepEnd = (s: PlanStep, o: StepOutcome) => {
    dots.get(s.id)?.cancel();
    dots.delete(s.id);
    const e = captured(o);
    const killed = o.timedOut ? '.\n' : '';
    switch (s.phase) {
      case 'sysrq':
        if (!o.ok) append(s.chain, `\nAn error occurred while doing sysrq on domain:\n${e}\n\n!`);
        return;
      case 'migrate':
        append(s.chain, killed + (o.ok ? '.\n' : `\nAn error occurred while migrating domain:\n${e}\n\n!\n`));
        return;
      case 'save':
        append(s.chain, killed + (o.ok ? '.\n' : `\nAn error occurred while saving domain:\n${e}\n\n!\n`));
        return;
      case 'shutdown':
        append(s.chain, killed + (o.ok ? '' : `\nAn error occurred while shutting down domain:\n${e}\n\n!\n`));
        return;
      case 'shutdown-all':
        append(s.chain, killed + (o.ok ? '' : `\nAn error occurred while shutting down all domains: ${e}\n\n!\n`));
        return;
      case 'restore':
        if (!o.ok) sink.out(`\nAn error occurred while restoring domain ${basename(s.image ?? '')}:\n${e}\n!\n`);
        return;
      case 'create':
        if (restoreChains.has(s.chain)) {
          if (o.stderr) sink.err(o.stderr);
          return;
        }
        // xm create's stderr is not captured by the reference: it goes to the console.
        if (o.stderr) sink.err(o.stderr);
        if (!o.ok) sink.out(`\nAn error occurred while creating domain ${basename(s.config ?? s.argv[s.argv.length - 1]!)}: ${o.stdout.replace(/\n+$/, '')}\n\n!\n`);
        return;
    }
  };

  return {
    event(ev: ExecEvent) {
      switch (ev.type) {
        case 'run-start':
          plan = ev.plan;
          start = (typeof options.start === 'function' ? options.start(ev.plan) : options.start) ?? startShapeFromPlan(ev.plan);
          break;
        case 'already-running':
          alreadyRunning = true;
          sink.out(`${ev.message}\n`);
          break;
        case 'part-start':
          if (ev.part === 'stop') {
            stopItems(plan!);
            sink.out('Shutting down Xen domains:');
            flush();
          } else {
            if (start?.restorePhase) {
              sink.out('Restoring Xen domains:');
              restoreOpen = true;
            }
          }
          break;
        case 'chain-start': {
          const first = ev.steps[0]!;
          if (first.part === 'stop' && first.phase !== 'shutdown-all') append(first.chain, ` ${listed(first.domain ?? '?')}`);
          break;
        }
        case 'step-start':
          stepStart(ev.step);
          break;
        case 'step-end':
          stepEnd(ev.step, ev.outcome);
          break;
        case 'chain-end': {
          const item = byChain.get(ev.result.chain);
          if (item && ev.result.part === 'stop') {
            item.done = true;
            flush();
          }
          break;
        }
        case 'part-end':
          if (ev.part === 'stop') {
            for (const item of items) item.done = true;
            flush();
          } else {
            if (restoreOpen || (start?.autoPhase && !autoOpen && !interrupted)) openAuto();
            if (!interrupted) autoUpTo(undefined);
          }
          break;
        case 'interrupt':
          interrupted = true;
          sink.err(`xendomains: ${ev.signal}: no new steps; waiting for the ${ev.inFlight.length} in flight\n`);
          break;
        // Our own warnings: stderr, so stdout stays what the reference prints.
        case 'warning':
          sink.err(`xendomains: warning: ${ev.message}\n`);
          break;
        case 'quarantine':
          sink.err(`xendomains: warning: ${ev.quarantine.message}\n`);
          break;
        case 'run-end':
          lockCreated = ev.result.lock.created;
          break;
        default:
          break;
      }
    },
    finish(exit, summary) {
      for (const t of dots.values()) t.cancel();
      const verb = plan?.verb;
      // restart: no tag (spec §7); start: a tag only if the lock exists (§5.3).
      if (!options.noTag && (alreadyRunning || verb === 'stop' || (verb === 'start' && lockCreated))) sink.out(rcTag(exit));
      for (const line of summary) sink.err(`xendomains: ${line}\n`);
    },
  };
}

/** status (spec §7): `Checking for xendomains: web MISS AUTO: db MISS SAVED:  db  [dead] `. */
export function formatStatusUpstream(plan: Plan, listedName: (name: string) => string = xmToolstack.listedName): string {
  const s = plan.status;
  const exit = plan.statusExit ?? 3;
  if (!s || !s.lock) return `Checking for xendomains:${rcTag(3, true)}`;
  let text = 'Checking for xendomains:';
  for (const a of s.auto) if (a.running && a.domain !== null) text += ` ${listedName(a.domain)}`;
  if (s.missing.length) text += ` MISS AUTO:${s.missing.map((m) => ` ${m}`).join('')}`;
  if (s.saved.length) text += ` MISS SAVED:  ${s.saved.join(' ')}`;
  return text + rcTag(exit, true);
}

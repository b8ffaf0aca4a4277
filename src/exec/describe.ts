// Words for steps, outcomes and results, shared by the plain, progress and JSON
// outputs and the CLI's final summary. No I/O here.

import { basename } from 'node:path';
import type { PlanStep } from '../plan/types.js';
import type { ChainResult, ExecResult, StepOutcome } from './events.js';

/** Who a step acts on, as a person would name it. */
export function who(step: Pick<PlanStep, 'phase' | 'domain' | 'image' | 'config' | 'argv'>): string {
  if (step.phase === 'shutdown-all') return 'all domains';
  if (step.phase === 'restore') return step.domain ?? basename(step.image ?? step.argv[step.argv.length - 1]!);
  return step.domain ?? basename(step.config ?? step.argv[step.argv.length - 1]!);
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The last non-empty line of a message, for one-line reports. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // xm prints `Error: …` then usage lines: the error is the useful one.
  return lines.find((l) => l.startsWith('Error:')) ?? lines[lines.length - 1] ?? '';
}

export function failureReason(step: PlanStep, o: StepOutcome): string {
  if (o.timedOut) return `killed by the watchdog after ${step.timeoutSeconds} s`;
  if (o.aborted) return 'killed (interrupted twice)';
  if (o.error !== undefined) return o.error;
  const msg = lastLine(o.stderr) || lastLine(o.stdout);
  const status = o.code === null ? `killed by ${o.signal}` : `exit ${o.code}`;
  return msg ? `${status}: ${msg}` : status;
}

export function chainLabel(c: ChainResult): string {
  if (c.phase === 'shutdown-all') return 'shutdown of all remaining domains';
  if (c.phase === 'restore') return `restore of ${c.subject ?? c.domain}${c.domain ? ` (${c.domain})` : ''}`;
  if (c.phase === 'create') return `create of ${c.domain ?? c.subject}${c.subject ? ` from ${c.subject}` : ''}`;
  return c.domain ?? '?';
}

/** The lines that explain a non-zero exit: every failed chain by name, what is still running, what needs a person. */
export function failureSummary(result: ExecResult): string[] {
  const lines: string[] = [];
  const stopFailed = result.failed.filter((c) => c.part === 'stop' && c.phase !== 'shutdown-all').sort((a, b) => a.chain - b.chain);
  const all = result.failed.find((c) => c.phase === 'shutdown-all');
  const startFailed = result.failed.filter((c) => c.part === 'start');
  const running = new Set(result.stillRunning ?? []);
  const state = (d: string | null) => (result.stillRunning === null ? '' : d !== null && running.has(d) ? ', still running' : ', no longer listed');
  if (stopFailed.length) {
    lines.push(`stop failed for ${stopFailed.map((c) => `${c.domain}${state(c.domain)}`).join('; ')}`);
  }
  if (all) lines.push(`the final shutdown of all domains failed: ${all.last ? failureReason(all.last.step, all.last.outcome) : 'not run'}`);
  for (const c of startFailed) {
    const why = c.last ? failureReason(c.last.step, c.last.outcome) : c.how;
    lines.push(`${chainLabel(c)} failed: ${why}${c.phase === 'restore' && c.last?.step.phase !== 'create' ? '; the image is kept' : ''}`);
  }
  if (result.interrupted) {
    const notDone = result.chains.filter((c) => c.how === 'not started' || c.how === 'interrupted').map((c) => (c.phase === 'restore' || c.phase === 'create' ? chainLabel(c) : (c.domain ?? 'all domains')));
    lines.push(`interrupted by ${result.interrupted}${notDone.length ? `: not done: ${notDone.join(', ')}` : ''}`);
  }
  if (result.stillRunning !== null && result.stillRunning.length && (stopFailed.length || all || result.interrupted)) {
    lines.push(`still running: ${result.stillRunning.join(', ')}`);
  }
  for (const p of result.problems) lines.push(p);
  return lines;
}

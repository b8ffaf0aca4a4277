// Live progress for a terminal: a title line with a bar of finished domains,
// then one line per domain with its current step and elapsed time, redrawn in
// place with ANSI cursor codes. Failures and warnings are printed above the live
// area so they stay on screen. Only used when stdout is a TTY (the CLI decides).

import { failureReason, seconds, who } from './describe.js';
import type { ExecEvent } from './events.js';
import { displayText } from '../report/display.js';
import type { Reporter, Sink } from './report.js';

interface Row {
  label: string;
  phase: string;
  state: 'waiting' | 'running' | 'ok' | 'failed';
  startedAt?: number;
  endedAt?: number;
  note: string;
}

export interface TtyOptions {
  columns?: number;
  rows?: number;
  now?: () => number;
  /** Redraw period for the clocks (ms); 0: only on events (tests). */
  tickMs?: number;
}

export function ttyReporter(sink: Sink, options: TtyOptions = {}): Reporter {
  const now = options.now ?? Date.now;
  const columns = () => Math.max(20, options.columns ?? (process.stdout.columns || 80));
  const maxRows = () => Math.max(4, (options.rows ?? (process.stdout.rows || 24)) - 3);
  let rows = new Map<number, Row>();
  let title = '';
  let partStarted = 0;
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;

  const fit = (line: string) => (line.length >= columns() ? `${line.slice(0, columns() - 2)}…` : line);
  const bar = (done: number, total: number) => {
    const width = Math.min(30, Math.max(10, columns() - 50));
    const full = total ? Math.round((done / total) * width) : width;
    return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
  };
  const frame = (): string[] => {
    if (!title) return [];
    const all = [...rows.values()];
    const done = all.filter((r) => r.state === 'ok' || r.state === 'failed').length;
    const failed = all.filter((r) => r.state === 'failed').length;
    const head = `${title} ${bar(done, all.length)} ${done}/${all.length}${failed ? ` (${failed} failed)` : ''}  ${seconds(now() - partStarted)}`;
    const width = Math.min(24, Math.max(8, ...all.map((r) => r.label.length)));
    const line = (r: Row) => {
      const mark = r.state === 'running' ? '>' : r.state === 'ok' ? '+' : r.state === 'failed' ? 'x' : ' ';
      const time = r.startedAt === undefined ? '' : seconds((r.endedAt ?? now()) - r.startedAt);
      return `  ${mark} ${r.label.padEnd(width)}  ${r.phase.padEnd(12)} ${time.padStart(7)}${r.note ? `  ${r.note}` : ''}`;
    };
    // Running rows first matter most; then the latest finished; the rest are counted.
    const running = all.filter((r) => r.state === 'running');
    const finished = all.filter((r) => r.state === 'ok' || r.state === 'failed').sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
    const waiting = all.filter((r) => r.state === 'waiting');
    const room = maxRows();
    const shown = [...running, ...finished, ...waiting].slice(0, room);
    const order = new Map(all.map((r, i) => [r, i]));
    shown.sort((a, b) => order.get(a)! - order.get(b)!);
    const lines = [head, ...shown.map(line)];
    const hidden = all.length - shown.length;
    if (hidden > 0) lines.push(`  … ${hidden} more (${waiting.length} waiting)`);
    // Names and notes come from configs and xm: escaped before the view adds its own cursor movement.
    return lines.map((l) => fit(displayText(l)));
  };
  const erase = () => {
    if (drawn) sink.out(`\x1b[${drawn}A\r\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    erase();
    const lines = frame();
    if (lines.length) sink.out(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  /** A line that stays: printed above the live area. */
  const keep = (text: string, toErr = false) => {
    erase();
    if (toErr) sink.err(displayText(text, '\n\t'));
    else sink.out(displayText(text, '\n\t'));
    draw();
  };

  return {
    event(e: ExecEvent) {
      switch (e.type) {
        case 'run-start':
          if (options.tickMs !== 0) timer = setInterval(draw, options.tickMs ?? 250).unref();
          break;
        case 'already-running':
          keep(`${e.message}\n`);
          break;
        case 'part-start': {
          erase();
          title = e.part === 'stop' ? 'Stopping Xen domains' : 'Starting Xen domains';
          partStarted = e.at;
          rows = new Map();
          break;
        }
        case 'chain-start': {
          const step = e.steps[0]!;
          rows.set(e.chain, { label: who(step), phase: step.phase, state: 'running', startedAt: e.at, note: '' });
          draw();
          break;
        }
        case 'step-start': {
          const row = rows.get(e.step.chain);
          if (row) row.phase = e.step.phase;
          draw();
          break;
        }
        case 'step-end':
          if (!e.outcome.ok) keep(`${who(e.step)}: ${e.step.phase} failed: ${failureReason(e.step, e.outcome)}\n`);
          else draw();
          break;
        case 'chain-end': {
          const row = rows.get(e.result.chain) ?? { label: e.result.domain ?? e.result.subject ?? '?', phase: e.result.phase, state: 'waiting' as const, note: '' };
          row.state = e.result.ok ? 'ok' : e.result.how === 'not started' ? 'waiting' : 'failed';
          row.endedAt = e.at;
          row.phase = e.result.how;
          rows.set(e.result.chain, row);
          draw();
          break;
        }
        case 'part-end':
          draw();
          drawn = 0; // the finished part stays on screen
          title = '';
          break;
        case 'quarantine':
          keep(`xendomains: warning: ${e.quarantine.message}\n`, true);
          break;
        case 'warning':
          keep(`xendomains: warning: ${e.message}\n`, true);
          break;
        case 'interrupt':
          keep(`xendomains: ${e.signal}: no new steps; waiting for the ${e.inFlight.length} in flight (send it again to kill them now)\n`, true);
          break;
        default:
          break;
      }
    },
    finish(exit, summary) {
      if (timer) clearInterval(timer);
      if (title) draw();
      drawn = 0;
      for (const line of summary) sink.err(`xendomains: ${line}\n`);
      sink.out(exit === 0 ? 'xendomains: done\n' : `xendomains: exit ${exit}\n`);
    },
  };
}

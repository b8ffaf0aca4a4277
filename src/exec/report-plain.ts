// Plain output: one line per event, for logs and pipes (no cursor movement).
// Steps on stdout; warnings, quarantines and the final summary on stderr.

import { who, seconds, failureReason } from './describe.js';
import type { ExecEvent } from './events.js';
import { displaySink, type Reporter, type Sink } from './report.js';

export function plainReporter(raw: Sink, options: { quiet?: boolean } = {}): Reporter {
  const sink = displaySink(raw);
  let total = 0;
  const tag = (id: number) => `[${id}/${total}]`;
  return {
    event(e: ExecEvent) {
      switch (e.type) {
        case 'run-start':
          total = e.plan.steps.length;
          if (!options.quiet) sink.out(`xendomains ${e.plan.verb}: ${total} step${total === 1 ? '' : 's'}${e.plan.verb === 'stop' || e.plan.verb === 'restart' ? `, up to ${e.jobs} domain${e.jobs === 1 ? '' : 's'} at a time` : ''}\n`);
          break;
        case 'already-running':
          sink.out(`${e.message}\n`);
          break;
        case 'step-start':
          if (!options.quiet) sink.out(`${tag(e.step.id)} ${who(e.step)}: ${e.step.phase}: ${e.step.argv.join(' ')}\n`);
          break;
        case 'step-end': {
          const { step, outcome } = e;
          if (outcome.ok) {
            if (!options.quiet) sink.out(`${tag(step.id)} ${who(step)}: ${step.phase} ok (${seconds(outcome.durationMs)})\n`);
          } else {
            const then = outcome.next === 'next-step' ? '; trying the next step' : '';
            sink.out(`${tag(step.id)} ${who(step)}: ${step.phase} FAILED after ${seconds(outcome.durationMs)}: ${failureReason(step, outcome)}${then}\n`);
          }
          break;
        }
        case 'step-skip':
          if (!options.quiet) sink.out(`${tag(e.step.id)} ${who(e.step)}: ${e.step.phase} skipped: ${e.reason}\n`);
          break;
        case 'chain-end':
          if (e.result.how === 'not started') break;
          if (!e.result.ok || !options.quiet) {
            const name = e.result.phase === 'shutdown-all' ? 'all domains' : (e.result.domain ?? e.result.subject ?? '?');
            sink.out(`${name}: ${e.result.ok ? e.result.how : e.result.how === 'interrupted' ? 'INTERRUPTED' : 'FAILED'}\n`);
          }
          break;
        case 'quarantine':
        case 'warning':
          sink.err(`xendomains: warning: ${e.type === 'quarantine' ? e.quarantine.message : e.message}\n`);
          break;
        case 'interrupt':
          sink.err(`xendomains: ${e.signal}: no new steps; waiting for ${e.inFlight.length ? e.inFlight.join(', ') : 'nothing'} (send it again to kill them now)\n`);
          break;
        default:
          break;
      }
    },
    finish(exit, summary) {
      for (const line of summary) sink.err(`xendomains: ${line}\n`);
      if (!options.quiet || exit !== 0) sink.out(`xendomains: ${exit === 0 ? 'done' : `exit ${exit}`}\n`);
    },
  };
}

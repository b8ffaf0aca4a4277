// `--log-format json`: one JSON object per event on stdout (the fields the
// journal has, minus what a log reader does not need), closed by an `exit` object.
// The human summary still goes to stderr.

import type { ExecEvent } from './events.js';
import type { Reporter, Sink } from './report.js';

const EXCERPT = 2000;

function shape(e: ExecEvent): Record<string, unknown> | undefined {
  const at = (ms: number) => new Date(ms).toISOString();
  switch (e.type) {
    case 'run-start':
      return { event: e.type, time: at(e.at), verb: e.plan.verb, steps: e.plan.steps.length, jobs: e.jobs, lockFile: e.plan.lockFile };
    case 'part-start':
      return { event: e.type, time: at(e.at), part: e.part, chains: e.chains };
    case 'part-end':
      return { event: e.type, time: at(e.at), part: e.part };
    case 'already-running':
      return { event: e.type, message: e.message };
    case 'chain-start':
      return { event: e.type, time: at(e.at), chain: e.chain, domain: e.steps[0]!.domain, steps: e.steps.map((s) => s.id) };
    case 'step-start':
      return { event: e.type, time: at(e.at), step: e.step.id, chain: e.step.chain, phase: e.step.phase, domain: e.step.domain, argv: e.step.argv, timeoutSeconds: e.step.timeoutSeconds };
    case 'step-end': {
      const o = e.outcome;
      return {
        event: e.type,
        time: at(o.startedAt + o.durationMs),
        step: e.step.id,
        chain: e.step.chain,
        phase: e.step.phase,
        domain: e.step.domain,
        ok: o.ok,
        exit: o.code,
        signal: o.signal,
        timedOut: o.timedOut,
        durationMs: o.durationMs,
        ...(o.error === undefined ? {} : { error: o.error }),
        stderr: o.stderr.length > EXCERPT ? o.stderr.slice(-EXCERPT) : o.stderr,
        next: o.next,
      };
    }
    case 'step-skip':
      return { event: e.type, step: e.step.id, phase: e.step.phase, domain: e.step.domain, reason: e.reason };
    case 'chain-end':
      return { event: e.type, time: at(e.at), chain: e.result.chain, phase: e.result.phase, domain: e.result.domain, ok: e.result.ok, how: e.result.how, ...(e.result.subject ? { subject: e.result.subject } : {}) };
    case 'quarantine':
      return { event: e.type, domain: e.quarantine.domain, image: e.quarantine.image, to: e.quarantine.to ?? null, message: e.quarantine.message };
    case 'warning':
      return { event: e.type, message: e.message };
    case 'interrupt':
      return { event: e.type, signal: e.signal, inFlight: e.inFlight };
    case 'run-end': {
      const r = e.result;
      return {
        event: e.type,
        time: at(e.at),
        failed: r.failed.map((c) => ({ chain: c.chain, phase: c.phase, domain: c.domain, subject: c.subject ?? null })),
        interrupted: r.interrupted,
        stillRunning: r.stillRunning,
        quarantined: r.quarantined,
        problems: r.problems,
        lock: r.lock,
      };
    }
    default:
      return undefined;
  }
}

export function jsonReporter(sink: Sink): Reporter {
  return {
    event(e) {
      const obj = shape(e);
      if (obj) sink.out(`${JSON.stringify(obj)}\n`);
    },
    finish(exit, summary) {
      sink.out(`${JSON.stringify({ event: 'exit', code: exit, messages: summary })}\n`);
      for (const line of summary) sink.err(`xendomains: ${line}\n`);
    },
  };
}

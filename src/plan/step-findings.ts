// Which plan steps a lint finding concerns, so a plan shows what lint knows next
// to the command it condemns: a finding on a sysconfig assignment marks the steps
// that variable feeds; a finding in a domain config marks that config's create.
// Pure: the CLI hands in the findings and the settings they were found in.

import type { Diagnostic } from '../model/diagnostic.js';
import type { Settings, VariableName } from '../model/settings.js';
import type { Span } from '../model/span.js';
import type { Phase, Plan, StepFinding } from './types.js';

/** The phases each variable decides (its words, its sleep, or its watchdog). */
const FEEDS: Partial<Record<VariableName, readonly Phase[]>> = {
  XENDOMAINS_SYSRQ: ['sysrq'],
  XENDOMAINS_USLEEP: ['sysrq'],
  XENDOMAINS_MIGRATE: ['migrate'],
  XENDOMAINS_SAVE: ['save', 'restore'],
  XENDOMAINS_RESTORE: ['restore'],
  XENDOMAINS_SHUTDOWN: ['shutdown'],
  XENDOMAINS_SHUTDOWN_ALL: ['shutdown-all'],
  XENDOMAINS_STOP_MAXWAIT: ['migrate', 'save', 'shutdown', 'shutdown-all'],
  XENDOMAINS_CREATE_USLEEP: ['create'],
  XENDOMAINS_AUTO: ['create'],
};

const within = (inner: Span, outer: Span) => inner.file === outer.file && inner.start.offset >= outer.start.offset && inner.start.offset <= outer.end.offset;

/** The plan with `findings` on each step a warning or error concerns (info and style stay off the steps). */
export function markSteps(plan: Plan, diagnostics: readonly Diagnostic[], settings: Settings): Plan {
  const relevant = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (!relevant.length) return plan;
  const phasesOf = (d: Diagnostic): ReadonlySet<Phase> => {
    const out = new Set<Phase>();
    for (const [name, phases] of Object.entries(FEEDS) as Array<[VariableName, readonly Phase[]]>) {
      const span = settings[name].assignment?.span;
      if (span && within(d.span, span)) for (const p of phases) out.add(p);
    }
    return out;
  };
  const marks = relevant.map((d) => ({ finding: { code: d.code, severity: d.severity, message: d.message } as StepFinding, phases: phasesOf(d), file: d.span.file }));
  const steps = plan.steps.map((step) => {
    const findings = marks.filter((m) => m.phases.has(step.phase) || (step.phase === 'create' && step.config === m.file)).map((m) => m.finding);
    return findings.length ? { ...step, findings } : step;
  });
  return { ...plan, steps };
}

// How long `stop` can take on a host, worst case: the stop plan for every domain
// that may run at shutdown (those listed now, plus each AUTO config's domain,
// at least one), timed by planTime (every watchdog firing, every sleep). XD4009,
// `systemd-unit` and the plan's own worstCaseSeconds all come from planTime,
// so they cannot disagree; what to advise is left to each of them.

import { basename } from 'node:path';
import type { DomainConfigModel } from '../model/domain.js';
import type { DomainState, HostState } from '../model/host-state.js';
import { planStop, type PlanInput } from './planner.js';
import { toolstackOf } from './toolstacks.js';
import type { Plan, PlanStep } from './types.js';

export interface StopWorstCase {
  plan: Plan;
  /** null: some step has no watchdog (see `unbounded`). */
  seconds: number | null;
  /** The steps without a watchdog, which make the worst case unbounded. */
  unbounded: PlanStep[];
  /** The domUs the estimate stops, and which of them were added from AUTO (not listed now). */
  domains: string[];
  added: string[];
}

/** Adds the AUTO domains that are not listed (they may be running at the next shutdown); at least one domU. */
export function withAutoDomains(state: HostState, input: Pick<PlanInput, 'auto' | 'toolstack'>): { state: HostState; added: string[] } {
  const domains: DomainState[] = [...state.domains];
  const names = new Set(domains.map((d) => d.name));
  let id = Math.max(0, ...domains.map((d) => d.id));
  const added: string[] = [];
  for (const entry of input.auto ?? []) {
    if (entry.kind !== 'config') continue;
    // A lint worker sends facts, not the model: the name is all configName reads.
    const named = entry.model ?? (entry.facts ? ({ name: entry.facts.name } as DomainConfigModel) : undefined);
    const known = named ? (input.toolstack ?? toolstackOf('xm')).configName(named) : undefined;
    const name = known ?? basename(entry.basename).replace(/\.cfg$/, '');
    if (names.has(name)) continue;
    names.add(name);
    domains.push({ id: ++id, name });
    added.push(name);
  }
  if (!domains.some((d) => d.id !== 0)) {
    domains.push({ id: ++id, name: 'domain-1' });
    added.push('domain-1');
  }
  return { state: { ...state, domains }, added };
}

export function stopWorstCase(input: PlanInput): StopWorstCase {
  const { state, added } = withAutoDomains(input.state, input);
  const plan = planStop({ ...input, state });
  return {
    plan,
    seconds: plan.worstCaseSeconds,
    unbounded: plan.steps.filter((s) => s.timeoutSeconds === null),
    domains: state.domains.filter((d) => d.id !== 0).map((d) => d.name),
    added,
  };
}

/** The phases of steps without a watchdog, named for advice: `xm shutdown --all`, `xm save`. */
export function unboundedPhases(w: StopWorstCase): string[] {
  return [...new Set(w.unbounded.map((s) => `${w.plan.toolstack} ${s.phase === 'shutdown-all' ? 'shutdown --all' : s.phase}`))];
}

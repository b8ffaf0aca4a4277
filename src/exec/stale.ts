// Is a saved plan still the plan for this host? Compares what `apply` sees now
// (a fresh gather of the same inputs) with what the plan was made from: every
// input file's digest, the set of input files, the listed domains, the save
// directory and the lock. Returns one sentence per difference; refusing is the caller's.

import { resolve } from 'node:path';
import { STATE_DIGEST_KEY } from '../host/plan-input.js';
import { displayPath } from '../host/paths.js';
import type { PlanInput } from '../plan/planner.js';
import type { Plan } from '../plan/types.js';

function byPath(inputs: Record<string, string>): Map<string, { shown: string; digest: string }> {
  const map = new Map<string, { shown: string; digest: string }>();
  for (const [path, digest] of Object.entries(inputs)) if (path !== STATE_DIGEST_KEY) map.set(resolve(path), { shown: displayPath(path), digest });
  return map;
}

const domainsText = (ds: ReadonlyArray<{ id: number; name: string }>) => ds.filter((d) => d.id !== 0).map((d) => `${d.name}(${d.id})`).join(' ') || 'none';

export function staleness(plan: Plan, now: PlanInput): string[] {
  const changes: string[] = [];
  const planned = byPath(plan.inputs);
  const current = byPath(now.inputs);
  for (const [path, p] of planned) {
    const c = current.get(path);
    if (!c) changes.push(`${p.shown} is no longer an input (deleted, unreadable, or the plan was made with another --root/--config)`);
    else if (c.digest !== p.digest) changes.push(`${p.shown} changed since the plan`);
  }
  for (const [path, c] of current) if (!planned.has(path)) changes.push(`${c.shown} is a new input since the plan`);
  if (plan.inputs[STATE_DIGEST_KEY] !== now.inputs[STATE_DIGEST_KEY]) {
    changes.push(`the running domains changed since the plan (planned: ${domainsText(plan.state.domains)}; now: ${domainsText(now.state.domains)})`);
  }
  const savedKey = (s: ReadonlyArray<{ name: string; kind: string; imageName?: string }>) => JSON.stringify(s.map((e) => [e.name, e.kind, e.imageName ?? null]));
  if (savedKey(plan.state.saved) !== savedKey(now.saved)) {
    changes.push(`the save directory changed since the plan (planned: ${plan.state.saved.map((e) => e.name).join(' ') || 'empty'}; now: ${now.saved.map((e) => e.name).join(' ') || 'empty'})`);
  }
  if (plan.verb === 'start' || plan.verb === 'status') {
    const plannedLock = plan.verb === 'start' ? plan.outcome !== null : Boolean(plan.status?.lock);
    if (plannedLock !== now.lockPresent) changes.push(`the lock ${plan.lockFile} ${now.lockPresent ? 'appeared' : 'disappeared'} since the plan`);
  }
  return changes;
}

// The plan as JSON (schema/plan.schema.json, validated by the build-time
// generated validator): writing it for `plan --format json` / `--out`, and
// reading a saved plan back for `apply` with errors a person can act on.
// Whether the plan is stale (digests, state) is the caller's check.

import type { ErrorObject } from 'ajv';
import { validatePlan } from '../generated/validators.js';
import type { Plan } from './types.js';

/** Pretty JSON with a final newline; key order is fixed by the planner, so equal plans give equal bytes. */
export function planToJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Schema errors of a value that claims to be a plan, as `path: message` lines (empty when valid). */
export function planSchemaErrors(data: unknown): string[] {
  if (validatePlan(data)) return [];
  return ((validatePlan.errors ?? []) as ErrorObject[]).map(describe);
}

function describe(e: ErrorObject): string {
  const path = e.instancePath === '' ? '(top level)' : e.instancePath.slice(1).replace(/\//g, '.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') message = `has an unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  else if (e.keyword === 'enum') message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${path} ${message}`;
}

export type ParsedPlan = { ok: true; plan: Plan } | { ok: false; errors: string[] };

/** Reads a saved plan: JSON syntax, then the version, then the schema, then the cross-field rules the schema cannot say. */
export function parsePlanJson(text: string, file = 'plan'): ParsedPlan {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, errors: [`${file}: not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [`${file}: not a xendomains plan (expected a JSON object from \`xendomains plan --format json\`)`] };
  }
  const version = (data as { version?: unknown }).version;
  if (version !== 1) {
    const what = version === undefined ? 'has no "version"' : `has version ${JSON.stringify(version)}`;
    return { ok: false, errors: [`${file}: ${what}; this xendomains reads plan version 1 (make the plan again with this version)`] };
  }
  const schema = planSchemaErrors(data);
  if (schema.length) {
    const shown = schema.slice(0, 10).map((m) => `${file}: ${m}`);
    if (schema.length > 10) shown.push(`${file}: ${schema.length - 10} more schema errors`);
    return { ok: false, errors: shown };
  }
  const plan = data as Plan;
  const errors = consistency(plan).map((m) => `${file}: ${m}`);
  return errors.length ? { ok: false, errors } : { ok: true, plan };
}

/** What the executor relies on beyond the schema: ids in order, argv[0] the plan's xm, chains contiguous, lanes in range. */
function consistency(plan: Plan): string[] {
  const errors: string[] = [];
  const seenChains = new Set<number>();
  let previousChain = 0;
  plan.steps.forEach((step, i) => {
    const where = `steps[${i}]`;
    if (step.id !== i + 1) errors.push(`${where}.id is ${step.id}, expected ${i + 1} (steps must be numbered in order)`);
    if (step.argv[0] !== plan.xm) errors.push(`${where}.argv[0] is ${JSON.stringify(step.argv[0])}, not the plan's xm ${JSON.stringify(plan.xm)}`);
    if (step.chain !== previousChain) {
      if (seenChains.has(step.chain)) errors.push(`${where}.chain ${step.chain} is split: a chain's steps must be consecutive`);
      seenChains.add(step.chain);
      previousChain = step.chain;
    }
    if (step.lane !== null && step.lane > plan.lanes) errors.push(`${where}.lane ${step.lane} exceeds lanes (${plan.lanes})`);
    if (step.phase === 'save' && (step.image === undefined || step.argv[step.argv.length - 1] !== step.image)) errors.push(`${where}: a save step must name its image, the last argv word`);
    if (step.phase === 'restore' && (step.image === undefined || step.argv[step.argv.length - 1] !== step.image)) errors.push(`${where}: a restore step must name its image, the last argv word`);
  });
  if (plan.verb === 'status' && plan.statusExit === undefined) errors.push('a status plan needs statusExit');
  return errors;
}

// Shared by the cross-file rules: the facts of the AUTO configs (see
// model/domain-facts), built from a model or sent by a lint worker, and a way
// to point at "the other file" in a message.

import type { AutoEntry } from '../model/auto.js';
import type { DomainConfigModel } from '../model/domain.js';
import type { DomainFacts } from '../model/domain-facts.js';
import type { VifSpec } from '../model/domain-values.js';
import type { Span } from '../model/span.js';
import { devicesOf } from './device-specs.js';
import { memo } from './memo.js';
import type { LintContext } from './rule.js';

const FACTS = Symbol('facts');
/** libxl's default when an xl config sets no memory. */
const XL_DEFAULT_MEMORY_MIB = 32;

/** The facts of one compiled config (memoised: several rules ask). */
export function factsOf(model: DomainConfigModel): DomainFacts {
  return memo(FACTS, model, buildFacts);
}

function buildFacts(model: DomainConfigModel): DomainFacts {
  const macs: DomainFacts['macs'] = [];
  for (const { element, spec: parsed } of devicesOf(model, 'vif')) {
    const spec = parsed as VifSpec; // DEVICE_PARSERS.vif is parseVifSpec
    const pair = spec.pairs.filter((p) => p.key === 'mac').pop();
    if (spec.mac?.valid && pair) macs.push({ value: spec.mac.value, span: element.at(pair.valueStart, pair.valueEnd) });
  }
  const memory = model.vars.get('memory')?.value;
  const facts: DomainFacts = { file: model.file, name: model.name, loads: !model.problems.some((p) => p.kind === 'syntax' || p.kind === 'xl-syntax'), macs, memoryMiB: typeof memory === 'number' && Number.isFinite(memory) ? memory : model.dialect === 'xl' ? XL_DEFAULT_MEMORY_MIB : 128 };
  const uuid = model.vars.get('uuid');
  if (uuid && typeof uuid.value === 'string') facts.uuid = { value: uuid.value, span: uuid.valueSpan };
  return facts;
}

/** An AUTO entry's facts (kept on the entry once built): undefined unless it is a compiled config. */
export function entryFacts(entry: AutoEntry): DomainFacts | undefined {
  if (!entry.facts && entry.model) entry.facts = factsOf(entry.model);
  return entry.facts;
}

const LISTED = Symbol('facts of the AUTO configs');

/** The AUTO configs' facts (in glob order, memoised per host); every linted config's when AUTO was not enumerated. */
export function autoConfigs(ctx: Pick<LintContext, 'auto' | 'domains'>): readonly DomainFacts[] {
  if (!ctx.auto) return ctx.domains.map(factsOf);
  return memo(LISTED, ctx.auto, (auto) => auto.flatMap((e) => entryFacts(e) ?? []));
}

export function where(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}

/** Groups items by key, keeping only keys seen more than once. */
export function duplicates<T>(items: Iterable<{ key: string; item: T }>): T[][] {
  const groups = new Map<string, T[]>();
  for (const { key, item } of items) {
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

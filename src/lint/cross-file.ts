// Shared by the cross-file rules: the facts of the AUTO configs (see
// model/domain-facts), built from a model or sent by a lint worker, and a way
// to point at "the other file" in a message.

import type { AutoEntry } from '../model/auto.js';
import type { DomainConfigModel } from '../model/domain.js';
import type { DomainFacts } from '../model/domain-facts.js';
import { isMac, lastPairOf, type VifSpec } from '../model/domain-values.js';
import type { Span } from '../model/span.js';
import { devicesOf } from './device-specs.js';
import { intVar, stringElements } from './domain-values.js';
import { memo } from './memo.js';
import type { LintContext } from './rule.js';

const FACTS = Symbol('facts');
/** libxl's default when an xl config sets no memory; xend's for an xm config. */
const XL_DEFAULT_MEMORY_MIB = 32;
const XM_DEFAULT_MEMORY_MIB = 128;

/** The facts of one compiled config (memoised: several rules ask). */
export function factsOf(model: DomainConfigModel): DomainFacts {
  return memo(FACTS, model, buildFacts);
}

function buildFacts(model: DomainConfigModel): DomainFacts {
  const macs: DomainFacts['macs'] = [];
  if (model.dialect === 'xm') {
    // XD3006 parses an xm config's vif strings whole anyway (memoised): read the MAC from that parse.
    for (const { element, spec: parsed } of devicesOf(model, 'vif')) {
      const spec = parsed as VifSpec; // DEVICE_PARSERS.vif is parseVifSpec
      const pair = spec.pairs.filter((p) => p.key === 'mac').pop();
      if (spec.mac?.valid && pair) macs.push({ value: spec.mac.value, span: element.at(pair.valueStart, pair.valueEnd) });
    }
  } else {
    // No rule parses an xl config's vif strings the xm way: take just the `mac=` pair, as that parse would find it.
    for (const element of stringElements(model, 'vif')) {
      const pair = lastPairOf(element.value, 'mac');
      if (pair && isMac(pair.value)) macs.push({ value: pair.value, span: element.at(pair.valueStart, pair.valueEnd) });
    }
  }
  const facts: DomainFacts = { file: model.file, name: model.name, loads: !model.problems.some((p) => p.kind === 'syntax' || p.kind === 'xl-syntax'), macs, memoryMiB: intVar(model, 'memory')?.value ?? (model.dialect === 'xl' ? XL_DEFAULT_MEMORY_MIB : XM_DEFAULT_MEMORY_MIB) };
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

/** Editor backups and package-manager copies (`web.cfg~`, `.rpmsave`, `.dpkg-old`, `#web.cfg#`, …). */
const LEFTOVER = /(~|\.rpmnew|\.rpmsave|\.rpmorig|\.dpkg-(old|new|dist|bak|tmp)|\.orig|\.bak|\.old|\.swp|\.tmp|\.ucf-(old|new|dist))$|^#.*#$/;

/**
 * An AUTO entry that is a leftover copy of a config. XD4004 reports it once, with what it does at boot;
 * the cross-file rules leave it out, so one stray backup is one finding, not one per copied value.
 */
export function isLeftover(entry: AutoEntry): boolean {
  return LEFTOVER.test(entry.basename);
}

/** The AUTO configs' facts (in glob order, memoised per host; leftovers excluded); every linted config's when AUTO was not enumerated. */
export function autoConfigs(ctx: Pick<LintContext, 'auto' | 'domains'>): readonly DomainFacts[] {
  if (!ctx.auto) return ctx.domains.map(factsOf);
  return memo(LISTED, ctx.auto, (auto) => auto.flatMap((e) => (isLeftover(e) ? [] : (entryFacts(e) ?? []))));
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

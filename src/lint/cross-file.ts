// Shared by the cross-file rules: the AUTO configs that have a known name,
// and a way to point at "the other file" in a message.

import type { DomainConfigModel } from '../model/domain.js';
import type { Span } from '../model/span.js';
import type { LintContext } from './rule.js';

/** The compiled AUTO configs (in glob order); falls back to every linted config when AUTO was not enumerated. */
export function autoConfigs(ctx: LintContext): DomainConfigModel[] {
  if (!ctx.auto) return [...ctx.domains];
  return ctx.auto.flatMap((e) => (e.model ? [e.model] : []));
}

export function where(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}

/** Groups items by key, keeping only keys seen more than once. */
export function duplicates<T>(items: Iterable<{ key: string; item: T }>): T[][] {
  const groups = new Map<string, T[]>();
  for (const { key, item } of items) groups.set(key, [...(groups.get(key) ?? []), item]);
  return [...groups.values()].filter((g) => g.length > 1);
}

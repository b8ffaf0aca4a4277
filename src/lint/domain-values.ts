// Helpers for rules about domain-config values: iterate the string elements
// of a list variable with their source spans, and turn an offset range inside
// one string into a source span. Parsing the strings is src/model/domain-values.

import type { DomainAssignment, DomainConfigModel } from '../model/domain.js';
import { locateInLiteral } from '../model/domain-values.js';
import type { Span } from '../model/span.js';

export interface StringElement {
  value: string;
  span: Span;
  /** The source span of value[start, end) when it can be located exactly, else the element's span. */
  at(start: number, end: number): Span;
}

/** The string elements of `name` (a list of strings, or a single string as xm also accepts for some). */
export function stringElements(model: DomainConfigModel, name: string): StringElement[] {
  const assignment = model.vars.get(name);
  if (!assignment) return [];
  const make = (value: string, span: Span): StringElement => ({ value, span, at: (start, end) => locateInLiteral(model, span, start, end) });
  const value = assignment.value;
  if (typeof value === 'string') return [make(value, assignment.valueSpan)];
  if (!Array.isArray(value)) return [];
  const out: StringElement[] = [];
  value.forEach((element, i) => {
    if (typeof element === 'string') out.push(make(element, assignment.elementSpans?.[i] ?? assignment.valueSpan));
  });
  return out;
}

/**
 * Variables xend passes through Python's `int()` (spec xm-commands.md §3.1), so a numeric
 * string in the file works: `memory = '512'` boots a 512 MiB guest.
 */
export const XEND_INT_CONVERTED: ReadonlySet<string> = new Set(['memory', 'maxmem']);

/** What Python 2's `int()` makes of a string: optional blanks and sign around decimal digits. */
export function pythonIntOf(text: string): number | undefined {
  const m = /^[ \t\n\r\f\v]*([+-]?[0-9]+)[ \t\n\r\f\v]*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** An integer variable's value, its span located only when read (when reported). */
class IntValue {
  constructor(readonly value: number, private readonly assignment: DomainAssignment) {}

  get span(): Span {
    return this.assignment.valueSpan;
  }
}

/** An integer variable's value as xend will use it, or undefined when unset or not an integer. */
export function intVar(model: DomainConfigModel, name: string): { value: number; readonly span: Span } | undefined {
  const a = model.vars.get(name);
  if (!a) return undefined;
  const value = typeof a.value === 'string' && XEND_INT_CONVERTED.has(name) ? pythonIntOf(a.value) : a.value;
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  // a class's getter, not an object literal's: a literal with an accessor is slow to make, and this runs per config
  return new IntValue(value, a);
}

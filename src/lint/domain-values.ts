// Helpers for rules about domain-config values: iterate the string elements
// of a list variable with their source spans, and turn an offset range inside
// one string into a source span. Parsing the strings is src/model/domain-values.

import type { DomainConfigModel } from '../model/domain.js';
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

/** An integer variable's value, or undefined when unset or not an integer. */
export function intVar(model: DomainConfigModel, name: string): { value: number; readonly span: Span } | undefined {
  const a = model.vars.get(name);
  if (!a || typeof a.value !== 'number' || !Number.isInteger(a.value)) return undefined;
  const value = a.value;
  return { value, get span() { return a.valueSpan; } }; // located only when reported
}

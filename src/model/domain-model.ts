// Building blocks of a DomainConfigModel shared by the full compiler
// (domain-compile) and the simple-config fast path (domain-simple): the
// assignment record with spans worked out on demand, and the effective name.

import type { DomainAssignment, DomainConfigModel, PyTypeName, PyValue, UnknownVariable } from './domain.js';
import type { XlSetting } from '../../grammar/xlcfg/parser.js';
import { fileSpan, type LineIndex, type Span } from './span.js';

/**
 * An assignment whose spans are worked out when first read: a config has many assignments and lint
 * looks at few of their spans, so this saves most of the span objects compiling a config would make.
 */
export class Assignment implements DomainAssignment {
  value: PyValue = null;
  pyType?: PyTypeName;
  elementSpans?: Span[];
  xl?: XlSetting;
  readonly #lines: LineIndex;
  /** name, value and statement: start and end offsets */
  readonly #at: readonly [number, number, number, number, number, number];
  #spans: [Span?, Span?, Span?] = [];

  constructor(readonly name: string, lines: LineIndex, ...at: [number, number, number, number, number, number]) {
    this.#lines = lines;
    this.#at = at;
  }

  #located(k: 0 | 1 | 2): Span {
    return (this.#spans[k] ??= this.#lines.span(this.#at[2 * k]!, this.#at[2 * k + 1]!));
  }

  get nameSpan(): Span {
    return this.#located(0);
  }

  get valueSpan(): Span {
    return this.#located(1);
  }

  get span(): Span {
    return this.#located(2);
  }
}

function basenameOf(file: string): string {
  const parts = file.split('/');
  let i = parts.length - 1;
  while (i > 0 && parts[i] === '') i--;
  return parts[i] || file;
}

/** `name` when it is a str, else the file's basename (as xm falls back); undefined when `name` is unknown. */
export function effectiveName(vars: ReadonlyMap<string, DomainAssignment>, unknown: ReadonlyMap<string, UnknownVariable>, file: string, basename: string | undefined): DomainConfigModel['name'] {
  const n = vars.get('name');
  if (n && typeof n.value === 'string' && n.pyType === 'str') return { value: n.value, source: 'name', span: n.valueSpan };
  if (unknown.has('name')) return undefined;
  return { value: basename ?? basenameOf(file), source: 'filename', span: fileSpan(file) };
}

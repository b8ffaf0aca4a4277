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
  // start and end offsets of the name, the value and the statement (fields, not an array: thousands of configs × keys)
  readonly #nameStart: number;
  readonly #nameEnd: number;
  readonly #valueStart: number;
  readonly #valueEnd: number;
  readonly #statementStart: number;
  readonly #statementEnd: number;
  #nameSpan: Span | undefined;
  #valueSpan: Span | undefined;
  #span: Span | undefined;

  constructor(readonly name: string, lines: LineIndex, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, statementStart: number, statementEnd: number) {
    this.#lines = lines;
    this.#nameStart = nameStart;
    this.#nameEnd = nameEnd;
    this.#valueStart = valueStart;
    this.#valueEnd = valueEnd;
    this.#statementStart = statementStart;
    this.#statementEnd = statementEnd;
  }

  get nameSpan(): Span {
    return (this.#nameSpan ??= this.#lines.span(this.#nameStart, this.#nameEnd));
  }

  get valueSpan(): Span {
    return (this.#valueSpan ??= this.#lines.span(this.#valueStart, this.#valueEnd));
  }

  get span(): Span {
    return (this.#span ??= this.#lines.span(this.#statementStart, this.#statementEnd));
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

// The typed model of /etc/sysconfig/xendomains: what the file assigns, where,
// and what bash would hold after sourcing it. Built by grammar/sysconfig;
// validation lives in rules/, effective values in ./settings.ts.

import type { LineIndex, Span } from './span.js';

/** SUSE fillup metadata (`## Type:` …) attached to the assignment it precedes. */
export interface FillupMeta {
  path?: string;
  description?: string;
  type?: string;
  default?: string;
  span: Span;
}

/** A `$NAME` / `${NAME}` reference inside a value. */
export interface Expansion {
  name: string;
  span: Span;
  /** Whether an earlier assignment in the file set the variable (else bash expands it from the environment, normally empty). */
  definedEarlier: boolean;
}

export interface Assignment {
  name: string;
  nameSpan: Span;
  exported: boolean;
  /** The value exactly as bash holds it after quote removal and expansion. */
  value: string;
  /** The value's source text (quotes included), and where it is. */
  rawValue: string;
  valueSpan: Span;
  /** The whole statement, `export` keyword included. */
  span: Span;
  expansions: Expansion[];
  /** Whether any part of the value is outside quotes (matters for the sample's "Default:" vs real value). */
  quoted: boolean;
  meta?: FillupMeta;
}

export interface Comment {
  /** Text after the `#`, without the line ending. */
  text: string;
  span: Span;
}

export type SyntaxProblemKind =
  /** The parser cannot make sense of the text (unterminated quote, bad byte, BOM). */
  | 'syntax'
  /** Valid shell that is not a plain assignment: bash would execute it as root. */
  | 'not-assignment'
  /** A carriage return bash keeps inside a value or word. */
  | 'carriage-return'
  /** A value whose bytes are not valid UTF-8 (from $'\xNN'): held with U+FFFD in their place. */
  | 'bytes';

export interface SyntaxProblem {
  kind: SyntaxProblemKind;
  message: string;
  span: Span;
  /** A bash syntax error: sourcing stops here, so no assignment from its command on is made. */
  stopsSourcing?: boolean;
  /** With stopsSourcing: the variables the lost part of the file assigns, in order. */
  lostVariables?: string[];
}

export interface SysconfigModel {
  file: string;
  text: string;
  lines: LineIndex;
  /** In file order; a later assignment of the same name overrides an earlier one. */
  assignments: Assignment[];
  comments: Comment[];
  problems: SyntaxProblem[];
  /**
   * Binary data: bash refuses to source it (`cannot execute binary file`, nothing assigned), or
   * deletes its few NULs and parses the rest (assignments: what bash holds). XD1001's one finding.
   */
  binary?: true;
}

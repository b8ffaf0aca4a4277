// The typed model of one xm domain config (Python subset), as xm create would
// load it. Built by grammar/domain; validation lives in rules/.
// (Filled in by the domain-config compiler; this is the interface rules see.)

import type { LineIndex, Span } from './span.js';
import type { Comment } from './sysconfig.js';

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue } | PyTuple;
/** Python tuples are kept distinct from lists so `show` can say what xm sees. */
export interface PyTuple {
  tuple: PyValue[];
}

export interface DomainAssignment {
  name: string;
  nameSpan: Span;
  value: PyValue;
  valueSpan: Span;
  span: Span;
}

export interface DomainProblem {
  kind: 'syntax' | 'python-code' | 'carriage-return';
  message: string;
  span: Span;
}

export interface DomainConfigModel {
  file: string;
  text: string;
  lines: LineIndex;
  assignments: DomainAssignment[];
  /** Final value of each variable (last assignment wins), as Python's globals would hold it. */
  vars: Map<string, DomainAssignment>;
  comments: Comment[];
  problems: DomainProblem[];
  /** The effective domain name: `name` if set to a string, else the file's basename. */
  name: { value: string; source: 'name' | 'filename'; span: Span } | undefined;
}

// The typed model of one xm domain config (Python subset), as xm create would
// load it. Built by grammar/domain; validation lives in rules/.
// (Filled in by the domain-config compiler; this is the interface rules see.)

import type { LineIndex, Span } from './span.js';
import type { Comment } from './sysconfig.js';
import type { XlParseResult, XlSetting } from '../../grammar/xlcfg/parser.js';

/** Which toolstack's language a domain config is read in: xm's Python or xl's xl.cfg. */
export type Dialect = 'xm' | 'xl';

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue } | PyTuple;
/** Python tuples are kept distinct from lists so `show` can say what xm sees. */
export interface PyTuple {
  tuple: PyValue[];
}

/** Python type names as xm's import rule sees them: only str, list, int and float values are used. */
export type PyTypeName = 'str' | 'unicode' | 'int' | 'long' | 'bool' | 'float' | 'NoneType' | 'list' | 'tuple' | 'dict';

export interface DomainAssignment {
  name: string;
  nameSpan: Span;
  value: PyValue;
  valueSpan: Span;
  span: Span;
  /** The Python type of the value (xm silently ignores bool, long, tuple, dict, NoneType and unicode). */
  pyType?: PyTypeName;
  /** For list and tuple values: the span of each element's source expression, in order. */
  elementSpans?: Span[];
  /** xl configs only: the setting as libxlu stored it (its op, raw value and xl's line number). */
  xl?: XlSetting;
}

/** Finer classification of a problem, for rules that pick a severity. */
export type DomainProblemDetail =
  /** python-code: a statement or expression xendomains does not evaluate (import, def, call, …). */
  | 'unsupported'
  /** python-code: a value depends on a name that only unevaluated code may set. */
  | 'depends-on-code'
  /** python-code: NameError; xm create would fail to load the config. */
  | 'name-error'
  /** python-code: TypeError, ValueError, ZeroDivisionError, …; xm create would fail to load the config. */
  | 'runtime-error'
  /** python-code: a value too large (or nested too deeply) to evaluate. */
  | 'too-large'
  /** python-code: the whole file is too large to evaluate (XD1105). */
  | 'file-too-large'
  /** syntax: IndentationError. */
  | 'indentation'
  /** syntax: non-ASCII text without a coding declaration, invalid UTF-8, NUL bytes, binary content. */
  | 'encoding'
  /** Reporting stopped after too many problems in one file. */
  | 'too-many-problems';

export interface DomainProblem {
  /** 'xl-syntax': a message libxlu prints while parsing an xl.cfg file (xl create then fails). */
  kind: 'syntax' | 'python-code' | 'carriage-return' | 'xl-syntax';
  message: string;
  span: Span;
  detail?: DomainProblemDetail;
}

/** A variable whose final value is not known because code that may set it was not evaluated. */
export interface UnknownVariable {
  name: string;
  /** The statement that (possibly) set it. */
  span: Span;
  /** 'python-code': set by unevaluated code; 'error': its statement has a syntax or runtime error. */
  reason: 'python-code' | 'error';
}

export interface DomainConfigModel {
  /** xm: Python evaluated by our subset compiler; xl: an xl.cfg file read as libxlu reads it. */
  dialect: Dialect;
  file: string;
  text: string;
  lines: LineIndex;
  assignments: DomainAssignment[];
  /** Final value of each variable (last assignment wins), as Python's globals would hold it. */
  vars: Map<string, DomainAssignment>;
  comments: Comment[];
  problems: DomainProblem[];
  /** The effective domain name: `name` if set to a string, else the file's basename; undefined when `name` is unknown. */
  name: { value: string; source: 'name' | 'filename'; span: Span } | undefined;
  /** Variables (possibly) set by unevaluated code, and not assigned a known value afterwards. Not in `vars`. */
  unknown?: Map<string, UnknownVariable>;
  /** The first unevaluated statement that may set arbitrary variables (a call, exec, `from … import *`). */
  opaqueCode?: Span;
  /** Binary data, not a config (NUL bytes and control characters): its one finding is XD1101's. */
  binary?: true;
  /** xl configs only: the parse as libxlu does it (settings, errors, hint), for rules and `show`. */
  xl?: XlConfigInfo;
}

export interface XlConfigInfo {
  parse: XlParseResult;
  /** The file is larger than xendomains evaluates (it is reported, not parsed). */
  tooLarge?: boolean;
}

/**
 * The domain name cannot be known without running the config: an xm config whose `name` needs
 * Python. An xl.cfg without `name` is not unknowable: it has none, and xl refuses it.
 */
export function nameUnknowable(model: DomainConfigModel): boolean {
  return model.name === undefined && model.dialect !== 'xl';
}

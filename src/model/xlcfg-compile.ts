// Compiles an xl.cfg domain config (the declarative format `xl create` reads)
// into the same DomainConfigModel the xm compiler builds, so cross-file rules
// and `show` work on both. Parsing is grammar/xlcfg (libxlu's exact grammar);
// each key's value is typed the way xl's reader for that key reads it
// (xlcfg-values). Judging the values is left to the XD12xx/XD31xx rules.

import { parseXlConfig, type XlSetting, type XlValue } from '../../grammar/xlcfg/parser.js';
import type { DomainAssignment, DomainConfigModel, DomainProblem, PyValue } from './domain.js';
import { Assignment } from './domain-model.js';
import type { Comment } from './sysconfig.js';
import { LineIndex } from './span.js';
import { looksBinary } from './binary.js';
import { readerOf, strtol } from './xlcfg-values.js';

/** Larger files are reported, not parsed (xl.cfg files are a few KiB). */
export const MAX_XL_CONFIG_CHARS = 1024 * 1024;

/** A decimal without sign, blanks or leading zero (octal to strtol), short enough to be exact as a number. */
const PLAIN_DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;

/** The value of a stored setting as xl's reader for the key yields it: numbers for integer keys that parse, text otherwise. */
export function typedValue(setting: XlSetting): PyValue {
  const value = setting.value;
  if (value.kind === 'list') return plain(value);
  const reader = readerOf(setting.name);
  if (reader?.reader === 'long' && setting.op === '=') {
    // Most numbers are plain decimals well inside a double: strtol reads them as written (no BigInt needed).
    if (PLAIN_DECIMAL.test(value.text)) return Number(value.text);
    const n = strtol(value.text);
    if (n.ok && n.value <= BigInt(Number.MAX_SAFE_INTEGER) && n.value >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(n.value);
  }
  return value.text;
}

/** A stored value as plain data: atoms are their text, lists nest. */
export function plain(value: XlValue): PyValue {
  if (value.kind === 'atom') return value.text;
  // iterative: libxlu accepts lists nested about 5,000 deep, more than a recursive walk can take
  const root: PyValue[] = [];
  const work: Array<[XlValue[], PyValue[]]> = [[value.items, root]];
  while (work.length) {
    const [items, out] = work.pop()!;
    for (const item of items) {
      if (item.kind === 'atom') out.push(item.text);
      else {
        const inner: PyValue[] = [];
        out.push(inner);
        work.push([item.items, inner]);
      }
    }
  }
  return root;
}

/** Compiles one xl.cfg file. Never throws; problems are xl's own parse errors. */
export function compileXlConfig(text: string, file: string): DomainConfigModel {
  const lines = new LineIndex(file, text);
  const problems: DomainProblem[] = [];
  const assignments: DomainAssignment[] = [];
  const vars = new Map<string, DomainAssignment>();
  const comments: Comment[] = [];
  if (text.length > MAX_XL_CONFIG_CHARS) {
    problems.push({ kind: 'xl-syntax', message: `not evaluated: the file is larger than ${MAX_XL_CONFIG_CHARS} characters`, span: lines.span(0, 0), detail: 'too-many-problems' });
    return { dialect: 'xl', file, text, lines, assignments, vars, comments, problems, name: undefined, xl: { parse: { settings: [], errors: [], ok: false, pythonHint: false, comments: [] }, tooLarge: true } };
  }
  const parse = parseXlConfig(text);
  for (const c of parse.comments) comments.push({ text: text.slice(c.start + 1, c.end), span: lines.span(c.start, c.end) });
  const binary = parse.errors.length > 0 && looksBinary(text);
  // Binary data: xl fails at its first error; one finding for the file, not one per line of garbage.
  for (const e of binary ? parse.errors.slice(0, 1) : parse.errors) {
    const message = binary ? `binary file (NUL bytes), not an xl.cfg: ${e.message}` : e.message;
    problems.push({ kind: 'xl-syntax', message, span: lines.span(e.start, Math.max(e.start, e.end - (text[e.end - 1] === '\n' ? 1 : 0))), ...(binary ? { detail: 'encoding' as const } : {}) });
  }
  if (parse.nulInString !== undefined && !binary) {
    problems.push({ kind: 'xl-syntax', message: 'a NUL byte inside a quoted string: libxlu aborts on it (xl create crashes)', span: lines.span(parse.nulInString, parse.nulInString + 1), detail: 'encoding' });
  }
  for (const setting of parse.settings) {
    const statementEnd = setting.written.end;
    const a = new Assignment(setting.name, lines, setting.nameStart, setting.nameEnd, setting.written.start, setting.written.end, setting.nameStart, statementEnd);
    a.value = typedValue(setting);
    a.pyType = typeof a.value === 'number' ? 'int' : Array.isArray(a.value) ? 'list' : 'str';
    if (setting.value.kind === 'list') a.elementSpans = setting.value.items.map((item) => lines.span(item.start, item.end));
    a.xl = setting;
    assignments.push(a);
    vars.set(setting.name, a);
  }
  const n = vars.get('name');
  const name: DomainConfigModel['name'] = n && typeof n.value === 'string' ? { value: n.value, source: 'name', span: n.valueSpan } : undefined;
  return { dialect: 'xl', file, text, lines, assignments, vars, comments, problems, name, xl: { parse }, ...(binary ? { binary: true as const } : {}) };
}

// The fast path for the sysconfig most hosts have: blank lines, comments and
// `NAME=value` lines whose value is bare (no shell-special characters), "…" without
// `$`, backquote or backslash, or '…'; ASCII with LF endings. It builds exactly the
// model the full compiler builds — test/sysconfig/plain-path.test.mjs compares them —
// and returns undefined for anything else, which the chevrotain grammar then takes.

import { LineIndex } from './span.js';
import type { Assignment, Comment, SysconfigModel } from './sysconfig.js';
import { fillupMeta } from './sysconfig-meta.js';

/** Non-ASCII, and control characters other than tab and LF (CR, NUL, …). */
const UNUSUAL = /[^\t\n -~]/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;
/** A bare word without anything bash would expand, quote, glob or treat as an operator. */
const BARE = /^[A-Za-z0-9_/.,:+=@%^-]*/;

/** The model of a plain sysconfig, or undefined when it is not one. */
export function compilePlainSysconfig(text: string, file: string): SysconfigModel | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const lines = new LineIndex(file, text);
  const raw: Array<{ image: string; start: number }> = [];
  const statements: Array<Omit<Assignment, 'meta'>> = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const indent = line.length - line.trimStart().length;
    if (indent === line.length) {
      // blank
    } else if (line[indent] === '#') {
      raw.push({ image: line.slice(indent), start: lineStart + indent });
    } else {
      if (indent > 0) return undefined;
      const m = ASSIGNMENT.exec(line);
      if (!m) return undefined;
      const name = m[1]!;
      const valueAt = m[0].length;
      let end: number;
      let value: string;
      const quote = line[valueAt];
      if (quote === '"' || quote === "'") {
        end = line.indexOf(quote, valueAt + 1) + 1;
        if (end === 0) return undefined;
        value = line.slice(valueAt + 1, end - 1);
        if (quote === '"' && /[$`\\]/.test(value)) return undefined;
      } else {
        value = BARE.exec(line.slice(valueAt))![0];
        end = valueAt + value.length;
      }
      // After the word: the end of the line, or blanks and then the end or a comment.
      const rest = line.slice(end);
      const blanks = rest.length - rest.trimStart().length;
      if (rest.length > 0 && (blanks === 0 || (blanks < rest.length && rest[blanks] !== '#'))) return undefined;
      if (blanks < rest.length) raw.push({ image: rest.slice(blanks), start: lineStart + end + blanks });
      statements.push({
        name,
        nameSpan: lines.span(lineStart, lineStart + name.length),
        exported: false,
        value,
        rawValue: line.slice(valueAt, end),
        valueSpan: lines.span(lineStart + valueAt, lineStart + end),
        span: lines.span(lineStart, lineStart + end),
        expansions: [],
        quoted: quote === '"' || quote === "'",
      });
    }
    lineStart = lineEnd + 1;
  }
  // Fillup comments since the previous statement belong to the next one, as in the full compiler.
  const assignments: Assignment[] = [];
  let commentIndex = 0;
  for (const statement of statements) {
    const start = statement.span.start.offset;
    const meta = fillupMeta(lines, raw, commentIndex, start);
    while (commentIndex < raw.length && raw[commentIndex]!.start < start) commentIndex++;
    assignments.push(meta ? { ...statement, meta } : statement);
  }
  const comments: Comment[] = raw.map((c) => ({ text: c.image.slice(1), span: lines.span(c.start, c.start + c.image.length) }));
  return { file, text, lines, assignments, comments, problems: [] };
}

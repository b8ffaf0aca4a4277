// The fast path for the domain configs most hosts have: only `name = value`
// lines whose values are plain strings, decimal ints or flat lists of those,
// plus comments and blank lines, in ASCII with LF endings. It builds exactly the
// model the full compiler (domain-compile) would — test/domain/simple-path.test.mjs
// compares them — and returns undefined for anything else, which the full compiler then takes.

import type { Comment } from './sysconfig.js';
import type { DomainAssignment, DomainConfigModel, PyTypeName } from './domain.js';
import { Assignment, effectiveName } from './domain-model.js';
import { LineIndex } from './span.js';

/** Python 2's keywords, and the constants whose assignment means something else. */
const RESERVED = new Set(('and as assert break class continue def del elif else except exec finally for from global if import in '
  + 'is lambda not or pass print raise return try while with yield None True False').split(' '));

const LF = 10;
const SPACE = 32;
const TAB = 9;
const HASH = 35;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Gives up on the whole file: a construct for the full compiler. */
class NotSimple extends Error {}

interface Scalar {
  value: string | number;
  pyType: PyTypeName;
  start: number;
  end: number;
}

class Scanner {
  pos = 0;
  readonly comments: Comment[] = [];

  constructor(private readonly text: string, private readonly lines: LineIndex) {}

  private at(offset = this.pos): number {
    return this.text.charCodeAt(offset);
  }

  skipBlanks(): void {
    while (this.at() === SPACE || this.at() === TAB) this.pos++;
  }

  /** A `#` comment up to the end of the line (not the newline). */
  comment(): void {
    const start = this.pos;
    let end = this.text.indexOf('\n', start);
    if (end < 0) end = this.text.length;
    this.comments.push({ text: this.text.slice(start + 1, end), span: this.lines.span(start, end) });
    this.pos = end;
  }

  /** Inside brackets: blanks, newlines and comments. */
  skipInsideBrackets(): void {
    for (;;) {
      const c = this.at();
      if (c === SPACE || c === TAB || c === LF) this.pos++;
      else if (c === HASH) this.comment();
      else return;
    }
  }

  /** The end of a statement: blanks, an optional comment, then a newline or the end of the file. */
  endOfStatement(): void {
    this.skipBlanks();
    if (this.at() === HASH) this.comment();
    if (this.pos < this.text.length && this.at() !== LF) throw new NotSimple();
  }

  name(): { name: string; start: number; end: number } {
    const start = this.pos;
    if (!isIdentStart(this.at())) throw new NotSimple();
    while (isIdentPart(this.at())) this.pos++;
    const name = this.text.slice(start, this.pos);
    if (RESERVED.has(name)) throw new NotSimple();
    return { name, start, end: this.pos };
  }

  scalar(): Scalar {
    const start = this.pos;
    const c = this.at();
    if (c === 39 || c === 34) {
      // '…' or "…" on one line; the caller has ruled out backslashes, so the text is the value
      const close = this.text.indexOf(String.fromCharCode(c), start + 1);
      const newline = this.text.indexOf('\n', start + 1);
      if (close < 0 || (newline >= 0 && newline < close)) throw new NotSimple();
      this.pos = close + 1;
      const next = this.at();
      if (next === 39 || next === 34) throw new NotSimple(); // a triple quote or implicit concatenation
      return { value: this.text.slice(start + 1, close), pyType: 'str', start, end: this.pos };
    }
    if (isDigit(c)) {
      while (isDigit(this.at())) this.pos++;
      const digits = this.text.slice(start, this.pos);
      // octal (0755), longs (L), floats, exponents, hex, and ints past 2**53: the full compiler
      if ((digits.length > 1 && digits[0] === '0') || digits.length > 15 || isIdentPart(this.at()) || this.at() === 46) throw new NotSimple();
      return { value: Number(digits), pyType: 'int', start, end: this.pos };
    }
    throw new NotSimple();
  }

  /** A string, an int, or a flat list of them. */
  value(): Scalar | { value: Array<string | number>; pyType: 'list'; start: number; end: number; elements: Scalar[] } {
    if (this.at() !== 91) return this.scalar();
    const start = this.pos++;
    const elements: Scalar[] = [];
    for (;;) {
      this.skipInsideBrackets();
      if (this.at() === 93) break;
      elements.push(this.scalar());
      this.skipInsideBrackets();
      if (this.at() === 44) this.pos++;
      else if (this.at() !== 93) throw new NotSimple();
    }
    this.pos++;
    return { value: elements.map((e) => e.value), pyType: 'list', start, end: this.pos, elements };
  }
}

/** Characters outside the fast path: non-ASCII, control characters but tab and LF, backslashes, `;`. */
const UNUSUAL = /[^\t\n -:<-[\]-~]/;

/** The model of a simple config, or undefined when it is not one. */
export function compileSimpleConfig(text: string, file: string, basename: string | undefined): DomainConfigModel | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const lines = new LineIndex(file, text);
  const scan = new Scanner(text, lines);
  const assignments: DomainAssignment[] = [];
  const vars = new Map<string, DomainAssignment>();
  try {
    while (scan.pos < text.length) {
      const lineStart = scan.pos;
      scan.skipBlanks();
      const c = text.charCodeAt(scan.pos);
      if (c === HASH) scan.comment();
      else if (scan.pos < text.length && c !== LF) {
        if (scan.pos !== lineStart) return undefined; // indented code
        const target = scan.name();
        scan.skipBlanks();
        if (text.charCodeAt(scan.pos) !== 61 || text.charCodeAt(scan.pos + 1) === 61) return undefined; // not `=` (or `==`)
        scan.pos++;
        scan.skipBlanks();
        const v = scan.value();
        scan.endOfStatement();
        const a = new Assignment(target.name, lines, target.start, target.end, v.start, v.end, target.start, v.end);
        a.value = v.value;
        a.pyType = v.pyType;
        if ('elements' in v) a.elementSpans = v.elements.map((e) => lines.span(e.start, e.end));
        assignments.push(a);
        vars.set(target.name, a);
      }
      if (text.charCodeAt(scan.pos) === LF) scan.pos++;
    }
  } catch (e) {
    if (e instanceof NotSimple) return undefined;
    throw e;
  }
  const unknown = new Map();
  return { dialect: 'xm', file, text, lines, assignments, vars, comments: scan.comments, problems: [], name: effectiveName(vars, unknown, file, basename), unknown };
}

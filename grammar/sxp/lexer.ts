// SXP scanner for `xm list -l` output and xend save-image configs: a pull
// scanner (`next()` returns one token kind, offsets in fields) so the parser
// needs no token array. Not a chevrotain Lexer: at 5,000 domains (10 MB, 1.3 M
// tokens) chevrotain's token objects cost ~10x the budget. Trees: parser.ts.

export const TOK_EOF = 0;
export const TOK_LPAREN = 1;
export const TOK_RPAREN = 2;
/** A bare atom: its value is the text itself. */
export const TOK_ATOM = 3;
/** A Python-repr quoted atom with its closing quote. */
export const TOK_QUOTED = 4;
/** A quoted atom cut off by the end of the line (xend never prints a raw newline in a repr). */
export const TOK_QUOTED_OPEN = 5;

export interface SxpLexError {
  message: string;
  start: number;
  end: number;
}

/** Kept per parse; a binary file would otherwise produce millions. */
export const MAX_ERRORS = 100;

const C_ATOM = 0;
const C_SPACE = 1;
const C_LPAREN = 2;
const C_RPAREN = 3;
const C_QUOTE = 4;
const C_JUNK = 5;

// ASCII classes by table: the hot loop must not branch through a chain of compares.
const CLASS = new Uint8Array(128);
for (let c = 0; c < 32; c++) CLASS[c] = C_JUNK;
for (const c of [9, 10, 11, 12, 13, 32]) CLASS[c] = C_SPACE;
CLASS[40] = C_LPAREN;
CLASS[41] = C_RPAREN;
CLASS[39] = C_QUOTE;
CLASS[34] = C_QUOTE;
CLASS[127] = C_JUNK;

function classOf(c: number): number {
  if (c < 128) return CLASS[c]!;
  if (c === 0xfeff) return C_SPACE; // a BOM from an editor is harmless
  if (c === 0xfffd) return C_JUNK; // what invalid UTF-8 decodes to: the capture was binary
  return C_ATOM;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export class SxpScanner {
  /** Offsets of the token `next()` returned; `end` exclusive. */
  start = 0;
  end = 0;
  readonly errors: SxpLexError[] = [];
  /** Errors beyond MAX_ERRORS, counted only. */
  suppressedErrors = 0;
  private pos = 0;
  private readonly n: number;

  constructor(readonly text: string) {
    this.n = text.length;
  }

  error(message: string, start: number, end: number): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ message, start, end });
    else this.suppressedErrors++;
  }

  next(): number {
    const text = this.text;
    const n = this.n;
    let i = this.pos;
    while (i < n) {
      const c = text.charCodeAt(i);
      const cls = c < 128 ? CLASS[c]! : classOf(c);
      if (cls === C_SPACE) {
        i++;
        continue;
      }
      this.start = i;
      if (cls === C_ATOM) {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if ((d < 128 ? CLASS[d]! : classOf(d)) !== C_ATOM) break;
          j++;
        }
        this.end = this.pos = j;
        return TOK_ATOM;
      }
      if (cls === C_LPAREN) {
        this.end = this.pos = i + 1;
        return TOK_LPAREN;
      }
      if (cls === C_RPAREN) {
        this.end = this.pos = i + 1;
        return TOK_RPAREN;
      }
      if (cls === C_QUOTE) return this.quoted(i, c);
      let j = i + 1;
      while (j < n && classOf(text.charCodeAt(j)) === C_JUNK) j++;
      const code = c.toString(16).toUpperCase().padStart(4, '0');
      this.error(`binary data (U+${code}) where SXP text was expected`, i, j);
      i = j;
    }
    this.start = this.end = this.pos = n;
    return TOK_EOF;
  }

  /** A Python repr string from its opening quote. */
  private quoted(open: number, quote: number): number {
    const text = this.text;
    const n = this.n;
    let j = open + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === quote) {
        this.end = this.pos = j + 1;
        return TOK_QUOTED;
      }
      if (d === 10) break;
      if (d === 92) {
        const e = j + 1 < n ? text.charCodeAt(j + 1) : -1;
        if (e === 10 || e === -1) {
          j++;
          break;
        }
        if (e === 120 /* x */ && !(isHex(text.charCodeAt(j + 2)) && isHex(text.charCodeAt(j + 3)))) {
          this.error('invalid \\x escape in quoted atom: two hex digits expected', j, Math.min(n, j + 4));
        }
        j += 2;
        continue;
      }
      j++;
    }
    let stop = Math.min(j, n);
    if (stop > open + 1 && text.charCodeAt(stop - 1) === 13) stop--; // CRLF: the CR is not content
    this.end = stop;
    this.pos = j;
    this.error(`unterminated quoted atom: missing closing ${String.fromCharCode(quote)} before the end of the line`, open, stop);
    return TOK_QUOTED_OPEN;
  }
}

/** All tokens at once (tests and tools; the parser pulls from SxpScanner directly). */
export function lexSxp(text: string): { tokens: Array<{ kind: number; start: number; end: number }>; errors: SxpLexError[] } {
  const s = new SxpScanner(text);
  const tokens: Array<{ kind: number; start: number; end: number }> = [];
  for (let k = s.next(); k !== TOK_EOF; k = s.next()) tokens.push({ kind: k, start: s.start, end: s.end });
  return { tokens, errors: s.errors };
}

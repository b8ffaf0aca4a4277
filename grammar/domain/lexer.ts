// Tokens of Python 2 source as xm create reads a domain config (execfile).
// Built once per process. Strings are scanned by hand (no regex backtracking);
// line joining, indentation and meaning are left to lines.ts and the compiler.

import { skipGrammarValidations } from '../checks.js';
import { createToken, Lexer, type CustomPatternMatcherFunc, type ILexingError, type IToken, type TokenType } from 'chevrotain';

// ---------------------------------------------------------------------------
// String literals: [u|b][r] or [r] prefix (any case, as Python 2 accepts), then
// '…', "…", '''…''' or """…""". A backslash escapes the next character for
// the purpose of finding the end quote (also in raw strings).

export interface StringScan {
  /** Exclusive end offset. */
  end: number;
  terminated: boolean;
  /** Length of the prefix letters. */
  prefixLength: number;
  /** 1 or 3. */
  quoteLength: number;
}

let cacheText = '';
let cacheOffset = -1;
let cacheScan: StringScan | null = null;

function isPrefixLetter(c: number): 0 | 1 | 2 {
  // 1: u/U/b/B, 2: r/R
  if (c === 117 || c === 85 || c === 98 || c === 66) return 1;
  if (c === 114 || c === 82) return 2;
  return 0;
}

/** Scans a Python 2 string literal starting at `offset`, or returns null if none starts there. */
export function scanString(text: string, offset: number): StringScan | null {
  if (offset === cacheOffset && text === cacheText) return cacheScan;
  let i = offset;
  let c = text.charCodeAt(i);
  const first = isPrefixLetter(c);
  if (first === 1) {
    i++;
    c = text.charCodeAt(i);
    if (c === 114 || c === 82) {
      i++;
      c = text.charCodeAt(i);
    }
  } else if (first === 2) {
    i++;
    c = text.charCodeAt(i);
  }
  let result: StringScan | null = null;
  if (c === 39 || c === 34) {
    const prefixLength = i - offset;
    const q = c;
    const n = text.length;
    if (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
      let j = i + 3;
      let end = -1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === q && text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q) {
          end = j + 3;
          break;
        } else j++;
      }
      result = end < 0
        ? { end: n, terminated: false, prefixLength, quoteLength: 3 }
        : { end, terminated: true, prefixLength, quoteLength: 3 };
    } else {
      let j = i + 1;
      let end = -1;
      let stop = n;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          // backslash: escapes the next char; a CRLF after it counts as one newline
          if (text.charCodeAt(j + 1) === 13 && text.charCodeAt(j + 2) === 10) j += 3;
          else j += 2;
        } else if (d === q) {
          end = j + 1;
          break;
        } else if (d === 10 || d === 13) {
          stop = j;
          break;
        } else j++;
      }
      result = end < 0
        ? { end: Math.min(stop, n), terminated: false, prefixLength, quoteLength: 1 }
        : { end, terminated: true, prefixLength, quoteLength: 1 };
    }
  }
  cacheText = text;
  cacheOffset = offset;
  cacheScan = result;
  return result;
}

function stringMatcher(terminated: boolean): CustomPatternMatcherFunc {
  return (text, offset) => {
    const s = scanString(text, offset);
    if (!s || s.terminated !== terminated) return null;
    return [text.slice(offset, s.end)] as unknown as RegExpExecArray;
  };
}

const STRING_START = ["'", '"', 'u', 'U', 'b', 'B', 'r', 'R'];

// ---------------------------------------------------------------------------
// Token categories used by the parser.

export const BinOp = createToken({ name: 'BinOp', pattern: Lexer.NA });
export const CompOp = createToken({ name: 'CompOp', pattern: Lexer.NA });
export const AugAssign = createToken({ name: 'AugAssign', pattern: Lexer.NA });

// ---------------------------------------------------------------------------

export const Bom = createToken({ name: 'Bom', pattern: /\uFEFF/, group: 'bom' });
export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\f]+/, group: Lexer.SKIPPED });
export const Continuation = createToken({ name: 'Continuation', pattern: /\\(?:\r\n|\r|\n)/, group: Lexer.SKIPPED, line_breaks: true });
export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });
export const StringLit = createToken({
  name: 'String', pattern: stringMatcher(true), start_chars_hint: STRING_START, line_breaks: true,
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString', pattern: stringMatcher(false), start_chars_hint: STRING_START, line_breaks: true,
});
/** Every Python 2 number form; validity (e.g. `089`, `1.5L`) is checked by the compiler. */
export const NumberLit = createToken({
  name: 'Number',
  pattern: /(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)[lL]?|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?[jJlL]?/,
});
export const Name = createToken({ name: 'Name', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

export const PY2_KEYWORDS = [
  'and', 'as', 'assert', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'exec', 'finally',
  'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'not', 'or', 'pass', 'print', 'raise', 'return',
  'try', 'while', 'with', 'yield',
] as const;

function kw(word: string, extra: TokenType[] = []): TokenType {
  return createToken({
    name: `Kw_${word}`, pattern: new RegExp(word), longer_alt: Name, categories: extra,
  });
}

export const KwAnd = kw('and');
export const KwOr = kw('or');
export const KwNot = kw('not');
export const KwIn = kw('in');
export const KwIs = kw('is');
export const KwIf = kw('if');
export const KwElse = kw('else');
export const KwFor = kw('for');
export const KwLambda = kw('lambda');
export const KwYield = kw('yield');
const OTHER_KEYWORDS: TokenType[] = PY2_KEYWORDS
  .filter((w) => !['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'lambda', 'yield'].includes(w))
  .map((w) => kw(w));
/** Keyword token types by word. */
export const KEYWORD_TYPES = new Map<string, TokenType>(
  [KwAnd, KwOr, KwNot, KwIn, KwIs, KwIf, KwElse, KwFor, KwLambda, KwYield, ...OTHER_KEYWORDS].map((t) => [t.name.slice(3), t]),
);

function op(name: string, pattern: RegExp, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, categories });
}

export const AugOp = op('AugOp', /\*\*=|\/\/=|>>=|<<=|[-+*/%&|^]=/, [AugAssign]);
export const DoubleStar = op('DoubleStar', /\*\*/);
export const DoubleSlash = op('DoubleSlash', /\/\//, [BinOp]);
export const Shift = op('Shift', /<<|>>/, [BinOp]);
export const Compare = op('Compare', /<=|>=|==|!=|<>|<|>/, [CompOp]);
export const Plus = op('Plus', /\+/, [BinOp]);
export const Minus = op('Minus', /-/, [BinOp]);
export const Star = op('Star', /\*/, [BinOp]);
export const Slash = op('Slash', /\//, [BinOp]);
export const Percent = op('Percent', /%/, [BinOp]);
export const Amp = op('Amp', /&/, [BinOp]);
export const Pipe = op('Pipe', /\|/, [BinOp]);
export const Caret = op('Caret', /\^/, [BinOp]);
export const Tilde = op('Tilde', /~/);
export const Equals = op('Equals', /=/);
export const Dot = op('Dot', /\./);
export const Comma = op('Comma', /,/);
export const Colon = op('Colon', /:/);
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });
export const At = op('At', /@/);
export const Backtick = op('Backtick', /`/);
export const LParen = op('LParen', /\(/);
export const RParen = op('RParen', /\)/);
export const LBracket = op('LBracket', /\[/);
export const RBracket = op('RBracket', /\]/);
export const LBrace = op('LBrace', /\{/);
export const RBrace = op('RBrace', /\}/);

/** Not produced by the lexer: marks where the lexer skipped characters, so the line can be flagged. */
export const LexError = createToken({ name: 'LexError', pattern: Lexer.NA });

export const allTokens: TokenType[] = [
  Bom, Whitespace, Continuation, Newline, Comment, StringLit, UnterminatedString, NumberLit,
  // longest first, so `as` does not shadow `assert` (longer_alt makes `assertx` a Name)
  ...[...KEYWORD_TYPES.values()].sort((a, b) => b.name.length - a.name.length), Name,
  AugOp, DoubleStar, DoubleSlash, Shift, Compare, Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Tilde,
  Equals, Dot, Comma, Colon, Semicolon, At, Backtick, LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  // categories and pseudo tokens last (never matched)
  BinOp, CompOp, AugAssign, LexError,
];

// Built on first use: plain configs take the compiler's fast path and never need it.
let lexer: Lexer | undefined;

export interface DomainLexResult {
  tokens: IToken[];
  comments: IToken[];
  boms: IToken[];
  errors: ILexingError[];
}

export function lexDomain(text: string): DomainLexResult {
  lexer ??= new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true, skipValidations: skipGrammarValidations });
  const r = lexer.tokenize(text);
  const groups = r.groups as Record<string, IToken[]>;
  return { tokens: r.tokens, comments: groups['comments'] ?? [], boms: groups['bom'] ?? [], errors: r.errors };
}

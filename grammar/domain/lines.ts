// Groups domain-config tokens into Python logical lines (newlines inside
// brackets are ignored, blank and comment-only lines dropped) and works out the
// indentation structure (which lines are bodies of `if`/`def`/… blocks).
// Lines with bracket, string or character errors carry a problem and are not parsed.

import type { ILexingError, IToken, TokenType } from 'chevrotain';
import * as T from './lexer.js';

/** Python 2's parser gives up ("s_push: parser stack overflow") at about this bracket depth. */
export const MAX_BRACKET_DEPTH = 90;

export interface LineProblem {
  message: string;
  start: number;
  end: number;
  detail?: 'indentation' | 'encoding';
}

export interface LogicalLine {
  /** Tokens without newlines; never empty. */
  tokens: IToken[];
  start: number;
  /** Exclusive. */
  end: number;
  /** Python 2 indentation width of the first token (a tab advances to the next multiple of 8). */
  indent: number;
  /** Set when the line cannot be parsed; the compiler reports it and skips the line. */
  problem?: LineProblem;
  /** Index of the top-level compound statement (`if`, `def`, …) whose block contains this line, or -1. */
  blockOwner: number;
  /** Inside a `def` or `class` body: assignments there are local, not config variables. */
  localScope: boolean;
}

export const COMPOUND_KEYWORDS = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'def', 'class']);

const OPENERS = new Map<TokenType, string>([[T.LParen, ')'], [T.LBracket, ']'], [T.LBrace, '}']]);
const CLOSERS = new Set<TokenType>([T.RParen, T.RBracket, T.RBrace]);

function endOf(t: IToken): number {
  return t.startOffset + t.image.length;
}

function lexErrorMessage(text: string, e: ILexingError): string {
  const ch = text[e.offset] ?? '';
  const code = ch.charCodeAt(0);
  if (ch === '\\') return 'unexpected character after line continuation character (a backslash must end the line)';
  if (code === 0) return 'NUL byte in the file';
  if (code === 0xfffd) return 'invalid UTF-8 (replacement character) outside a string';
  if (code > 0x7f) return `non-ASCII character \`${ch}\` outside a string: Python identifiers and operators are ASCII`;
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()} outside a string`;
  return `unexpected character \`${ch}\``;
}

function isLineStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const c = text.charCodeAt(offset - 1);
  return c === 10 || c === 13;
}

function indentOf(text: string, tokenStart: number): number {
  let s = tokenStart;
  while (s > 0) {
    const c = text.charCodeAt(s - 1);
    if (c === 10 || c === 13) break;
    s--;
  }
  let col = 0;
  for (let i = s; i < tokenStart; i++) {
    const c = text.charCodeAt(i);
    if (c === 9) col = (Math.floor(col / 8) + 1) * 8;
    else if (c === 12) col = 0;
    else if (c === 0xfeff) continue;
    else col++;
  }
  return col;
}

/** Merges lexer error positions into the token stream as LexError pseudo tokens. */
function withErrors(text: string, tokens: IToken[], errors: ILexingError[]): IToken[] {
  if (!errors.length) return tokens;
  const out: IToken[] = [];
  let j = 0;
  for (const t of tokens) {
    while (j < errors.length && errors[j]!.offset < t.startOffset) out.push(errorToken(text, errors[j++]!));
    out.push(t);
  }
  while (j < errors.length) out.push(errorToken(text, errors[j++]!));
  return out;
}

function errorToken(text: string, e: ILexingError): IToken {
  return {
    image: text.slice(e.offset, e.offset + e.length), startOffset: e.offset, endOffset: e.offset + e.length - 1,
    tokenType: T.LexError, tokenTypeIdx: T.LexError.tokenTypeIdx!, payload: lexErrorMessage(text, e),
  } as IToken;
}

function startsStatement(tokens: IToken[], i: number): boolean {
  const t = tokens[i]!;
  if (t.tokenType === T.Name) {
    const next = tokens[i + 1];
    return next !== undefined && (next.tokenType === T.Equals || next.tokenType === T.AugOp);
  }
  return T.KEYWORD_TYPES.get(t.image) === t.tokenType && !['and', 'or', 'not', 'in', 'is', 'lambda', 'else', 'if', 'for'].includes(t.image);
}

function join(text: string, tokens: IToken[], recoverUnclosed: boolean): { lines: LogicalLine[]; unclosed: boolean } {
  const lines: LogicalLine[] = [];
  let cur: IToken[] = [];
  let problem: LineProblem | undefined;
  const stack: IToken[] = [];
  let unclosed = false;
  const flag = (message: string, start: number, end: number) => {
    problem ??= { message, start, end };
  };
  const finish = () => {
    if (cur.length) {
      const first = cur[0]!;
      const line: LogicalLine = {
        tokens: cur, start: first.startOffset, end: endOf(cur[cur.length - 1]!), indent: indentOf(text, first.startOffset),
        blockOwner: -1, localScope: false,
      };
      if (problem) line.problem = problem;
      lines.push(line);
    }
    cur = [];
    problem = undefined;
  };
  const neverClosed = () => {
    const open = stack[0]!;
    flag(`\`${open.image}\` is never closed`, open.startOffset, endOf(open));
    stack.length = 0;
    unclosed = true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (type === T.Newline) {
      if (stack.length) {
        const next = tokens[i + 1];
        if (!recoverUnclosed || !next || !isLineStart(text, next.startOffset) || !startsStatement(tokens, i + 1)) continue;
        neverClosed();
      }
      finish();
      continue;
    }
    const closer = OPENERS.get(type);
    if (closer !== undefined) {
      stack.push(t);
      if (stack.length === MAX_BRACKET_DEPTH + 1) {
        flag(`brackets nested more than ${MAX_BRACKET_DEPTH} deep: Python 2's parser gives up ("s_push: parser stack overflow")`,
          t.startOffset, endOf(t));
      }
    } else if (CLOSERS.has(type)) {
      const open = stack.pop();
      if (!open) flag(`unmatched \`${t.image}\``, t.startOffset, endOf(t));
      else if (OPENERS.get(open.tokenType) !== t.image) {
        flag(`closing \`${t.image}\` does not match opening \`${open.image}\``, t.startOffset, endOf(t));
      }
    } else if (type === T.Semicolon && stack.length) {
      flag('invalid syntax: `;` inside brackets', t.startOffset, endOf(t));
    } else if (type === T.UnterminatedString) {
      const triple = /^[uUbBrR]{0,2}('''|""")/.test(t.image);
      flag(triple
        ? 'unterminated triple-quoted string (Python: "EOF while scanning triple-quoted string literal")'
        : 'unterminated string (Python: "EOL while scanning string literal")', t.startOffset, endOf(t));
    } else if (type === T.LexError) {
      flag(t.payload as string, t.startOffset, endOf(t));
      const c = t.image.charCodeAt(0);
      if (problem && problem.start === t.startOffset && (c === 0 || c > 0x7f)) problem.detail = 'encoding';
    }
    cur.push(t);
  }
  if (stack.length) neverClosed();
  finish();
  return { lines, unclosed };
}

/** Splits the lexed tokens into logical lines. */
export function logicalLines(text: string, tokens: IToken[], errors: ILexingError[]): LogicalLine[] {
  const all = withErrors(text, tokens, errors);
  const first = join(text, all, false);
  // An unclosed bracket swallows the rest of the file; rejoin, ending the bracket
  // at the next line that starts at column 1 with `name =` or a statement keyword.
  return first.unclosed ? join(text, all, true).lines : first.lines;
}

export interface IndentProblem {
  message: string;
  offset: number;
}

/** Marks block bodies (blockOwner, localScope) and returns Python's IndentationErrors. */
export function blockStructure(lines: LogicalLine[]): IndentProblem[] {
  const problems: IndentProblem[] = [];
  const stack: Array<{ indent: number; owner: number; local: boolean }> = [{ indent: 0, owner: -1, local: false }];
  let expecting: { owner: number; local: boolean } | undefined;
  let expectingAt = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ind = line.indent;
    let top = stack[stack.length - 1]!;
    if (expecting) {
      if (ind > top.indent) {
        stack.push({ indent: ind, owner: expecting.owner, local: expecting.local });
        top = stack[stack.length - 1]!;
      } else {
        problems.push({ message: 'expected an indented block (Python: IndentationError)', offset: line.start });
      }
      expecting = undefined;
    } else if (ind > top.indent) {
      line.problem ??= { message: 'unexpected indent (Python: IndentationError)', start: line.start, end: line.start, detail: 'indentation' };
    } else {
      while (ind < top.indent) {
        stack.pop();
        top = stack[stack.length - 1]!;
      }
      if (ind > top.indent) {
        problems.push({ message: 'unindent does not match any outer indentation level (Python: IndentationError)', offset: line.start });
      }
    }
    line.blockOwner = stack.length > 1 ? stack[1]!.owner : -1;
    line.localScope = top.local;
    const first = line.tokens[0]!;
    const last = line.tokens[line.tokens.length - 1]!;
    const compound = (COMPOUND_KEYWORDS.has(first.image) && T.KEYWORD_TYPES.get(first.image) === first.tokenType);
    if (compound && last.tokenType === T.Colon) {
      expecting = {
        owner: line.blockOwner >= 0 ? line.blockOwner : i,
        local: top.local || first.image === 'def' || first.image === 'class',
      };
      expectingAt = line.end;
    }
  }
  if (expecting) problems.push({ message: 'expected an indented block at the end of the file (Python: IndentationError)', offset: expectingAt });
  return problems;
}

// Tokens of an xl.cfg file exactly as libxlu's flex scanner (libxlu_cfg_l.l)
// cuts them: lowercase IDENT, permissive NUMBER, quoted STRING, `#…\n` as one
// NEWLINE, and the scanner's error state (an unmatched byte plus the run after
// it) as one LexError token. Meaning and messages are the parser's job.

import { createToken, Lexer, type CustomPatternMatcherFunc, type IToken, type TokenType } from 'chevrotain';
import { skipGrammarValidations } from '../checks.js';

/** flex's `[^ \t\n]*|[ \t]` after an unmatched byte (yymore): a blank, a newline, or the run of non-blanks. */
const matchLexError: CustomPatternMatcherFunc = (text, offset) => {
  const c = text.charCodeAt(offset);
  if (Number.isNaN(c) || c === 10) return null;
  let end = offset + 1;
  const next = text.charCodeAt(end);
  // a non-ASCII character is several bytes: flex's error state goes on with its next byte, never a blank
  if (c < 0x80 && (next === 32 || next === 9 || next === 10)) end++;
  else {
    while (end < text.length) {
      const d = text.charCodeAt(end);
      if (d === 32 || d === 9 || d === 10) break;
      end++;
    }
  }
  return [text.slice(offset, end)] as unknown as RegExpExecArray;
};

export const Newline = createToken({ name: 'NEWLINE', pattern: /#[^\n]*\n|\n/, line_breaks: true });
export const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/, group: Lexer.SKIPPED });
export const Ident = createToken({ name: 'IDENT', pattern: /[a-z][._0-9a-z]*/ });
export const NumberToken = createToken({ name: 'NUMBER', pattern: /[0-9][0-9a-fx]*/ });
export const PlusAssign = createToken({ name: '+=', pattern: /\+=/ });
export const Assign = createToken({ name: "'='", pattern: /=/ });
export const Semicolon = createToken({ name: "';'", pattern: /;/ });
export const LBracket = createToken({ name: "'['", pattern: /\[/ });
export const RBracket = createToken({ name: "']'", pattern: /\]/ });
export const Comma = createToken({ name: "','", pattern: /,/ });
export const StringToken = createToken({ name: 'STRING', pattern: /'(?:[^'\\\n]|\\[^\n])*'|"(?:[^"\\\n]|\\[^\n])*"/ });
/** Anything else: a lexical error. Its text may end with the newline that the error state swallows. */
export const LexError = createToken({ name: 'LexError', pattern: matchLexError, line_breaks: true });

export const allTokens: TokenType[] = [Newline, Blank, Ident, NumberToken, PlusAssign, Assign, Semicolon, LBracket, RBracket, Comma, StringToken, LexError];

let lexer: Lexer | undefined;

/** Built on first use, once per process. */
export function xlcfgLexer(): Lexer {
  return (lexer ??= new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: skipGrammarValidations }));
}

/** Bytes whose lexical error makes xl print its "looks like Python" hint (flex's `[+-.():]`, `,` excepted). */
export function isPythonHintChar(c: string): boolean {
  return c === '+' || c === '-' || c === '.' || c === '(' || c === ')' || c === ':';
}

export function tokenize(text: string): IToken[] {
  // LexError matches any byte, so chevrotain never reports errors of its own.
  return xlcfgLexer().tokenize(text).tokens;
}

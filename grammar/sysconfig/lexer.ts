// Tokens of the shell-assignment subset that /etc/sysconfig/xendomains is
// written in. Lexer modes follow bash's quoting contexts (top level, "…");
// '…' and $'…' are single tokens. Meaning is given by the compiler, not here.

import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from 'chevrotain';
import { skipGrammarValidations } from '../checks.js';

// `#` starts a comment only at the start of a word: at the start of the file
// or after a blank, a line break or an operator (an escaped blank `\ ` is part of
// the word). The previous token decides; a backslash-newline between is skipped
// (it joins the lines), so it is looked through, except inside a comment.
const WORD_BREAKS = new Set(['Blank', 'Newline', 'Semicolon', 'Operator']);
const matchComment: CustomPatternMatcherFunc = (text, offset, tokens) => {
  if (text.charCodeAt(offset) !== 35 /* # */) return null;
  const previous = tokens?.[tokens.length - 1];
  if (previous && !WORD_BREAKS.has(previous.tokenType.name)) return null;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return [text.slice(offset, end)] as unknown as RegExpExecArray;
};

/** Matches `body` at the offset only when it runs to the end of the text (unterminated quotes, a final backslash). */
function untilEnd(body: RegExp): CustomPatternMatcherFunc {
  const sticky = new RegExp(body.source, 'y');
  return (text, offset) => {
    sticky.lastIndex = offset;
    const m = sticky.exec(text);
    return m && offset + m[0].length === text.length ? m : null;
  };
}

export const Comment = createToken({ name: 'Comment', pattern: matchComment, line_breaks: false, start_chars_hint: ['#'] });
export const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/ });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true });
/** After Operator in the mode, so `;;` (a case terminator) stays one token. */
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });
/** Backslash-newline is removed before bash splits words, inside a word or between words. */
export const Continuation = createToken({ name: 'Continuation', pattern: /\\\n/, line_breaks: true, group: Lexer.SKIPPED });
/** Control and redirection operators, and the parentheses of arrays and subshells. */
export const Operator = createToken({ name: 'Operator', pattern: /&&|\|\||;;|<<-?|>>|[|&<>()]/ });
export const Escape = createToken({ name: 'Escape', pattern: /\\[^\n]/ });
export const TrailingBackslash = createToken({ name: 'TrailingBackslash', pattern: untilEnd(/\\/), start_chars_hint: ['\\'] });
export const SingleQuoted = createToken({ name: 'SingleQuoted', pattern: /'[^']*'/, line_breaks: true });
export const UnterminatedSingle = createToken({ name: 'UnterminatedSingle', pattern: untilEnd(/'[^']*/), line_breaks: true, start_chars_hint: ["'"] });
export const AnsiQuoted = createToken({ name: 'AnsiQuoted', pattern: /\$'(?:[^'\\]|\\[\s\S])*'/, line_breaks: true });
export const UnterminatedAnsi = createToken({ name: 'UnterminatedAnsi', pattern: untilEnd(/\$'(?:[^'\\]|\\[\s\S])*\\?/), line_breaks: true, start_chars_hint: ['$'] });
/** `$NAME` or `${NAME}`: the only expansions the compiler evaluates. */
export const Param = createToken({ name: 'Param', pattern: /\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/ });
/** `${…}` with an operator, `$1`, `$?` …: parameter forms the compiler does not evaluate. */
export const OtherParam = createToken({ name: 'OtherParam', pattern: /\$(?:\{[^}\n]*\}?|[0-9@*#?$!-])/ });
export const CommandSubst = createToken({ name: 'CommandSubst', pattern: /\$\(|`/ });
export const DqOpen = createToken({ name: 'DqOpen', pattern: /\$?"/, push_mode: 'dq' });
export const Bare = createToken({ name: 'Bare', pattern: /[^ \t\n;|&<>()'"\\$`]+|\$/ });

export const DqClose = createToken({ name: 'DqClose', pattern: /"/, pop_mode: true });
export const DqText = createToken({ name: 'DqText', pattern: /[^"\\$`]+|\$/, line_breaks: true });
/** Inside "…" a backslash escapes only $ ` " \ and newline; before anything else it is literal. */
export const DqEscape = createToken({ name: 'DqEscape', pattern: /\\[$`"\\\n]/, line_breaks: true });
export const DqBackslash = createToken({ name: 'DqBackslash', pattern: /\\/ });

const topMode: TokenType[] = [
  Comment, Blank, Newline, Operator, Semicolon, Continuation, Escape, TrailingBackslash,
  SingleQuoted, UnterminatedSingle, AnsiQuoted, UnterminatedAnsi, Param, OtherParam, CommandSubst, DqOpen, Bare,
];
const dqMode: TokenType[] = [DqClose, DqEscape, DqBackslash, Param, OtherParam, CommandSubst, DqText];

export const allTokens: TokenType[] = [...new Set([...topMode, ...dqMode])];

let lexer: Lexer | undefined;

/** Built on first use: a plain sysconfig takes the compiler's fast path and never needs it. */
export function sysconfigLexer(): Lexer {
  return (lexer ??= new Lexer(
    { modes: { top: topMode, dq: dqMode }, defaultMode: 'top' },
    { positionTracking: 'onlyOffset', safeMode: true, skipValidations: skipGrammarValidations },
  ));
}

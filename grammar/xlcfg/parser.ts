// libxlu's xl.cfg grammar (libxlu_cfg_y.y) run the way its Bison parser runs
// it: an LALR(1) automaton with Bison's default reductions, its error
// recovery (`stmt: error NEWLINE`, three-token silence) and libxlu's message
// suppression, so the errors, their order, text and (xl's) line numbers are
// exactly what `xl create` prints. Values are stored as libxlu stores them;
// how xl then reads each key is src/model/xlcfg-values.ts.
//
// Why not a chevrotain parser: which errors xl reports, and the "expecting …"
// lists, are properties of Bison's tables and recovery, which an LL parser
// does not have. The tokens come from the chevrotain lexer (lexer.ts).

import type { IToken } from 'chevrotain';
import { parseSimpleXlConfig } from './fast.js';
import * as T from './lexer.js';

/** A value as libxlu stores it: atoms are text (quotes only matter to the lexer), lists nest. */
export type XlValue = XlAtom | XlList;

export interface XlAtom {
  kind: 'atom';
  text: string;
  /** Written as a NUMBER token (unquoted) rather than a STRING. */
  number: boolean;
  start: number;
  end: number;
  /** libxlu's line of the value (its first token). */
  line: number;
}

export interface XlList {
  kind: 'list';
  items: XlValue[];
  start: number;
  end: number;
  line: number;
}

export interface XlSetting {
  name: string;
  op: '=' | '+=';
  /** The stored value: for `+=`, already joined with the previous setting's. */
  value: XlValue;
  /** The value as written in this statement (for `+=`, only the added part). */
  written: XlValue;
  nameStart: number;
  nameEnd: number;
  /** libxlu's line number of the setting (the line where the value starts). */
  line: number;
}

/** One message libxlu prints while parsing. */
export interface XlParseError {
  /** The whole line xl prints, without the `<src>:<line>: ` prefix: `config parsing error near …: …`. */
  message: string;
  /** The line number xl prints (one too few for errors at a NEWLINE). */
  xlLine: number;
  /** Where the problem really is (offsets into the text). */
  start: number;
  end: number;
  kind: 'lexical' | 'syntax' | 'escape' | 'concat';
}

export interface XlParseResult {
  /** Every setting, in order; empty when the parse failed (xl then reads nothing). */
  settings: XlSetting[];
  errors: XlParseError[];
  ok: boolean;
  /** xl's "Config file looks like it contains Python code" hint is printed. */
  pythonHint: boolean;
  /** Byte offsets of NUL bytes inside quoted strings: libxlu aborts on them (assertion failure). */
  nulInString?: number;
  comments: Array<{ start: number; end: number }>;
}

// Symbols, in Bison's internal numbering (the order of the "expecting" lists).
const END = 0;
const ERROR = 1;
const IDENT = 3;
const STRING = 4;
const NUMBER = 5;
const NEWLINE = 6;
const PLUSEQ = 7;
const EQ = 8;
const SEMI = 9;
const LBR = 10;
const RBR = 11;
const COMMA = 12;
const SYMBOL_NAMES = ['$end', 'error', '$undefined', 'IDENT', 'STRING', 'NUMBER', 'NEWLINE', '+=', "'='", "';'", "'['", "']'", "','"];

// Nonterminals.
const FILE = 'file', STMTS = 'stmts', STMT = 'stmt', ASSIGNMENT = 'assignment', ENDSTMT = 'endstmt', VALUE = 'value',
  ATOM = 'atom', VALUELIST = 'valuelist', VALUES = 'values', NLOK = 'nlok';

interface Rule {
  lhs: string;
  length: number;
}

const RULES: Rule[] = [
  { lhs: '$accept', length: 2 }, // 0
  { lhs: FILE, length: 1 }, // 1 file: stmts
  { lhs: FILE, length: 2 }, // 2 file: stmts assignment
  { lhs: STMTS, length: 0 }, // 3
  { lhs: STMTS, length: 2 }, // 4 stmts: stmts stmt
  { lhs: STMT, length: 2 }, // 5 stmt: assignment endstmt
  { lhs: STMT, length: 1 }, // 6 stmt: endstmt
  { lhs: STMT, length: 2 }, // 7 stmt: error NEWLINE
  { lhs: ASSIGNMENT, length: 3 }, // 8 IDENT '=' value
  { lhs: ASSIGNMENT, length: 3 }, // 9 IDENT "+=" value
  { lhs: ENDSTMT, length: 1 }, // 10 NEWLINE
  { lhs: ENDSTMT, length: 1 }, // 11 ';'
  { lhs: VALUE, length: 1 }, // 12 atom
  { lhs: VALUE, length: 4 }, // 13 '[' nlok valuelist ']'
  { lhs: ATOM, length: 1 }, // 14 STRING
  { lhs: ATOM, length: 1 }, // 15 NUMBER
  { lhs: VALUELIST, length: 0 }, // 16
  { lhs: VALUELIST, length: 1 }, // 17 values
  { lhs: VALUELIST, length: 3 }, // 18 values ',' nlok
  { lhs: VALUES, length: 2 }, // 19 value nlok
  { lhs: VALUES, length: 5 }, // 20 values ',' nlok value nlok
  { lhs: NLOK, length: 0 }, // 21
  { lhs: NLOK, length: 2 }, // 22 nlok NEWLINE
];

/** An action: a state to shift to (>= 0), a rule to reduce by (-rule), or ACCEPT. */
const ACCEPT = 1000;

interface State {
  /** Explicit actions by lookahead symbol. */
  actions?: Record<number, number>;
  /** Bison's default reduction (a rule number), taken without looking at the token when there are no actions. */
  reduce?: number;
  gotos?: Record<string, number>;
}

const VALUE_START = { [STRING]: 15, [NUMBER]: 16, [LBR]: 17 };

// The LALR(1) automaton of the grammar above, as Bison builds it (a state with
// a shift on `error` gets no default reduction).
const STATES: State[] = [];
STATES[0] = { reduce: 3, gotos: { [FILE]: 1, [STMTS]: 2 } };
STATES[1] = { actions: { [END]: ACCEPT } };
STATES[2] = { actions: { [ERROR]: 4, [IDENT]: 5, [NEWLINE]: 6, [SEMI]: 7, [END]: -1 }, gotos: { [ASSIGNMENT]: 11, [STMT]: 12, [ENDSTMT]: 13 } };
STATES[4] = { actions: { [NEWLINE]: 8 } };
STATES[5] = { actions: { [EQ]: 9, [PLUSEQ]: 10 } };
STATES[6] = { reduce: 10 };
STATES[7] = { reduce: 11 };
STATES[8] = { reduce: 7 };
STATES[9] = { actions: { ...VALUE_START }, gotos: { [VALUE]: 18, [ATOM]: 19 } };
STATES[10] = { actions: { ...VALUE_START }, gotos: { [VALUE]: 20, [ATOM]: 19 } };
STATES[11] = { actions: { [NEWLINE]: 6, [SEMI]: 7 }, reduce: 2, gotos: { [ENDSTMT]: 14 } };
STATES[12] = { reduce: 4 };
STATES[13] = { reduce: 6 };
STATES[14] = { reduce: 5 };
STATES[15] = { reduce: 14 };
STATES[16] = { reduce: 15 };
STATES[17] = { reduce: 21, gotos: { [NLOK]: 21 } };
STATES[18] = { reduce: 8 };
STATES[19] = { reduce: 12 };
STATES[20] = { reduce: 9 };
STATES[21] = { actions: { [NEWLINE]: 22, ...VALUE_START }, reduce: 16, gotos: { [VALUELIST]: 23, [VALUES]: 25, [VALUE]: 26, [ATOM]: 19 } };
STATES[22] = { reduce: 22 };
STATES[23] = { actions: { [RBR]: 24 } };
STATES[24] = { reduce: 13 };
STATES[25] = { actions: { [COMMA]: 27 }, reduce: 17 };
STATES[26] = { reduce: 21, gotos: { [NLOK]: 28 } };
STATES[27] = { reduce: 21, gotos: { [NLOK]: 29 } };
STATES[28] = { actions: { [NEWLINE]: 22 }, reduce: 19 };
STATES[29] = { actions: { [NEWLINE]: 22, ...VALUE_START }, reduce: 18, gotos: { [VALUE]: 30, [ATOM]: 19 } };
STATES[30] = { reduce: 21, gotos: { [NLOK]: 31 } };
STATES[31] = { actions: { [NEWLINE]: 22 }, reduce: 20 };

/** Bison's default YYMAXDEPTH: the parser stack never holds more states. */
const YYMAXDEPTH = 10000;

/** Bison lists at most four expected tokens; with more it says only what was unexpected. */
function syntaxMessage(state: State, unexpected: number): string {
  const expected = Object.keys(state.actions ?? {}).map(Number).filter((s) => s !== ERROR).sort((a, b) => a - b);
  let message = `syntax error, unexpected ${SYMBOL_NAMES[unexpected]}`;
  if (expected.length <= 4) message += expected.map((s, i) => `${i === 0 ? ', expecting ' : ' or '}${SYMBOL_NAMES[s]}`).join('');
  return message;
}

const TOKEN_SYMBOL = new Map<unknown, number>([
  [T.Ident, IDENT], [T.NumberToken, NUMBER], [T.StringToken, STRING], [T.Newline, NEWLINE], [T.PlusAssign, PLUSEQ],
  [T.Assign, EQ], [T.Semicolon, SEMI], [T.LBracket, LBR], [T.RBracket, RBR], [T.Comma, COMMA],
]);

/** A token as the parser sees it, with flex's yylloc.first_line and the yylineno after it. */
interface Lookahead {
  sym: number;
  text: string;
  start: number;
  end: number;
  /** yylloc.first_line (GOT: the line after the token; NEWLINE: its own line). */
  locLine: number;
  /** Semantic value: the dequoted string, or the token text. */
  value?: string;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** libxlu's xlu__cfgl_dequote: the string's value, or the escape error it reports. */
export function dequote(literal: string): { value: string; error?: string } {
  let out = '';
  const end = literal.length - 1;
  let p = 1;
  while (p < end) {
    const c = literal[p++]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const nc = literal[p++]!;
    const simple = SIMPLE_ESCAPES[nc];
    if (simple !== undefined) out += simple;
    else if (nc === 'x') return { value: out, error: 'invalid digit after backslash hexnumerical character escape in quoted string' };
    else if (nc >= '0' && nc <= '7') {
      // strtoul(numbuf, &ep, 10) over the next three characters; fewer than two consumed is an error; the value is dropped
      const numbuf = literal.slice(p, Math.min(p + 3, literal.length));
      let i = 0;
      while (isSpace(numbuf[i])) i++;
      if (numbuf[i] === '+' || numbuf[i] === '-') i++;
      const digitsFrom = i;
      while (i < numbuf.length && numbuf[i]! >= '0' && numbuf[i]! <= '9') i++;
      const consumed = i === digitsFrom ? 0 : i;
      if (consumed <= 1) return { value: out, error: 'invalid digit after backslash octalnumerical character escape in quoted string' };
      p += consumed;
    } else return { value: out, error: 'invalid character after backlash in quoted string' };
  }
  return { value: out };
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** What libxlu's yyerror prints as the "near" part for a token text. */
function nearText(text: string, line: number): { near: string; line: number } {
  let len = text.length;
  let newline = '';
  if (len > 0 && text[len - 1] === '\n') {
    len--;
    line--;
    if (len === 0) newline = '<newline>';
  }
  while (len > 0 && (text[len - 1] === '\t' || text[len - 1] === ' ')) len--;
  // %.*s stops at a NUL byte
  const shown = text.slice(0, len);
  const nul = shown.indexOf('\0');
  return { near: len ? `\`${nul >= 0 ? shown.slice(0, nul) : shown}'${newline}` : newline, line };
}

/** Parses xl.cfg text as libxlu does. Never throws. */
export function parseXlConfig(text: string): XlParseResult {
  return parseSimpleXlConfig(text) ?? parseXlConfigFull(text);
}

/** The full parser alone, without the fast path (tests compare the two). */
export function parseXlConfigFull(text: string): XlParseResult {
  const tokens = T.tokenize(text);
  const errors: XlParseError[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  let failed = false;
  let likelyPython = false;
  let lexErrLine = -1;
  let nulInString: number | undefined;
  // flex state: yylineno after the last token, yytext of the last token, yylloc of the last GOT
  let lineno = 1;
  let lastText = '';
  let lastStart = 0;
  let lastEnd = 0;
  let locLine = 1;
  let next = 0;

  const report = (kind: XlParseError['kind'], line: number, textOf: string, start: number, end: number, message: string): void => {
    if (line <= lexErrLine) return;
    const near = nearText(textOf, line);
    errors.push({ kind, message: `config parsing error near ${near.near}: ${message}`, xlLine: near.line, start, end });
    failed = true;
  };
  const lexicalError = (kind: XlParseError['kind'], message: string): void => {
    report(kind, lineno, lastText, lastStart, lastEnd, message);
    lexErrLine = lineno;
  };

  /** yylex: the next token for the parser, reporting lexical errors on the way. */
  const lex = (): Lookahead => {
    while (next < tokens.length) {
      const t: IToken = tokens[next++]!;
      const start = t.startOffset;
      const image = t.image;
      const end = start + image.length;
      lineno += countNewlines(image);
      lastText = image;
      lastStart = start;
      lastEnd = end;
      if (t.tokenType === T.LexError) {
        if (T.isPythonHintChar(image[0]!)) likelyPython = true;
        // flex's error state needs one more character: a bad last byte of the file is never reported
        if (image.length === 1 && end === text.length && image.charCodeAt(0) < 0x80) continue;
        lexicalError('lexical', 'lexical error');
        if (image.endsWith('\n')) {
          locLine = lineno;
          return { sym: NEWLINE, text: image, start, end, locLine };
        }
        continue;
      }
      const sym = TOKEN_SYMBOL.get(t.tokenType)!;
      if (sym === NEWLINE) {
        if (image.length > 1) comments.push({ start, end: end - 1 });
        locLine = lineno - 1;
        return { sym, text: image, start, end, locLine };
      }
      locLine = lineno;
      const la: Lookahead = { sym, text: image, start, end, locLine };
      if (sym === STRING) {
        const nul = image.indexOf('\0');
        if (nul >= 0 && nulInString === undefined) nulInString = start + nul;
        // libxlu stops dequoting (and so reporting escape errors) once the parse has failed
        if (!failed) {
          const { value, error } = dequote(image);
          if (error) {
            lexicalError('escape', error);
            failed = true;
          }
          la.value = value;
        } else la.value = '';
      } else la.value = image;
      return la;
    }
    // flex at end of input: yytext is the end-of-buffer byte, which prints as nothing between the quotes
    lastText = '\0';
    lastStart = lastEnd = text.length;
    return { sym: END, text: '\0', start: text.length, end: text.length, locLine };
  };

  const settings: XlSetting[] = [];
  const stack: number[] = [0];
  const values: unknown[] = [undefined];
  let la: Lookahead | undefined;
  let errStatus = 0;

  const store = (rule: number, rhs: unknown[]): void => {
    const ident = rhs[0] as Lookahead;
    const written = rhs[2] as XlValue;
    if (failed) return;
    const op = rule === 9 ? '+=' : '=';
    let value = written;
    if (op === '+=') {
      let prev: XlSetting | undefined;
      for (let i = settings.length - 1; i >= 0; i--) if (settings[i]!.name === ident.text) { prev = settings[i]; break; }
      if (prev) {
        if (prev.value.kind !== written.kind) {
          lexicalError('concat', 'can\'t add [list] to "string" or vice versa');
          return;
        }
        value = prev.value.kind === 'atom'
          ? { ...(written as XlAtom), text: prev.value.text + (written as XlAtom).text, number: false }
          : { ...(written as XlList), items: [...prev.value.items, ...(written as XlList).items] };
      }
    }
    settings.push({ name: ident.text, op, value, written, nameStart: ident.start, nameEnd: ident.end, line: written.line });
  };

  const reduce = (ruleNo: number): void => {
    const rule = RULES[ruleNo]!;
    const rhs = values.splice(values.length - rule.length, rule.length);
    stack.length -= rule.length;
    let result: unknown;
    switch (ruleNo) {
      case 8:
      case 9:
        store(ruleNo, rhs);
        break;
      case 12:
        result = rhs[0];
        break;
      case 13: {
        const open = rhs[0] as Lookahead;
        const close = rhs[3] as Lookahead;
        result = { kind: 'list', items: rhs[2] as XlValue[], start: open.start, end: close.end, line: open.locLine } satisfies XlList;
        break;
      }
      case 14:
      case 15: {
        const t = rhs[0] as Lookahead;
        result = { kind: 'atom', text: t.value!, number: ruleNo === 15, start: t.start, end: t.end, line: t.locLine } satisfies XlAtom;
        break;
      }
      case 16:
        result = [];
        break;
      case 17:
      case 18:
        result = rhs[0];
        break;
      case 19:
        result = [rhs[0]];
        break;
      case 20:
        (rhs[0] as XlValue[]).push(rhs[3] as XlValue);
        result = rhs[0];
        break;
      default:
        result = undefined;
    }
    const top = stack[stack.length - 1]!;
    stack.push(STATES[top]!.gotos![rule.lhs]!);
    values.push(result);
  };

  for (;;) {
    if (stack.length >= YYMAXDEPTH) {
      // Bison's stack is full (lists nested about 5,000 deep): "memory exhausted", and the parse stops
      report('syntax', locLine, lastText, lastStart, lastEnd, 'memory exhausted');
      failed = true;
      break;
    }
    const state = STATES[stack[stack.length - 1]!]!;
    if (!state.actions) {
      reduce(state.reduce!);
      continue;
    }
    la ??= lex();
    const action = state.actions[la.sym];
    if (action === ACCEPT) break;
    if (action !== undefined && action >= 0) {
      if (errStatus) errStatus--;
      stack.push(action);
      values.push(la);
      la = undefined;
      continue;
    }
    if (action !== undefined) {
      reduce(-action);
      continue;
    }
    if (state.reduce !== undefined) {
      reduce(state.reduce);
      continue;
    }
    // syntax error (yyerrlab)
    if (errStatus === 0) {
      report('syntax', la.locLine, la.text, la.start, la.end, syntaxMessage(state, la.sym));
      failed = true;
    } else if (errStatus === 3) {
      if (la.sym === END) break;
      la = undefined;
    }
    errStatus = 3;
    // yyerrlab1: pop to a state that shifts `error`
    let recovered = false;
    while (stack.length > 0) {
      const s = STATES[stack[stack.length - 1]!]!;
      const shift = s.actions?.[ERROR];
      if (shift !== undefined) {
        stack.push(shift);
        values.push(undefined);
        recovered = true;
        break;
      }
      stack.pop();
      values.pop();
    }
    if (!recovered) break;
  }
  // the lexer's remaining tokens are never read after an abort; comments there are still comments for directives
  for (; next < tokens.length; next++) {
    const t = tokens[next]!;
    if (t.tokenType === T.Newline && t.image.length > 1) comments.push({ start: t.startOffset, end: t.startOffset + t.image.length - 1 });
  }
  const result: XlParseResult = { settings: failed ? [] : settings, errors, ok: !failed, pythonHint: failed && likelyPython, comments };
  if (nulInString !== undefined) result.nulInString = nulInString;
  return result;
}

/** The lines xl prints for a failed parse, `<src>:` included (the differential tests compare these). */
export function xlReport(result: XlParseResult, src: string): string {
  let out = '';
  for (const e of result.errors) out += `${src}:${e.xlLine}: ${e.message}\n`;
  if (result.pythonHint) {
    out += 'warning: Config file looks like it contains Python code.\n'
      + 'warning:  Arbitrary Python is no longer supported.\n'
      + 'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig\n';
  }
  return out;
}

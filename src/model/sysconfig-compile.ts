// Compiles the text of /etc/sysconfig/xendomains into a SysconfigModel with
// bash's semantics for the assignment subset: quote removal, escapes, $NAME
// expansion from earlier assignments, and no assignment from a bash syntax error
// on (./sysconfig-syntax.ts finds it). Anything else becomes a SyntaxProblem; nothing is executed.

import { bashNulVerdict, type NulVerdict } from './bash-source.js';
import { parseSysconfigText, type Piece, type Statement, type Word } from '../../grammar/sysconfig/parser.js';
import { LineIndex } from './span.js';
import { looksBinary } from './binary.js';
import type { Assignment, Comment, Expansion, FillupMeta, SyntaxProblem, SysconfigModel } from './sysconfig.js';
import { fillupMeta } from './sysconfig-meta.js';
import { compilePlainSysconfig } from './sysconfig-plain.js';
import { findBashSyntaxError, type BashSyntaxError } from './sysconfig-syntax.js';

export interface CompileOptions {
  /** Offset of the first byte that was not valid UTF-8, when the caller had to decode lossily. */
  invalidUtf8Offset?: number;
}

const OPENERS: Record<string, string> = { '"': 'double quote', "'": 'single quote', "$'": "$'…' quote", '$"': 'double quote', '`': 'backquote substitution', '$(': '$(…) substitution', '${': '${…} expansion' };
const ASSIGNMENT_WORD = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;
const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select', '{', '}', '[[', ']]', '!', 'time', 'coproc']);
const ASSIGNING_BUILTINS = new Set(['declare', 'typeset', 'local', 'readonly', 'let', 'unset', 'eval', 'alias']);

export function compileSysconfig(text: string, file: string, options: CompileOptions = {}): SysconfigModel {
  return (options.invalidUtf8Offset === undefined ? compilePlainSysconfig(text, file) : undefined) ?? compileFullSysconfig(text, file, options);
}

/** The full compiler alone, without the plain-file fast path (tests compare the two). */
export function compileFullSysconfig(text: string, file: string, options: CompileOptions = {}): SysconfigModel {
  return new Compiler(text, file, options).run();
}

class Compiler {
  private readonly lines: LineIndex;
  private readonly problems: SyntaxProblem[] = [];
  private readonly assignments: Assignment[] = [];
  private readonly env = new Map<string, string>();
  private loneCarriageReturns = 0;

  constructor(private readonly text: string, private readonly file: string, private readonly options: CompileOptions) {
    this.lines = new LineIndex(file, text);
  }

  run(): SysconfigModel {
    const nul = bashNulVerdict(this.text);
    if (nul.kind === 'binary') {
      // bash refuses the whole file: one finding, and nothing is assigned.
      this.problem('syntax', 'binary file (more than 256 NUL bytes): bash refuses to source it ("cannot execute binary file"), so the reference holds none of its values', nul.offset, nul.offset + 1);
      return { file: this.file, text: this.text, lines: this.lines, assignments: [], comments: [], problems: this.problems, binary: true };
    }
    this.checkEncoding(nul.kind === 'nul' ? nul : undefined);
    const parsed = parseSysconfigText(nul.kind === 'nul' && nul.end < this.text.length ? this.text.slice(0, nul.end) : this.text);
    for (const e of parsed.lexErrors) this.problem('syntax', `unexpected character ${JSON.stringify(this.text.slice(e.offset, e.offset + 1))}`, e.offset, e.offset + Math.max(1, e.length));
    const comments: Comment[] = parsed.comments.map((c) => ({ text: c.image.slice(1), span: this.lines.span(c.start, c.start + c.image.length) }));
    let commentIndex = 0;
    const stop = findBashSyntaxError(parsed.tokens, this.text.length);
    for (const statement of parsed.statements) {
      // bash stops reading at a syntax error: the failing command and all after it never run.
      if (stop && statement.end > stop.unitStart) break;
      const meta = fillupMeta(this.lines, parsed.comments, commentIndex, statement.start);
      while (commentIndex < parsed.comments.length && parsed.comments[commentIndex]!.start < statement.start) commentIndex++;
      this.statement(statement, meta);
    }
    if (stop) this.stoppedAt(stop, parsed.statements);
    this.problems.sort((a, b) => a.span.start.offset - b.span.start.offset);
    const model: SysconfigModel = { file: this.file, text: this.text, lines: this.lines, assignments: this.assignments, comments, problems: this.problems };
    return nul.kind === 'nul' && looksBinary(this.text) ? this.asBinaryData(model, nul) : model;
  }

  /**
   * Binary data with too few NULs for bash to refuse it: bash deletes the NULs and runs the
   * rest. One finding says so, with what bash then does (where it stops, what is lost); the
   * assignments stay what bash would hold, for `show`.
   */
  private asBinaryData(model: SysconfigModel, nul: Extract<NulVerdict, { kind: 'nul' }>): SysconfigModel {
    const stop = this.problems.find((p) => p.stopsSourcing);
    const count = nul.deleted.length + (nul.end < this.text.length ? 1 : 0);
    const consequence = stop
      ? stop.message.slice(stop.message.lastIndexOf('; ') + 2).replace('bash stops reading the file there', `it cannot parse line ${stop.span.start.line} and stops reading there`)
      : 'whatever parses is assigned or run';
    const first = nul.deleted[0] ?? nul.end;
    const problem: SyntaxProblem = {
      kind: 'syntax',
      message: `binary data, not a sysconfig (${count} NUL byte${count === 1 ? '' : 's'}, mostly control characters): bash deletes the NUL bytes and parses the rest; ${consequence}`,
      span: this.lines.span(first, first + 1),
      ...(stop?.stopsSourcing ? { stopsSourcing: true } : {}),
      ...(stop?.lostVariables ? { lostVariables: stop.lostVariables } : {}),
    };
    return { ...model, problems: [problem], binary: true };
  }

  /** The syntax error, with what it costs: the assignments bash never makes. */
  private stoppedAt(stop: BashSyntaxError, statements: Statement[]): void {
    const lost: string[] = [];
    const seen = new Set<string>();
    const lose = (name: string) => {
      if (!seen.has(name)) lost.push(name), seen.add(name);
    };
    for (const statement of statements) {
      if (statement.end <= stop.unitStart) continue;
      for (const word of statement.words) {
        const head = word.pieces[0];
        const m = head?.kind === 'bare' ? ASSIGNMENT_WORD.exec(head.image) : null;
        if (m) lose(m[1]!);
        const open = word.pieces.find(isUnterminated);
        // The rest of the file is inside the quote: its assignment lines are never seen as such.
        if (open) for (const line of this.text.slice(open.start).matchAll(/^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)\+?=/gm)) lose(line[1]!);
      }
    }
    const line = this.lines.position(stop.unitStart).line;
    const earlier = new Map(this.assignments.map((a) => [a.name, a.span.start.line]));
    const names = lost.map((n) => (earlier.has(n) ? `${n} (keeps its value from line ${earlier.get(n)})` : n));
    const consequence = lost.length
      ? `bash stops reading the file there, so the assignments from line ${line} on are never made: ${names.join(', ')}`
      : `bash stops reading the file there: nothing from line ${line} on runs`;
    let what: string;
    let start: number;
    let end: number;
    if (stop.opener) {
      const opener = this.text.slice(stop.opener.start, stop.opener.start + 2);
      const quote = OPENERS[opener] ?? OPENERS[opener[0]!] ?? 'quote';
      what = `unterminated ${quote}: bash reads to the end of the file looking for the closing ${stop.message.replace(/^.*matching /, '')}`;
      ({ start, end } = stop.opener);
    } else {
      const at = Math.min(stop.offset, this.text.length);
      const lineOf = this.lines.position(at >= this.text.length ? stop.unitStart : at).line;
      const shown = this.lineText(lineOf);
      what = `bash cannot parse line ${lineOf}${shown ? ` \`${shown}\`` : ''}: ${stop.message}`;
      start = at >= this.text.length ? Math.max(0, this.text.length - 1) : at;
      end = start + 1;
    }
    this.problems.push({ kind: 'syntax', message: `${what}; ${consequence}`, span: this.lines.span(start, Math.min(end, this.text.length)), stopsSourcing: true, lostVariables: lost });
  }

  private checkEncoding(nul: Extract<NulVerdict, { kind: 'nul' }> | undefined): void {
    if (this.text.charCodeAt(0) === 0xfeff) {
      this.problem('syntax', 'the file starts with a UTF-8 byte order mark: bash reads it as part of the first word, so line 1 is run as a command instead of assigning; save the file without a BOM', 0, 1);
    }
    for (const at of nul?.deleted ?? []) this.problem('syntax', 'NUL byte: bash deletes it before parsing, joining the text around it; remove it', at, at + 1);
    if (nul && nul.end < this.text.length) {
      const line = this.lines.position(nul.end).line;
      this.problem('syntax', `NUL byte: bash stops reading the file here (a second NUL in a row is left in place and ends the text), so nothing after line ${line} is assigned`, nul.end, nul.end + 1);
    }
    const bad = this.options.invalidUtf8Offset;
    if (bad !== undefined) this.problem('syntax', 'invalid UTF-8 byte sequence', bad, bad + 1);
  }

  private statement(statement: Statement, meta: FillupMeta | undefined): void {
    const words = statement.words;
    if (words.length === 1 && statement.operators.length === 0 && wordLiteral(words[0]!) === '\r') {
      if (this.loneCarriageReturns++ === 0) {
        this.problem('carriage-return', 'carriage return on an otherwise empty line (DOS line endings): bash runs $\'\\r\' as a command', statement.start, statement.end);
      }
      return;
    }
    const first = words[0] ? wordLiteral(words[0]) : undefined;
    const exported = first === 'export';
    const candidates = exported ? words.slice(1) : words;
    const notAssignment = this.whyNotAssignment(statement, candidates, exported);
    if (notAssignment) {
      this.problem('not-assignment', notAssignment, statement.start, statement.end);
      return;
    }
    for (const word of candidates) this.assign(word, statement, exported, meta);
  }

  private whyNotAssignment(statement: Statement, words: Word[], exported: boolean): string | undefined {
    // Rendered only when a message uses it: most statements are fine assignments.
    const text = { toString: () => this.excerpt(statement) };
    const firstWord = statement.words[0];
    const first = firstWord ? wordLiteral(firstWord) : undefined;
    const isAssignmentWord = (w: Word) => w.pieces[0]?.kind === 'bare' && ASSIGNMENT_WORD.test(w.pieces[0].image);
    for (const word of statement.words) {
      const unevaluated = findUnevaluated(word.pieces);
      if (unevaluated) return this.describeUnevaluated(unevaluated, statement);
    }
    for (const word of words) {
      const head = word.pieces[0];
      const match = head?.kind === 'bare' ? ASSIGNMENT_WORD.exec(head.image) : null;
      if (match && /^~|:~/.test(head!.image.slice(match[0].length))) {
        return `\`${text}\` uses tilde expansion, which bash resolves from the home directory of whoever runs the script (at boot: root, or an unset HOME); write the absolute path`;
      }
    }
    if (statement.operators.length) {
      const op = statement.operators[0]!;
      const lastWord = statement.words[statement.words.length - 1];
      if (op.image === '(' && lastWord && isAssignmentWord(lastWord) && lastWord.end === op.start) {
        return `\`${text}\` is an array assignment: xendomains variables are plain strings, and the reference script reads only the first element`;
      }
      return `\`${text}\` uses the shell operator \`${op.image}\`: the reference script would run it as a command, as root, when it sources this file; xendomains does not execute configuration`;
    }
    if (first !== undefined && SHELL_KEYWORDS.has(first)) {
      return `\`${text}\` is shell control flow (\`${first}\`): the reference script would execute it as root when it sources this file; xendomains does not execute configuration, so set each variable directly`;
    }
    if (first === 'source' || first === '.') {
      return `\`${text}\` would read and execute another file as root; xendomains does not execute configuration`;
    }
    if (first !== undefined && ASSIGNING_BUILTINS.has(first)) {
      return `\`${text}\` is the \`${first}\` builtin: the reference script would run it as a command; xendomains evaluates only plain \`NAME=value\` assignments`;
    }
    const second = statement.words[1];
    if (!exported && firstWord && second && /^[A-Za-z_][A-Za-z0-9_]*$/.test(first ?? '') && (wordLiteral(second) ?? '').startsWith('=')) {
      return `\`${text}\`: with a blank before \`=\`, bash runs \`${first}\` as a command instead of assigning; write \`${first}=value\` with no blanks around \`=\``;
    }
    for (const [i, word] of words.entries()) {
      if (exported && word.pieces[0]?.kind === 'bare' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(wordLiteral(word) ?? '')) continue; // `export NAME`
      if (!isAssignmentWord(word)) {
        if (exported) return `\`${text}\`: \`export\` with an option or a non-assignment word is a command that xendomains does not evaluate`;
        if (i > 0) return `\`${text}\` runs a command with the assignments only in its environment: the reference script would run it as root when it sources this file`;
        return `\`${text}\` is a command: the reference script would run it as root when it sources this file; xendomains does not execute configuration`;
      }
    }
    return undefined;
  }

  private describeUnevaluated(piece: Piece, statement: Statement): string {
    const text = this.excerpt(statement);
    if (piece.kind === 'command-subst') {
      return `\`${text}\` contains a command substitution (${piece.image.startsWith('`') ? '`…`' : '$(…)'}): the reference script would run that command as root; xendomains does not execute configuration, so write the value literally`;
    }
    return `\`${text}\` uses the expansion \`${piece.image}\`, which xendomains does not evaluate (only \`$NAME\` and \`\${NAME}\` of earlier assignments): write the value literally`;
  }

  private assign(word: Word, statement: Statement, exported: boolean, meta: FillupMeta | undefined): void {
    const head = word.pieces[0]!;
    const match = ASSIGNMENT_WORD.exec(head.image);
    if (!match) return; // `export NAME` without a value changes nothing we model
    const name = match[1]!;
    const append = match[2] === '+';
    const valueStart = head.start + match[0].length;
    const expansions: Expansion[] = [];
    let quoted = false;
    let value = head.image.slice(match[0].length);
    for (const piece of word.pieces.slice(1)) {
      if (piece.kind !== 'bare' && piece.kind !== 'escape') quoted ||= piece.kind !== 'param';
      value += this.pieceValue(piece, expansions);
    }
    // bash stops at an unterminated quote with a syntax error: the assignment never happens.
    if (word.pieces.some(isUnterminated)) return;
    if (value.includes('\0')) value = value.replace(/\0/g, ''); // bash drops NUL bytes as it reads the file
    const bytes = bytesToText(value);
    if (bytes.invalidUtf8) {
      this.problem('bytes', `the $'…' escapes in the value of ${name} make bytes that are not valid UTF-8: xendomains holds each such byte as U+FFFD (shown as \\uFFFD), so the value is not the byte string bash holds`, valueStart, word.end);
    }
    value = bytes.value;
    if (append) value = (this.env.get(name) ?? '') + value;
    const cr = value.indexOf('\r');
    if (cr >= 0) {
      const at = this.text.indexOf('\r', valueStart);
      const shown = JSON.stringify(value).slice(1, -1);
      this.problem('carriage-return', `the value of ${name} ends up as "${shown}": bash keeps the carriage return (DOS line endings), so ${name} is not what it looks like`, at >= 0 ? at : valueStart, (at >= 0 ? at : valueStart) + 1);
    }
    this.env.set(name, value);
    const assignment: Assignment = {
      name,
      nameSpan: this.lines.span(head.start, head.start + name.length),
      exported,
      value,
      rawValue: this.text.slice(valueStart, word.end),
      valueSpan: this.lines.span(valueStart, word.end),
      span: this.lines.span(statement.start, word.end),
      expansions,
      quoted,
    };
    if (meta) assignment.meta = meta;
    this.assignments.push(assignment);
  }

  private pieceValue(piece: Piece, expansions: Expansion[]): string {
    switch (piece.kind) {
      case 'bare':
      case 'dq-text':
        return piece.image;
      case 'escape':
        return piece.image.slice(1);
      case 'trailing-backslash':
      case 'dq-backslash':
        return '\\';
      case 'dq-escape':
        return piece.image[1] === '\n' ? '' : piece.image.slice(1);
      case 'single':
        return piece.image.slice(1, -1);
      case 'unterminated-single':
        this.problem('syntax', 'unterminated single quote: bash reads to the end of the file looking for the closing \'', piece.start, piece.start + 1);
        return piece.image.slice(1);
      case 'ansi':
        return rawAnsiC(piece.image.slice(2, -1));
      case 'unterminated-ansi':
        this.problem('syntax', "unterminated $'…' quote: bash reads to the end of the file looking for the closing '", piece.start, piece.start + 2);
        return rawAnsiC(piece.image.slice(2));
      case 'param': {
        const name = piece.image.replace(/^\$\{?|\}$/g, '');
        const defined = this.env.has(name);
        expansions.push({ name, span: this.lines.span(piece.start, piece.end), definedEarlier: defined });
        return this.env.get(name) ?? '';
      }
      case 'dq': {
        if (!piece.closed) this.problem('syntax', 'unterminated double quote: bash reads to the end of the file looking for the closing "', piece.start, piece.start + piece.image.length);
        return (piece.parts ?? []).map((p) => this.pieceValue(p, expansions)).join('');
      }
      default:
        return '';
    }
  }

  private lineText(line: number): string {
    const raw = this.lines.lineText(line).replace(/\r/g, '');
    return raw.length > 60 ? `${raw.slice(0, 57)}…` : raw;
  }

  private excerpt(statement: Statement): string {
    const raw = this.text.slice(statement.start, statement.end).split('\n')[0]!.replace(/\r/g, '');
    return raw.length > 60 ? `${raw.slice(0, 57)}…` : raw;
  }

  private problem(kind: SyntaxProblem['kind'], message: string, start: number, end: number): void {
    this.problems.push({ kind, message, span: this.lines.span(start, end) });
  }
}

/** The literal text of a word made only of bare pieces (e.g. a command name), else undefined. */
function wordLiteral(word: Word): string | undefined {
  return word.pieces.every((p) => p.kind === 'bare') ? word.pieces.map((p) => p.image).join('') : undefined;
}

function isUnterminated(piece: Piece): boolean {
  return (
    piece.kind === 'unterminated-single' || piece.kind === 'unterminated-ansi' || ((piece.kind === 'dq' || piece.kind === 'command-subst') && piece.closed === false) ||
    (piece.kind === 'other-param' && piece.image.startsWith('${') && !piece.image.endsWith('}'))
  );
}

function findUnevaluated(pieces: Piece[]): Piece | undefined {
  for (const piece of pieces) {
    if (piece.kind === 'command-subst' || piece.kind === 'other-param') return piece;
    if (piece.kind === 'dq') {
      const inner = findUnevaluated(piece.parts ?? []);
      if (inner) return inner;
    }
  }
  return undefined;
}

const ANSI_SIMPLE: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** A value as bash holds it. `invalidUtf8`: its bytes were not valid UTF-8, each bad byte is U+FFFD. */
export interface AnsiValue {
  value: string;
  invalidUtf8: boolean;
}

/** Bytes 0x80–0xFF made by `\xHH` or octal escapes travel as U+DC80–U+DCFF until the whole word is read. */
const RAW_BYTE = /[\uDC80-\uDCFF]/;

/** bash's $'…' escapes, as one string value: see rawAnsiC and bytesToText. */
export function decodeAnsiC(body: string): AnsiValue {
  return bytesToText(rawAnsiC(body));
}

/**
 * bash's $'…' escapes. `\xHH` and octal escapes give bytes (kept raw, see RAW_BYTE),
 * so `\xc3\xa9` becomes `é` once the word's bytes are read as UTF-8. A NUL (`\0`,
 * `\x00`, `\c@` …) ends the quoted string, as in bash, which keeps C strings.
 */
export function rawAnsiC(body: string): string {
  let out = '';
  const escape = /\\(?:([abeEfnrtv\\'"?])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|c(\\\\|[\s\S])|)/g;
  let at = 0;
  for (let m = escape.exec(body); m; m = escape.exec(body)) {
    out += body.slice(at, m.index);
    at = m.index + m[0].length;
    const [all, simple, oct, hex, u4, u8, ctl] = m;
    let code: number;
    if (simple) code = ANSI_SIMPLE[simple]!.charCodeAt(0);
    else if (oct) code = parseInt(oct, 8) & 0xff;
    else if (hex) code = parseInt(hex, 16);
    else if (u4 || u8) {
      code = parseInt((u4 || u8)!, 16);
      if (code === 0) return out;
      if (code <= 0x10ffff) out += String.fromCodePoint(code);
      continue;
    } else if (ctl) code = ctl === '?' ? 0x7f : ctl.charCodeAt(0) & 0x1f;
    else {
      out += all;
      continue;
    }
    if (code === 0) return out;
    out += String.fromCharCode(code >= 0x80 ? 0xdc00 + code : code);
  }
  return out + body.slice(at);
}

/** Reads a value holding raw bytes (RAW_BYTE) as UTF-8, as a UTF-8 terminal or xm would. */
export function bytesToText(raw: string): AnsiValue {
  if (!RAW_BYTE.test(raw)) return { value: raw, invalidUtf8: false };
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xdc80 && code <= 0xdcff) bytes.push(code - 0xdc00);
    else for (const b of encoder.encode(ch)) bytes.push(b);
  }
  const data = Uint8Array.from(bytes);
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(data), invalidUtf8: false };
  } catch {
    return { value: new TextDecoder('utf-8').decode(data), invalidUtf8: true };
  }
}

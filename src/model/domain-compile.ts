// Compiles an xm domain config (Python 2 source that xm create would execute)
// into a DomainConfigModel by evaluating a safe subset — never by running it.
// Keyword statements, blocks and calls become 'python-code' problems; grammar
// is in grammar/domain, values and operators in domain-eval/-pyops; rules judge the result.

import type { IToken } from 'chevrotain';
import * as T from '../../grammar/domain/lexer.js';
import { blockStructure, COMPOUND_KEYWORDS, logicalLines, type LogicalLine } from '../../grammar/domain/lines.js';
import { parseStatement } from '../../grammar/domain/parser.js';
import { mayChangeGlobals, namesBoundBy, splitStatements } from '../../grammar/domain/statements.js';
import type { Comment } from './sysconfig.js';
import type {
  DomainAssignment, DomainConfigModel, DomainProblem, DomainProblemDetail, PyValue, UnknownVariable,
} from './domain.js';
import { codeMessage, Evaluator } from './domain-eval.js';
import { expandedSize, toPyValue, typeName, type V } from './domain-pyvalue.js';
import { effectiveName } from './domain-model.js';
import { compileSimpleConfig } from './domain-simple.js';
import { LineIndex } from './span.js';
import { looksBinary } from './binary.js';


export interface DomainCompileOptions {
  /** The `vmid` xm create would get from its command line (`vmid=3`), for configs like xmexample2. */
  vmid?: number;
  /** The name xm falls back to when `name` is not set (default: the basename of `file`). */
  basename?: string;
  /** Offset of the first byte that was not valid UTF-8, when the caller had to decode lossily. */
  invalidUtf8Offset?: number;
}

const MAX_PROBLEMS = 100;
/** Largest value (counted as a tree of elements) put into the model. */
const MAX_VALUE_SIZE = 2_000_000;
const SIMPLE_KEYWORDS = new Set(['import', 'from', 'print', 'del', 'pass', 'global', 'exec', 'assert', 'raise', 'return',
  'break', 'continue', 'yield']);
const CONTINUATION_CLAUSES = new Set(['elif', 'else', 'except', 'finally']);
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/m;

function endOf(t: IToken): number {
  return t.startOffset + t.image.length;
}

function isKeyword(t: IToken, word?: string): boolean {
  return T.KEYWORD_TYPES.get(t.image) === t.tokenType && (word === undefined || t.image === word);
}

/** The first two lines (where PEP 263 looks for a coding declaration), at most 2000 characters. */
function firstTwoLines(text: string): string {
  const first = text.indexOf('\n');
  const second = first < 0 ? -1 : text.indexOf('\n', first + 1);
  return text.slice(0, Math.min(second < 0 ? text.length : second, 2000));
}

class Compiler {
  private readonly lines: LineIndex;
  private readonly problems: DomainProblem[] = [];
  private readonly comments: Comment[] = [];
  private readonly ev: Evaluator;
  private lastTopCompound = false;
  private truncated = false;
  private readonly seen = new Set<string>();
  private binary = false;

  constructor(private readonly text: string, private readonly file: string, private readonly options: DomainCompileOptions) {
    this.lines = new LineIndex(file, text, true);
    this.ev = new Evaluator(text, this.lines, (kind, detail, message, start, end) => this.problem(kind, message, start, end, detail),
      options.vmid);
  }

  private problem(kind: DomainProblem['kind'], message: string, start: number, end: number, detail?: DomainProblemDetail): void {
    // one problem per kind and place (a NUL byte is found by the file check and by the lexer)
    const key = `${kind}@${start}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.problems.length >= MAX_PROBLEMS) {
      if (!this.truncated) {
        this.truncated = true;
        this.problems.push({
          kind, message: `more than ${MAX_PROBLEMS} problems; the rest of this file is not reported`,
          span: this.lines.span(start, end), detail: 'too-many-problems',
        });
      }
      return;
    }
    const p: DomainProblem = { kind, message, span: this.lines.span(start, end) };
    if (detail) p.detail = detail;
    this.problems.push(p);
  }

  run(): DomainConfigModel {
    if (this.fileChecks()) {
      const lexed = T.lexDomain(this.text);
      for (const c of lexed.comments) {
        this.comments.push({ text: c.image.slice(1), span: this.lines.span(c.startOffset, endOf(c)) });
      }
      for (const b of lexed.boms) {
        if (b.startOffset > 0) this.problem('syntax', 'byte-order mark (U+FEFF) in the middle of the file', b.startOffset, endOf(b), 'encoding');
      }
      const lines = logicalLines(this.text, lexed.tokens, lexed.errors);
      for (const p of blockStructure(lines)) this.problem('syntax', p.message, p.offset, p.offset, 'indentation');
      for (let i = 0; i < lines.length; i++) this.line(lines, i);
    }
    return this.model();
  }

  /** File-level checks; false when the file is binary and not worth parsing. */
  private fileChecks(): boolean {
    const text = this.text;
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      if (looksBinary(text)) {
        this.binary = true;
        this.problem('syntax', 'binary file (NUL bytes): not a domain config; xm create would fail to load it', nul, nul + 1, 'encoding');
        return false;
      }
      this.problem('syntax', 'NUL byte in the file: Python refuses source with NUL bytes', nul, nul + 1, 'encoding');
    }
    const bad = this.options.invalidUtf8Offset ?? text.indexOf('\ufffd');
    if (bad >= 0) {
      this.problem('syntax', 'invalid UTF-8 (or a U+FFFD replacement character): Python 2 rejects it in a file declared or assumed to be text',
        bad, bad + 1, 'encoding');
    }
    const bom = text.charCodeAt(0) === 0xfeff;
    if (!bom) {
      const m = /[^\x00-\x7f]/.exec(text);
      if (m && !CODING_COOKIE.test(firstTwoLines(text)) && m.index !== bad && m[0] !== '\ufeff') {
        this.problem('syntax',
          `non-ASCII character without a coding declaration: Python 2.5+ stops with "SyntaxError: Non-ASCII character '\\x..' … but no encoding declared" (add \`# -*- coding: utf-8 -*-\` as the first line)`,
          m.index, m.index + m[0].length, 'encoding');
      }
    }
    const cr = text.indexOf('\r');
    if (cr >= 0) {
      this.problem('carriage-return',
        'carriage return (CRLF/CR line endings): xm reads the file with Python 2\'s universal newlines, so it is accepted, but shell tools and diffs on dom0 will see stray \\r characters',
        cr, cr + 1);
    }
    return true;
  }

  private line(lines: LogicalLine[], index: number): void {
    const line = lines[index]!;
    const ev = this.ev;
    if (line.problem) {
      this.problem('syntax', line.problem.message, line.problem.start, line.problem.end, line.problem.detail);
      const bound = namesBoundBy(line.tokens);
      if (line.blockOwner < 0 || !line.localScope) {
        ev.markUnknown(bound.names, { start: line.start, end: line.end, reason: 'error', what: `a syntax error at line ${ev.lineOf(line.start)}` });
      }
      return;
    }
    if (line.blockOwner >= 0) {
      // a line in the block of an unevaluated `if`/`for`/`def`/…: its assignments are unknown (outside def/class)
      if (!line.localScope) {
        const owner = lines[line.blockOwner]!;
        const what = `is set in the block of the \`${owner.tokens[0]!.image}\` statement at line ${ev.lineOf(owner.start)}`;
        const bound = namesBoundBy(line.tokens);
        ev.markUnknown(bound.names, { start: line.start, end: line.end, reason: 'python-code', what });
        if (bound.star || mayChangeGlobals(line.tokens)) ev.noteOpaque(owner.start, owner.end, `the \`${owner.tokens[0]!.image}\` statement at line ${ev.lineOf(owner.start)}`);
      }
      return;
    }
    const statements = splitStatements(line.tokens);
    for (let s = 0; s < statements.length; s++) {
      const seg = statements[s]!;
      if (!seg.length) {
        if (s === statements.length - 1 && s > 0) break; // trailing `;`
        const semi = line.tokens.filter((t) => t.tokenType === T.Semicolon)[Math.max(0, s - 1)] ?? line.tokens[0]!;
        this.problem('syntax', 'invalid syntax: empty statement before `;`', semi.startOffset, endOf(semi));
        return;
      }
      const first = seg[0]!;
      if (first.tokenType === T.At || (isKeyword(first) && COMPOUND_KEYWORDS.has(first.image))) {
        // the rest of the line is the compound statement's header and inline suite
        this.compound(line.tokens.slice(line.tokens.indexOf(first)));
        return;
      }
      this.lastTopCompound = false;
      if (isKeyword(first) && SIMPLE_KEYWORDS.has(first.image)) {
        this.simpleKeyword(seg);
        continue;
      }
      let result;
      try {
        result = parseStatement(seg);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        this.problem('syntax', 'expression nested too deeply: Python 2\'s parser gives up too', seg[0]!.startOffset, endOf(seg[seg.length - 1]!));
        continue;
      }
      if (result.error) {
        const tok = result.error.token;
        const last = seg[seg.length - 1]!;
        const start = tok ? tok.startOffset : endOf(last);
        this.problem('syntax', result.error.message, start, tok ? endOf(tok) : start);
        ev.markUnknown(namesBoundBy(seg).names, { start: first.startOffset, end: endOf(last), reason: 'error', what: 'a syntax error' });
        continue;
      }
      ev.exec(result.stmt);
    }
  }

  private compound(tokens: IToken[]): void {
    const first = tokens[0]!;
    const word = first.tokenType === T.At ? '@' : first.image;
    const start = first.startOffset;
    const end = endOf(tokens[tokens.length - 1]!);
    const ev = this.ev;
    const continuation = CONTINUATION_CLAUSES.has(word);
    if (continuation && !this.lastTopCompound) {
      this.problem('syntax', `invalid syntax: \`${word}\` without a matching \`${word === 'except' || word === 'finally' ? 'try' : 'if'}\``, start, endOf(first));
      return;
    }
    const desc = word === '@' ? 'decorator' : `\`${word}\` statement`;
    if (!continuation) {
      this.problem('python-code', codeMessage(`${desc} at line ${ev.lineOf(start)}`), start, end, 'unsupported');
    }
    this.lastTopCompound = word !== '@';
    const bound = namesBoundBy(tokens);
    ev.markUnknown(bound.names, {
      start, end, reason: 'python-code', what: `is set by unevaluated code (${desc} at line ${ev.lineOf(start)})`,
    });
    const executesNow = word !== 'def';
    if (bound.star || (executesNow && mayChangeGlobals(tokens))) ev.noteOpaque(start, end, `${desc} at line ${ev.lineOf(start)}`);
  }

  private simpleKeyword(seg: IToken[]): void {
    const first = seg[0]!;
    const word = first.image;
    const start = first.startOffset;
    const end = endOf(seg[seg.length - 1]!);
    const ev = this.ev;
    const line = ev.lineOf(start);
    switch (word) {
      case 'pass':
      case 'global':
        return;
      case 'return':
      case 'yield':
        this.problem('syntax', `\`${word}\` outside a function (Python: SyntaxError)`, start, endOf(first));
        return;
      case 'break':
      case 'continue':
        this.problem('syntax', `\`${word}\` outside a loop (Python: SyntaxError)`, start, endOf(first));
        return;
      case 'del': {
        const operands = seg.slice(1);
        if (operands.length && operands.every((t, k) => (k % 2 === 0 ? t.tokenType === T.Name : t.tokenType === T.Comma))) {
          ev.del(operands.filter((t) => t.tokenType === T.Name).map((t) => ({ name: t.image, start: t.startOffset, end: endOf(t) })));
          return;
        }
        break;
      }
    }
    const desc = word === 'print' ? '`print` statement (xm would print while creating the domain)' : `\`${word}\` statement`;
    const bound = namesBoundBy(seg);
    let msg = codeMessage(`${desc} at line ${line}`);
    if (bound.names.length) msg += `; ${bound.names.map((n) => `\`${n.name}\``).join(', ')} ${bound.names.length > 1 ? 'are' : 'is'} left unknown`;
    this.problem('python-code', msg, start, end, 'unsupported');
    ev.markUnknown(bound.names, { start, end, reason: 'python-code', what: `is set by unevaluated code (${desc} at line ${line})` });
    if (bound.star || word === 'exec' || (word !== 'import' && word !== 'from' && mayChangeGlobals(seg))) {
      ev.noteOpaque(start, end, `${desc} at line ${line}`);
    }
  }

  private model(): DomainConfigModel {
    const ev = this.ev;
    const assignments: DomainAssignment[] = [];
    const sizes = new Map<object, [number, number]>();
    const converted = new Map<object, PyValue>();
    const tooLarge = new Set<string>();
    for (const { assignment, v } of ev.assignments) {
      if (expandedSize(v, MAX_VALUE_SIZE, sizes) > MAX_VALUE_SIZE) {
        // e.g. `a = [a, a]` repeated: cheap for Python to build, huge to show or validate
        const { start, end } = assignment.span;
        if (!tooLarge.has(assignment.name)) this.problem('python-code', `not evaluated: the value of \`${assignment.name}\` is too large (more than ${MAX_VALUE_SIZE} elements) or nested too deeply`,
          start.offset, end.offset, 'too-large');
        tooLarge.add(assignment.name);
        ev.markUnknown([{ name: assignment.name, start: start.offset, end: end.offset }],
          { start: start.offset, end: end.offset, reason: 'error', what: 'too large' });
        continue;
      }
      assignment.value = toPyValue(v, converted);
      assignment.pyType = typeName(v);
      if (v.k === 'list' || v.k === 'tuple') {
        assignment.elementSpans = v.items.map((x: V) => (x.at ? this.lines.span(x.at[0], x.at[1]) : assignment.valueSpan));
      }
      assignments.push(assignment);
    }
    const vars = new Map<string, DomainAssignment>();
    const unknown = new Map<string, UnknownVariable>();
    for (const [name, b] of ev.env) {
      if (b.kind === 'value') {
        if (tooLarge.has(name)) unknown.set(name, { name, span: b.assignment.span, reason: 'error' });
        else vars.set(name, b.assignment);
      } else unknown.set(name, { name, span: this.lines.span(b.info.start, b.info.end), reason: b.info.reason });
    }
    const name = effectiveName(vars, unknown, this.file, this.options.basename);
    // source order; the "too many problems" note stays last
    this.problems.sort((a, b) => (a.detail === 'too-many-problems' ? 1 : 0) - (b.detail === 'too-many-problems' ? 1 : 0)
      || a.span.start.offset - b.span.start.offset);
    const model: DomainConfigModel = {
      dialect: 'xm', file: this.file, text: this.text, lines: this.lines, assignments, vars, comments: this.comments,
      problems: this.problems, name, unknown,
    };
    if (ev.opaque) model.opaqueCode = this.lines.span(ev.opaque.start, ev.opaque.end);
    if (this.binary) model.binary = true;
    return model;
  }
}

/** Configs larger than this are reported (XD1105), not evaluated: lint and boot stay bounded in time and memory. */
export const MAX_DOMAIN_CONFIG_BYTES = 1024 * 1024;

/** Compiles one xm domain config. Never throws on any input; problems describe what xm would do instead. */
export function compileDomainConfig(text: string, file: string, options: DomainCompileOptions = {}): DomainConfigModel {
  return tooLargeConfig(text, file) ?? compileSimpleConfig(text, file, options.basename) ?? compileFullConfig(text, file, options);
}

/** The model of a config too large to evaluate: no values, its name unknown (the planner treats it as it treats code). */
function tooLargeConfig(text: string, file: string): DomainConfigModel | undefined {
  // Characters never outnumber UTF-8 bytes, so most files skip the byte count.
  if (text.length <= MAX_DOMAIN_CONFIG_BYTES / 4) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_DOMAIN_CONFIG_BYTES) return undefined;
  const lines = new LineIndex(file, text, true);
  const firstLine = lines.span(0, Math.max(0, text.search(/[\r\n]|$/)));
  return {
    dialect: 'xm', file, text, lines, assignments: [], vars: new Map(), comments: [], name: undefined, unknown: new Map(), opaqueCode: firstLine,
    problems: [{
      kind: 'python-code', detail: 'file-too-large', span: firstLine,
      message: `not evaluated: the file is ${bytes} bytes, more than ${MAX_DOMAIN_CONFIG_BYTES} (1 MiB); a domain config is a few hundred bytes, so its name and values are unknown`,
    }],
  };
}

/** The full compiler alone, without the simple-config fast path (tests compare the two). */
export function compileFullConfig(text: string, file: string, options: DomainCompileOptions = {}): DomainConfigModel {
  return new Compiler(text, file, options).run();
}

// Where bash's parser would stop reading a sourced sysconfig. bash parses and
// runs a sourced file one complete command at a time, so a syntax error means
// the commands before the failing one ran and nothing from it on did. This
// checks the grammar only (lists, pipelines, compound commands, redirections,
// arrays, unterminated quotes and substitutions; not the script inside `$(…)`,
// nor here-documents, after which nothing is claimed); what a statement means
// is the compiler's job.

import type { Piece, ShellToken, Word } from '../../grammar/sysconfig/parser.js';

export interface BashSyntaxError {
  /** Where bash reports the error (the text's length for an unexpected end of file). */
  offset: number;
  /** The start of the complete command that fails: it and everything after it never run. */
  unitStart: number;
  /** What bash says, without the consequence. */
  message: string;
  /** The unterminated quote or substitution that swallowed the rest of the file, when that is the cause. */
  opener?: { start: number; end: number };
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'select', '{', '}', '!', 'function', '[[', 'time', 'coproc']);
const REDIRECTIONS = new Set(['<', '>', '>>', '<<', '<<-']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Stop extends Error {
  constructor(readonly error: BashSyntaxError | undefined) {
    super('stop');
  }
}

/** The literal text of a word made only of bare pieces (reserved words are recognised only then). */
function literal(word: Word): string | undefined {
  return word.pieces.every((p) => p.kind === 'bare') ? word.pieces.map((p) => p.image).join('') : undefined;
}

function unterminated(pieces: readonly Piece[]): Piece | undefined {
  for (const p of pieces) {
    if (p.kind === 'unterminated-single' || p.kind === 'unterminated-ansi') return p;
    if ((p.kind === 'dq' || p.kind === 'command-subst') && p.closed === false) return p;
    if (p.kind === 'other-param' && p.image.startsWith('${') && !p.image.endsWith('}')) return p;
    if (p.kind === 'dq') {
      const inner = unterminated(p.parts ?? []);
      if (inner) return inner;
    }
  }
  return undefined;
}

const CLOSER: Record<string, string> = { dq: '"', 'unterminated-single': "'", 'unterminated-ansi': "'", '`': '`', '$(': ')', 'other-param': '}' };

/** The first syntax error bash would meet sourcing these tokens, or undefined. */
export function findBashSyntaxError(tokens: readonly ShellToken[], textLength: number): BashSyntaxError | undefined {
  let i = 0;
  let unitStart = 0;
  const peek = (): ShellToken | undefined => tokens[i];
  const startOf = (t: ShellToken | undefined): number => (t === undefined ? textLength : t.t === 'word' ? t.word.start : t.start);
  const fail = (at: ShellToken | undefined, message?: string): never => {
    const shown = at === undefined ? 'end of file' : at.t === 'nl' ? 'newline' : at.t === 'op' ? at.image : (literal(at.word) ?? 'word');
    throw new Stop({ offset: startOf(at), unitStart, message: message ?? (at === undefined ? 'syntax error: unexpected end of file' : `syntax error near unexpected token \`${shown}'`) });
  };
  const isOp = (t: ShellToken | undefined, ...images: string[]): boolean => t?.t === 'op' && images.includes(t.image);
  const startsAt = (t: ShellToken | undefined, offset: number): boolean => t?.t === 'op' && t.start === offset;
  const isWord = (t: ShellToken | undefined, ...texts: string[]): boolean => t?.t === 'word' && texts.includes(literal(t.word) ?? '');
  const newlines = (): void => {
    while (peek()?.t === 'nl') i++;
  };
  const expectWord = (text: string): void => {
    if (!isWord(peek(), text)) fail(peek());
    i++;
  };

  /** A word: an unterminated quote or substitution in it swallows the rest of the file. */
  const word = (t: Extract<ShellToken, { t: 'word' }>): void => {
    const open = unterminated(t.word.pieces);
    if (open) {
      const key = open.kind === 'command-subst' ? open.image : open.kind;
      throw new Stop({ offset: textLength, unitStart, message: `unexpected EOF while looking for matching \`${CLOSER[key] ?? '"'}'`, opener: { start: open.start, end: open.start + Math.min(2, open.image.length || 1) } });
    }
    i++;
  };

  const redirection = (): void => {
    i++; // the operator
    if (isOp(peek(), '&')) i++; // `>&2`
    const target = peek();
    if (target?.t !== 'word') fail(target);
    word(target as Extract<ShellToken, { t: 'word' }>);
  };
  const redirections = (): void => {
    while (isOp(peek(), ...REDIRECTIONS)) {
      if (isOp(peek(), '<<', '<<-')) throw new Stop(undefined); // here-documents are not modelled: no claim beyond this point
      redirection();
    }
  };

  /** Commands separated by `;`, `&` or newlines, up to one of `stops` (which is not consumed). */
  const compoundList = (stops: (t: ShellToken | undefined) => boolean, allowEmpty = false): void => {
    newlines();
    if (stops(peek())) {
      if (!allowEmpty) fail(peek());
      return;
    }
    for (;;) {
      andOr();
      const t = peek();
      if (isOp(t, ';', '&') || t?.t === 'nl') {
        i++;
        newlines();
        if (stops(peek()) || peek() === undefined) return;
        continue;
      }
      return;
    }
  };
  const until = (...texts: string[]) => (t: ShellToken | undefined) => isWord(t, ...texts);

  const andOr = (): void => {
    pipeline();
    while (isOp(peek(), '&&', '||')) {
      i++;
      newlines();
      pipeline();
    }
  };
  const pipeline = (): void => {
    while (isWord(peek(), '!', 'time')) i++;
    command();
    while (isOp(peek(), '|')) {
      i++;
      if (isOp(peek(), '&')) i++; // `|&`
      newlines();
      command();
    }
  };

  const command = (): void => {
    const t = peek();
    if (t === undefined || t.t === 'nl') return fail(t);
    if (t.t === 'op') {
      if (t.image === '(') {
        const next = tokens[i + 1];
        if (isOp(next, '(') && startsAt(next, t.end)) return arithmetic();
        i++;
        compoundList((x) => isOp(x, ')'));
        if (!isOp(peek(), ')')) fail(peek());
        i++;
        return redirections();
      }
      if (REDIRECTIONS.has(t.image)) return simpleCommand();
      return fail(t);
    }
    const text = literal(t.word);
    if (text !== undefined && RESERVED.has(text)) return compound(text);
    return simpleCommand();
  };

  const arithmetic = (): void => {
    i += 2;
    while (peek() !== undefined && !(isOp(peek(), ')') && isOp(tokens[i + 1], ')'))) i++;
    if (peek() === undefined) fail(undefined);
    i += 2;
    redirections();
  };

  const compound = (keyword: string): void => {
    const t = peek()!;
    switch (keyword) {
      case 'if':
        i++;
        compoundList(until('then'));
        expectWord('then');
        compoundList(until('elif', 'else', 'fi'));
        while (isWord(peek(), 'elif')) {
          i++;
          compoundList(until('then'));
          expectWord('then');
          compoundList(until('elif', 'else', 'fi'));
        }
        if (isWord(peek(), 'else')) {
          i++;
          compoundList(until('fi'));
        }
        expectWord('fi');
        break;
      case 'while':
      case 'until':
        i++;
        compoundList(until('do'));
        doGroup();
        break;
      case 'for':
      case 'select': {
        i++;
        if (isOp(peek(), '(') && isOp(tokens[i + 1], '(')) {
          arithmetic();
        } else {
          const name = peek();
          if (name?.t !== 'word') fail(name);
          i++;
        }
        newlines();
        if (isWord(peek(), 'in')) {
          i++;
          while (peek()?.t === 'word') word(peek() as Extract<ShellToken, { t: 'word' }>);
        }
        if (isOp(peek(), ';')) i++;
        newlines();
        if (isWord(peek(), '{')) braceGroup();
        else doGroup();
        break;
      }
      case 'case':
        i++;
        if (peek()?.t !== 'word') fail(peek());
        word(peek() as Extract<ShellToken, { t: 'word' }>);
        newlines();
        expectWord('in');
        newlines();
        while (!isWord(peek(), 'esac')) {
          if (isOp(peek(), '(')) i++;
          if (peek()?.t !== 'word') fail(peek());
          word(peek() as Extract<ShellToken, { t: 'word' }>);
          while (isOp(peek(), '|')) {
            i++;
            if (peek()?.t !== 'word') fail(peek());
            word(peek() as Extract<ShellToken, { t: 'word' }>);
          }
          if (!isOp(peek(), ')')) fail(peek());
          i++;
          compoundList((x) => isOp(x, ';;') || isWord(x, 'esac'), true);
          if (isOp(peek(), ';;')) i++;
          else if (!isWord(peek(), 'esac')) fail(peek());
          newlines();
        }
        i++;
        break;
      case '{':
        braceGroup();
        break;
      case '[[':
        i++;
        while (peek() !== undefined && !isWord(peek(), ']]')) {
          if (peek()?.t === 'nl') fail(peek());
          i++;
        }
        if (peek() === undefined) fail(undefined);
        i++;
        break;
      case 'function': {
        i++;
        const name = peek();
        if (name?.t !== 'word') fail(name);
        i++;
        if (isOp(peek(), '(')) {
          i++;
          if (!isOp(peek(), ')')) fail(peek());
          i++;
        }
        newlines();
        functionBody();
        return;
      }
      case 'coproc':
        i++;
        return command();
      default:
        return fail(t); // then, fi, done, `}` … where a command should start
    }
    redirections();
  };
  const doGroup = (): void => {
    expectWord('do');
    compoundList(until('done'));
    expectWord('done');
  };
  const braceGroup = (): void => {
    expectWord('{');
    compoundList(until('}'));
    expectWord('}');
  };
  const functionBody = (): void => {
    const t = peek();
    if (isOp(t, '(') || (t?.t === 'word' && ['{', 'if', 'while', 'until', 'for', 'case', '[['].includes(literal(t.word) ?? ''))) return command();
    fail(t);
  };

  const simpleCommand = (): void => {
    let first = true;
    for (;;) {
      const t = peek();
      if (t === undefined || t.t === 'nl') return;
      if (t.t === 'op') {
        if (REDIRECTIONS.has(t.image)) {
          if (isOp(t, '<<', '<<-')) throw new Stop(undefined);
          redirection();
          first = false;
          continue;
        }
        if (t.image === '(') return fail(t);
        return; // a list or pipeline operator ends the command; `)` is the caller's to judge
      }
      const text = literal(t.word);
      const next = tokens[i + 1];
      // NAME=( … ): an array assignment, words and newlines up to `)`.
      if (isOp(next, '(') && startsAt(next, t.word.end) && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(rawHead(t.word))) {
        i += 2;
        for (;;) {
          const e = peek();
          if (isOp(e, ')')) break;
          if (e === undefined || e.t === 'op') return fail(e);
          if (e.t === 'word') word(e);
          else i++;
        }
        i++;
        first = false;
        continue;
      }
      // name() compound: a function definition.
      if (first && text !== undefined && NAME.test(text) && isOp(next, '(')) {
        i += 2;
        if (!isOp(peek(), ')')) fail(peek());
        i++;
        newlines();
        return functionBody();
      }
      word(t);
      first = false;
    }
  };

  try {
    for (;;) {
      newlines();
      if (peek() === undefined) return undefined;
      unitStart = startOf(peek());
      andOr();
      while (isOp(peek(), ';', '&')) {
        i++;
        if (peek() === undefined || peek()!.t === 'nl') break;
        andOr();
      }
      const t = peek();
      if (t !== undefined && t.t !== 'nl') fail(t);
    }
  } catch (e) {
    if (e instanceof Stop) return e.error;
    throw e;
  }
}

/** The text of a word's leading bare piece (where `NAME=` of an assignment is). */
function rawHead(word: Word): string {
  return word.pieces.length === 1 && word.pieces[0]!.kind === 'bare' ? word.pieces[0]!.image : '';
}

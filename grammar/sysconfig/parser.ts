// Groups sysconfig tokens into statements of words of pieces, as bash does
// before it executes anything. Every token sequence is accepted: deciding what
// a statement means (assignment or not) is the compiler's job.

import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain';
import { skipGrammarValidations } from '../checks.js';
import * as T from './lexer.js';

export type PieceKind =
  | 'bare' | 'escape' | 'trailing-backslash' | 'single' | 'unterminated-single' | 'ansi' | 'unterminated-ansi'
  | 'param' | 'other-param' | 'command-subst' | 'dq' | 'dq-text' | 'dq-escape' | 'dq-backslash';

export interface Piece {
  kind: PieceKind;
  image: string;
  start: number;
  /** Exclusive. */
  end: number;
  /** Only for `dq`: the pieces inside the quotes. */
  parts?: Piece[];
  /** For `dq` and `command-subst`: whether the closing quote, `)` or backquote was found (the piece then ends after it). */
  closed?: boolean;
}

export interface Word {
  pieces: Piece[];
  start: number;
  end: number;
}

export interface Statement {
  words: Word[];
  /** Operators (`|`, `>`, `(` …) met in the statement: their presence makes it a command. */
  operators: Array<{ image: string; start: number }>;
  start: number;
  end: number;
}

/** The file as bash's parser sees it: words, operators (`;` included) and line ends, for the syntax check. */
export type ShellToken =
  | { t: 'word'; word: Word }
  | { t: 'op'; image: string; start: number; end: number }
  | { t: 'nl'; start: number };

export interface ParsedSysconfig {
  statements: Statement[];
  tokens: ShellToken[];
  comments: Array<{ image: string; start: number }>;
  lexErrors: Array<{ offset: number; length: number; message: string }>;
}

const PIECE_KINDS = new Map<TokenType, PieceKind>([
  [T.Bare, 'bare'], [T.Escape, 'escape'], [T.TrailingBackslash, 'trailing-backslash'],
  [T.SingleQuoted, 'single'], [T.UnterminatedSingle, 'unterminated-single'],
  [T.AnsiQuoted, 'ansi'], [T.UnterminatedAnsi, 'unterminated-ansi'],
  [T.Param, 'param'], [T.OtherParam, 'other-param'], [T.CommandSubst, 'command-subst'],
  [T.DqText, 'dq-text'], [T.DqEscape, 'dq-escape'], [T.DqBackslash, 'dq-backslash'],
]);

function pieceOf(token: IToken): Piece {
  return { kind: PIECE_KINDS.get(token.tokenType)!, image: token.image, start: token.startOffset, end: token.startOffset + token.image.length };
}

class SysconfigParser extends EmbeddedActionsParser {
  private statements: Statement[] = [];
  private comments: ParsedSysconfig['comments'] = [];
  private tokens: ShellToken[] = [];
  private current: Statement | undefined;
  private word: Word | undefined;
  /** An open `$(…)` or backquote substitution: every token up to its end belongs to it. */
  private subst: { piece: Piece; depth: number } | undefined;

  constructor() {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: skipGrammarValidations });
    this.performSelfAnalysis();
  }

  load(tokens: IToken[]): void {
    this.input = tokens;
    this.statements = [];
    this.comments = [];
    this.tokens = [];
    this.current = undefined;
    this.word = undefined;
    this.subst = undefined;
  }

  result(): Pick<ParsedSysconfig, 'statements' | 'comments' | 'tokens'> {
    this.endStatement();
    return { statements: this.statements, comments: this.comments, tokens: this.tokens };
  }

  /**
   * Inside `$(…)` or backquotes every token is part of the substitution (bash
   * parses it as a nested script); true when the token was taken that way.
   * `what` is the token's text when it can open or close one (`(`, `)`, `$(`, a backquote).
   */
  private absorb(what: string, end: number): boolean {
    const open = this.subst;
    if (!open) return false;
    if (open.piece.image === '`') {
      if (what === '`') open.depth = 0;
    } else if (what === '$(' || what === '(') open.depth++;
    else if (what === ')') open.depth--;
    open.piece.end = end;
    this.word!.end = end;
    this.current!.end = end;
    if (open.depth === 0) {
      open.piece.closed = true;
      this.subst = undefined;
    }
    return true;
  }

  private absorbToken(token: IToken): boolean {
    return this.absorb(token.tokenType === T.Operator || token.tokenType === T.CommandSubst ? token.image : '', token.startOffset + token.image.length);
  }

  private endWord(): void {
    if (this.word && this.current) {
      this.current.words.push(this.word);
      this.tokens.push({ t: 'word', word: this.word });
    }
    this.word = undefined;
  }

  private endStatement(): void {
    this.endWord();
    if (this.current && (this.current.words.length || this.current.operators.length)) this.statements.push(this.current);
    this.current = undefined;
  }

  private addPiece(piece: Piece): void {
    if (!this.current) this.current = { words: [], operators: [], start: piece.start, end: piece.end };
    if (!this.word) this.word = { pieces: [], start: piece.start, end: piece.end };
    this.word.pieces.push(piece);
    this.word.end = piece.end;
    this.current.end = piece.end;
    if (piece.kind === 'command-subst' && piece.image !== '`' && piece.image !== '$(') return;
    if (piece.kind === 'command-subst') {
      piece.closed = false;
      this.subst = { piece, depth: 1 };
    }
  }

  public script = this.RULE('script', () => {
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const nl = this.CONSUME(T.Newline);
            this.ACTION(() => {
              if (this.absorbToken(nl)) return;
              this.endStatement();
              this.tokens.push({ t: 'nl', start: nl.startOffset });
            });
          },
        },
        {
          ALT: () => {
            const semi = this.CONSUME(T.Semicolon);
            this.ACTION(() => {
              if (this.absorbToken(semi)) return;
              this.endStatement();
              this.tokens.push({ t: 'op', image: ';', start: semi.startOffset, end: semi.startOffset + 1 });
            });
          },
        },
        { ALT: () => { const b = this.CONSUME(T.Blank); this.ACTION(() => this.absorbToken(b) || this.endWord()); } },
        {
          ALT: () => {
            const c = this.CONSUME(T.Comment);
            this.ACTION(() => this.absorbToken(c) || this.comments.push({ image: c.image, start: c.startOffset }));
          },
        },
        {
          ALT: () => {
            const op = this.CONSUME(T.Operator);
            this.ACTION(() => {
              if (this.absorbToken(op)) return;
              this.endWord();
              this.tokens.push({ t: 'op', image: op.image, start: op.startOffset, end: op.startOffset + op.image.length });
              if (!this.current) this.current = { words: [], operators: [], start: op.startOffset, end: op.startOffset };
              this.current.operators.push({ image: op.image, start: op.startOffset });
              this.current.end = op.startOffset + op.image.length;
            });
          },
        },
        {
          ALT: () => {
            const p = this.SUBRULE(this.piece);
            this.ACTION(() => this.absorb(p.kind === 'command-subst' ? p.image : '', p.end) || this.addPiece(p));
          },
        },
      ]);
    });
  });

  private piece = this.RULE('piece', (): Piece => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.doubleQuoted) },
      {
        ALT: () => {
          const t = this.OR2([
            { ALT: () => this.CONSUME(T.Bare) },
            { ALT: () => this.CONSUME(T.Escape) },
            { ALT: () => this.CONSUME(T.TrailingBackslash) },
            { ALT: () => this.CONSUME(T.SingleQuoted) },
            { ALT: () => this.CONSUME(T.UnterminatedSingle) },
            { ALT: () => this.CONSUME(T.AnsiQuoted) },
            { ALT: () => this.CONSUME(T.UnterminatedAnsi) },
            { ALT: () => this.CONSUME(T.Param) },
            { ALT: () => this.CONSUME(T.OtherParam) },
            { ALT: () => this.CONSUME(T.CommandSubst) },
          ]);
          return this.ACTION(() => pieceOf(t));
        },
      },
    ]);
  });

  private doubleQuoted = this.RULE('doubleQuoted', (): Piece => {
    const open = this.CONSUME(T.DqOpen);
    const parts: Piece[] = [];
    this.MANY(() => {
      const t = this.OR([
        { ALT: () => this.CONSUME(T.DqText) },
        { ALT: () => this.CONSUME(T.DqEscape) },
        { ALT: () => this.CONSUME(T.DqBackslash) },
        { ALT: () => this.CONSUME2(T.Param) },
        { ALT: () => this.CONSUME2(T.OtherParam) },
        { ALT: () => this.CONSUME2(T.CommandSubst) },
      ]);
      this.ACTION(() => parts.push(pieceOf(t)));
    });
    let close: IToken | undefined;
    this.OPTION(() => {
      close = this.CONSUME(T.DqClose);
    });
    return this.ACTION(() => {
      const end = close ? close.startOffset + 1 : parts.length ? parts[parts.length - 1]!.end : open.startOffset + open.image.length;
      return { kind: 'dq' as const, image: open.image, start: open.startOffset, end, parts, closed: close !== undefined };
    });
  });
}

let built: SysconfigParser | undefined;

export function parseSysconfigText(text: string): ParsedSysconfig {
  const lexed = T.sysconfigLexer().tokenize(text);
  const parser = (built ??= new SysconfigParser()); // on first use, as the lexer
  parser.load(lexed.tokens);
  parser.script();
  const { statements, comments, tokens } = parser.result();
  const lexErrors = lexed.errors.map((e) => ({ offset: e.offset, length: e.length, message: e.message }));
  // The grammar accepts every token sequence, so a parser error means a bug here, not bad input.
  for (const e of parser.errors) {
    lexErrors.push({ offset: e.token.startOffset >= 0 ? e.token.startOffset : text.length, length: 1, message: e.message });
  }
  return { statements, comments, tokens, lexErrors };
}

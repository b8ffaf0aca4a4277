// Parses one Python 2 simple statement (assignment, augmented assignment or
// expression) of a domain config into the AST of ast.ts, with the full Python 2
// expression grammar so valid code is told apart from syntax errors. Built once.
// Statement splitting, keyword statements and evaluation are the compiler's job.

import { skipGrammarValidations } from '../checks.js';
import { EmbeddedActionsParser, tokenMatcher, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import type { CodeKind, Expr, Stmt } from './ast.js';
import * as T from './lexer.js';

const PRECEDENCE: Record<string, number> = {
  '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '//': 6, '%': 6,
};

function endOf(t: IToken): number {
  return t.startOffset + t.image.length;
}

function code(what: CodeKind, start: number, end: number, focusEnd = end): Expr {
  return { t: 'code', what, start, end, focusEnd };
}

interface Operand {
  expr: Expr;
  /** The `not` prefix, if any (valid only first in the expression or after `and`/`or`). */
  not?: IToken;
}

class DomainParser extends EmbeddedActionsParser {
  /** A token the grammar accepts but Python rejects (`a + not b`); reset per statement. */
  semanticError: IToken | undefined;

  constructor() {
    super(T.allTokens, { maxLookahead: 3, recoveryEnabled: false, skipValidations: skipGrammarValidations });
    this.performSelfAnalysis();
  }

  private semantic(t: IToken): void {
    this.semanticError ??= t;
  }

  private flat(operands: Operand[], ops: IToken[], full: boolean): Expr {
    let kind: CodeKind | undefined = operands[0]!.not ? 'not' : undefined;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k]!;
      const bool = op.tokenType === T.KwAnd || op.tokenType === T.KwOr;
      const next = operands[k + 1]!;
      if (next.not && !bool) this.semantic(next.not);
      if (bool) kind = 'boolean';
      else if (kind !== 'boolean' && !tokenMatcher(op, T.BinOp)) kind = 'comparison';
    }
    const first = operands[0]!.expr;
    const last = operands[operands.length - 1]!.expr;
    if (kind) return operands.length === 1 ? first : code(kind, first.start, last.end);
    void full;
    return ops.length ? combine(operands.map((o) => o.expr), ops.map((o) => o.image)) : first;
  }

  public statement = this.RULE('statement', (): Stmt => {
    const first = this.SUBRULE(this.testlist);
    const values: Expr[] = [];
    let aug: IToken | undefined;
    let augValue: Expr | undefined;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.AT_LEAST_ONE(() => {
              this.CONSUME(T.Equals);
              values.push(this.SUBRULE2(this.testlist));
            });
          },
        },
        {
          ALT: () => {
            aug = this.CONSUME(T.AugAssign);
            augValue = this.SUBRULE3(this.testlist);
          },
        },
      ]);
    });
    return this.ACTION((): Stmt => {
      if (aug && augValue) {
        return { t: 'aug', target: first, op: aug.image.slice(0, -1), value: augValue, start: first.start, end: augValue.end };
      }
      if (values.length) {
        const value = values[values.length - 1]!;
        return { t: 'assign', targets: [first, ...values.slice(0, -1)], value, start: first.start, end: value.end };
      }
      return { t: 'expr', value: first, start: first.start, end: first.end };
    });
  });

  /** `a, b, c` with an optional trailing comma: a tuple if there is a comma. */
  private testlist = this.RULE('testlist', (): Expr => {
    const items: Expr[] = [this.SUBRULE(this.test)];
    let comma: IToken | undefined;
    this.MANY(() => {
      comma = this.CONSUME(T.Comma);
      items.push(this.SUBRULE2(this.test));
    });
    this.OPTION(() => {
      comma = this.CONSUME2(T.Comma);
    });
    return this.ACTION((): Expr => {
      if (!comma) return items[0]!;
      return { t: 'tuple', items, start: items[0]!.start, end: Math.max(items[items.length - 1]!.end, endOf(comma)) };
    });
  });

  private test = this.RULE('test', (): Expr => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.lambdef) },
      {
        ALT: () => {
          const body = this.SUBRULE(this.expr);
          let orElse: Expr | undefined;
          this.OPTION(() => {
            this.CONSUME(T.KwIf);
            this.SUBRULE2(this.expr);
            this.CONSUME(T.KwElse);
            orElse = this.SUBRULE(this.test);
          });
          return this.ACTION(() => (orElse ? code('conditional', body.start, orElse.end) : body));
        },
      },
    ]);
  });

  private lambdef = this.RULE('lambdef', (): Expr => {
    const kw = this.CONSUME(T.KwLambda);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Name) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.DoubleStar) },
        {
          ALT: () => {
            this.CONSUME(T.Equals);
            this.SUBRULE(this.test);
          },
        },
      ]);
    });
    this.CONSUME(T.Colon);
    const body = this.SUBRULE2(this.test);
    return this.ACTION(() => code('lambda', kw.startOffset, body.end, endOf(kw)));
  });

  /**
   * Python's or_test down to arith_expr as one flat `operand (op operand)*` list
   * (ops: or, and, comparisons, in, not in, is, is not, | ^ & << >> + - * / // %),
   * combined by precedence in an action: fewer rule calls per expression.
   */
  private expr = this.RULE('expr', (): Expr => {
    const operands: Operand[] = [this.SUBRULE(this.operand)];
    const ops: IToken[] = [];
    this.MANY(() => {
      ops.push(this.SUBRULE(this.binaryOp));
      operands.push(this.SUBRULE2(this.operand));
    });
    return this.ACTION(() => this.flat(operands, ops, true));
  });

  /** Like expr without comparisons and boolean operators: the targets of `for … in`. */
  private bitExpr = this.RULE('bitExpr', (): Expr => {
    const operands: Operand[] = [this.SUBRULE(this.operand)];
    const ops: IToken[] = [];
    this.MANY(() => {
      ops.push(this.CONSUME(T.BinOp));
      operands.push(this.SUBRULE2(this.operand));
    });
    return this.ACTION(() => this.flat(operands, ops, false));
  });

  private binaryOp = this.RULE('binaryOp', (): IToken => {
    return this.OR([
      { ALT: () => this.CONSUME(T.BinOp) },
      { ALT: () => this.CONSUME(T.CompOp) },
      { ALT: () => this.CONSUME(T.KwAnd) },
      { ALT: () => this.CONSUME(T.KwOr) },
      { ALT: () => this.CONSUME(T.KwIn) },
      {
        ALT: () => {
          const t = this.CONSUME(T.KwNot);
          this.CONSUME2(T.KwIn);
          return t;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.KwIs);
          this.OPTION(() => this.CONSUME3(T.KwNot));
          return t;
        },
      },
    ]);
  });

  /** `prefix* atom trailer* ('**' prefix* atom trailer*)*`; `a ** -b ** c` is right-associative. */
  private operand = this.RULE('operand', (): Operand => {
    const prefix: IToken[] = [];
    this.MANY(() => {
      prefix.push(this.OR([
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Tilde) },
        { ALT: () => this.CONSUME(T.KwNot) },
      ]));
    });
    const base = this.SUBRULE(this.atomExpr);
    const rest: Array<{ prefix: IToken[]; operand: Expr }> = [];
    this.MANY2(() => {
      this.CONSUME(T.DoubleStar);
      const p: IToken[] = [];
      this.MANY3(() => {
        p.push(this.OR2([
          { ALT: () => this.CONSUME2(T.Minus) },
          { ALT: () => this.CONSUME2(T.Plus) },
          { ALT: () => this.CONSUME2(T.Tilde) },
        ]));
      });
      rest.push({ prefix: p, operand: this.SUBRULE2(this.atomExpr) });
    });
    return this.ACTION((): Operand => {
      let e = base;
      if (rest.length) {
        let right = applyPrefix(rest[rest.length - 1]!.prefix, rest[rest.length - 1]!.operand);
        for (let k = rest.length - 2; k >= 0; k--) {
          const left = rest[k]!.operand;
          right = applyPrefix(rest[k]!.prefix, { t: 'binop', op: '**', left, right, start: left.start, end: right.end });
        }
        e = { t: 'binop', op: '**', left: base, right, start: base.start, end: right.end };
      }
      // `not` is only valid first: `- not x` is a syntax error
      const not = prefix.findIndex((t) => t.tokenType === T.KwNot);
      if (not > 0 && prefix[not - 1]!.tokenType !== T.KwNot) this.semantic(prefix[not]!);
      if (not >= 0) {
        let lastNot = not;
        while (prefix[lastNot + 1]?.tokenType === T.KwNot) lastNot++;
        const inner = applyPrefix(prefix.slice(lastNot + 1), e);
        return { expr: code('not', prefix[0]!.startOffset, inner.end, endOf(prefix[not]!)), not: prefix[not] };
      }
      return { expr: applyPrefix(prefix, e) };
    });
  });

  private atomExpr = this.RULE('atomExpr', (): Expr => {
    const atom = this.SUBRULE(this.atom);
    let what: CodeKind | undefined;
    let focusEnd = 0;
    let end = 0;
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const open = this.CONSUME(T.LParen);
            this.OPTION(() => this.SUBRULE(this.arglist));
            end = endOf(this.CONSUME(T.RParen));
            if (what !== 'call') {
              // a call anywhere in the chain is what matters: `os.uname()[4]` is a call of `os.uname`
              what = 'call';
              focusEnd = open.startOffset;
            }
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.subscriptlist);
            end = endOf(this.CONSUME(T.RBracket));
            if (!what) {
              what = 'subscript';
              focusEnd = end;
            }
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            end = endOf(this.CONSUME(T.Name));
            if (!what) {
              what = 'attribute';
              focusEnd = end;
            }
          },
        },
      ]);
    });
    return this.ACTION(() => (what ? code(what, atom.start, end, focusEnd) : atom));
  });

  private arglist = this.RULE('arglist', () => {
    this.SUBRULE(this.argument);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.argument);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  private argument = this.RULE('argument', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.SUBRULE(this.test);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.DoubleStar);
          this.SUBRULE2(this.test);
        },
      },
      {
        ALT: () => {
          this.SUBRULE3(this.test);
          this.OPTION(() => {
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(T.Equals);
                  this.SUBRULE4(this.test);
                },
              },
              { ALT: () => this.SUBRULE(this.compFor) },
            ]);
          });
        },
      },
    ]);
  });

  private subscriptlist = this.RULE('subscriptlist', () => {
    this.SUBRULE(this.subscript);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.subscript);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  private subscript = this.RULE('subscript', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME2(T.Dot);
          this.CONSUME3(T.Dot);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.test);
          this.OPTION(() => this.SUBRULE(this.sliceTail));
        },
      },
      { ALT: () => this.SUBRULE2(this.sliceTail) },
    ]);
  });

  private sliceTail = this.RULE('sliceTail', () => {
    this.CONSUME(T.Colon);
    this.OPTION(() => this.SUBRULE(this.test));
    this.OPTION2(() => {
      this.CONSUME2(T.Colon);
      this.OPTION3(() => this.SUBRULE2(this.test));
    });
  });

  private compFor = this.RULE('compFor', () => {
    this.CONSUME(T.KwFor);
    this.SUBRULE(this.exprlist);
    this.CONSUME(T.KwIn);
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME2(T.KwFor);
            this.SUBRULE2(this.exprlist);
            this.CONSUME2(T.KwIn);
            this.SUBRULE2(this.expr);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.KwIf);
            this.SUBRULE3(this.expr);
          },
        },
      ]);
    });
  });

  private exprlist = this.RULE('exprlist', () => {
    this.SUBRULE(this.bitExpr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.bitExpr);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  private atom = this.RULE('atom', (): Expr => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.listDisplay) },
      { ALT: () => this.SUBRULE(this.dictDisplay) },
      {
        ALT: () => {
          const open = this.CONSUME(T.Backtick);
          this.SUBRULE(this.testlist);
          const close = this.CONSUME2(T.Backtick);
          return this.ACTION(() => code('backquote', open.startOffset, endOf(close)));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Name);
          return this.ACTION((): Expr => ({ t: 'name', id: t.image, start: t.startOffset, end: endOf(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.NumberLit);
          return this.ACTION((): Expr => ({ t: 'num', token: t, start: t.startOffset, end: endOf(t) }));
        },
      },
      {
        ALT: () => {
          const tokens: IToken[] = [];
          this.AT_LEAST_ONE(() => tokens.push(this.CONSUME(T.StringLit)));
          return this.ACTION((): Expr => ({
            t: 'str', tokens, start: tokens[0]!.startOffset, end: endOf(tokens[tokens.length - 1]!),
          }));
        },
      },
    ]);
  });

  private parenthesized = this.RULE('parenthesized', (): Expr => {
    const open = this.CONSUME(T.LParen);
    const items: Expr[] = [];
    let comma = false;
    let comprehension = false;
    this.OPTION(() => {
      items.push(this.SUBRULE(this.test));
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.compFor);
            comprehension = true;
          },
        },
        {
          ALT: () => {
            this.MANY(() => {
              this.CONSUME(T.Comma);
              comma = true;
              items.push(this.SUBRULE2(this.test));
            });
            this.OPTION2(() => {
              this.CONSUME2(T.Comma);
              comma = true;
            });
          },
        },
      ]);
    });
    const close = this.CONSUME(T.RParen);
    return this.ACTION((): Expr => {
      const start = open.startOffset;
      const end = endOf(close);
      if (comprehension) return code('generator', start, end);
      if (comma || !items.length) return { t: 'tuple', items, start, end };
      return { ...items[0]!, start, end };
    });
  });

  private listDisplay = this.RULE('listDisplay', (): Expr => {
    const open = this.CONSUME(T.LBracket);
    const items: Expr[] = [];
    let comprehension = false;
    this.OPTION(() => {
      items.push(this.SUBRULE(this.test));
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.compFor);
            comprehension = true;
          },
        },
        {
          ALT: () => {
            this.MANY(() => {
              this.CONSUME(T.Comma);
              items.push(this.SUBRULE2(this.test));
            });
            this.OPTION2(() => this.CONSUME2(T.Comma));
          },
        },
      ]);
    });
    const close = this.CONSUME(T.RBracket);
    return this.ACTION((): Expr => {
      const start = open.startOffset;
      const end = endOf(close);
      return comprehension ? code('comprehension', start, end) : { t: 'list', items, start, end };
    });
  });

  private dictDisplay = this.RULE('dictDisplay', (): Expr => {
    const open = this.CONSUME(T.LBrace);
    const keys: Expr[] = [];
    const values: Expr[] = [];
    let kind: 'dict' | 'set' | 'comprehension' = 'dict';
    this.OPTION(() => {
      keys.push(this.SUBRULE(this.test));
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Colon);
            values.push(this.SUBRULE2(this.test));
            this.OR2([
              {
                ALT: () => {
                  this.SUBRULE(this.compFor);
                  kind = 'comprehension';
                },
              },
              {
                ALT: () => {
                  this.MANY(() => {
                    this.CONSUME(T.Comma);
                    keys.push(this.SUBRULE3(this.test));
                    this.CONSUME2(T.Colon);
                    values.push(this.SUBRULE4(this.test));
                  });
                  this.OPTION2(() => this.CONSUME2(T.Comma));
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            kind = 'set';
            this.OR3([
              {
                ALT: () => {
                  this.SUBRULE2(this.compFor);
                  kind = 'comprehension';
                },
              },
              {
                ALT: () => {
                  this.MANY2(() => {
                    this.CONSUME3(T.Comma);
                    this.SUBRULE5(this.test);
                  });
                  this.OPTION3(() => this.CONSUME4(T.Comma));
                },
              },
            ]);
          },
        },
      ]);
    });
    const close = this.CONSUME(T.RBrace);
    return this.ACTION((): Expr => {
      const start = open.startOffset;
      const end = endOf(close);
      if (kind === 'dict') return { t: 'dict', keys, values, start, end };
      return code(kind, start, end);
    });
  });
}

function applyPrefix(prefix: IToken[], operand: Expr): Expr {
  let e = operand;
  for (let i = prefix.length - 1; i >= 0; i--) {
    const p = prefix[i]!;
    e = { t: 'unary', op: p.image, operand: e, start: p.startOffset, end: e.end };
  }
  return e;
}

/** Operator-precedence combination of a flat `operand (op operand)*` list; all these operators are left-associative. */
function combine(operands: Expr[], ops: string[]): Expr {
  const out: Expr[] = [operands[0]!];
  const pending: string[] = [];
  const reduce = () => {
    const right = out.pop()!;
    const left = out.pop()!;
    out.push({ t: 'binop', op: pending.pop()!, left, right, start: left.start, end: right.end });
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const p = PRECEDENCE[op] ?? 0;
    while (pending.length && (PRECEDENCE[pending[pending.length - 1]!] ?? 0) >= p) reduce();
    pending.push(op);
    out.push(operands[i + 1]!);
  }
  while (pending.length) reduce();
  return out[0]!;
}

// Built on first use: most configs are plain `name = value` lines the fast path handles,
// and the self-analysis costs a cold CLI start ~15 ms.
let shared: DomainParser | undefined;
function theParser(): DomainParser {
  return (shared ??= new DomainParser());
}

export interface ParseError {
  /** The offending token; undefined at the end of the statement. */
  token: IToken | undefined;
  message: string;
}

export type ParseResult = { stmt: Stmt; error?: undefined } | { stmt?: undefined; error: ParseError };

function describe(t: IToken): string {
  const type: TokenType = t.tokenType;
  if (type === T.StringLit) return 'string';
  if (type === T.NumberLit) return `number \`${t.image}\``;
  if (type === T.Name) return `name \`${t.image}\``;
  if (T.KEYWORD_TYPES.get(t.image) === type) return `keyword \`${t.image}\``;
  return `\`${t.image}\``;
}

/** One-token atoms and runs of adjacent strings, as the parser's atom rule builds them. */
function simpleAtom(tokens: IToken[], from: number, to: number): Expr | undefined {
  const t = tokens[from]!;
  if (to - from === 1) {
    if (t.tokenType === T.Name) return { t: 'name', id: t.image, start: t.startOffset, end: endOf(t) };
    if (t.tokenType === T.NumberLit) return { t: 'num', token: t, start: t.startOffset, end: endOf(t) };
  }
  for (let k = from; k < to; k++) if (tokens[k]!.tokenType !== T.StringLit) return undefined;
  return { t: 'str', tokens: tokens.slice(from, to), start: t.startOffset, end: endOf(tokens[to - 1]!) };
}

/**
 * The shapes most config lines have — `name = atom` and `name = [atom, …]` — recognised
 * without the parser (same AST; a test checks this against parseStatementFull).
 */
function fastPath(tokens: IToken[]): Stmt | undefined {
  const n = tokens.length;
  if (n < 3 || tokens[0]!.tokenType !== T.Name || tokens[1]!.tokenType !== T.Equals) return undefined;
  const name = tokens[0]!;
  const target: Expr = { t: 'name', id: name.image, start: name.startOffset, end: endOf(name) };
  let value: Expr | undefined;
  const open = tokens[2]!;
  const close = tokens[n - 1]!;
  if (open.tokenType === T.LBracket && close.tokenType === T.RBracket) {
    const items: Expr[] = [];
    let k = 3;
    while (k < n - 1) {
      let j = k;
      while (j < n - 1 && tokens[j]!.tokenType !== T.Comma) j++;
      if (j === k) return undefined;
      const item = simpleAtom(tokens, k, j);
      if (!item) return undefined;
      items.push(item);
      k = j + 1;
    }
    value = { t: 'list', items, start: open.startOffset, end: endOf(close) };
  } else {
    value = simpleAtom(tokens, 2, n);
  }
  if (!value) return undefined;
  return { t: 'assign', targets: [target], value, start: target.start, end: value.end };
}

/** Parses the tokens of one simple statement (no newline or `;` tokens). */
export function parseStatement(tokens: IToken[]): ParseResult {
  const fast = fastPath(tokens);
  return fast ? { stmt: fast } : parseStatementFull(tokens);
}

/** parseStatement without the fast path (exported for tests). */
export function parseStatementFull(tokens: IToken[]): ParseResult {
  const parser = theParser();
  parser.input = tokens;
  parser.semanticError = undefined;
  const stmt = parser.statement();
  const errors: IRecognitionException[] = parser.errors;
  if (!errors.length) {
    const bad = parser.semanticError;
    if (bad) return { error: { token: bad, message: `invalid syntax: unexpected ${describe(bad)}` } };
    return { stmt };
  }
  const e = errors[0]!;
  const tok = e.token;
  if (!tok || tok.tokenType.name === 'EOF' || Number.isNaN(tok.startOffset)) {
    return { error: { token: undefined, message: 'invalid syntax: the statement ends too early' } };
  }
  return { error: { token: tok, message: `invalid syntax: unexpected ${describe(tok)}` } };
}

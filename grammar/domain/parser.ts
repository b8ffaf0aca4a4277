// Parses one Python 2 simple statement (assignment, augmented assignment or
// expression) of a domain config into the AST of ast.ts, with the full Python 2
// expression grammar so valid code is told apart from syntax errors. Built once.
// Statement splitting, keyword statements and evaluation are the compiler's job.

import { EmbeddedActionsParser, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
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

class DomainParser extends EmbeddedActionsParser {
  constructor() {
    super(T.allTokens, { maxLookahead: 3, recoveryEnabled: false });
    this.performSelfAnalysis();
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
          const body = this.SUBRULE(this.orTest);
          let orElse: Expr | undefined;
          this.OPTION(() => {
            this.CONSUME(T.KwIf);
            this.SUBRULE2(this.orTest);
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

  private orTest = this.RULE('orTest', (): Expr => {
    const first = this.SUBRULE(this.andTest);
    let last: Expr | undefined;
    this.MANY(() => {
      this.CONSUME(T.KwOr);
      last = this.SUBRULE2(this.andTest);
    });
    return this.ACTION(() => (last ? code('boolean', first.start, last.end) : first));
  });

  private andTest = this.RULE('andTest', (): Expr => {
    const first = this.SUBRULE(this.notTest);
    let last: Expr | undefined;
    this.MANY(() => {
      this.CONSUME(T.KwAnd);
      last = this.SUBRULE2(this.notTest);
    });
    return this.ACTION(() => (last ? code('boolean', first.start, last.end) : first));
  });

  private notTest = this.RULE('notTest', (): Expr => {
    let not: IToken | undefined;
    this.MANY(() => {
      const t = this.CONSUME(T.KwNot);
      not ??= t;
    });
    const inner = this.SUBRULE(this.comparison);
    return this.ACTION(() => (not ? code('not', not.startOffset, inner.end, endOf(not)) : inner));
  });

  private comparison = this.RULE('comparison', (): Expr => {
    const first = this.SUBRULE(this.expr);
    let last: Expr | undefined;
    this.MANY(() => {
      this.SUBRULE(this.compOp);
      last = this.SUBRULE2(this.expr);
    });
    return this.ACTION(() => (last ? code('comparison', first.start, last.end) : first));
  });

  private compOp = this.RULE('compOp', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.CompOp) },
      { ALT: () => this.CONSUME(T.KwIn) },
      {
        ALT: () => {
          this.CONSUME(T.KwNot);
          this.CONSUME2(T.KwIn);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwIs);
          this.OPTION(() => this.CONSUME2(T.KwNot));
        },
      },
    ]);
  });

  /** Binary operators `| ^ & << >> + - * / // %` as a flat list, combined by precedence (no recursion). */
  private expr = this.RULE('expr', (): Expr => {
    const operands: Expr[] = [this.SUBRULE(this.factor)];
    const ops: string[] = [];
    this.MANY(() => {
      ops.push(this.CONSUME(T.BinOp).image);
      operands.push(this.SUBRULE2(this.factor));
    });
    return this.ACTION(() => (ops.length ? combine(operands, ops) : operands[0]!));
  });

  private factor = this.RULE('factor', (): Expr => {
    const prefix: IToken[] = [];
    this.MANY(() => {
      prefix.push(this.OR([
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Tilde) },
      ]));
    });
    const operand = this.SUBRULE(this.power);
    return this.ACTION(() => applyPrefix(prefix, operand));
  });

  /** `atom trailer* ('**' factor)?`, flattened: `a ** -b ** c` is right-associative. */
  private power = this.RULE('power', (): Expr => {
    const base = this.SUBRULE(this.atomExpr);
    const rest: Array<{ prefix: IToken[]; operand: Expr }> = [];
    this.MANY(() => {
      this.CONSUME(T.DoubleStar);
      const prefix: IToken[] = [];
      this.MANY2(() => {
        prefix.push(this.OR([
          { ALT: () => this.CONSUME(T.Minus) },
          { ALT: () => this.CONSUME(T.Plus) },
          { ALT: () => this.CONSUME(T.Tilde) },
        ]));
      });
      rest.push({ prefix, operand: this.SUBRULE2(this.atomExpr) });
    });
    return this.ACTION(() => {
      if (!rest.length) return base;
      let right = applyPrefix(rest[rest.length - 1]!.prefix, rest[rest.length - 1]!.operand);
      for (let k = rest.length - 2; k >= 0; k--) {
        const left = rest[k]!.operand;
        right = applyPrefix(rest[k]!.prefix, { t: 'binop', op: '**', left, right, start: left.start, end: right.end });
      }
      return { t: 'binop', op: '**', left: base, right, start: base.start, end: right.end };
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
            if (!what) {
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
    this.SUBRULE(this.orTest);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME2(T.KwFor);
            this.SUBRULE2(this.exprlist);
            this.CONSUME2(T.KwIn);
            this.SUBRULE2(this.orTest);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.KwIf);
            this.SUBRULE3(this.orTest);
          },
        },
      ]);
    });
  });

  private exprlist = this.RULE('exprlist', () => {
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
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

const parser = new DomainParser();

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

/** Parses the tokens of one simple statement (no newline or `;` tokens). */
export function parseStatement(tokens: IToken[]): ParseResult {
  parser.input = tokens;
  const stmt = parser.statement();
  const errors: IRecognitionException[] = parser.errors;
  if (!errors.length) return { stmt };
  const e = errors[0]!;
  const tok = e.token;
  if (!tok || tok.tokenType.name === 'EOF' || Number.isNaN(tok.startOffset)) {
    return { error: { token: undefined, message: 'invalid syntax: the statement ends too early' } };
  }
  return { error: { token: tok, message: `invalid syntax: unexpected ${describe(tok)}` } };
}

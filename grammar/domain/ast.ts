// The syntax tree of one Python 2 simple statement of a domain config, as the
// parser builds it. Offsets are 0-based, `end` exclusive. Valid Python that
// the compiler does not evaluate (calls, comparisons, …) becomes a `code` node.

import type { IToken } from 'chevrotain';

/** Python constructs that parse but are never evaluated. */
export type CodeKind =
  | 'call' | 'attribute' | 'subscript' | 'comparison' | 'boolean' | 'not' | 'conditional' | 'lambda'
  | 'comprehension' | 'generator' | 'set' | 'backquote';

interface At {
  start: number;
  end: number;
}

export type Expr =
  | (At & { t: 'str'; tokens: IToken[] })
  | (At & { t: 'num'; token: IToken })
  | (At & { t: 'name'; id: string })
  | (At & { t: 'list'; items: Expr[] })
  | (At & { t: 'tuple'; items: Expr[] })
  | (At & { t: 'dict'; keys: Expr[]; values: Expr[] })
  | (At & { t: 'unary'; op: string; operand: Expr })
  | (At & { t: 'binop'; op: string; left: Expr; right: Expr })
  /** `focusEnd`: where the part worth naming ends (e.g. the callee of a call). */
  | (At & { t: 'code'; what: CodeKind; focusEnd: number });

export type Stmt =
  | (At & { t: 'assign'; targets: Expr[]; value: Expr })
  | (At & { t: 'aug'; target: Expr; op: string; value: Expr })
  | (At & { t: 'expr'; value: Expr });

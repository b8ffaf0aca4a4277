// Evaluates parsed domain-config statements (assignments, augmented
// assignments, expressions) over an environment of Python 2 values, reporting
// NameErrors, runtime errors and unevaluated code as problems. Never runs code:
// anything outside the literal/operator subset makes the statement's targets unknown.

import type { Expr, Stmt } from '../../grammar/domain/ast.js';
import type { NameRef } from '../../grammar/domain/statements.js';
import type { DomainAssignment, DomainProblem, DomainProblemDetail } from './domain.js';
import { Assignment } from './domain-model.js';
import { decodeString, parseNumber } from './domain-literals.js';
import { binary, unary } from './domain-pyops.js';
import { PyError, TooLarge, hashKey, mkInt, typeName, type V } from './domain-pyvalue.js';
import type { LineIndex, Span } from './span.js';

export interface UnknownInfo {
  start: number;
  end: number;
  reason: 'python-code' | 'error';
  /** Describes the statement, e.g. "call of `xm_vars.var(…)` at line 17". */
  what: string;
}

export type Binding = { kind: 'value'; v: V; assignment: DomainAssignment } | { kind: 'unknown'; info: UnknownInfo };

export type { NameRef };

/** An expression that is valid Python but not evaluated. */
class NotEvaluated {
  constructor(readonly desc: string, readonly start: number, readonly end: number, readonly mayChangeGlobals: boolean) {}
}

/** A name whose value is unknown because of unevaluated code (or an earlier error). */
class DependsOn {
  constructor(readonly name: string, readonly start: number, readonly end: number, readonly info: UnknownInfo) {}
}

/** A problem already reported (a bad literal): abort the statement quietly. */
class Reported {}

class TooDeep {}

/** Names defined before the config runs: xm's namespace and Python's builtins. Not evaluated. */
const PREDEFINED = new Set([
  // xm create (create.py / opts.py)
  'sys', 'os', 'Vars', 'xm_file', 'xm_help', 'xm_vars',
  // xen.util.ip
  'get_current_ipaddr', 'get_current_ipmask', 'get_current_ipgw', 'inet_aton', 'inet_ntoa', 'check_subnet',
  'check_ip', 'ip_type',
  // Python 2 builtins
  'abs', 'all', 'any', 'apply', 'basestring', 'bin', 'bool', 'buffer', 'bytearray', 'bytes', 'callable', 'chr',
  'classmethod', 'cmp', 'coerce', 'compile', 'complex', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval',
  'execfile', 'file', 'filter', 'float', 'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'help',
  'hex', 'id', 'input', 'int', 'intern', 'isinstance', 'issubclass', 'iter', 'len', 'list', 'locals', 'long', 'map',
  'max', 'memoryview', 'min', 'next', 'object', 'oct', 'open', 'ord', 'pow', 'property', 'range', 'raw_input',
  'reduce', 'reload', 'repr', 'reversed', 'round', 'set', 'setattr', 'slice', 'sorted', 'staticmethod', 'str', 'sum',
  'super', 'tuple', 'type', 'unichr', 'unicode', 'vars', 'xrange', 'zip', '__import__', '__name__', '__builtins__',
  'Ellipsis', 'NotImplemented', 'Exception', 'ValueError', 'TypeError', 'KeyError', 'IndexError', 'OSError',
  'IOError', 'RuntimeError', 'NameError', 'AttributeError', 'StandardError', 'SystemExit',
]);

const CODE_DESCRIPTIONS: Record<string, string> = {
  comparison: 'comparison', boolean: '`and`/`or` expression', not: '`not` expression',
  conditional: 'conditional expression (`… if … else …`)', lambda: '`lambda`', comprehension: 'list comprehension',
  generator: 'generator expression', set: 'set display', backquote: 'backquotes (repr)',
};

const MAX_EVAL_DEPTH = 1000;

function snippet(text: string, start: number, end: number): string {
  const s = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

export function codeMessage(desc: string): string {
  return `${desc}: xm would run this as Python (as root); xendomains does not evaluate it, so its effect on the config is unknown`;
}

export class Evaluator {
  readonly env = new Map<string, Binding>();
  readonly assignments: Array<{ assignment: DomainAssignment; v: V }> = [];
  /** The first unevaluated code that may set arbitrary globals. */
  opaque: { start: number; end: number; what: string } | undefined;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly report: (kind: DomainProblem['kind'], detail: DomainProblemDetail | undefined, message: string, start: number, end: number) => void,
    private readonly vmid: number | undefined,
  ) {}

  lineOf(offset: number): number {
    return this.lines.position(offset).line;
  }

  /** Records code that may set any variable (for "depends on" messages instead of NameErrors). */
  noteOpaque(start: number, end: number, what: string): void {
    this.opaque ??= { start, end, what };
  }

  markUnknown(names: NameRef[], info: UnknownInfo): void {
    for (const n of names) this.env.set(n.name, { kind: 'unknown', info });
  }

  // -------------------------------------------------------------------------

  /** Executes one statement; returns normally even when it fails (the problem is reported). */
  exec(stmt: Stmt): void {
    const targetNames: NameRef[] = [];
    if (stmt.t === 'assign') {
      for (const t of stmt.targets) {
        const bad = this.checkTarget(t);
        if (bad) {
          if (bad.kind === 'syntax') {
            this.report('syntax', undefined, bad.message, bad.start, bad.end);
            this.markUnknown(namesIn(stmt.targets), { start: stmt.start, end: stmt.end, reason: 'error', what: 'a syntax error' });
          } else {
            this.unevaluated(new NotEvaluated(bad.message, bad.start, bad.end, false), stmt, namesIn(stmt.targets));
          }
          return;
        }
      }
      targetNames.push(...namesIn(stmt.targets));
    } else if (stmt.t === 'aug') {
      const t = stmt.target;
      if (t.t !== 'name') {
        const bad = this.checkTarget(t);
        if (bad?.kind === 'code') this.unevaluated(new NotEvaluated(bad.message, bad.start, bad.end, false), stmt, []);
        else this.report('syntax', undefined, 'illegal expression for augmented assignment', t.start, t.end);
        return;
      }
      if (t.id === 'None') {
        this.report('syntax', undefined, 'cannot assign to None', t.start, t.end);
        return;
      }
      targetNames.push({ name: t.id, start: t.start, end: t.end });
    }
    try {
      this.depth = 0;
      if (stmt.t === 'expr') {
        this.eval(stmt.value);
        return;
      }
      if (stmt.t === 'assign') {
        const v = this.eval(stmt.value);
        for (const t of stmt.targets) this.bind(t, v, stmt.value, stmt);
        return;
      }
      const t = stmt.target as Expr & { t: 'name' };
      const cur = this.lookup(t.id, t.start, t.end);
      const rhs = this.eval(stmt.value);
      let result: V;
      if (stmt.op === '+' && cur.k === 'list') {
        // list += iterable extends in place (aliases see it)
        cur.items.push(...iterate(rhs, '+='));
        result = cur;
      } else {
        result = binary(stmt.op, cur, rhs);
      }
      this.bindName(t.id, t.start, t.end, result, stmt.value, stmt);
    } catch (e) {
      this.failed(e, stmt, targetNames);
    }
  }

  private failed(e: unknown, stmt: Stmt, names: NameRef[]): void {
    const line = this.lineOf(stmt.start);
    if (e instanceof NotEvaluated) {
      this.unevaluated(e, stmt, names);
    } else if (e instanceof DependsOn) {
      const info = { start: stmt.start, end: stmt.end, reason: e.info.reason, what: `line ${line}` } as UnknownInfo;
      if (e.info.reason === 'python-code') {
        const what = names.length ? `the value of ${names.map((n) => `\`${n.name}\``).join(', ')}` : 'this expression';
        this.report('python-code', 'depends-on-code',
          `${what} depends on \`${e.name}\`, which ${e.info.what}; xendomains cannot know its value`, e.start, e.end);
      }
      this.markUnknown(names, info);
    } else if (e instanceof PyError) {
      const detail = e.pyType === 'NameError' ? 'name-error' : 'runtime-error';
      const at = (e as PyError & { at?: [number, number] }).at ?? [stmt.start, stmt.end];
      this.report('python-code', detail, `${e.pyType}: ${e.message} — xm create would fail to load this config`, at[0], at[1]);
      this.markUnknown(names, { start: stmt.start, end: stmt.end, reason: 'error', what: `an error at line ${line}` });
    } else if (e instanceof TooLarge || e instanceof TooDeep || e instanceof RangeError) {
      const msg = e instanceof TooLarge
        ? `not evaluated: the result would be ${e.message}`
        : 'not evaluated: the expression is nested too deeply';
      this.report('python-code', 'too-large', msg, stmt.start, stmt.end);
      this.markUnknown(names, { start: stmt.start, end: stmt.end, reason: 'error', what: `line ${line}` });
    } else if (e instanceof Reported) {
      this.markUnknown(names, { start: stmt.start, end: stmt.end, reason: 'error', what: `an error at line ${line}` });
    } else {
      throw e;
    }
  }

  private unevaluated(e: NotEvaluated, stmt: Stmt, names: NameRef[]): void {
    const line = this.lineOf(e.start);
    let msg = codeMessage(e.desc);
    if (names.length) msg += `; ${names.map((n) => `\`${n.name}\``).join(', ')} ${names.length > 1 ? 'are' : 'is'} left unknown`;
    this.report('python-code', 'unsupported', msg, e.start, e.end);
    if (e.mayChangeGlobals) this.noteOpaque(e.start, e.end, `${e.desc} at line ${line}`);
    this.markUnknown(names, { start: stmt.start, end: stmt.end, reason: 'python-code', what: `is set by unevaluated code (${e.desc} at line ${line})` });
  }

  private checkTarget(t: Expr): { kind: 'syntax' | 'code'; message: string; start: number; end: number } | undefined {
    switch (t.t) {
      case 'name':
        return t.id === 'None' ? { kind: 'syntax', message: 'cannot assign to None', start: t.start, end: t.end } : undefined;
      case 'tuple':
      case 'list':
        if (t.t === 'tuple' && t.items.length === 0) return { kind: 'syntax', message: "can't assign to ()", start: t.start, end: t.end };
        for (const i of t.items) {
          const bad = this.checkTarget(i);
          if (bad) return bad;
        }
        return undefined;
      case 'code':
        if (t.what === 'attribute' || t.what === 'subscript') {
          return { kind: 'code', message: `assignment to ${t.what === 'attribute' ? 'attribute' : 'subscript'} \`${snippet(this.text, t.start, t.end)}\``, start: t.start, end: t.end };
        }
        return { kind: 'syntax', message: `can't assign to ${t.what === 'call' ? 'function call' : CODE_DESCRIPTIONS[t.what] ?? t.what}`, start: t.start, end: t.end };
      case 'str':
      case 'num':
      case 'dict':
        return { kind: 'syntax', message: "can't assign to literal", start: t.start, end: t.end };
      default:
        return { kind: 'syntax', message: "can't assign to operator", start: t.start, end: t.end };
    }
  }

  private bind(target: Expr, v: V, valueExpr: Expr, stmt: Stmt): void {
    if (target.t === 'name') {
      this.bindName(target.id, target.start, target.end, v, valueExpr, stmt);
      return;
    }
    const items = target.t === 'tuple' || target.t === 'list' ? target.items : [];
    const values = iterate(v, 'unpack');
    if (values.length > items.length) throw new PyError('ValueError', 'too many values to unpack');
    if (values.length < items.length) {
      throw new PyError('ValueError', `need more than ${values.length} value${values.length === 1 ? '' : 's'} to unpack`);
    }
    const literal = (valueExpr.t === 'tuple' || valueExpr.t === 'list') && valueExpr.items.length === items.length;
    items.forEach((t, k) => this.bind(t, values[k]!, literal ? (valueExpr as { items: Expr[] }).items[k]! : valueExpr, stmt));
  }

  private bindName(name: string, start: number, end: number, v: V, valueExpr: Expr, stmt: Stmt): void {
    const assignment = new Assignment(name, this.lines, start, end, valueExpr.start, valueExpr.end, stmt.start, stmt.end);
    this.assignments.push({ assignment, v });
    this.env.set(name, { kind: 'value', v, assignment });
  }

  /** `del a, b` */
  del(names: NameRef[]): void {
    for (const n of names) {
      const b = this.env.get(n.name);
      if (!b) {
        if (this.opaque) continue;
        this.report('python-code', 'name-error', `NameError: name '${n.name}' is not defined — xm create would fail to load this config`, n.start, n.end);
        continue;
      }
      this.env.delete(n.name);
    }
  }

  // -------------------------------------------------------------------------

  private lookup(id: string, start: number, end: number): V {
    const b = this.env.get(id);
    if (b) {
      if (b.kind === 'value') return b.v;
      throw new DependsOn(id, start, end, b.info);
    }
    if (id === 'None') return { k: 'none' };
    if (id === 'True' || id === 'False') return { k: 'bool', b: id === 'True' };
    if (id === 'vmid' && this.vmid !== undefined) {
      return Number.isInteger(this.vmid) ? mkInt(BigInt(this.vmid)) : { k: 'float', f: this.vmid };
    }
    if (PREDEFINED.has(id)) {
      throw new NotEvaluated(`\`${id}\`, a Python object predefined by xm`, start, end, false);
    }
    if (this.opaque) {
      throw new DependsOn(id, start, end, {
        start: this.opaque.start, end: this.opaque.end, reason: 'python-code',
        what: `is not assigned by any evaluated statement; it may be set by unevaluated code (${this.opaque.what})`,
      });
    }
    const err = new PyError('NameError', `name '${id}' is not defined`);
    (err as PyError & { at?: [number, number] }).at = [start, end];
    throw err;
  }

  private eval(e: Expr): V {
    if (++this.depth > MAX_EVAL_DEPTH) throw new TooDeep();
    try {
      return this.evalInner(e);
    } finally {
      this.depth--;
    }
  }

  private evalInner(e: Expr): V {
    const at: [number, number] = [e.start, e.end];
    switch (e.t) {
      case 'str': {
        let s = '';
        let u = false;
        let bad = false;
        for (const tok of e.tokens) {
          const d = decodeString(tok.image);
          for (const issue of d.issues) {
            if (issue.kind === 'unsupported') {
              throw new NotEvaluated('a named Unicode escape (`\\N{…}`)', tok.startOffset + issue.start, tok.startOffset + issue.end, false);
            }
            this.report('syntax', undefined, issue.message, tok.startOffset + issue.start, tok.startOffset + issue.end);
            bad = true;
          }
          s += d.value;
          u ||= d.unicode;
        }
        if (bad) throw new Reported();
        return { k: 'str', s, u, at };
      }
      case 'num': {
        const n = parseNumber(e.token.image);
        if (n.complex) throw new NotEvaluated('a complex number', e.start, e.end, false);
        if (n.error !== undefined) {
          this.report('syntax', undefined, n.error, e.start, e.end);
          throw new Reported();
        }
        return { ...n.value, at };
      }
      case 'name':
        return this.lookup(e.id, e.start, e.end);
      case 'list':
        return { k: 'list', items: e.items.map((x) => this.eval(x)), at };
      case 'tuple':
        return { k: 'tuple', items: e.items.map((x) => this.eval(x)), at };
      case 'dict': {
        const entries = new Map<string, [V, V]>();
        for (let k = 0; k < e.keys.length; k++) {
          const key = this.eval(e.keys[k]!);
          const value = this.eval(e.values[k]!);
          const h = this.guard(() => hashKey(key), e.keys[k]!);
          const old = entries.get(h);
          entries.set(h, [old ? old[0] : key, value]);
        }
        return { k: 'dict', entries, at };
      }
      case 'unary': {
        const v = this.eval(e.operand);
        const r = this.guard(() => unary(e.op, v), e);
        r.at = at;
        return r;
      }
      case 'binop': {
        // walk the left spine iteratively: `a + b + c + …` can be long
        const spine: Array<Expr & { t: 'binop' }> = [];
        let cur: Expr = e;
        while (cur.t === 'binop') {
          spine.push(cur);
          cur = cur.left;
        }
        let acc = this.eval(cur);
        for (let k = spine.length - 1; k >= 0; k--) {
          const node = spine[k]!;
          const right = this.eval(node.right);
          const left = acc;
          acc = this.guard(() => binary(node.op, left, right), node);
        }
        acc.at = at;
        return acc;
      }
      case 'code': {
        const desc = e.what === 'call'
          ? `call of \`${snippet(this.text, e.start, e.focusEnd)}(…)\``
          : e.what === 'attribute' || e.what === 'subscript'
            ? `${e.what === 'attribute' ? 'attribute access' : 'subscript'} \`${snippet(this.text, e.start, e.end)}\``
            : CODE_DESCRIPTIONS[e.what] ?? e.what;
        throw new NotEvaluated(desc, e.start, e.end, e.what === 'call');
      }
    }
  }

  private guard<R>(f: () => R, node: { start: number; end: number }): R {
    try {
      return f();
    } catch (err) {
      if (err instanceof PyError && !(err as PyError & { at?: unknown }).at) {
        (err as PyError & { at?: [number, number] }).at = [node.start, node.end];
      }
      throw err;
    }
  }
}

/** Items of an iterable value, for `list += x` and unpacking. */
function iterate(v: V, why: string): V[] {
  switch (v.k) {
    case 'list':
    case 'tuple':
      return v.items;
    case 'str':
      return [...v.s].map((c) => ({ k: 'str', s: c, u: v.u }) as V);
    case 'dict':
      return [...v.entries.values()].map(([k]) => k);
    default:
      throw new PyError('TypeError', why === '+=' ? `'${typeName(v)}' object is not iterable` : `'${typeName(v)}' object is not iterable`);
  }
}

/** Names bound by assignment targets (nested tuples and lists included). */
export function namesIn(targets: Expr[]): NameRef[] {
  const out: NameRef[] = [];
  const walk = (t: Expr) => {
    if (t.t === 'name') out.push({ name: t.id, start: t.start, end: t.end });
    else if (t.t === 'tuple' || t.t === 'list') t.items.forEach(walk);
  };
  targets.forEach(walk);
  return out;
}

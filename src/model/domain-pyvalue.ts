// Python 2 values as the domain-config evaluator holds them (ints are bigints,
// str/unicode and list/tuple kept apart), with Python 2's str() and repr() and
// the conversion to the model's PyValue. Operators live in domain-pyops.ts.

import type { PyTypeName, PyValue } from './domain.js';

export type { PyTypeName };

/** Source offsets of the expression a value came from (for element spans). */
export type At = readonly [number, number];

export type V =
  | { k: 'str'; s: string; u: boolean; at?: At }
  | { k: 'int'; i: bigint; long: boolean; at?: At }
  | { k: 'bool'; b: boolean; at?: At }
  | { k: 'float'; f: number; at?: At }
  | { k: 'none'; at?: At }
  | { k: 'list'; items: V[]; at?: At }
  | { k: 'tuple'; items: V[]; at?: At }
  | { k: 'dict'; entries: Map<string, [V, V]>; at?: At };

/** A Python exception the evaluation would raise (xm create then fails). */
export class PyError extends Error {
  constructor(readonly pyType: string, message: string) {
    super(message);
  }
}

/** Raised instead of building a value too large to be a sensible config (Python would try, and may exhaust memory). */
export class TooLarge extends Error {}

export const MAX_INT = (1n << 63n) - 1n;
export const MAX_SEQUENCE = 20_000_000;
export const MAX_INT_BITS = 65_536;

export function typeName(v: V): PyTypeName {
  switch (v.k) {
    case 'str': return v.u ? 'unicode' : 'str';
    case 'int': return v.long ? 'long' : 'int';
    case 'bool': return 'bool';
    case 'float': return 'float';
    case 'none': return 'NoneType';
    case 'list': return 'list';
    case 'tuple': return 'tuple';
    case 'dict': return 'dict';
  }
}

export function mkInt(i: bigint, long = false): V {
  return { k: 'int', i, long: long || i > MAX_INT || i < -MAX_INT - 1n };
}

// ---------------------------------------------------------------------------
// Floats: Python 2.7 repr() is the shortest round-trip form, str() is '%.12g'.

function expForm(digits: string, exp: number, sign: string): string {
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function fixedForm(digits: string, exp: number, sign: string): string {
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${intPart}.${frac || '0'}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

function special(f: number): string | undefined {
  if (Number.isNaN(f)) return 'nan';
  if (f === Infinity) return 'inf';
  if (f === -Infinity) return '-inf';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  return undefined;
}

/** Splits a finite non-zero float into significant digits (trailing zeros stripped) and decimal exponent. */
function decompose(f: number, significant?: number): { digits: string; exp: number; sign: string } {
  const sign = f < 0 ? '-' : '';
  const e = (significant === undefined ? Math.abs(f).toExponential() : Math.abs(f).toExponential(significant - 1));
  const at = e.indexOf('e');
  let digits = e.slice(0, at).replace('.', '');
  digits = digits.replace(/0+$/, '') || '0';
  return { digits, exp: parseInt(e.slice(at + 1), 10), sign };
}

export function floatRepr(f: number): string {
  const s = special(f);
  if (s !== undefined) return s;
  const { digits, exp, sign } = decompose(f);
  return exp < -4 || exp >= 16 ? expForm(digits, exp, sign) : fixedForm(digits, exp, sign);
}

export function floatStr(f: number): string {
  const s = special(f);
  if (s !== undefined) return s;
  const { digits, exp, sign } = decompose(f, 12);
  if (exp < -4 || exp >= 12) return expForm(digits, exp, sign);
  return fixedForm(digits, exp, sign);
}

// ---------------------------------------------------------------------------
// Strings. A Python 2 str holds bytes; the evaluator holds the decoded text, so
// characters above U+00FF are shown as their UTF-8 bytes, as Python 2 would.

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function strRepr(s: string, unicode: boolean): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = unicode ? `u${quote}` : quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c < 0x100) out += `\\x${hex2(c)}`;
    else if (unicode) out += c <= 0xffff ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`;
    else for (const b of Buffer.from(ch, 'utf8')) out += `\\x${hex2(b)}`;
  }
  return out + quote;
}

const MAX_DEPTH = 500;
/** Nodes visited by one repr()/toPyValue(): shared sub-lists (`a = [a, a]` repeated) would otherwise grow exponentially. */
const MAX_NODES = 2_000_000;
let nodes = 0;

export function repr(v: V, depth = 0, seen: Set<V[]> = new Set()): string {
  if (depth === 0) nodes = 0;
  if (depth > MAX_DEPTH) throw new PyError('RuntimeError', 'maximum recursion depth exceeded while getting the repr of a list');
  if (++nodes > MAX_NODES) throw new TooLarge('value too large to format');
  switch (v.k) {
    case 'str': return strRepr(v.s, v.u);
    case 'int': return v.long ? `${v.i}L` : `${v.i}`;
    case 'bool': return v.b ? 'True' : 'False';
    case 'float': return floatRepr(v.f);
    case 'none': return 'None';
    case 'list':
    case 'tuple': {
      if (seen.has(v.items)) return v.k === 'list' ? '[...]' : '(...)';
      seen.add(v.items);
      const inner = v.items.map((x) => repr(x, depth + 1, seen)).join(', ');
      seen.delete(v.items);
      if (v.k === 'list') return `[${inner}]`;
      return v.items.length === 1 ? `(${inner},)` : `(${inner})`;
    }
    case 'dict': {
      const parts: string[] = [];
      for (const [k, x] of v.entries.values()) parts.push(`${repr(k, depth + 1, seen)}: ${repr(x, depth + 1, seen)}`);
      return `{${parts.join(', ')}}`;
    }
  }
}

export function str(v: V): string {
  switch (v.k) {
    case 'str': return v.s;
    case 'int': return `${v.i}`;
    case 'float': return floatStr(v.f);
    default: return repr(v);
  }
}

/** Dict key identity: Python's 1 == 1.0 == True and 'a' == u'a' share a slot. */
export function hashKey(v: V): string {
  switch (v.k) {
    case 'str': return `s${v.s}`;
    case 'int': return `n${v.i}`;
    case 'bool': return v.b ? 'n1' : 'n0';
    case 'float': return Number.isInteger(v.f) ? `n${BigInt(v.f)}` : `f${v.f}`;
    case 'none': return 'N';
    case 'tuple': return `t${JSON.stringify(v.items.map(hashKey))}`;
    default: throw new PyError('TypeError', `unhashable type: '${typeName(v)}'`);
  }
}

// ---------------------------------------------------------------------------

/** Converts to the model's PyValue (dict keys that are not strings become their str()). */
export function toPyValue(v: V, depth = 0, seen: Set<V[]> = new Set()): PyValue {
  if (depth === 0) nodes = 0;
  if (depth > MAX_DEPTH || ++nodes > MAX_NODES) return '...';
  switch (v.k) {
    case 'str': return v.s;
    case 'int': return Number(v.i);
    case 'bool': return v.b;
    case 'float': return v.f;
    case 'none': return null;
    case 'list':
    case 'tuple': {
      if (seen.has(v.items)) return v.k === 'list' ? '[...]' : '(...)';
      seen.add(v.items);
      const items = v.items.map((x) => toPyValue(x, depth + 1, seen));
      seen.delete(v.items);
      return v.k === 'list' ? items : { tuple: items };
    }
    case 'dict': {
      const out: { [key: string]: PyValue } = {};
      for (const [k, x] of v.entries.values()) {
        Object.defineProperty(out, k.k === 'str' ? k.s : str(k), {
          value: toPyValue(x, depth + 1, seen), enumerable: true, writable: true, configurable: true,
        });
      }
      return out;
    }
  }
}

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

/** The exact value of a finite positive double as N / 10^s. */
function exactDecimal(x: number): { n: bigint; s: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  let e = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (e === 0) e = 1;
  else m |= 1n << 52n;
  const exp = e - 1075;
  if (exp >= 0) return { n: m << BigInt(exp), s: 0 };
  return { n: m * 5n ** BigInt(-exp), s: -exp };
}

/** N / 10^k rounded half-to-even, as C's printf (and so Python) rounds the exact binary value. */
function roundDiv(n: bigint, k: number): bigint {
  if (k <= 0) return n * 10n ** BigInt(-k);
  const d = 10n ** BigInt(k);
  const q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** `%.{p}f` digits of a finite x ≥ 0, correctly rounded. */
export function toFixedExact(x: number, p: number): string {
  if (x === 0) return p > 0 ? `0.${'0'.repeat(p)}` : '0';
  const { n, s } = exactDecimal(x);
  const q = roundDiv(n, s - p).toString().padStart(p + 1, '0');
  return p > 0 ? `${q.slice(0, q.length - p)}.${q.slice(q.length - p)}` : q;
}

/** Significant digits (exactly `significant` of them) and decimal exponent of a finite x > 0, correctly rounded. */
export function toDigitsExact(x: number, significant: number): { digits: string; exp: number } {
  const { n, s } = exactDecimal(x);
  const len = n.toString().length;
  let exp = len - 1 - s;
  let q = roundDiv(n, len - significant).toString();
  if (q.length > significant) {
    // 9.99… rounded up to 10.0…
    q = q.slice(0, significant);
    exp++;
  }
  return { digits: q, exp };
}

/** Splits a finite non-zero float into significant digits (trailing zeros stripped) and decimal exponent. */
function decompose(f: number, significant?: number): { digits: string; exp: number; sign: string } {
  const sign = f < 0 ? '-' : '';
  let digits: string;
  let exp: number;
  if (significant === undefined) {
    // shortest round-trip digits: JS and Python 2.7's repr agree
    const e = Math.abs(f).toExponential();
    const at = e.indexOf('e');
    digits = e.slice(0, at).replace('.', '');
    exp = parseInt(e.slice(at + 1), 10);
  } else {
    ({ digits, exp } = toDigitsExact(Math.abs(f), significant));
  }
  digits = digits.replace(/0+$/, '') || '0';
  return { digits, exp, sign };
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
const MAX_REPR_NODES = 100_000;
let nodes = 0;

export function repr(v: V, depth = 0, seen: Set<V[]> = new Set()): string {
  if (depth === 0) nodes = 0;
  if (depth > MAX_DEPTH) throw new PyError('RuntimeError', 'maximum recursion depth exceeded while getting the repr of a list');
  if (++nodes > MAX_REPR_NODES) throw new TooLarge('a value too large to format');
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

/**
 * The number of values in v as a tree (shared sub-lists counted each time they
 * appear, cycles once), stopping past `cap`; Infinity when nested more than 500 deep.
 * `memo` maps each list/dict seen to [size, height].
 */
export function expandedSize(v: V, cap: number, memo: Map<object, [number, number]>): number {
  if (v.k !== 'list' && v.k !== 'tuple' && v.k !== 'dict') return 1; // most values: no Set to allocate
  return measure(v, cap, memo, new Set())[0];
}

function measure(v: V, cap: number, memo: Map<object, [number, number]>, path: Set<object>): [number, number] {
  if (v.k !== 'list' && v.k !== 'tuple' && v.k !== 'dict') return [1, 0];
  const key = v.k === 'dict' ? v.entries : v.items;
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (path.has(key)) return [1, 0];
  if (path.size > MAX_DEPTH) return [Infinity, Infinity];
  path.add(key);
  let n = 1;
  let h = 0;
  const add = (x: V) => {
    const [size, height] = measure(x, cap, memo, path);
    n += size;
    if (height + 1 > h) h = height + 1;
  };
  if (v.k === 'dict') {
    for (const [k, x] of v.entries.values()) {
      add(k);
      add(x);
      if (n > cap || h > MAX_DEPTH) break;
    }
  } else {
    for (const x of v.items) {
      add(x);
      if (n > cap || h > MAX_DEPTH) break;
    }
  }
  path.delete(key);
  const r: [number, number] = h > MAX_DEPTH ? [Infinity, Infinity] : [n, h];
  memo.set(key, r);
  return r;
}

/**
 * Converts to the model's PyValue (dict keys that are not strings become their str()).
 * `memo` shares the conversion of lists referenced from several places, as Python shares them.
 */
export function toPyValue(v: V, memo: Map<object, PyValue> = new Map(), depth = 0, seen?: Set<V[]>): PyValue {
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
      const done = memo.get(v.items);
      if (done !== undefined) return v.k === 'list' ? done : { tuple: done as PyValue[] };
      const path = (seen ??= new Set()); // made only for containers: most values are strings and numbers
      if (path.has(v.items)) return v.k === 'list' ? '[...]' : '(...)';
      path.add(v.items);
      const items = v.items.map((x) => toPyValue(x, memo, depth + 1, path));
      path.delete(v.items);
      memo.set(v.items, items);
      return v.k === 'list' ? items : { tuple: items };
    }
    case 'dict': {
      const done = memo.get(v.entries);
      if (done !== undefined) return done;
      const out: { [key: string]: PyValue } = {};
      for (const [k, x] of v.entries.values()) {
        Object.defineProperty(out, k.k === 'str' ? k.s : str(k), {
          value: toPyValue(x, memo, depth + 1, seen), enumerable: true, writable: true, configurable: true,
        });
      }
      memo.set(v.entries, out);
      return out;
    }
  }
}

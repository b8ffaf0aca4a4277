// Python 2 operator semantics for the domain-config evaluator: + - * / // % **,
// bitwise and shift operators, unary - + ~, and `str % args` formatting.
// Errors are raised as PyError (the exception xm create would stop with).

import {
  MAX_INT_BITS, MAX_SEQUENCE, PyError, TooLarge, hashKey, mkInt, repr, str, toDigitsExact, toFixedExact, typeName, type V,
} from './domain-pyvalue.js';

type Num = { int: bigint; long: boolean } | { float: number };

function num(v: V): Num | undefined {
  if (v.k === 'int') return { int: v.i, long: v.long };
  if (v.k === 'bool') return { int: v.b ? 1n : 0n, long: false };
  if (v.k === 'float') return { float: v.f };
  return undefined;
}

function toFloat(n: Num): number {
  if ('float' in n) return n.float;
  const f = Number(n.int);
  if (!Number.isFinite(f)) throw new PyError('OverflowError', 'long int too large to convert to float');
  return f;
}

function bitLength(i: bigint): number {
  return (i < 0n ? -i : i).toString(16).length * 4;
}

function guardBits(bits: number): void {
  if (bits > MAX_INT_BITS) throw new TooLarge(`an integer of about ${bits} bits`);
}

function floatResult(f: number, finiteInputs: boolean): V {
  if (finiteInputs && !Number.isFinite(f) && !Number.isNaN(f)) throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
  return { k: 'float', f };
}

function intOf(v: V): bigint | undefined {
  if (v.k === 'int') return v.i;
  if (v.k === 'bool') return v.b ? 1n : 0n;
  return undefined;
}

function unsupported(op: string, a: V, b: V): PyError {
  return new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function pyMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

function floatMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function repeat(seq: V, count: bigint): V {
  const n = count < 0n ? 0n : count;
  if (seq.k === 'str') {
    if (BigInt(seq.s.length) * n > BigInt(MAX_SEQUENCE)) throw new TooLarge('a string too long');
    return { k: 'str', s: seq.s.repeat(Number(n)), u: seq.u };
  }
  const items = (seq as { items: V[] }).items;
  if (BigInt(items.length) * n > BigInt(MAX_SEQUENCE / 10)) throw new TooLarge('a list too long');
  const out: V[] = [];
  for (let r = 0n; r < n; r++) out.push(...items);
  return { k: seq.k as 'list' | 'tuple', items: out };
}

function isSeq(v: V): boolean {
  return v.k === 'str' || v.k === 'list' || v.k === 'tuple';
}

export function binary(op: string, a: V, b: V): V {
  const x = num(a);
  const y = num(b);
  switch (op) {
    case '+':
      if (x && y) {
        if ('int' in x && 'int' in y) return mkInt(x.int + y.int, x.long || y.long);
        return floatResult(toFloat(x) + toFloat(y), true);
      }
      if (a.k === 'str' && b.k === 'str') {
        if (a.s.length + b.s.length > MAX_SEQUENCE) throw new TooLarge('a string too long');
        return { k: 'str', s: a.s + b.s, u: a.u || b.u };
      }
      if (a.k === 'list' && b.k === 'list') return { k: 'list', items: [...a.items, ...b.items] };
      if (a.k === 'tuple' && b.k === 'tuple') return { k: 'tuple', items: [...a.items, ...b.items] };
      if (a.k === 'str') throw new PyError('TypeError', `cannot concatenate '${typeName(a)}' and '${typeName(b)}' objects`);
      if (a.k === 'list' || a.k === 'tuple') {
        throw new PyError('TypeError', `can only concatenate ${a.k} (not "${typeName(b)}") to ${a.k}`);
      }
      throw unsupported('+', a, b);
    case '-':
      if (x && y) {
        if ('int' in x && 'int' in y) return mkInt(x.int - y.int, x.long || y.long);
        return floatResult(toFloat(x) - toFloat(y), true);
      }
      throw unsupported('-', a, b);
    case '*':
      if (x && y) {
        if ('int' in x && 'int' in y) {
          guardBits(bitLength(x.int) + bitLength(y.int));
          return mkInt(x.int * y.int, x.long || y.long);
        }
        return floatResult(toFloat(x) * toFloat(y), true);
      }
      if (isSeq(a) && y) {
        if ('int' in y) return repeat(a, y.int);
        throw new PyError('TypeError', `can't multiply sequence by non-int of type '${typeName(b)}'`);
      }
      if (isSeq(b) && x) {
        if ('int' in x) return repeat(b, x.int);
        throw new PyError('TypeError', `can't multiply sequence by non-int of type '${typeName(a)}'`);
      }
      if (isSeq(a) || isSeq(b)) throw new PyError('TypeError', `can't multiply sequence by non-int of type '${typeName(isSeq(a) ? b : a)}'`);
      throw unsupported('*', a, b);
    case '/':
    case '//':
      if (x && y) {
        if ('int' in x && 'int' in y) {
          if (y.int === 0n) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
          return mkInt(floorDiv(x.int, y.int), x.long || y.long);
        }
        const d = toFloat(y);
        if (d === 0) throw new PyError('ZeroDivisionError', op === '/' ? 'float division by zero' : 'float divmod()');
        const q = toFloat(x) / d;
        return floatResult(op === '/' ? q : Math.floor(q), true);
      }
      throw unsupported(op, a, b);
    case '%':
      if (a.k === 'str') return format(a, b);
      if (x && y) {
        if ('int' in x && 'int' in y) {
          if (y.int === 0n) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
          return mkInt(pyMod(x.int, y.int), x.long || y.long);
        }
        const d = toFloat(y);
        if (d === 0) throw new PyError('ZeroDivisionError', 'float modulo');
        return { k: 'float', f: floatMod(toFloat(x), d) };
      }
      throw unsupported('%', a, b);
    case '**':
      return power(a, b, x, y);
    case '<<':
    case '>>': {
      const i = intOf(a);
      const j = intOf(b);
      if (i === undefined || j === undefined) throw unsupported(op, a, b);
      if (j < 0n) throw new PyError('ValueError', 'negative shift count');
      if (op === '>>') return mkInt(i >> j, a.k === 'int' && a.long);
      guardBits(bitLength(i) + Number(j > BigInt(MAX_INT_BITS) ? BigInt(MAX_INT_BITS) + 1n : j));
      return mkInt(i << j, a.k === 'int' && a.long);
    }
    case '&':
    case '|':
    case '^': {
      const i = intOf(a);
      const j = intOf(b);
      if (i === undefined || j === undefined) throw unsupported(op, a, b);
      const r = op === '&' ? i & j : op === '|' ? i | j : i ^ j;
      if (a.k === 'bool' && b.k === 'bool') return { k: 'bool', b: r !== 0n };
      return mkInt(r, (a.k === 'int' && a.long) || (b.k === 'int' && b.long));
    }
  }
  throw new PyError('TypeError', `unsupported operator ${op}`);
}

function power(a: V, b: V, x: Num | undefined, y: Num | undefined): V {
  if (!x || !y) throw unsupported('** or pow()', a, b);
  if ('int' in x && 'int' in y) {
    if (y.int < 0n) {
      if (x.int === 0n) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      return floatResult(Math.pow(toFloat(x), toFloat(y)), true);
    }
    const base = x.int < 0n ? -x.int : x.int;
    if (base > 1n) {
      const bits = BigInt(bitLength(x.int)) * y.int;
      if (bits > BigInt(MAX_INT_BITS)) throw new TooLarge('an integer too large');
    }
    return mkInt(x.int ** y.int, x.long || y.long);
  }
  const fa = toFloat(x);
  const fb = toFloat(y);
  if (fa === 0 && fb < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  if (fa < 0 && !Number.isInteger(fb)) throw new PyError('ValueError', 'negative number cannot be raised to a fractional power');
  return floatResult(Math.pow(fa, fb), Number.isFinite(fa) && Number.isFinite(fb));
}

export function unary(op: string, v: V): V {
  const n = num(v);
  if (!n || (op === '~' && 'float' in n)) {
    throw new PyError('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`);
  }
  if (op === '~') return mkInt(~(n as { int: bigint }).int, v.k === 'int' && v.long);
  if ('float' in n) return { k: 'float', f: op === '-' ? -n.float : n.float };
  return mkInt(op === '-' ? -n.int : n.int, v.k === 'int' && v.long);
}

// ---------------------------------------------------------------------------
// `fmt % args`, Python 2 (PyString_Format).

const MAX_WIDTH = 1_000_000;

function expString(digits: string, exp: number): string {
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** `%e %f %g` (and upper case) of a finite or infinite f ≥ 0, rounded as C printf rounds. */
function formatFloat(f: number, conv: string, precision: number | undefined, alt: boolean): string {
  const lower = conv.toLowerCase();
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'nan' : 'inf';
  let p = Math.min(precision ?? 6, 400);
  let kind = lower;
  if (kind === 'f' && f >= 1e50) kind = 'g'; // Python 2 switches %f to %g above 1e50
  let out: string;
  if (kind === 'f') {
    out = toFixedExact(f, p);
    if (alt && p === 0) out += '.';
  } else if (kind === 'e') {
    if (f === 0) out = expString(`0${'0'.repeat(p)}`, 0);
    else {
      const d = toDigitsExact(f, p + 1);
      out = expString(d.digits, d.exp);
    }
    if (alt && p === 0) out = out.replace('e', '.e');
  } else {
    if (p === 0) p = 1;
    const d = f === 0 ? { digits: '0'.repeat(p), exp: 0 } : toDigitsExact(f, p);
    if (d.exp < -4 || d.exp >= p) {
      let digits = d.digits;
      if (!alt) digits = digits.replace(/0+$/, '') || '0';
      out = expString(digits, d.exp);
      if (alt && digits.length === 1) out = out.replace('e', '.e');
    } else {
      out = toFixedExact(f, p - 1 - d.exp);
      if (!alt && out.includes('.')) out = out.replace(/\.?0+$/, '');
      else if (alt && !out.includes('.')) out += '.';
    }
  }
  return conv === lower ? out : out.toUpperCase();
}

interface Spec {
  key?: string;
  flags: string;
  width?: number;
  precision?: number;
  conv: string;
}

function pad(body: string, sign: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  const len = sign.length + body.length;
  if (len >= width) return sign + body;
  if (spec.flags.includes('-')) return sign + body + ' '.repeat(width - len);
  if (numeric && spec.flags.includes('0')) return sign + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + body;
}

function signOf(negative: boolean, flags: string): string {
  if (negative) return '-';
  if (flags.includes('+')) return '+';
  if (flags.includes(' ')) return ' ';
  return '';
}

function formatOne(spec: Spec, arg: V): { text: string; unicode: boolean } {
  const c = spec.conv;
  if (c === 's' || c === 'r') {
    let t = c === 's' ? str(arg) : repr(arg);
    if (spec.precision !== undefined) t = t.slice(0, spec.precision);
    return { text: pad(t, '', spec, false), unicode: c === 's' && arg.k === 'str' && arg.u };
  }
  if (c === 'c') {
    if (arg.k === 'str') {
      if (arg.s.length !== 1) throw new PyError('TypeError', '%c requires int or char');
      return { text: pad(arg.s, '', spec, false), unicode: arg.u };
    }
    const i = intOf(arg);
    if (i === undefined) throw new PyError('TypeError', '%c requires int or char');
    if (i < 0n || i > 255n) throw new PyError('OverflowError', 'unsigned byte integer is greater than maximum');
    return { text: pad(String.fromCharCode(Number(i)), '', spec, false), unicode: false };
  }
  const n = num(arg);
  if (!n) {
    const what = 'diuoxX'.includes(c) ? `%${c} format: a number is required, not ${typeName(arg)}` : 'float argument required, not ' + typeName(arg);
    throw new PyError('TypeError', what);
  }
  if ('eEfFgG'.includes(c)) {
    const f = toFloat(n);
    const body = formatFloat(Math.abs(f), c, spec.precision, spec.flags.includes('#'));
    const negative = f < 0 || Object.is(f, -0);
    return { text: pad(body, signOf(negative, spec.flags), spec, true), unicode: false };
  }
  // integer conversions: a float is truncated, as Python 2's int() does
  let i: bigint;
  if ('float' in n) {
    if (!Number.isFinite(n.float)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    i = BigInt(Math.trunc(n.float));
  } else i = n.int;
  const negative = i < 0n;
  const abs = negative ? -i : i;
  let digits = c === 'o' ? abs.toString(8) : c === 'x' ? abs.toString(16) : c === 'X' ? abs.toString(16).toUpperCase() : abs.toString();
  if (spec.precision !== undefined && digits.length < spec.precision) digits = digits.padStart(spec.precision, '0');
  let prefix = '';
  if (spec.flags.includes('#')) {
    if (c === 'x') prefix = '0x';
    else if (c === 'X') prefix = '0X';
    else if (c === 'o' && !digits.startsWith('0')) prefix = '0';
  }
  return { text: pad(digits, signOf(negative, spec.flags) + prefix, spec, true), unicode: false };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `fmt % args` for a str/unicode fmt. */
export function format(fmt: V & { k: 'str' }, args: V): V {
  const s = fmt.s;
  const list: V[] = args.k === 'tuple' ? args.items : [args];
  const mapping = args.k === 'dict' || args.k === 'list' ? args : undefined;
  let argIndex = 0;
  let unicode = fmt.u;
  let out = '';
  const next = (): V => {
    if (argIndex >= list.length) throw new PyError('TypeError', 'not enough arguments for format string');
    return list[argIndex++]!;
  };
  let i = 0;
  const n = s.length;
  while (i < n) {
    const pct = s.indexOf('%', i);
    if (pct < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, pct);
    i = pct + 1;
    if (i >= n) throw new PyError('ValueError', 'incomplete format');
    const spec: Spec = { flags: '', conv: '' };
    let usesKey = false;
    if (s[i] === '(') {
      let depth = 1;
      let j = i + 1;
      while (j < n && depth) {
        if (s[j] === '(') depth++;
        else if (s[j] === ')') depth--;
        j++;
      }
      if (depth) throw new PyError('ValueError', 'incomplete format key');
      spec.key = s.slice(i + 1, j - 1);
      usesKey = true;
      i = j;
    }
    while (i < n && '-+ #0'.includes(s[i]!)) spec.flags += s[i++];
    const readNumber = (): number | undefined => {
      if (s[i] === '*') {
        i++;
        const w = next();
        const wi = intOf(w);
        if (wi === undefined) throw new PyError('TypeError', '* wants int');
        return Number(wi);
      }
      let v: number | undefined;
      while (i < n && isDigit(s.charCodeAt(i))) {
        v = (v ?? 0) * 10 + (s.charCodeAt(i) - 48);
        if (v > MAX_WIDTH) throw new TooLarge('a format width too large');
        i++;
      }
      return v;
    };
    let width = readNumber();
    if (width !== undefined && width < 0) {
      spec.flags += '-';
      width = -width;
    }
    if (width !== undefined) spec.width = width;
    if (s[i] === '.') {
      i++;
      spec.precision = readNumber() ?? 0;
    }
    while (i < n && 'hlL'.includes(s[i]!)) i++;
    if (i >= n) throw new PyError('ValueError', 'incomplete format');
    spec.conv = s[i]!;
    i++;
    if (spec.conv === '%') {
      out += '%';
      continue;
    }
    if (!'sridiuoxXeEfFgGc'.includes(spec.conv)) {
      const cc = spec.conv.charCodeAt(0);
      throw new PyError('ValueError', `unsupported format character '${spec.conv}' (0x${cc.toString(16)}) at index ${i - 1}`);
    }
    let arg: V;
    if (usesKey) {
      if (!mapping) throw new PyError('TypeError', 'format requires a mapping');
      if (mapping.k === 'list') throw new PyError('TypeError', 'list indices must be integers, not str');
      const hit = mapping.entries.get(hashKey({ k: 'str', s: spec.key!, u: false }));
      if (!hit) throw new PyError('KeyError', repr({ k: 'str', s: spec.key!, u: false }));
      arg = hit[1];
    } else arg = next();
    const one = formatOne(spec, arg);
    if (out.length + one.text.length > MAX_SEQUENCE) throw new TooLarge('a string too long');
    out += one.text;
    if (one.unicode) unicode = true;
  }
  if (argIndex < list.length && !mapping) {
    throw new PyError('TypeError', 'not all arguments converted during string formatting');
  }
  return { k: 'str', s: out, u: unicode };
}

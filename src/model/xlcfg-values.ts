// How xl reads a stored xl.cfg setting (spec §4): libxlu's typed accessors
// xlu_cfg_get_string / _long / _list with their exact warnings, C strtol
// (base 0: a leading 0 is octal), and which accessor each key uses
// (options.json). Pure; rules decide what a warning means for the user.

import type { XlSetting, XlValue } from '../../grammar/xlcfg/parser.js';
import { XL_OPTIONS, type XlOption } from './xl-options.js';

export const XL_OPTION_BY_NAME: ReadonlyMap<string, XlOption> = new Map(XL_OPTIONS.map((o) => [o.name, o]));

/** The accessor xl uses first for a key, simplified to the three libxlu readers. */
export type XlReader = 'string' | 'long' | 'list';

/** Which reader xl uses for a key (its first, possibly silent, attempt); undefined for keys xl does not read. */
export function readerOf(key: string): { reader: XlReader; silent: boolean; fallback?: XlReader } | undefined {
  let reader = READERS.get(key);
  if (reader === undefined && !READERS.has(key)) READERS.set(key, (reader = computeReader(key)));
  return reader;
}

const READERS = new Map<string, ReturnType<typeof computeReader>>();

function computeReader(key: string): { reader: XlReader; silent: boolean; fallback?: XlReader } | undefined {
  const option = XL_OPTION_BY_NAME.get(key);
  if (!option) return undefined;
  const r = option.readAs;
  const silent = r.includes('silent');
  const first: XlReader = /^(nested list|list|string list)/.test(r) ? 'list' : /^(long|defbool|bounded long)/.test(r) ? 'long' : 'string';
  const alt = /else (string|defbool)/.exec(r);
  const result: { reader: XlReader; silent: boolean; fallback?: XlReader } = { reader: first, silent: r.startsWith('defbool (HVM)') ? false : silent && !alt };
  if (alt) result.fallback = alt[1] === 'string' ? 'string' : 'long';
  return result;
}

export type StrtolResult = { ok: true; value: bigint } | { ok: false; reason: 'invalid' | 'range' };

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** C `strtol(text, &end, 0)` on a 64-bit long, as xlu_cfg_get_long judges it: the whole text must be used. */
/** Decimal digits without sign, blanks or a leading zero (octal), too few to leave a long: read as written. */
const PLAIN_LONG = /^(?:0|[1-9][0-9]{0,17})$/;

export function strtol(text: string): StrtolResult {
  if (PLAIN_LONG.test(text)) return { ok: true, value: BigInt(text) };
  let i = 0;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  let base = 10;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && i + 2 < text.length && digitValue(text[i + 2]!) < 16) {
    base = 16;
    i += 2;
  } else if (text[i] === '0') base = 8;
  const digitsFrom = i;
  let value = 0n;
  const b = BigInt(base);
  while (i < text.length) {
    const d = digitValue(text[i]!);
    if (d >= base) break;
    value = value * b + BigInt(d);
    i++;
  }
  if (i === digitsFrom) return { ok: false, reason: 'invalid' };
  if (negative) value = -value;
  // strtol sets ERANGE whatever follows the digits, and xlu_cfg_get_long checks errno first
  if (value > LONG_MAX || value < LONG_MIN) return { ok: false, reason: 'range' };
  if (i < text.length) return { ok: false, reason: 'invalid' };
  return { ok: true, value };
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; warning: string };

/** xlu_cfg_get_string: an atom's text; a list warns. */
export function readString(setting: XlSetting, src: string): ReadResult<string> {
  if (setting.value.kind === 'list') return { ok: false, warning: `${src}:${setting.line}: warning: parameter \`${setting.name}' is a list but should be a single value` };
  return { ok: true, value: setting.value.text };
}

/** xlu_cfg_get_long. */
export function readLong(setting: XlSetting, src: string): ReadResult<bigint> {
  const where = () => `${src}:${setting.line}: warning: parameter \`${setting.name}'`;
  if (setting.value.kind === 'list') return { ok: false, warning: `${where()} is a list but should be a single value` };
  if (setting.op === '+=') return { ok: false, warning: `${src}:${setting.line}: warning: can't use += with numbers for parameter \`${setting.name}'` };
  const n = strtol(setting.value.text);
  if (!n.ok) return { ok: false, warning: n.reason === 'range' ? `${where()} could not be parsed as a number: Numerical result out of range` : `${where()} is not a valid number` };
  return { ok: true, value: n.value };
}

/** xlu_cfg_get_list: the list (items may be nested lists); an atom warns. */
export function readList(setting: XlSetting, src: string): ReadResult<XlValue[]> {
  if (setting.value.kind === 'atom') return { ok: false, warning: `${src}:${setting.line}: warning: parameter \`${setting.name}' is a single value but should be a list` };
  return { ok: true, value: setting.value.items };
}

/** A device list as xl walks it: the string items up to the first nested list (xl stops there, silently). */
export function deviceStrings(items: readonly XlValue[]): Array<XlValue & { kind: 'atom' }> {
  const out: Array<XlValue & { kind: 'atom' }> = [];
  for (const item of items) {
    if (item.kind !== 'atom') break;
    out.push(item);
  }
  return out;
}

// xl.cfg literals for the xm → xl migration: whether a value's source text is
// already something libxlu reads the same (spec xl-cfg §2–§3), and how to write
// a value as an xl literal (libxlu's string escapes). Pure; what to write is xm-to-xl.ts.

/** A value xl can hold: a string, a number kept as its decimal text, or a list. */
export type XlValue = { str: string } | { num: string } | XlValue[];

/** Escapes that Python 2 and libxlu both read, and read alike (spec §2.1). */
const SHARED_ESCAPES = new Set(['"', "'", '\\', 'a', 'b', 'f', 'n', 'r', 't', 'v']);

/**
 * Whether `source` (an xm value expression) is already an xl literal with the same value:
 * plain quoted strings with escapes both read alike, decimal integers without a leading 0,
 * and `[...]` lists of those (newlines, comments and one trailing comma allowed inside).
 */
export function isXlLiteral(source: string): boolean {
  let i = 0;
  let depth = 0;
  let expectValue = true;
  let sawValue = false;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (depth > 0 && c === '\n') { i++; continue; }
    if (depth > 0 && c === '#') {
      const nl = source.indexOf('\n', i);
      if (nl < 0) return false;
      i = nl + 1;
      continue;
    }
    if (c === '[') {
      if (!expectValue) return false;
      depth++;
      i++;
      continue;
    }
    if (c === ']') {
      if (depth === 0) return false;
      depth--;
      expectValue = false;
      sawValue = true;
      i++;
      continue;
    }
    if (c === ',') {
      if (depth === 0 || expectValue) return false;
      expectValue = true;
      i++;
      continue;
    }
    if (!expectValue) return false;
    if (c === '"' || c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= n || source[j] === '\n' || source[j] === '\r') return false;
        if (source[j] === '\\') {
          if (!SHARED_ESCAPES.has(source[j + 1] ?? '')) return false;
          j += 2;
          continue;
        }
        if (source[j] === c) break;
        j++;
      }
      // `'''` / `"""` and adjacent literals are not xl
      if (j === i + 1 && source[j + 1] === c) return false;
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^(?:0|[1-9][0-9]*)(?![0-9A-Za-z_.])/.exec(source.slice(i));
      if (!m) return false;
      i += m[0].length;
    } else {
      return false;
    }
    expectValue = false;
    sawValue = true;
  }
  return depth === 0 && sawValue && !expectValue;
}

/** Characters a libxlu string cannot hold: no `\x` or octal escape works (spec §2.1). */
const UNWRITABLE = /[\0-\x06\x0e-\x1f\x7f]/;

/** Whether every string in `value` can be written as an xl string literal. */
export function isWritable(value: XlValue): boolean {
  if (Array.isArray(value)) return value.every(isWritable);
  return 'num' in value || !UNWRITABLE.test(value.str);
}

const ESCAPE: Record<string, string> = { '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** A string as an xl literal: double quotes unless the text holds `"` and no `'`. */
export function xlString(s: string): string {
  const quote = s.includes('"') && !s.includes("'") ? "'" : '"';
  let out = quote;
  for (const ch of s) {
    if (ch === quote) out += `\\${ch}`;
    else out += ESCAPE[ch] ?? ch;
  }
  return out + quote;
}

/** A value as xl text; lists longer than one line's worth are written one element a line. */
export function xlText(value: XlValue, indent = ''): string {
  if (!Array.isArray(value)) return 'num' in value ? value.num : xlString(value.str);
  if (value.length === 0) return '[]';
  const items = value.map((v) => xlText(v, `${indent}    `));
  const flat = `[ ${items.join(', ')} ]`;
  if (flat.length <= 72 && !flat.includes('\n')) return flat;
  return `[\n${items.map((item) => `${indent}    ${item},`).join('\n')}\n${indent}]`;
}

/** An integer as xl reads it: a bare number when it is 0 or more, else a quoted string (`-1` is a lexical error). */
export function xlInteger(n: number | bigint): XlValue {
  return n >= 0 ? { num: String(n) } : { str: String(n) };
}

/** Keys libxlu's lexer accepts (spec §2: IDENT). */
export function isXlKey(name: string): boolean {
  return /^[a-z][._0-9a-z]*$/.test(name);
}

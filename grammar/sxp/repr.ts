// Python 2 byte-string repr, as xend's sxp.show prints atoms: writing one
// (what xend would print for a name) and reading one back (quoted atoms).
// Strings are UTF-8 bytes on the xend side, so \xHH escapes are bytes.

/** Atoms made only of these characters are printed bare by xend (sxp.py). */
const BARE = /^[A-Za-z0-9._:/~-]*$/;

export function isBareAtom(value: string): boolean {
  return BARE.test(value);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Python 2 `repr(str)` of the UTF-8 bytes of `value`. */
export function pythonRepr(value: string): string {
  const bytes = encoder.encode(value);
  // Python picks double quotes only when the text has a ' and no ".
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const b of bytes) {
    if (b === 92) out += '\\\\';
    else if (b === 39 && quote === "'") out += "\\'";
    else if (b === 9) out += '\\t';
    else if (b === 10) out += '\\n';
    else if (b === 13) out += '\\r';
    else if (b < 32 || b >= 127) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

/** What xend prints for this string atom: bare, or its Python repr. */
export function sxpAtomText(value: string): string {
  return isBareAtom(value) ? value : pythonRepr(value);
}

const SIMPLE: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34 };

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Decodes the body of a Python string literal (between the quotes). Unknown
 * escapes keep their backslash, as Python does; a malformed \x is kept literally
 * (the lexer reports it). Escaped bytes are reassembled as UTF-8.
 */
export function unescapePython(text: string, from: number, to: number): string {
  const slash = text.indexOf('\\', from);
  if (slash === -1 || slash >= to) return text.slice(from, to);
  const bytes: number[] = [];
  let literalFrom = from;
  const flushLiteral = (upTo: number) => {
    if (upTo > literalFrom) for (const b of encoder.encode(text.slice(literalFrom, upTo))) bytes.push(b);
  };
  let i = slash;
  while (i < to) {
    if (text.charCodeAt(i) !== 92 || i + 1 >= to) {
      i++;
      continue;
    }
    flushLiteral(i);
    const e = text[i + 1]!;
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
    } else if (e === 'x') {
      const h1 = i + 2 < to ? hexVal(text.charCodeAt(i + 2)) : -1;
      const h2 = i + 3 < to ? hexVal(text.charCodeAt(i + 3)) : -1;
      if (h1 >= 0 && h2 >= 0) {
        bytes.push(h1 * 16 + h2);
        i += 4;
      } else {
        bytes.push(92, 120);
        i += 2;
      }
    } else if (e >= '0' && e <= '7') {
      let v = 0;
      let k = i + 1;
      while (k < to && k < i + 4 && text[k]! >= '0' && text[k]! <= '7') v = v * 8 + (text.charCodeAt(k++) - 48);
      bytes.push(v & 0xff);
      i = k;
    } else {
      bytes.push(92);
      i += 1;
    }
    literalFrom = i;
  }
  flushLiteral(to);
  return decoder.decode(new Uint8Array(bytes));
}

// Python 2 string and number literals of a domain config: prefixes (u b r ur br),
// every escape with Python 2's rules (\u only in unicode literals, bad \x is an
// error), universal newlines, and int/long/float/octal forms. Pure functions.

import { MAX_INT, type V } from './domain-pyvalue.js';

export interface LiteralIssue {
  /** Offsets relative to the literal's image. */
  start: number;
  end: number;
  message: string;
  /** 'syntax': Python rejects the literal; 'unsupported': valid, but not evaluated here (\N{…}). */
  kind: 'syntax' | 'unsupported';
}

export interface DecodedString {
  value: string;
  unicode: boolean;
  issues: LiteralIssue[];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

function isOct(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}

function fromCodePoint(cp: number): string {
  return String.fromCodePoint(cp);
}

/** Decodes the image of one string token (prefix and quotes included). */
export function decodeString(image: string): DecodedString {
  let p = 0;
  let unicode = false;
  let raw = false;
  for (; p < image.length; p++) {
    const c = image[p]!;
    if (c === 'u' || c === 'U') unicode = true;
    else if (c === 'r' || c === 'R') raw = true;
    else if (c === 'b' || c === 'B') continue;
    else break;
  }
  const q = image.startsWith(image[p]!.repeat(3), p) && image.length - p >= 6 ? 3 : 1;
  const from = p + q;
  const to = image.length - q;
  const body = image.slice(from, to);
  const issues: LiteralIssue[] = [];
  if (!body.includes('\\') && !body.includes('\r')) return { value: body, unicode, issues };

  let out = '';
  let i = 0;
  const n = body.length;
  const issue = (start: number, end: number, message: string, kind: LiteralIssue['kind'] = 'syntax') => {
    issues.push({ start: from + start, end: from + end, message, kind });
  };
  while (i < n) {
    const c = body[i]!;
    if (c === '\r') {
      out += '\n';
      i += body[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) {
      out += '\\';
      i++;
      continue;
    }
    if (raw) {
      // raw: the backslash stays; in ur'' a \u or \U after an odd run of backslashes is still decoded
      let run = 0;
      while (body[i + run] === '\\') run++;
      const after = body[i + run];
      if (unicode && run % 2 === 1 && (after === 'u' || after === 'U')) {
        out += '\\'.repeat(run - 1);
        const start = i + run - 1;
        const digits = after === 'u' ? 4 : 8;
        const hex = body.slice(i + run + 1, i + run + 1 + digits);
        if (hex.length === digits && [...hex].every(isHex)) {
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) {
            issue(start, i + run + 1 + digits, '\\U escape beyond U+10FFFF (Python: "illegal Unicode character")');
            out += body.slice(start, i + run + 1 + digits);
          } else out += fromCodePoint(cp);
          i += run + 1 + digits;
        } else {
          issue(start, i + run + 1 + hex.length, `truncated \\${after} escape`);
          out += body.slice(start, i + run + 1);
          i += run + 1;
        }
        continue;
      }
      const chunk = body.slice(i, i + run);
      out += chunk;
      i += run;
      if (run % 2 === 1 && after !== undefined) {
        // the character after an odd run is part of the escape pair: keep it verbatim (CRLF → LF)
        if (after === '\r') {
          out += '\n';
          i += body[i + 1] === '\n' ? 2 : 1;
        } else {
          out += after;
          i++;
        }
      }
      continue;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    if (e === '\n') {
      i += 2;
      continue;
    }
    if (e === '\r') {
      i += body[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (isOct(e)) {
      let j = i + 1;
      let v = 0;
      while (j < n && j < i + 4 && isOct(body[j])) v = v * 8 + (body.charCodeAt(j++) - 48);
      out += String.fromCharCode(unicode ? v : v & 0xff);
      i = j;
      continue;
    }
    if (e === 'x') {
      if (isHex(body[i + 2]) && isHex(body[i + 3])) {
        out += String.fromCharCode(parseInt(body.slice(i + 2, i + 4), 16));
        i += 4;
      } else {
        const len = isHex(body[i + 2]) ? 3 : 2;
        issue(i, i + len, unicode ? 'truncated \\xXX escape' : 'invalid \\x escape: \\x needs two hex digits (Python: "ValueError: invalid \\x escape")');
        out += body.slice(i, i + len);
        i += len;
      }
      continue;
    }
    if (unicode && (e === 'u' || e === 'U')) {
      const digits = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + digits);
      let ok = hex.length === digits;
      for (const h of hex) ok &&= isHex(h);
      if (ok) {
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) {
          issue(i, i + 2 + digits, '\\U escape beyond U+10FFFF (Python: "illegal Unicode character")');
          out += body.slice(i, i + 2 + digits);
        } else out += fromCodePoint(cp);
        i += 2 + digits;
      } else {
        let k = 0;
        while (k < digits && isHex(hex[k])) k++;
        issue(i, i + 2 + k, `truncated \\${e}${'X'.repeat(digits)} escape`);
        out += body.slice(i, i + 2 + k);
        i += 2 + k;
      }
      continue;
    }
    if (unicode && e === 'N') {
      const close = body[i + 2] === '{' ? body.indexOf('}', i + 3) : -1;
      const end = close < 0 ? i + 2 : close + 1;
      issue(i, end, close < 0 ? 'malformed \\N character escape' : 'named Unicode escape \\N{…} is not evaluated by xendomains',
        close < 0 ? 'syntax' : 'unsupported');
      out += body.slice(i, end);
      i = end;
      continue;
    }
    // any other escape keeps its backslash (also \u in a plain Python 2 str)
    out += '\\' + e;
    i += 2;
  }
  return { value: out, unicode, issues };
}

export type NumberLiteral =
  | { value: V; error?: undefined; complex?: undefined }
  | { error: string; value?: undefined; complex?: undefined }
  | { complex: true; value?: undefined; error?: undefined };

/** Parses a NumberLit image with Python 2's rules (leading-0 octal, L suffix, j suffix). */
export function parseNumber(image: string): NumberLiteral {
  const last = image[image.length - 1]!;
  if (last === 'j' || last === 'J') return { complex: true };
  const long = last === 'l' || last === 'L';
  const body = long ? image.slice(0, -1) : image;
  const c1 = body[1];
  if (body[0] === '0' && (c1 === 'x' || c1 === 'X' || c1 === 'o' || c1 === 'O' || c1 === 'b' || c1 === 'B')) {
    const i = BigInt(body);
    return { value: { k: 'int', i, long: long || i > MAX_INT } };
  }
  if (/[.eE]/.test(body)) {
    if (long) return { error: 'invalid syntax: a float cannot have an L suffix' };
    return { value: { k: 'float', f: Number(body) } };
  }
  if (body.length > 1 && body[0] === '0') {
    if (/[89]/.test(body)) {
      return { error: 'invalid token: a number with a leading 0 is octal in Python 2, and 8 and 9 are not octal digits' };
    }
    const i = BigInt(`0o${body.slice(1)}`);
    return { value: { k: 'int', i, long: long || i > MAX_INT } };
  }
  const i = BigInt(body);
  return { value: { k: 'int', i, long: long || i > MAX_INT } };
}

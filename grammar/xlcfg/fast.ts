// The fast path for the xl.cfg files most hosts have: valid files of
// assignments, comments and lists. One pass over the characters, no tokens; it
// builds exactly what parser.ts would (test/xlcfg/fast-path.test.mjs compares
// them) and returns undefined at anything unusual — an error, an escape it
// cannot take, a CR — which the full parser then handles with xl's messages.

import type { XlAtom, XlList, XlParseResult, XlSetting, XlValue } from './parser.js';
import { dequote } from './parser.js';

class NotSimple extends Error {}

const NOT_SIMPLE = new NotSimple();

const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentPart = (c: number) => isLower(c) || isDigit(c) || c === 46 || c === 95;
const isNumberPart = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || c === 120;

export function parseSimpleXlConfig(text: string): XlParseResult | undefined {
  let pos = 0;
  let line = 1;
  const n = text.length;
  const comments: Array<{ start: number; end: number }> = [];
  const settings: XlSetting[] = [];

  const blanks = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9) pos++;
      else return;
    }
  };
  /** A `#` comment with its newline (at pos). */
  const comment = () => {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) throw NOT_SIMPLE;
    comments.push({ start: pos, end: nl });
    pos = nl + 1;
    line++;
  };
  /** Blanks, newlines and comments (inside a list). */
  const space = () => {
    for (;;) {
      blanks();
      const c = text.charCodeAt(pos);
      if (c === 10) {
        pos++;
        line++;
      } else if (c === 35) comment();
      else return;
    }
  };
  const value = (depth: number): XlValue => {
    const start = pos;
    const c = text.charCodeAt(pos);
    if (c === 34 || c === 39) {
      let i = pos + 1;
      for (;;) {
        if (i >= n) throw NOT_SIMPLE;
        const d = text.charCodeAt(i);
        if (d === c) break;
        if (d === 10 || d === 0) throw NOT_SIMPLE;
        if (d === 92) {
          const e = text.charCodeAt(i + 1);
          if (Number.isNaN(e) || e === 10 || e === 0) throw NOT_SIMPLE;
          i += 2;
        } else i++;
      }
      let body = text.slice(pos + 1, i);
      if (body.includes('\\')) {
        const d = dequote(text.slice(pos, i + 1));
        if (d.error) throw NOT_SIMPLE;
        body = d.value;
      }
      pos = i + 1;
      return { kind: 'atom', text: body, number: false, start, end: pos, line } satisfies XlAtom;
    }
    if (isDigit(c)) {
      let i = pos + 1;
      while (i < n && isNumberPart(text.charCodeAt(i))) i++;
      pos = i;
      return { kind: 'atom', text: text.slice(start, i), number: true, start, end: i, line } satisfies XlAtom;
    }
    if (c === 91) {
      if (depth > 100) throw NOT_SIMPLE;
      const open: XlList = { kind: 'list', items: [], start, end: start, line };
      pos++;
      space();
      if (text.charCodeAt(pos) !== 93) {
        for (;;) {
          open.items.push(value(depth + 1));
          space();
          const d = text.charCodeAt(pos);
          if (d === 44) {
            pos++;
            space();
            if (text.charCodeAt(pos) === 93) break;
          } else if (d === 93) break;
          else throw NOT_SIMPLE;
        }
      }
      pos++;
      open.end = pos;
      return open;
    }
    throw NOT_SIMPLE;
  };

  try {
    while (pos < n) {
      blanks();
      if (pos >= n) break;
      const c = text.charCodeAt(pos);
      if (c === 10) {
        pos++;
        line++;
        continue;
      }
      if (c === 35) {
        comment();
        continue;
      }
      if (c === 59) {
        pos++;
        continue;
      }
      if (!isLower(c)) throw NOT_SIMPLE;
      const nameStart = pos;
      pos++;
      while (pos < n && isIdentPart(text.charCodeAt(pos))) pos++;
      const nameEnd = pos;
      blanks();
      let op: '=' | '+=';
      if (text.charCodeAt(pos) === 61) {
        op = '=';
        pos++;
      } else if (text.charCodeAt(pos) === 43 && text.charCodeAt(pos + 1) === 61) {
        op = '+=';
        pos += 2;
      } else throw NOT_SIMPLE;
      blanks();
      const written = value(0);
      const name = text.slice(nameStart, nameEnd);
      let stored = written;
      if (op === '+=') {
        let prev: XlSetting | undefined;
        for (let i = settings.length - 1; i >= 0; i--) if (settings[i]!.name === name) { prev = settings[i]; break; }
        if (prev) {
          if (prev.value.kind !== written.kind) throw NOT_SIMPLE;
          stored = prev.value.kind === 'atom'
            ? { ...(written as XlAtom), text: prev.value.text + (written as XlAtom).text, number: false }
            : { ...(written as XlList), items: [...prev.value.items, ...(written as XlList).items] };
        }
      }
      settings.push({ name, op, value: stored, written, nameStart, nameEnd, line: written.line });
      blanks();
      if (pos >= n) break;
      const t = text.charCodeAt(pos);
      if (t === 10) {
        pos++;
        line++;
      } else if (t === 59) pos++;
      else if (t === 35) comment();
      else throw NOT_SIMPLE;
    }
  } catch (error) {
    if (error === NOT_SIMPLE) return undefined;
    throw error;
  }
  return { settings, errors: [], ok: true, pythonHint: false, comments };
}

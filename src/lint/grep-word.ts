// Finds, for many patterns at once, which names `grep -w PATTERN` would match:
// the reference's "already restored" test greps each config file name in the
// listing of saved images. Names are indexed by their word-bounded substrings,
// so checking N configs against N names is near-linear instead of N² regex runs.

import { grepWordMatch } from '../model/shell-match.js';

const WORD = /[A-Za-z0-9_]/;
/** Regex metacharacters other than `.` (which matches any one character, handled by masking). */
const OTHER_META = /[\\^$[\]*+?(){}|]/;

/** Length in code points, as grep counts characters in a UTF-8 locale. */
function codePoints(text: string): number {
  return /[\uD800-\uDFFF]/.test(text) ? [...text].length : text.length;
}

/** Every substring of `name` that starts and ends at a grep word boundary, with its length in code points. */
function wordBoundedSubstrings(name: string): Array<{ text: string; length: number }> {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i <= name.length; i++) {
    const before = i > 0 && WORD.test(name[i - 1]!);
    const after = i < name.length && WORD.test(name[i]!);
    if (!before) starts.push(i); // a match may start here: nothing word-like precedes
    if (!after) ends.push(i); // a match may end here: nothing word-like follows
  }
  const out: Array<{ text: string; length: number }> = [];
  for (const s of starts) {
    for (const e of ends) {
      if (e <= s) continue;
      const text = name.slice(s, e);
      out.push({ text, length: codePoints(text) });
    }
  }
  return out;
}

function mask(text: string, dots: readonly number[]): string {
  if (!dots.length) return text;
  const chars = [...text];
  for (const d of dots) chars[d] = '.';
  return chars.join('');
}

/** For each pattern, the names it matches as a grep word (pattern ≠ name itself is the caller's filter). */
export function grepWordMatches(patterns: readonly string[], names: readonly string[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const bySignature = new Map<string, string[]>();
  let shortest = Infinity;
  for (const pattern of new Set(patterns)) {
    // Other regex syntax, or a leading `-` (grep reads it as an option): the exact one-by-one emulation.
    if (OTHER_META.test(pattern) || pattern.startsWith('-')) {
      result.set(pattern, names.filter((n) => grepWordMatch(pattern, n) === true));
      continue;
    }
    const dots = pattern.includes('.') ? [...pattern].flatMap((c, i) => (c === '.' ? [i] : [])) : [];
    const signature = `${codePoints(pattern)}:${dots.join(',')}`;
    const group = bySignature.get(signature);
    if (group) group.push(pattern);
    else bySignature.set(signature, [pattern]);
    shortest = Math.min(shortest, codePoints(pattern));
  }
  // A name shorter than every pattern holds none of them (the usual case: `web.cfg` against domain `web`).
  const substrings = names.filter((name) => name.length >= shortest).map((name) => ({ name, subs: wordBoundedSubstrings(name) }));
  for (const [signature, group] of bySignature) {
    const [length, dotList] = signature.split(':') as [string, string];
    const dots = dotList ? dotList.split(',').map(Number) : [];
    const index = new Map<string, Set<string>>();
    for (const { name, subs } of substrings) {
      for (const sub of subs) {
        if (sub.length !== Number(length)) continue;
        const key = mask(sub.text, dots);
        let set = index.get(key);
        if (!set) index.set(key, (set = new Set()));
        set.add(name);
      }
    }
    for (const pattern of group) result.set(pattern, [...(index.get(pattern) ?? [])]);
  }
  return result;
}

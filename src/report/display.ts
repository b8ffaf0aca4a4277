// The one way text from configs, file names and xm output reaches a terminal or
// a text log: control characters (C0, DEL, C1), bidi overrides and isolates,
// LRM/RLM and every other invisible format character become visible escapes
// (`\x1b`, `\u202e`), so a domain name cannot clear the screen, retitle the
// terminal or reorder a line. JSON and SARIF keep the true string; not used there.

// Cc: C0, DEL, C1. Cf: bidi (U+202A–202E, U+2066–2069), LRM/RLM, ALM, zero widths, BOM, tags…
// Cs: a lone surrogate. Zl/Zp: U+2028/2029, which some terminals and editors take as line breaks.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** Whether one character (code point) must not reach a terminal as it is. */
export function isUnsafeForDisplay(ch: string): boolean {
  return UNSAFE.test(ch);
}

/** The visible escape of one unsafe character: `\xNN` up to U+00FF, else `\uNNNN` (`\u{NNNNN}` beyond the BMP). */
export function escapeForDisplay(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/**
 * Text safe to print: every unsafe character escaped, except those in `keep`
 * (e.g. '\n' for a multi-line log, '\t' where tabs are fine). One line by default.
 */
export function displayText(text: string, keep = ''): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (ch) => (keep.includes(ch) ? ch : escapeForDisplay(ch)));
}

// What bash's `.` does with NUL bytes before it parses a file (builtins/evalfile.c,
// _evalfile, bash 4–5): it deletes them one by one — skipping the byte after each
// deleted one, so of two NULs in a row one stays — refuses the file as binary after
// the 257th deletion, and then parses the text only up to the first NUL left.
// The sysconfig compiler asks this; it does not parse anything itself.

export type NulVerdict =
  /** No NUL byte: bash reads the whole file. */
  | { kind: 'clean' }
  /** More than 256 NULs deleted: `cannot execute binary file`, exit 126, nothing is set. */
  | { kind: 'binary'; offset: number }
  /**
   * bash reads the file up to `end` (an offset in the original text: the first NUL it
   * left in place, or the text's length); `deleted` are the offsets of the NULs it removed
   * before that, which the caller reports (the values around them are joined).
   */
  | { kind: 'nul'; end: number; deleted: number[] };

const MAX_DELETED = 256;

export function bashNulVerdict(text: string): NulVerdict {
  const first = text.indexOf('\0');
  if (first < 0) return { kind: 'clean' };
  const deleted: number[] = [];
  let end = text.length;
  // i walks the original offsets; after a deletion bash's index moves past the byte that slid into place.
  for (let i = first; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0) continue;
    deleted.push(i);
    if (deleted.length > MAX_DELETED) return { kind: 'binary', offset: first };
    if (text.charCodeAt(i + 1) === 0 && end === text.length) end = i + 1;
    i++; // the byte after a deleted NUL is never looked at
  }
  return { kind: 'nul', end, deleted: deleted.filter((d) => d < end) };
}

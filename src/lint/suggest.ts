// "Did you mean" suggestions for misspelt names (optimal string alignment distance).
// Linear in the number of names asked about: each candidate costs at most
// O(len × limit) with an early exit, and the rows are reused between calls.

export function editDistance(a: string, b: string): number {
  return boundedDistance(a, b, Math.max(a.length, b.length));
}

let rows: Int32Array[] = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];

/** The OSA distance of a and b when it is at most limit, else limit + 1 (computed only as far as needed). */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0]!.length < b.length + 1) rows = rows.map(() => new Int32Array(b.length + 1));
  let [before, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) best = Math.min(best, before[j - 2]! + 1);
      cur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    // Every path to the end passes through this row: nothing below it can come back under the limit.
    if (rowMin > limit) return limit + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return Math.min(prev[b.length]!, limit + 1);
}

const upperCache = new WeakMap<readonly string[], string[]>();

/** The closest candidate within a distance that scales with the word's length, or a candidate the word extends. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const upper = word.toUpperCase();
  let uppers = upperCache.get(candidates);
  if (!uppers) upperCache.set(candidates, (uppers = candidates.map((c) => c.toUpperCase())));
  const limit = Math.max(2, Math.floor(word.length / 5));
  let best: { candidate: string; distance: number } | undefined;
  for (let i = 0; i < candidates.length; i++) {
    const distance = boundedDistance(upper, uppers[i]!, best ? Math.min(limit, best.distance - 1) : limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate: candidates[i]!, distance };
  }
  if (best) return best.candidate;
  // XENDOMAINS_SAVEDIR, XENDOMAINS_AUTO_DIR: a known name plus a suffix.
  let prefixed: string | undefined;
  for (let i = 0; i < candidates.length; i++) {
    if (upper.startsWith(uppers[i]!) && (prefixed === undefined || candidates[i]!.length > prefixed.length)) prefixed = candidates[i];
  }
  return prefixed;
}

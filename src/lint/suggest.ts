// "Did you mean" suggestions for misspelt names (optimal string alignment distance).

export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a distance that scales with the word's length, or a candidate the word extends. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const upper = word.toUpperCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(upper, candidate.toUpperCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (best && best.distance <= Math.max(2, Math.floor(word.length / 5))) return best.candidate;
  // XENDOMAINS_SAVEDIR, XENDOMAINS_AUTO_DIR: a known name plus a suffix.
  const prefixed = candidates.filter((c) => upper.startsWith(c.toUpperCase())).sort((a, b) => b.length - a.length)[0];
  return prefixed;
}

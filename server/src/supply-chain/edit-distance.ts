// A bounded edit distance for typosquat matching: how many single-character edits (insertion,
// deletion, substitution, or a swap of two adjacent characters: optimal string alignment) turn
// one name into another, computed only up to a small limit. Our own rather than a package
// (fast-levenshtein, fastest-levenshtein): those compute plain Levenshtein, where `aiohtpp`
// for `aiohttp` (one swap) costs two, and the whole matrix with no early exit; names are short
// and compared against a few thousand popular names, so a banded loop that stops once every
// cell exceeds the limit is both more faithful to typing slips and cheaper.

/** The edit distance between `a` and `b` when it is at most `limit`, else `limit + 1`. */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  const beyond = limit + 1;
  // Three rows: two back (for swaps), the previous one and the current one.
  let older = new Array<number>(width).fill(beyond);
  let previous = Array.from({ length: width }, (_, j) => Math.min(j, beyond));
  let current = new Array<number>(width).fill(beyond);
  for (let i = 1; i <= a.length; i++) {
    current.fill(beyond);
    current[0] = Math.min(i, beyond);
    let rowMinimum = current[0];
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, older[j - 2] + 1);
      current[j] = Math.min(best, beyond);
      rowMinimum = Math.min(rowMinimum, current[j]);
    }
    if (rowMinimum > limit) return beyond;
    [older, previous, current] = [previous, current, older];
  }
  return Math.min(previous[b.length], beyond);
}

/**
 * Whether `typed` is `intended` with two adjacent blocks of it exchanged (`matlibplot` for
 * `matplotlib`): the same letters, the same start and end, the middle rotated.
 */
export function blocksSwapped(typed: string, intended: string): boolean {
  if (typed.length !== intended.length || typed === intended) return false;
  let start = 0;
  while (typed[start] === intended[start]) start++;
  let end = 0;
  while (typed[typed.length - 1 - end] === intended[intended.length - 1 - end]) end++;
  const middleTyped = typed.slice(start, typed.length - end);
  const middleIntended = intended.slice(start, intended.length - end);
  if (middleTyped.length < 4) return false;
  for (let cut = 2; cut <= middleIntended.length - 2; cut++) {
    if (middleIntended.slice(cut) + middleIntended.slice(0, cut) === middleTyped) return true;
  }
  return false;
}

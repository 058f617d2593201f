// Lines as Python counts them: ended by `\n`, `\r\n` or a lone `\r`. A short line is scanned
// character by character from the offset; past a few hundred characters the text's line breaks
// are indexed once and searched, so that thousands of findings on one 200,000-character line
// cost a binary search each, not the line's length (a file of lone-CR lines has no `\n` for
// `indexOf` to find either).

const SCAN_LIMIT = 256;

let indexed: { text: string; breaks: Int32Array } | undefined;

/** Offsets of every `\n` and `\r` in `text`, ascending (cached for the last text asked about). */
function lineBreaks(text: string): Int32Array {
  if (indexed?.text === text) return indexed.breaks;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) count++;
  }
  const breaks = new Int32Array(count);
  for (let i = 0, n = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) breaks[n++] = i;
  }
  indexed = { text, breaks };
  return breaks;
}

/** The first index in `breaks` whose value is at least `offset`. */
function firstAtOrAfter(breaks: Int32Array, offset: number): number {
  let low = 0;
  let high = breaks.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (breaks[middle] < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The offset where the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  let at = Math.min(offset, text.length);
  const stop = Math.max(0, at - SCAN_LIMIT);
  while (at > stop) {
    const code = text.charCodeAt(at - 1);
    if (code === 10 || code === 13) return at;
    at--;
  }
  if (at === 0) return 0;
  const breaks = lineBreaks(text);
  const before = firstAtOrAfter(breaks, at) - 1;
  return before < 0 ? 0 : breaks[before] + 1;
}

/** The offset where the line holding `offset` ends, before its line break. */
export function lineEndAt(text: string, offset: number): number {
  let at = Math.max(0, offset);
  const stop = Math.min(text.length, at + SCAN_LIMIT);
  while (at < stop) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) return at;
    at++;
  }
  if (at >= text.length) return text.length;
  const breaks = lineBreaks(text);
  const next = firstAtOrAfter(breaks, at);
  return next < breaks.length ? breaks[next] : text.length;
}

/** The index of the last of `sorted` (ascending, `sorted[0] <= value`) that is at most `value`: a line or a segment holding an offset. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle] <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Row and column (in UTF-16 code units) of an offset, lines ended as the parser ends them (see asParserText): what tree-sitter's runtime takes as a position. */
export type PointAt = (offset: number) => { row: number; column: number };

/**
 * `PointAt` for a text, from its line starts (found on the first question). An open document
 * passes its own instead, kept up to date edit by edit.
 */
export function linePoints(text: string): PointAt {
  let starts: number[] | undefined;
  return (offset) => {
    starts ??= lineStartsOf(text);
    const row = lastAtOrBefore(starts, offset);
    return { row, column: offset - starts[row] };
  };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    // `\r\n` is one break, at its `\n`; a lone `\r` is one too.
    if (code === 10 || (code === 13 && text.charCodeAt(at + 1) !== 10)) starts.push(at + 1);
  }
  return starts;
}

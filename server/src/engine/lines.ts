// Lines as Python counts them: ended by `\n`, `\r\n` or a lone `\r`. Scanning character by
// character from an offset costs the line's length, never the file's (a file of lone-CR lines
// has no `\n` for `indexOf` to find).

/** The offset where the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  let at = Math.min(offset, text.length);
  while (at > 0) {
    const code = text.charCodeAt(at - 1);
    if (code === 10 || code === 13) break;
    at--;
  }
  return at;
}

/** The offset where the line holding `offset` ends, before its line break. */
export function lineEndAt(text: string, offset: number): number {
  let at = Math.max(0, offset);
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) break;
    at++;
  }
  return at;
}

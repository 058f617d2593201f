// Reading Python source a line at a time, without a syntax tree: notebook cells before they
// are parsed, suppression comments in a file whose tree is not at hand.

/**
 * Just enough of Python's tokenizer to tell whether a line starts a statement (open brackets,
 * open strings, triple-quoted ones spanning lines, backslash continuations) and where its
 * comment starts.
 */
export class LineLexer {
  private depth = 0;
  /** The quote of the string open at the end of the last line (`'''`, `"`…), if any. */
  private quote: string | undefined;
  /** The last line ended with a backslash outside a string. */
  continued = false;

  constructor(private readonly text: string) {}

  inside(): boolean {
    return this.depth > 0 || this.quote !== undefined;
  }

  /** Reads the line from `start` to `end` (before its line break); returns where its comment's `#` is, or -1. */
  lex(start: number, end: number): number {
    const text = this.text;
    this.continued = false;
    let i = start;
    while (i < end) {
      if (this.quote !== undefined) {
        const c = text[i];
        if (c === '\\') {
          // A backslash at the end of the line continues a one-quote string onto the next.
          if (i + 1 >= end) return -1;
          i += 2;
        } else if (text.startsWith(this.quote, i)) {
          i += this.quote.length;
          this.quote = undefined;
        } else {
          i++;
        }
        continue;
      }
      const c = text[i];
      if (c === '#') return i;
      if (c === '"' || c === "'") {
        this.quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
        i += this.quote.length;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') this.depth++;
      else if ((c === ')' || c === ']' || c === '}') && this.depth > 0) this.depth--;
      else if (c === '\\' && i + 1 === end) this.continued = true;
      i++;
    }
    // A one-quote string ends at the line's end (unless continued with a backslash, above).
    if (this.quote !== undefined && this.quote.length === 1 && !(end > start && text[end - 1] === '\\')) this.quote = undefined;
    return -1;
  }
}

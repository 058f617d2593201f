// A piece of a file's text that may not be a contiguous slice of it (a requirements line joined
// across `\` continuations, a TOML string with escapes), with where each character came from, so
// that ranges found in the piece map back to the file.
import type { Range } from './model';

export class SourceText {
  private constructor(
    readonly text: string,
    /** File offset where each character's source starts; undefined when contiguous from `base`. */
    private readonly starts: readonly number[] | undefined,
    /** File offset just after each character's source. */
    private readonly ends: readonly number[] | undefined,
    private readonly base: number,
  ) {}

  /** `text` found verbatim at `offset` in the file. */
  static contiguous(text: string, offset: number): SourceText {
    return new SourceText(text, undefined, undefined, offset);
  }

  /** Characters with their own source spans (escapes, joined lines). */
  static mapped(text: string, starts: readonly number[], ends: readonly number[]): SourceText {
    return new SourceText(text, starts, ends, 0);
  }

  get length(): number {
    return this.text.length;
  }

  /** File offset of the character at `index` (or just after the last one, for `length`). */
  start(index: number): number {
    if (!this.starts) return this.base + index;
    if (index < this.starts.length) return this.starts[index];
    return this.ends!.length > 0 ? this.ends![this.ends!.length - 1] : this.base;
  }

  /** File offset just after the character before `index`. */
  end(index: number): number {
    if (!this.ends) return this.base + index;
    if (index <= 0) return this.start(0);
    return this.ends[Math.min(index, this.ends.length) - 1];
  }

  /** The file range of text[from, to). */
  range(from: number, to: number): Range {
    return to > from ? { start: this.start(from), end: this.end(to) } : { start: this.start(from), end: this.start(from) };
  }

  slice(from: number, to = this.text.length): SourceText {
    if (!this.starts) return new SourceText(this.text.slice(from, to), undefined, undefined, this.base + from);
    return new SourceText(this.text.slice(from, to), this.starts.slice(from, to), this.ends!.slice(from, to), this.start(from));
  }

  /** Without leading and trailing whitespace. */
  trim(): SourceText {
    const from = this.text.length - this.text.trimStart().length;
    const to = this.text.trimEnd().length;
    return to <= from ? this.slice(from, from) : this.slice(from, to);
  }
}

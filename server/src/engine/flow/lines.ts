// Offsets → zero-based lines and UTF-16 columns, for steps shown in other files and messages.
import { lastAtOrBefore } from '../lines';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; character: number } {
    const line = lastAtOrBefore(this.starts, offset);
    return { line, character: offset - this.starts[line] };
  }
}

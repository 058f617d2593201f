// Reading a `.ipynb` file (nbformat 4) without running anything: its cells, and where each
// character of each cell's source sits in the file, so that a finding in a cell is reported at
// an exact line and column of the `.ipynb` (inside the JSON string that holds it).
//
// JSON.parse gives the values; a small linear scanner walks the same text to find the file
// offset of every character of `cells[i].source` (a string, or an array of strings joined),
// decoding escapes (`\n`, `\"`, `\uXXXX`) as it goes.
import type { NotebookCell } from './program';

export interface IpynbCell extends NotebookCell {
  type: 'code' | 'markdown' | 'raw';
  /** Where the source's characters are in the file. */
  source: SourceLocation;
}

export interface Ipynb {
  /** The notebook's language (its kernel's), `python` when it does not say. */
  language: string;
  cells: IpynbCell[];
}

export type IpynbRead = { notebook: Ipynb } | { malformed: string };

/** File offsets of a cell source's characters (UTF-16 code units, like every offset in the engine). */
export class SourceLocation {
  constructor(
    /** File offset where each character of the source starts. */
    private readonly starts: Uint32Array,
    /** File offset just after each character (after its escape, if escaped). */
    private readonly ends: Uint32Array,
    /** File offset for the source's end: the closing quote of its last string. */
    private readonly endOffset: number,
    /** The JSON strings holding the source, quotes included: `[start, end)` file ranges. */
    readonly strings: readonly { start: number; end: number }[],
  ) {}

  get length(): number {
    return this.starts.length;
  }

  /** The file offset of a range's start at `offset` in the source. */
  startOf(offset: number): number {
    return offset < this.starts.length ? this.starts[Math.max(0, offset)] : this.endOffset;
  }

  /** The file offset of a range's (exclusive) end at `offset` in the source. */
  endOf(offset: number): number {
    if (offset <= 0) return this.startOf(0);
    return this.ends[Math.min(offset, this.ends.length) - 1];
  }

  /** A source range as a file range. */
  toFile(start: number, end: number): { start: number; end: number } {
    const fileStart = this.startOf(start);
    return { start: fileStart, end: end <= start ? fileStart : this.endOf(end) };
  }
}

interface ScannedString {
  value: string;
  starts: number[];
  ends: number[];
  /** Offsets of the opening quote and just after the closing one. */
  open: number;
  close: number;
}

export function readIpynb(text: string): IpynbRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { malformed: `not a valid notebook: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isObject(parsed)) return { malformed: 'not a valid notebook: the file is not a JSON object' };
  if (!Array.isArray(parsed.cells)) {
    if (Array.isArray(parsed.worksheets)) return { malformed: 'nbformat 3 notebooks are not supported (convert it with `jupyter nbconvert --to notebook`)' };
    return { malformed: 'not a valid notebook: no "cells" array' };
  }
  let sources: (ScannedString[] | undefined)[];
  try {
    sources = new Scanner(text).cellSources();
  } catch (error) {
    return { malformed: `not a valid notebook: ${error instanceof Error ? error.message : String(error)}` };
  }
  const language = notebookLanguage(parsed.metadata);
  const cells: IpynbCell[] = [];
  for (let i = 0; i < parsed.cells.length; i++) {
    const cell: unknown = parsed.cells[i];
    if (!isObject(cell)) return { malformed: `not a valid notebook: cell ${i + 1} is not an object` };
    const value = cell.source ?? '';
    const joined = typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join('') : undefined;
    if (joined === undefined) return { malformed: `not a valid notebook: the source of cell ${i + 1} is not text` };
    const strings = sources[i] ?? [];
    const location = locate(strings);
    if (strings.map((s) => s.value).join('') !== joined) return { malformed: `cell ${i + 1}'s source could not be located in the file` };
    const type = cell.cell_type === 'code' || cell.cell_type === 'markdown' ? cell.cell_type : 'raw';
    cells.push({ type, language: type === 'code' ? (cellLanguage(cell.metadata) ?? language) : type, text: joined, source: location });
  }
  return { notebook: { language, cells } };
}

function locate(strings: readonly ScannedString[]): SourceLocation {
  const starts = new Uint32Array(strings.reduce((n, s) => n + s.starts.length, 0));
  const ends = new Uint32Array(starts.length);
  let at = 0;
  for (const string of strings) {
    starts.set(string.starts, at);
    ends.set(string.ends, at);
    at += string.starts.length;
  }
  // The end is the last string's closing quote (a source with no string has no characters to report on).
  const last = strings[strings.length - 1];
  const endOffset = last ? last.close - 1 : 0;
  return new SourceLocation(starts, ends, endOffset, strings.map((s) => ({ start: s.open, end: s.close })));
}

/** The kernel's language: `metadata.kernelspec.language`, else `metadata.language_info.name`. */
function notebookLanguage(metadata: unknown): string {
  if (!isObject(metadata)) return 'python';
  const kernel = isObject(metadata.kernelspec) && typeof metadata.kernelspec.language === 'string' ? metadata.kernelspec.language : undefined;
  const info = isObject(metadata.language_info) && typeof metadata.language_info.name === 'string' ? metadata.language_info.name : undefined;
  return (kernel ?? info ?? 'python').toLowerCase();
}

/** VS Code records a code cell's language when it differs from the kernel's. */
function cellLanguage(metadata: unknown): string | undefined {
  if (!isObject(metadata) || !isObject(metadata.vscode)) return undefined;
  return typeof metadata.vscode.languageId === 'string' ? metadata.vscode.languageId.toLowerCase() : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Walks JSON text already known to be valid (JSON.parse accepted it), recording the strings of
 * `cells[i].source` at the top level. Linear in the text; no recursion, whatever the nesting.
 */
class Scanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  cellSources(): (ScannedString[] | undefined)[] {
    const sources: (ScannedString[] | undefined)[] = [];
    this.expect('{');
    this.members(() => {
      const key = this.string(false).value;
      this.expect(':');
      if (key !== 'cells' || this.peek() !== '[') return this.skipValue();
      sources.length = 0; // a repeated key: JSON.parse keeps the last one, and so do we
      this.pos++;
      this.elements(']', (index) => {
        if (this.peek() !== '{') return this.skipValue();
        this.pos++;
        this.members(() => {
          const cellKey = this.string(false).value;
          this.expect(':');
          if (cellKey !== 'source') return this.skipValue();
          sources[index] = this.source();
        });
      });
    });
    return sources;
  }

  private source(): ScannedString[] {
    if (this.peek() === '"') return [this.string(true)];
    if (this.peek() !== '[') {
      this.skipValue();
      return [];
    }
    this.pos++;
    const strings: ScannedString[] = [];
    this.elements(']', () => {
      if (this.peek() === '"') strings.push(this.string(true));
      else this.skipValue();
    });
    return strings;
  }

  /** The members of an object whose `{` was just read, up to its `}`. */
  private members(member: () => void): void {
    this.elements('}', () => member());
  }

  /** Comma-separated items up to `close`; the opening bracket was just read. */
  private elements(close: string, item: (index: number) => void): void {
    if (this.peek() === close) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      item(index);
      const c = this.peek();
      this.pos++;
      if (c === close) return;
      if (c !== ',') throw new Error(`expected ',' or '${close}' at offset ${this.pos - 1}`);
    }
  }

  /** Reads a string at the current position (after whitespace), decoding it when `record`. */
  private string(record: boolean): ScannedString {
    this.expect('"');
    const text = this.text;
    const open = this.pos - 1;
    const starts: number[] = [];
    const ends: number[] = [];
    let value = '';
    let chunkStart = this.pos;
    for (;;) {
      const c = text[this.pos];
      if (c === undefined) throw new Error('unterminated string');
      if (c === '"') break;
      if (c !== '\\') {
        if (record) {
          starts.push(this.pos);
          ends.push(this.pos + 1);
        }
        this.pos++;
        continue;
      }
      value += text.slice(chunkStart, this.pos);
      const escape = text[this.pos + 1];
      const width = escape === 'u' ? 6 : 2;
      if (escape === 'u') value += String.fromCharCode(parseInt(text.slice(this.pos + 2, this.pos + 6), 16));
      else if (escape in SIMPLE_ESCAPES) value += SIMPLE_ESCAPES[escape];
      else throw new Error(`bad escape at offset ${this.pos}`);
      if (record) {
        starts.push(this.pos);
        ends.push(this.pos + width);
      }
      this.pos += width;
      chunkStart = this.pos;
    }
    value += text.slice(chunkStart, this.pos);
    this.pos++;
    return { value, starts, ends, open, close: this.pos };
  }

  /** Skips any value: strings, numbers and literals, and whole objects and arrays by counting brackets. */
  private skipValue(): void {
    let depth = 0;
    do {
      const c = this.peek();
      if (c === '"') {
        this.string(false);
      } else if (c === '{' || c === '[') {
        depth++;
        this.pos++;
      } else if (c === '}' || c === ']') {
        depth--;
        this.pos++;
      } else if (c === ',' || c === ':') {
        this.pos++;
      } else if (c === undefined) {
        throw new Error('unexpected end of the file');
      } else {
        // A number or a literal: up to the next delimiter.
        while (this.pos < this.text.length && !/[\s,\]}]/.test(this.text[this.pos])) this.pos++;
      }
    } while (depth > 0);
  }

  /** The next character after whitespace (the position is left on it). */
  private peek(): string | undefined {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
    return text[this.pos];
  }

  private expect(c: string): void {
    if (this.peek() !== c) throw new Error(`expected '${c}' at offset ${this.pos}`);
    this.pos++;
  }
}

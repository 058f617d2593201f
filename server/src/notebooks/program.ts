// A Jupyter notebook's Python cells as one program: the kernel runs them in one namespace, so an
// import in one cell resolves a call in the next. The code cells are joined by newlines, with
// IPython's own syntax (`%magic`, `%%cell magic`, `!shell`, `obj?` help) turned into comments of
// the same length, so that every offset of the program is an offset of some cell. Findings and
// fix edits are mapped back to (cell, offset in the cell).
import type { Finding } from '../engine/finding';
import { LineLexer } from '../engine/line-lexer';
import type { Fix, TextEdit } from '../engine/fixer';

export interface NotebookCell {
  text: string;
  /** The cell's language: `python` for Python code cells, `markdown` or another language otherwise. */
  language: string;
}

/** Where a code cell sits in the program: `[start, end)`, followed by the separating newline. */
export interface CellSpan {
  /** Index of the cell among the notebook's cells (all of them, not only the Python ones). */
  cell: number;
  start: number;
  end: number;
  /** The cell starts with a cell magic (`%%bash`): nothing can be inserted before it. */
  startsWithCellMagic: boolean;
}

export interface CellTextEdit extends TextEdit {
  cell: number;
}

export interface CellFix extends Omit<Fix, 'edits'> {
  edits: CellTextEdit[];
}

/** A finding in one cell: offsets are relative to the cell's text. */
export interface CellFinding extends Omit<Finding, 'fixes'> {
  cell: number;
  fixes?: CellFix[];
}

interface Range {
  start: number;
  end: number;
}

/** Cell languages that are Python (VS Code's language ID and the kernelspec's names). */
const PYTHON_LANGUAGES = new Set(['python', 'python3', 'python2', 'ipython', 'ipython3']);

export function isPythonLanguage(language: string | undefined): boolean {
  return language !== undefined && PYTHON_LANGUAGES.has(language.toLowerCase());
}

/** Cell magics whose body is Python run by the kernel (timed, captured, profiled): the body is analysed. */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'python', 'python3', 'debug']);

export class NotebookProgram {
  private constructor(
    /** The program: the Python cells, blanked, joined by `\n`. */
    readonly text: string,
    readonly spans: readonly CellSpan[],
    /** Program ranges of the lines that were IPython syntax, now comments. */
    private readonly blanked: readonly Range[],
  ) {}

  static build(cells: readonly NotebookCell[]): NotebookProgram {
    const parts: string[] = [];
    const spans: CellSpan[] = [];
    const blanked: Range[] = [];
    let offset = 0;
    cells.forEach((cell, index) => {
      if (!isPythonLanguage(cell.language)) return;
      if (parts.length > 0) offset += 1; // the newline before this cell
      const blank = blankMagics(cell.text);
      parts.push(blank.text);
      spans.push({ cell: index, start: offset, end: offset + cell.text.length, startsWithCellMagic: blank.cellMagic });
      for (const range of blank.blanked) blanked.push({ start: range.start + offset, end: range.end + offset });
      offset += cell.text.length;
    });
    return new NotebookProgram(parts.join('\n'), spans, blanked);
  }

  /** The span of the code cell holding a program offset (its end, the separator, included). */
  spanAt(offset: number): CellSpan | undefined {
    let low = 0;
    let high = this.spans.length - 1;
    let found: CellSpan | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.spans[middle].start <= offset) {
        found = this.spans[middle];
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found && offset <= found.end ? found : undefined;
  }

  /** The program offset of an offset in a cell (by the cell's index among all cells). */
  toProgram(cell: number, offset: number): number | undefined {
    const span = this.spans.find((s) => s.cell === cell);
    return span && offset >= 0 && offset <= span.end - span.start ? span.start + offset : undefined;
  }

  /** Whether `[start, end)` lies within lines that were IPython syntax. */
  inMagic(start: number, end: number): boolean {
    return this.blanked.some((range) => range.start <= start && Math.max(start, end) <= range.end);
  }

  /**
   * A finding of the program in the cell where it starts, clamped to that cell; undefined when
   * it lies in IPython syntax (unless `keepInMagic` says otherwise: a secret on a `!curl` line
   * is still a secret). Fixes whose edits cannot be mapped to cells are dropped.
   */
  mapFinding(finding: Finding, keepInMagic: (finding: Finding) => boolean = () => false): CellFinding | undefined {
    const span = this.spanAt(finding.start);
    if (!span) return undefined;
    if (this.inMagic(finding.start, finding.end) && !keepInMagic(finding)) return undefined;
    const { fixes, ...rest } = finding;
    const mapped: CellFinding = { ...rest, cell: span.cell, start: finding.start - span.start, end: Math.min(finding.end, span.end) - span.start };
    if (fixes) mapped.fixes = fixes.map((fix) => this.mapFix(fix)).filter((fix): fix is CellFix => fix !== undefined);
    return mapped;
  }

  /** A fix's edits as cell edits; undefined when one of them spans cells (or has nowhere to go). */
  mapFix(fix: Fix): CellFix | undefined {
    const edits: CellTextEdit[] = [];
    for (const edit of fix.edits) {
      const mapped = this.mapEdit(edit);
      if (!mapped) return undefined;
      edits.push(mapped);
    }
    const { edits: _edits, ...rest } = fix;
    return { ...rest, edits };
  }

  mapEdit(edit: TextEdit): CellTextEdit | undefined {
    let index = this.spans.indexOf(this.spanAt(edit.start)!);
    if (index === -1) return undefined;
    let span = this.spans[index];
    let { start, end } = edit;
    // An edit that takes the line break after the cell's last line: the cell ends there anyway.
    if (end === span.end + 1 && index < this.spans.length - 1) end = span.end;
    if (end > span.end) return undefined;
    if (start === span.start && end === start && span.startsWithCellMagic) {
      // An import added at the top must not go above a `%%bash` line: the next cell that can take it.
      while (span.startsWithCellMagic) {
        if (++index === this.spans.length) return undefined;
        span = this.spans[index];
      }
      start = end = span.start;
    }
    return { cell: span.cell, start: start - span.start, end: end - span.start, newText: edit.newText };
  }
}

export interface BlankedCell {
  /** The cell with IPython syntax turned into comments; as long as the cell. */
  text: string;
  /** Cell ranges of the lines turned into comments. */
  blanked: Range[];
  /** The cell starts with a cell magic. */
  cellMagic: boolean;
}

/**
 * Turns IPython syntax into Python comments of the same length, line by line: the first
 * character of `%time x`, `!pip install y`, `files = !ls`, `?obj` or `obj?` becomes `#`
 * (and of the lines a trailing backslash continues). A cell magic (`%%bash`) comments out the
 * whole cell, unless its body is Python the kernel runs (`%%time`, `%%capture`): then only its
 * first line. Lines inside a multi-line string or bracket, or continuing a Python line, are
 * Python, as IPython reads them.
 */
export function blankMagics(text: string): BlankedCell {
  const lines = splitLines(text);
  const chars = text.split('');
  const blanked: Range[] = [];
  const blank = (line: LineSpan) => {
    const first = /\S/.exec(text.slice(line.start, line.end));
    if (!first) return;
    chars[line.start + first.index] = '#';
    blanked.push({ start: line.start, end: line.end });
  };

  let first = 0;
  while (first < lines.length && text.slice(lines[first].start, lines[first].end).trim() === '') first++;
  const magic = first < lines.length ? /^%%(\w*)/.exec(text.slice(lines[first].start, lines[first].end)) : null;
  if (magic && !PYTHON_BODY_CELL_MAGICS.has(magic[1])) {
    for (const line of lines) blank(line);
    return { text: chars.join(''), blanked, cellMagic: true };
  }

  const lexer = new LineLexer(text);
  let continuesMagic = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const content = text.slice(line.start, line.end);
    const atStatement = !lexer.inside() && !lexer.continued;
    if (continuesMagic || (magic && i === first) || (atStatement && isMagicLine(content))) {
      blank(line);
      continuesMagic = /\\\s*$/.test(content);
      lexer.continued = false;
      continue;
    }
    continuesMagic = false;
    lexer.lex(line.start, line.end);
  }
  return { text: chars.join(''), blanked, cellMagic: magic !== null };
}

/** `%magic`, `!shell`, `?help`, `obj?`, `x = !ls`, `x = %sx ls`. */
function isMagicLine(line: string): boolean {
  const code = line.trimStart();
  if (code === '') return false;
  if (code[0] === '%' || code[0] === '!' || code[0] === '?') return true;
  // `obj?`, `obj.attr??`: no Python line ends with a question mark outside a comment or string.
  if (/\?\s*$/.test(code) && !/[#'"]/.test(code)) return true;
  // `files = !ls`, `out = %sx ls` (but not `x != y`, which starts with a name and then `!=`).
  return /^[A-Za-z_][\w.]*(\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[!%]/.test(code);
}

interface LineSpan {
  start: number;
  /** Before the line break (`\n` or `\r\n`). */
  end: number;
}

function splitLines(text: string): LineSpan[] {
  const lines: LineSpan[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ start, end: end > start && text[end - 1] === '\r' ? end - 1 : end });
    if (newline === -1) return lines;
    start = newline + 1;
  }
}


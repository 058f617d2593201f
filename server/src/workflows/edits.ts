// Text edits to YAML that keep the file's own layout: new keys go on new lines at their
// mapping's indentation, after the line where the mapping ends (trailing comments stay put).
import type { TextEdit } from '../engine/fixer';
import { lineEndAt, lineStartAt } from '../engine/lines';
import { columnOf, lineBreakAfter, type YamlMapping, type YamlPair } from './yaml';

/**
 * Where the last line of a node's text ends. A block scalar's node can take in the line break
 * (and blank lines) after its content: those are not its last line.
 */
export function endOfLastLine(text: string, span: { start: number; end: number }): number {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  return lineEndAt(text, end);
}

/** Whole lines [start of the first, start of the one after the last) covering a range. */
export function wholeLines(text: string, start: number, end: number): { start: number; end: number } {
  return { start: lineStartAt(text, start), end: lineBreakAfter(text, lineStartAt(text, Math.max(start, end - 1))).next };
}

export function indent(columns: number): string {
  return ' '.repeat(columns);
}

/**
 * Adds `lines` (YAML, indented relative to one another) as new entries of a mapping. Block
 * mappings get them on new lines after their last entry; flow mappings (`{a: 1}`) only take
 * single-line entries.
 */
export function addToMapping(text: string, mapping: YamlMapping, lines: readonly string[], eol: string): TextEdit | undefined {
  if (mapping.flow) {
    if (lines.length !== 1) return undefined;
    const close = mapping.end - 1;
    return { start: close, end: close, newText: `${mapping.pairs.length ? ', ' : ''}${lines[0]}` };
  }
  const last = mapping.pairs[mapping.pairs.length - 1];
  if (!last) return undefined;
  const column = columnOf(text, mapping.pairs[0].start);
  const at = endOfLastLine(text, last);
  return { start: at, end: at, newText: lines.map((line) => `${eol}${indent(column)}${line}`).join('') };
}

/** Gives a key with no value (`with:`) nested entries, on the lines after it. */
export function fillEmptyPair(text: string, pair: YamlPair, lines: readonly string[], unit: number, eol: string): TextEdit {
  const column = columnOf(text, pair.start) + unit;
  const at = lineEndAt(text, pair.colonEnd);
  return { start: at, end: at, newText: lines.map((line) => `${eol}${indent(column)}${line}`).join('') };
}

/** Replaces a pair's value with a nested block mapping: `permissions: write-all` → lines below. */
export function replaceValueWithBlock(text: string, pair: YamlPair, lines: readonly string[], unit: number, eol: string): TextEdit {
  const column = columnOf(text, pair.start) + unit;
  const end = pair.value ? pair.value.end : pair.colonEnd;
  return { start: pair.colonEnd, end, newText: lines.map((line) => `${eol}${indent(column)}${line}`).join('') };
}

/** Deletes the whole line(s) of a block mapping's entry. */
export function removePairLines(text: string, pair: YamlPair): TextEdit {
  const lines = wholeLines(text, pair.start, pair.end);
  return { start: lines.start, end: lines.end, newText: '' };
}

/** A YAML scalar for `value`: plain when that is safe, single-quoted otherwise. */
export function yamlScalar(value: string): string {
  const plainSafe = /^[^\s'"!&*%@`|>#,[\]{}?:-]/.test(value) && !/: |\s#|[\r\n]|\s$/.test(value);
  return plainSafe ? value : `'${value.replace(/'/g, "''")}'`;
}

/**
 * Inserts entries on new lines just above `pair` (which starts its own line), at its
 * indentation: `permissions:` above a job's `steps:`.
 */
export function insertBeforePair(text: string, pair: YamlPair, lines: readonly string[], eol: string): TextEdit | undefined {
  const start = lineStartAt(text, pair.start);
  if (text.slice(start, pair.start).trim() !== '') return undefined;
  const column = pair.start - start;
  return { start, end: start, newText: lines.map((line) => `${indent(column)}${line}${eol}`).join('') };
}

/** Lines of a nested block: `key:` then each entry one indentation step in. */
export function block(key: string, entries: readonly string[], unit: number): string[] {
  return [`${key}:`, ...entries.map((entry) => `${indent(unit)}${entry}`)];
}

/**
 * The edits when no two of them overlap, else undefined. Edits computed from one reading of the
 * file should never overlap, but a file whose lines the YAML reader and the line helpers split
 * differently (lone CR line ends) can make them: such a fix would corrupt the file, so none is offered.
 */
export function disjointEdits(edits: readonly TextEdit[]): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return undefined;
  return [...edits];
}

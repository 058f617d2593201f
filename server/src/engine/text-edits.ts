// Text edits as sets: whether two conflict, and applying many at once to one text.
import type { TextEdit } from './fixer';

/**
 * Whether two edits touch the same text: their ranges overlap, they start at the same offset
 * (two insertions there would come out in an arbitrary order), or one inserts inside the other's
 * range. Edits that merely touch end to start do not conflict.
 */
export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

/** Whether any edit of `candidate` conflicts with one of `taken`. */
export function conflictsWithAny(candidate: readonly TextEdit[], taken: readonly TextEdit[]): boolean {
  return candidate.some((edit) => taken.some((other) => editsConflict(edit, other)));
}

/**
 * Applies edits that do not conflict with each other (offsets into `text`). Edits are applied
 * from the end of the text backwards, so that each one's offsets still hold; edits at the same
 * offset keep their given order in the result.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
  let result = text;
  for (const { edit } of ordered) {
    if (edit.start < 0 || edit.end < edit.start || edit.end > result.length) throw new RangeError(`edit ${edit.start}–${edit.end} is outside the text (${text.length})`);
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  }
  return result;
}

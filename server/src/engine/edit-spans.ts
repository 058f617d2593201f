// Offsets through text edits: where an offset of the text before some edits is after them, and
// back, which spans of the new text the edits wrote, and whether a range touches them.
import type { EditSpan, Span } from './analysis';

/** An offset of the text before `edit`, in the text after it (inside the replaced text: its start). */
export function shiftOffset(offset: number, edit: EditSpan): number {
  if (offset >= edit.oldEnd) return offset + edit.newEnd - edit.oldEnd;
  if (offset > edit.start) return edit.start;
  return offset;
}

/** The spans of the final text that `edits` (applied in order) wrote, in its offsets. */
export function writtenSpans(edits: readonly EditSpan[]): Span[] {
  let spans: Span[] = [];
  for (const edit of edits) {
    spans = spans.map((span) => ({ start: shiftOffset(span.start, edit), end: shiftOffset(span.end, edit) }));
    spans.push({ start: edit.start, end: edit.newEnd });
  }
  return spans;
}

/** An offset of the final text that no edit wrote, in the text before `edits`. */
export function offsetBefore(offset: number, edits: readonly EditSpan[]): number {
  for (let i = edits.length - 1; i >= 0; i--) {
    const edit = edits[i];
    if (offset >= edit.newEnd) offset -= edit.newEnd - edit.oldEnd;
  }
  return offset;
}

/** Whether a range touches (overlaps or borders) any of `spans`. */
export function touchesAny(range: Span, spans: readonly Span[]): boolean {
  return touchesRange(range.start, range.end, spans);
}

/** `touchesAny` for [start, end] given as offsets: no object allocated where it runs for every unit of a keystroke. */
export function touchesRange(start: number, end: number, spans: readonly Span[]): boolean {
  for (const span of spans) if (start <= span.end && end >= span.start) return true;
  return false;
}

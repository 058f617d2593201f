// JSON values with their source ranges (UTF-16 offsets), for lock files written as JSON
// (Pipfile.lock): a finding points at a package's key or version string. A small recursive
// reader, bounded in depth; JSON.parse decides validity first, so this only walks valid text.
import type { Range } from './model';

export type JsonValue =
  | { type: 'object'; entries: Map<string, { keyRange: Range; value: JsonValue }>; range: Range }
  | { type: 'array'; items: JsonValue[]; range: Range }
  | { type: 'string'; value: string; range: Range }
  | { type: 'other'; range: Range };

const MAX_DEPTH = 64;

/** The document with ranges, or an error message (invalid JSON, or nested deeper than 64). */
export function readJson(text: string): { value: JsonValue } | { error: string } {
  try {
    JSON.parse(text);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\r\n\uFEFF'.includes(text[at])) at++;
  };
  const string = (): { value: string; range: Range } => {
    const start = at;
    at++;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return { value: JSON.parse(text.slice(start, at)) as string, range: { start, end: at } };
  };
  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) throw new Error(`nested deeper than ${MAX_DEPTH} levels`);
    space();
    const start = at;
    const first = text[at];
    if (first === '"') return { type: 'string', ...string() };
    if (first === '{' || first === '[') {
      at++;
      const entries = new Map<string, { keyRange: Range; value: JsonValue }>();
      const items: JsonValue[] = [];
      space();
      while (text[at] !== '}' && text[at] !== ']') {
        if (first === '{') {
          const key = string();
          space();
          at++; // ':'
          entries.set(key.value, { keyRange: key.range, value: value(depth + 1) });
        } else items.push(value(depth + 1));
        space();
        if (text[at] === ',') at++;
        space();
      }
      at++;
      return first === '{' ? { type: 'object', entries, range: { start, end: at } } : { type: 'array', items, range: { start, end: at } };
    }
    while (at < text.length && !',}] \t\r\n'.includes(text[at])) at++;
    return { type: 'other', range: { start, end: at } };
  };
  try {
    return { value: value(0) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

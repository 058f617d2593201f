// TOML values with their source ranges, read from tree-sitter's TOML tree: strings (basic,
// literal, multi-line, with escapes mapped back to the file), arrays, tables, inline tables,
// dotted keys and arrays of tables. Whether the document is valid TOML is decided by smol-toml
// (see `tomlSyntaxError`): tree-sitter recovers from errors, so its tree alone cannot say.
import type { Node, Tree } from 'web-tree-sitter';
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import type { ManifestProblem, Range } from './model';
import { SourceText } from './source-text';

// smol-toml ships CommonJS too; only its type declarations are ECMAScript-module-only.
const { parse: parseToml, TomlError } = require('smol-toml') as typeof SmolToml;

export interface TomlString {
  type: 'string';
  value: string;
  /** The whole literal, quotes included. */
  range: Range;
  /** The value, each character mapped to where it is written. */
  content: SourceText;
}

export interface TomlArray {
  type: 'array';
  items: TomlValue[];
  range: Range;
}

export interface TomlEntry {
  key: string;
  /** The last segment of the key as written (`dependencies` in `project.dependencies`). */
  keyRange: Range;
  value: TomlValue;
  /** The `key = value` pair; for a table, its header. */
  range: Range;
}

export interface TomlTable {
  type: 'table';
  entries: Map<string, TomlEntry>;
  range: Range;
}

export interface TomlScalar {
  type: 'integer' | 'float' | 'boolean' | 'datetime';
  text: string;
  range: Range;
}

export type TomlValue = TomlString | TomlArray | TomlTable | TomlScalar;

/** The document's root table. Pairs and tables with syntax errors are left out. */
export function tomlDocument(tree: Tree, text: string): TomlTable {
  const root: TomlTable = { type: 'table', entries: new Map(), range: { start: 0, end: text.length } };
  for (const child of tree.rootNode.namedChildren) {
    if (!child || child.hasError) continue;
    if (child.type === 'pair') addPair(root, child, text);
    else if (child.type === 'table' || child.type === 'table_array_element') {
      const keyNode = child.namedChildren.find((n) => n?.type === 'bare_key' || n?.type === 'quoted_key' || n?.type === 'dotted_key');
      if (!keyNode) continue;
      const path = keyPath(keyNode, text);
      const close = child.children.find((n) => n?.type === ']' || n?.type === ']]');
      const header: Range = { start: child.startIndex, end: close ? close.endIndex : keyNode.endIndex };
      const table = child.type === 'table' ? tableAt(root, path, header) : appendTableTo(root, path, header, child);
      if (!table) continue;
      for (const pair of child.namedChildren) if (pair?.type === 'pair') addPair(table, pair, text);
    }
  }
  return root;
}

/** The first syntax error smol-toml finds (TOML 1.0: also duplicate keys, bad escapes), at its position. */
export function tomlSyntaxError(text: string): ManifestProblem | undefined {
  try {
    parseToml(text);
    return undefined;
  } catch (error) {
    // smol-toml recurses: a file nested thousands deep overflows its stack.
    if (error instanceof RangeError) return { start: 0, end: 0, message: 'not readable: nested too deeply' };
    if (!(error instanceof TomlError)) return { start: 0, end: 0, message: `not valid TOML: ${String(error)}` };
    const start = offsetOf(text, error.line, error.column);
    const token = /^[^\s,\]}=]+/.exec(text.slice(start));
    const end = Math.min(start + (token ? token[0].length : 1), text.length);
    const reason = error.message.replace(/^Invalid TOML document:\s*/, '').split('\n')[0];
    return { start: Math.min(start, text.length), end: Math.max(end, Math.min(start, text.length)), message: `not valid TOML: ${reason}` };
  }
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) return text.length;
    offset = newline + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

function keyPath(node: Node, text: string): { key: string; range: Range }[] {
  if (node.type === 'dotted_key') return node.namedChildren.flatMap((part) => (part ? keyPath(part, text) : []));
  const range = { start: node.startIndex, end: node.endIndex };
  if (node.type === 'quoted_key') return [{ key: decodeString(node, text)?.value ?? '', range }];
  return [{ key: node.text, range }];
}

/** The table at `path` under `table`, created when missing; undefined when something else is there. */
function tableAt(table: TomlTable, path: { key: string; range: Range }[], header: Range): TomlTable | undefined {
  let current = table;
  for (const [index, { key, range }] of path.entries()) {
    const entry = current.entries.get(key);
    if (!entry) {
      const created: TomlTable = { type: 'table', entries: new Map(), range: header };
      current.entries.set(key, { key, keyRange: range, value: created, range: header });
      current = created;
      continue;
    }
    const value = entry.value;
    if (value.type === 'table') current = value;
    else if (value.type === 'array' && value.items.length > 0 && value.items[value.items.length - 1].type === 'table' && index < path.length - 1) current = value.items[value.items.length - 1] as TomlTable;
    else return undefined;
  }
  return current;
}

function appendTableTo(root: TomlTable, path: { key: string; range: Range }[], header: Range, node: Node): TomlTable | undefined {
  const parent = tableAt(root, path.slice(0, -1), header);
  if (!parent) return undefined;
  const last = path[path.length - 1];
  let entry = parent.entries.get(last.key);
  if (!entry) {
    entry = { key: last.key, keyRange: last.range, value: { type: 'array', items: [], range: header }, range: header };
    parent.entries.set(last.key, entry);
  }
  if (entry.value.type !== 'array') return undefined;
  const table: TomlTable = { type: 'table', entries: new Map(), range: { start: node.startIndex, end: node.endIndex } };
  entry.value.items.push(table);
  return table;
}

/** Values nested deeper than this are left out: no manifest nests so deep, and recursion must stay bounded. */
const MAX_DEPTH = 64;

function addPair(table: TomlTable, pair: Node, text: string, depth = 0): void {
  // A comment after the value is the pair's last child.
  const parts = pair.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  const keyNode = parts[0];
  const valueNode = parts[parts.length - 1];
  if (!keyNode || !valueNode || keyNode === valueNode) return;
  const path = keyPath(keyNode, text);
  const value = tomlValue(valueNode, text, depth);
  if (!value) return;
  const parent = path.length > 1 ? tableAt(table, path.slice(0, -1), { start: pair.startIndex, end: pair.endIndex }) : table;
  if (!parent) return;
  const last = path[path.length - 1];
  parent.entries.set(last.key, { key: last.key, keyRange: last.range, value, range: { start: pair.startIndex, end: pair.endIndex } });
}

function tomlValue(node: Node, text: string, depth: number): TomlValue | undefined {
  const range = { start: node.startIndex, end: node.endIndex };
  if (depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'string':
      return decodeString(node, text);
    case 'array':
      return { type: 'array', items: node.namedChildren.flatMap((item) => (item && item.type !== 'comment' ? (tomlValue(item, text, depth + 1) ?? []) : [])), range };
    case 'inline_table': {
      const table: TomlTable = { type: 'table', entries: new Map(), range };
      for (const pair of node.namedChildren) if (pair?.type === 'pair') addPair(table, pair, text, depth + 1);
      return table;
    }
    case 'integer':
    case 'float':
    case 'boolean':
      return { type: node.type, text: node.text, range };
    case 'local_date':
    case 'local_time':
    case 'local_date_time':
    case 'offset_date_time':
      return { type: 'datetime', text: node.text, range };
    default:
      return undefined;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };

/** A string node's value, each character mapped to its source span (escapes included). */
export function decodeString(node: Node, text: string): TomlString | undefined {
  const start = node.startIndex;
  const end = node.endIndex;
  const raw = text.slice(start, end);
  const delimiter = raw.startsWith('"""') ? '"""' : raw.startsWith("'''") ? "'''" : raw[0];
  if (delimiter !== '"' && delimiter !== "'" && delimiter !== '"""' && delimiter !== "'''") return undefined;
  let from = start + delimiter.length;
  const to = end - delimiter.length;
  const multiline = delimiter.length === 3;
  // A newline right after the opening delimiter of a multi-line string is not part of the value.
  if (multiline && text.startsWith('\r\n', from)) from += 2;
  else if (multiline && text[from] === '\n') from += 1;
  const range = { start, end };
  if (delimiter[0] === "'" || !text.slice(from, to).includes('\\')) {
    const value = text.slice(from, to);
    return { type: 'string', value, range, content: SourceText.contiguous(value, from) };
  }
  let value = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (chars: string, s: number, e: number) => {
    for (const char of chars) {
      for (let k = 0; k < char.length; k++) {
        value += char[k];
        starts.push(s);
        ends.push(e);
      }
    }
  };
  for (let i = from; i < to; ) {
    const char = text[i];
    if (char !== '\\') {
      push(char, i, i + 1);
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === 'u' || next === 'U') {
      const digits = next === 'u' ? 4 : 8;
      const code = parseInt(text.slice(i + 2, i + 2 + digits), 16);
      push(Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd', i, i + 2 + digits);
      i += 2 + digits;
    } else if (next in ESCAPES) {
      push(ESCAPES[next], i, i + 2);
      i += 2;
    } else if (multiline && /[ \t\r\n]/.test(next)) {
      // A line-ending backslash: the newline and the whitespace that follows are dropped.
      let j = i + 1;
      while (j < to && /[ \t\r\n]/.test(text[j])) j++;
      i = j;
    } else {
      push(next ?? '', i, i + 2);
      i += 2;
    }
  }
  return { type: 'string', value, range, content: SourceText.mapped(value, starts, ends) };
}

/** `get(table, 'tool', 'poetry', 'dependencies')`: the value at a key path, if there. */
export function tomlGet(table: TomlValue | undefined, ...path: string[]): TomlValue | undefined {
  let current: TomlValue | undefined = table;
  for (const key of path) {
    if (current?.type !== 'table') return undefined;
    current = current.entries.get(key)?.value;
  }
  return current;
}

export function tomlEntry(table: TomlValue | undefined, ...path: string[]): TomlEntry | undefined {
  const parent = tomlGet(table, ...path.slice(0, -1));
  return parent?.type === 'table' ? parent.entries.get(path[path.length - 1]) : undefined;
}

export function asTable(value: TomlValue | undefined): TomlTable | undefined {
  return value?.type === 'table' ? value : undefined;
}

export function asString(value: TomlValue | undefined): TomlString | undefined {
  return value?.type === 'string' ? value : undefined;
}

/** The items of an array (a single string counts as an array of one). */
export function asArray(value: TomlValue | undefined): TomlValue[] {
  if (value?.type === 'array') return value.items;
  return [];
}

export function isTrue(value: TomlValue | undefined): boolean {
  return value?.type === 'boolean' && value.text === 'true';
}

// A small typed view over tree-sitter-yaml's tree: mappings, sequences and scalars with their
// ranges in the file (UTF-16 offsets). Plain data only, no tree nodes: fixes may be built after
// the engine has freed the tree.
import type { Node, Tree } from 'web-tree-sitter';
import { lineEndAt, lineStartAt } from '../engine/lines';

export interface Span {
  start: number;
  end: number;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface YamlScalar extends Span {
  kind: 'scalar';
  style: ScalarStyle;
  /** The decoded value (block scalars: their content without the indentation). */
  value: string;
}

export interface YamlPair extends Span {
  /** The key as text (decoded when it is a scalar). */
  key: string;
  keyNode: YamlNode | undefined;
  /** Absent for `key:` with nothing after it. */
  value: YamlNode | undefined;
  /** Offset just after the `:`. */
  colonEnd: number;
}

export interface YamlMapping extends Span {
  kind: 'mapping';
  flow: boolean;
  pairs: YamlPair[];
}

export interface YamlSequence extends Span {
  kind: 'sequence';
  flow: boolean;
  items: YamlNode[];
}

export interface YamlAlias extends Span {
  kind: 'alias';
  name: string;
  /** The anchored node, when it was defined before (as YAML requires). */
  target: YamlNode | undefined;
}

export type YamlNode = YamlScalar | YamlMapping | YamlSequence | YamlAlias;

export interface YamlDocument {
  /** The first document's root, undefined for an empty file. */
  root: YamlNode | undefined;
  /** Where the YAML is malformed: the first error tree-sitter found. */
  error: YamlError | undefined;
}

export interface YamlError extends Span {
  /** A short reason: "unexpected `]`", "missing `}`". */
  reason: string;
}

/** More indentation levels than any workflow has; tree-sitter-yaml's scanner fails on a few hundred. */
const MAX_INDENT_LEVELS = 64;

/**
 * Whether the text nests more indentation levels (block mappings and `- ` sequence items) than
 * can be parsed safely; the error points at the first line too deep. Linear, no parser needed.
 */
export function nestingTooDeep(text: string): YamlError | undefined {
  const indents: number[] = [];
  for (let start = 0; start < text.length; ) {
    const { end, next } = lineBreakAfter(text, start);
    const line = /^( *)((?:- +)*)(\S?)/.exec(text.slice(start, Math.min(end, start + 4096)))!;
    if (line[3] !== '' && line[3] !== '#') {
      let column = line[1].length;
      while (indents.length > 0 && indents[indents.length - 1] > column) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1] < column) indents.push(column);
      // Each `- ` opens one more level, at the column of what follows it.
      for (const dash of line[2].match(/- +/g) ?? []) indents.push((column += dash.length));
      if (indents.length > MAX_INDENT_LEVELS) {
        return { start, end: Math.max(end, start + 1), reason: `nested more than ${MAX_INDENT_LEVELS} levels deep, too deep to read safely` };
      }
    }
    start = next;
  }
  return undefined;
}

/** A line break as YAML 1.2 reads one: `\r\n`, `\n` or a lone `\r`. */
const LINE_BREAK = /\r\n?|\n/g;

/** Where the line starting at `start` ends (before its break) and where the next one starts. */
export function lineBreakAfter(text: string, start: number): { end: number; next: number } {
  LINE_BREAK.lastIndex = start;
  const found = LINE_BREAK.exec(text);
  return found ? { end: found.index, next: found.index + found[0].length } : { end: text.length, next: text.length };
}

/** The lines of `raw` without their breaks, each with its offset in `raw`. */
export function splitLines(raw: string): SourceLine[] {
  const lines: SourceLine[] = [];
  for (let start = 0; ; ) {
    const { end, next } = lineBreakAfter(raw, start);
    lines.push({ text: raw.slice(start, end), start });
    if (end === raw.length) return lines;
    start = next;
  }
}

/** Whether `raw` spans more than one line. */
export function isMultiline(raw: string): boolean {
  return /[\r\n]/.test(raw);
}

/** Reads tree-sitter-yaml's tree into the typed view. */
export function readYaml(tree: Tree, text: string): YamlDocument {
  const anchors = new Map<string, YamlNode>();
  const error = tree.rootNode.hasError ? firstError(tree.rootNode, text) : undefined;
  const document = tree.rootNode.namedChildren.find((child) => child?.type === 'document');
  const body = document?.namedChildren.find((child) => child && child.type !== 'comment');
  return { root: body ? convert(body, text, anchors) : undefined, error };
}

/** Deeper nodes are left out: no workflow nests so deep, and the recursion must stay bounded. */
const MAX_DEPTH = 100;

function convert(node: Node, text: string, anchors: Map<string, YamlNode>, depth = 0): YamlNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'block_node':
    case 'flow_node': {
      let anchor: string | undefined;
      let content: YamlNode | undefined;
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'anchor') anchor = child.text.slice(1);
        else if (child.type !== 'tag' && child.type !== 'comment') content = convert(child, text, anchors, depth + 1);
      }
      if (anchor && content) anchors.set(anchor, content);
      return content;
    }
    case 'block_mapping':
    case 'flow_mapping':
      return { kind: 'mapping', flow: node.type === 'flow_mapping', pairs: pairsOf(node, text, anchors, depth + 1), start: node.startIndex, end: node.endIndex };
    case 'block_sequence':
    case 'flow_sequence': {
      const items: YamlNode[] = [];
      for (const child of node.namedChildren) {
        if (!child || child.type === 'comment') continue;
        const item = child.type === 'block_sequence_item' ? child.namedChildren.find((c) => c && c.type !== 'comment') : child;
        const converted = item ? convert(item, text, anchors, depth + 1) : undefined;
        if (converted) items.push(converted);
        else if (child.type === 'flow_pair') items.push({ kind: 'mapping', flow: true, pairs: [pairOf(child, text, anchors, depth + 1)], start: child.startIndex, end: child.endIndex });
      }
      return { kind: 'sequence', flow: node.type === 'flow_sequence', items, start: node.startIndex, end: node.endIndex };
    }
    case 'alias': {
      const name = node.text.slice(1);
      return { kind: 'alias', name, target: anchors.get(name), start: node.startIndex, end: node.endIndex };
    }
    case 'plain_scalar':
    case 'single_quote_scalar':
    case 'double_quote_scalar':
    case 'block_scalar':
      return scalarOf(node, text);
    default:
      return undefined;
  }
}

function pairsOf(node: Node, text: string, anchors: Map<string, YamlNode>, depth: number): YamlPair[] {
  const pairs: YamlPair[] = [];
  for (const child of node.namedChildren) {
    if (child && (child.type === 'block_mapping_pair' || child.type === 'flow_pair')) pairs.push(pairOf(child, text, anchors, depth));
  }
  return pairs;
}

function pairOf(node: Node, text: string, anchors: Map<string, YamlNode>, depth: number): YamlPair {
  const keyNode = node.childForFieldName('key');
  const valueNode = node.childForFieldName('value');
  const colon = node.children.find((child) => child?.type === ':');
  const key = keyNode ? convert(keyNode, text, anchors, depth + 1) : undefined;
  return {
    key: key?.kind === 'scalar' ? key.value : (keyNode?.text ?? ''),
    keyNode: key,
    value: valueNode ? convert(valueNode, text, anchors, depth + 1) : undefined,
    colonEnd: colon ? colon.endIndex : (keyNode?.endIndex ?? node.startIndex),
    start: node.startIndex,
    end: node.endIndex,
  };
}

function scalarOf(node: Node, text: string): YamlScalar {
  const raw = text.slice(node.startIndex, node.endIndex);
  const span = { start: node.startIndex, end: node.endIndex };
  switch (node.type) {
    case 'single_quote_scalar':
      return { kind: 'scalar', style: 'single', value: fold(raw.slice(1, -1)).replace(/''/g, "'"), ...span };
    case 'double_quote_scalar':
      return { kind: 'scalar', style: 'double', value: unescapeDouble(fold(raw.slice(1, -1))), ...span };
    case 'block_scalar': {
      const folded = raw.startsWith('>');
      const lines = blockLines(span, text).map((line) => line.text);
      return { kind: 'scalar', style: folded ? 'folded' : 'literal', value: lines.join(folded ? ' ' : '\n'), ...span };
    }
    default:
      return { kind: 'scalar', style: 'plain', value: fold(raw), ...span };
  }
}

/** Multi-line flow scalars fold their line breaks into spaces. */
function fold(raw: string): string {
  return isMultiline(raw) ? splitLines(raw).map((line) => line.text.trim()).join(' ') : raw;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, code: string) => {
    if (/^[xuU]/.test(code) && code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ', '/': '/', '"': '"', '\\': '\\' } as Record<string, string>)[code] ?? code;
  });
}

export interface SourceLine {
  /** The line's content: block scalars without their indentation. */
  text: string;
  /** Offset of `text` in the file. */
  start: number;
}

/**
 * The lines of a scalar as written in the file, each with its offset: a block scalar's content
 * lines (its header excluded, its indentation removed), or a flow scalar's lines.
 */
export function scalarLines(scalar: YamlScalar, text: string): SourceLine[] {
  if (scalar.style === 'literal' || scalar.style === 'folded') return blockLines(scalar, text);
  return splitLines(text.slice(scalar.start, scalar.end)).map((line) => {
    const indent = line.start === 0 ? 0 : line.text.length - line.text.trimStart().length;
    return { text: line.text.slice(indent), start: scalar.start + line.start + indent };
  });
}

function blockLines(scalar: Span, text: string): SourceLine[] {
  const raw = text.slice(scalar.start, scalar.end);
  const [, ...contentLines] = splitLines(raw);
  const explicit = /^[|>][+-]?(\d)|^[|>]\d/.exec(raw);
  let indent = -1;
  return contentLines.map(({ text: content, start }) => {
    if (indent === -1 && content.trim() !== '') indent = explicit ? parentIndent(text, scalar.start) + Number(explicit[1]) : content.length - content.trimStart().length;
    const cut = Math.min(Math.max(indent, 0), content.length - content.trimStart().length);
    return { text: content.slice(cut), start: scalar.start + start + cut };
  });
}

/** The indentation of the node a block scalar belongs to: its line's, past any `- ` item markers. */
function parentIndent(text: string, offset: number): number {
  const prefix = /^(\s*)((?:-\s+)*)/.exec(text.slice(lineStartAt(text, offset), offset))!;
  return prefix[1].length + prefix[2].length;
}

/** The column (0-based, in UTF-16 units) of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

function findPair(mapping: YamlMapping, key: string, depth: number): YamlPair | undefined {
  const direct = mapping.pairs.find((pair) => pair.key === key);
  if (direct || depth > 4) return direct;
  for (const pair of mapping.pairs) {
    if (pair.key !== '<<') continue;
    const merged = resolve(pair.value);
    const sources = merged?.kind === 'sequence' ? merged.items.map(resolve) : [merged];
    for (const source of sources) {
      if (source?.kind !== 'mapping') continue;
      const found = findPair(source, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Follows an alias to its anchored node. */
export function resolve(node: YamlNode | undefined): YamlNode | undefined {
  for (let depth = 0; node?.kind === 'alias' && depth < 8; depth++) node = node.target;
  return node?.kind === 'alias' ? undefined : node;
}

export function get(mapping: YamlMapping | undefined, key: string): YamlNode | undefined {
  return mapping ? resolve(findPair(mapping, key, 0)?.value) : undefined;
}

export function getPair(mapping: YamlMapping | undefined, key: string): YamlPair | undefined {
  return mapping ? findPair(mapping, key, 0) : undefined;
}

export function asMapping(node: YamlNode | undefined): YamlMapping | undefined {
  const resolved = resolve(node);
  return resolved?.kind === 'mapping' ? resolved : undefined;
}

export function asScalar(node: YamlNode | undefined): YamlScalar | undefined {
  const resolved = resolve(node);
  return resolved?.kind === 'scalar' ? resolved : undefined;
}

export function asSequence(node: YamlNode | undefined): YamlSequence | undefined {
  const resolved = resolve(node);
  return resolved?.kind === 'sequence' ? resolved : undefined;
}

/** Every scalar under a node (aliases not followed: their text is elsewhere in the file). */
export function scalarsUnder(node: YamlNode | undefined, into: YamlScalar[] = []): YamlScalar[] {
  if (!node) return into;
  if (node.kind === 'scalar') into.push(node);
  else if (node.kind === 'mapping') for (const pair of node.pairs) {
    if (pair.keyNode) scalarsUnder(pair.keyNode, into);
    scalarsUnder(pair.value, into);
  }
  else if (node.kind === 'sequence') for (const item of node.items) scalarsUnder(item, into);
  return into;
}

/** The first syntax error: the innermost ERROR or MISSING node, where the problem shows. */
function firstError(root: Node, text: string): YamlError | undefined {
  const found = findError(root);
  if (!found) return undefined;
  if (found.isMissing) {
    const at = found.startIndex;
    return { start: Math.max(0, Math.min(at, text.length - 1)), end: Math.min(text.length, Math.max(at, 0) + 1), reason: `missing \`${found.type}\`` };
  }
  const inner = text.slice(found.startIndex, found.endIndex);
  if (!isMultiline(inner)) {
    const token = inner.trim();
    return { start: found.startIndex, end: found.endIndex, reason: token ? `unexpected \`${token.length > 20 ? `${token.slice(0, 20)}…` : token}\`` : 'unexpected text' };
  }
  // The parser gave up on a whole region: the line it could not fit in is the one after it,
  // when there is one (a mis-indented line, say), else the region's first line.
  const after = /\S/.exec(text.slice(found.endIndex));
  const start = after ? found.endIndex + after.index : found.startIndex;
  const end = lineEndAt(text, start);
  return { start, end: Math.max(end, start + 1), reason: after ? 'this line does not fit the structure above it (check its indentation)' : 'this block is not valid YAML' };
}

/** The innermost error along the first path of erroneous nodes; a loop, as trees can be very deep. */
function findError(root: Node): Node | undefined {
  for (let node = root; ; ) {
    if (node.isMissing) return node;
    const child = node.children.find((c): c is Node => !!c && (c.isMissing || c.hasError || c.isError));
    if (!child) return node.isError ? node : undefined;
    node = child;
  }
}

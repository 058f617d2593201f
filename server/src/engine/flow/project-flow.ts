// Calls into the project's other files: `from .helpers import fetch_preview` resolves to a file,
// whose functions' summaries are computed from its text (the editor's unsaved text when open)
// and kept until that text changes. Only first-party modules are followed.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import { FileAnalysis } from '../analysis';
import type { ProjectContext } from '../project';
import { parse, type PythonLanguage } from '../python';
import { RuleRegistry } from '../registry';
import type { FileContext } from '../rule';
import { isFirstParty } from '../../project/first-party';
import type { FlowCatalog } from './catalog';
import { type Anchors, type ExternalCallees, FileFlow, NO_INPUT } from './file-flow';
import { type Origin, type Step, type Summary, summarySignature } from './taint';
import { LineIndex } from './lines';

interface ModuleState {
  text: string;
  tree: Tree;
  analysis: FileAnalysis;
  flow: FileFlow;
  catalog: FlowCatalog;
  lines: LineIndex;
}

/** How many other files' parses are kept (a project's helpers; the least recently used go). */
const MAX_MODULES = 200;
const modules = new Map<string, ModuleState>();
const NO_RULES = new RuleRegistry([]);
let parser: Parser | undefined;
/** Files whose summaries are being computed (a cycle of imports stops here). */
const active = new Set<string>();
/** How many times a cycle stopped a computation. */
let cycles = 0;

/**
 * Summaries of other files' functions by path, name and the texts they were computed from (that
 * file's and those it read): most calls of an audit go to the same helpers, parsed once.
 */
interface Remembered {
  text: string;
  summary: Summary | undefined;
  reads: FlowInputs;
}
const MAX_REMEMBERED = 50_000;
const remembered = new Map<string, Remembered>();

/** `holdsInput` answers by function and fields, with the text they were read from. */
const heldInput = new Map<string, { text: string; answer: string }>();

/** Sets `key` in one of this module's memos, emptied first when full. */
function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MAX_REMEMBERED) memo.clear();
  memo.set(key, value);
}

const catalogIds = new WeakMap<FlowCatalog, number>();
function catalogId(catalog: FlowCatalog): number {
  let id = catalogIds.get(catalog);
  if (id === undefined) {
    id = nextCatalogId++;
    catalogIds.set(catalog, id);
  }
  return id;
}
let nextCatalogId = 0;

/** The other files one analysis read, with the text it saw: an edit to one re-analyses it. */
export type FlowInputs = Map<string, string>;

export function projectCallees(file: FileContext, python: PythonLanguage, catalog: FlowCatalog, inputs: FlowInputs): ExternalCallees | undefined {
  const project = file.project;
  if (!project?.root || file.path === undefined) return undefined;
  const self = absolutePath(file.path, project.root);
  if (self === undefined) return undefined;
  const located = new Map<string, { path: string; name: string } | null>();
  const locate = (qualifiedName: string) => {
    if (!located.has(qualifiedName)) located.set(qualifiedName, locateFunction(qualifiedName, self, project));
    return located.get(qualifiedName)!;
  };
  const summaries = new Map<string, Summary | undefined>();
  const summaryAt = (path: string, name: string): Summary | undefined => {
    const key = `${path}#${name}`;
    if (!summaries.has(key)) summaries.set(key, computeSummary(path, name));
    return summaries.get(key);
  };
  const textOf = (path: string) => inputs.get(path) ?? project.readText(path);
  const computeSummary = (path: string, name: string): Summary | undefined => {
    if (path === self) return undefined;
    if (active.has(path)) {
      cycles++;
      return undefined;
    }
    const text = textOf(path);
    if (text === undefined) return undefined;
    inputs.set(path, text);
    const key = `${catalogId(catalog)}:${path}#${name}`;
    const memo = remembered.get(key);
    if (memo && memo.text === text && [...memo.reads].every(([read, seen]) => textOf(read) === seen)) {
      for (const [read, seen] of memo.reads) inputs.set(read, seen);
      return memo.summary;
    }
    const state = moduleState(path, text, python, catalog);
    const reads: FlowInputs = new Map();
    const cyclesBefore = cycles;
    active.add(path);
    try {
      const found = state.flow.summaryByName(state.tree.rootNode, state.text, state.analysis.scopeRanges, state.analysis.model(state.tree), name, projectCallees({ ...file, path }, python, catalog, reads));
      const summary = found && absolute(found.summary, found.anchors, path, state.lines);
      for (const [read, seen] of reads) inputs.set(read, seen);
      // A summary cut short by a cycle of imports is not remembered (computed the same way next time).
      if (cycles === cyclesBefore) remember(remembered, key, { text, summary, reads });
      return summary;
    } finally {
      active.delete(path);
    }
  };
  /**
   * `holds:FIELD,FIELD|PATH#NAME` → whether the function's text holds a source word or names one of
   * the fields (the file is read, not parsed).
   */
  const holdsInput = (path: string, name: string, fields: readonly string[]): string => {
    const text = textOf(path);
    if (text === undefined) return NO_INPUT;
    inputs.set(path, text);
    const key = `${catalogId(catalog)}:${path}#${name}|${fields.join(',')}`;
    const known = heldInput.get(key);
    if (known?.text === text) return known.answer;
    const body = functionText(text, name);
    const holds = catalog.sourceWords.test(body) || (fields.length > 0 && new RegExp(`\\b(?:${fields.join('|')})\\b`).test(body));
    const answer = holds ? 'input' : NO_INPUT;
    remember(heldInput, key, { text, answer });
    return answer;
  };
  return {
    mayHoldInput(qualifiedName, fields) {
      const target = locate(qualifiedName);
      if (!target) return undefined;
      const words = fields.filter((field) => /^\w+$/.test(field));
      return { key: `holds:${words.join(',')}|${target.path}#${target.name}`, signature: holdsInput(target.path, target.name, words) };
    },
    callee(qualifiedName) {
      const target = locate(qualifiedName);
      if (!target) return undefined;
      const summary = summaryAt(target.path, target.name);
      if (!summary) return undefined;
      return { summary, name: target.name, key: `ext:${target.path}#${target.name}`, signature: summarySignature(summary) };
    },
    signature(key) {
      if (key.startsWith('holds:')) {
        const [fields, place] = [key.slice(6, key.indexOf('|')), key.slice(key.indexOf('|') + 1)];
        return holdsInput(place.slice(0, place.lastIndexOf('#')), place.slice(place.lastIndexOf('#') + 1), fields ? fields.split(',') : []);
      }
      const [path, name] = key.slice(4).split('#');
      const summary = summaryAt(path, name);
      return summary ? summarySignature(summary) : 'none';
    },
  };
}

/**
 * The text of a module-level `def name` (up to the next line that starts a top-level statement),
 * or the whole text when the name is bound some other way: a cheap over-estimate of what the
 * function can read, without parsing the file.
 */
export function functionText(text: string, name: string): string {
  const definition = new RegExp(`^(?:async[ \\t]+)?def[ \\t]+${name}\\b`, 'm').exec(text);
  if (!definition) return text;
  // A top-level line: not indented, not a comment, blank, or the `):` closing a long signature.
  const next = /\n(?![ \t\r\n#)\]])/g;
  next.lastIndex = definition.index + definition[0].length;
  const end = next.exec(text);
  return text.slice(definition.index, end ? end.index : text.length);
}

/**
 * The parse of a file's text that this module holds for other files' data flow, as a copy for the
 * caller to delete: an audit analyses most helpers after a file called into them, and need not
 * parse them twice.
 */
export function heldParse(file: FileContext, text: string): Tree | undefined {
  if (modules.size === 0 || file.path === undefined || !file.project?.root) return undefined;
  // Looked up among the held paths, not on disk: every file of an audit asks.
  const path = absolutePath(file.path, file.project.root, (candidate) => modules.has(candidate));
  const state = path === undefined ? undefined : modules.get(path);
  return state && state.text === text ? state.tree.copy() : undefined;
}

/** The analysed file's absolute path, when it belongs to a project. */
export function absoluteFilePath(file: FileContext): string | undefined {
  return file.path === undefined || !file.project?.root ? undefined : absolutePath(file.path, file.project.root);
}

/**
 * The file's absolute path: paths are relative to the folder of the pyproject.toml, which is
 * the project's root or a folder above it.
 */
function absolutePath(path: string, root: string, exists: (candidate: string) => boolean = existsSync): string | undefined {
  if (isAbsolute(path)) return path;
  for (let folder = root, level = 0; level < 4; folder = dirname(folder), level++) {
    const candidate = resolve(folder, path);
    if (exists(candidate)) return candidate;
    if (dirname(folder) === folder) break;
  }
  return undefined;
}

function moduleState(path: string, text: string, python: PythonLanguage, catalog: FlowCatalog): ModuleState {
  let state = modules.get(path);
  if (state && state.text === text && state.catalog === catalog) {
    modules.delete(path);
    modules.set(path, state);
    return state;
  }
  parser ??= python.createParser();
  const tree = parse(parser, text);
  const analysis = new FileAnalysis(NO_RULES, python);
  analysis.analyzeNames(tree, text);
  state?.tree.delete();
  // The flow keeps its functions' results across versions of the text.
  const flow = state && state.catalog === catalog ? state.flow : new FileFlow(catalog);
  state = { text, tree, analysis, flow, catalog, lines: new LineIndex(text) };
  modules.delete(path);
  modules.set(path, state);
  if (modules.size > MAX_MODULES) {
    const [oldest, old] = modules.entries().next().value!;
    old.tree.delete();
    modules.delete(oldest);
  }
  return state;
}

/** `pkg.helpers.fetch` or `.helpers.fetch` → the file defining module-level `fetch`. */
function locateFunction(qualifiedName: string, from: string, project: ProjectContext): { path: string; name: string } | null {
  const dots = /^\.*/.exec(qualifiedName)![0].length;
  const parts = qualifiedName.slice(dots).split('.');
  const name = parts.pop();
  if (!name || parts.length === 0 || parts.some((part) => !/^[A-Za-z_]\w*$/.test(part))) return null;
  let bases: string[];
  if (dots > 0) {
    let base = dirname(from);
    for (let i = 1; i < dots; i++) base = dirname(base);
    bases = [base];
  } else {
    if (!isFirstParty(project, parts[0])) return null;
    bases = [...new Set([dirname(from), project.root!, join(project.root!, 'src')])];
  }
  for (const base of bases) {
    for (const candidate of [join(base, ...parts) + '.py', join(base, ...parts, '__init__.py')]) {
      if (project.hasFile ? project.hasFile(candidate) : project.readText(candidate) !== undefined) return { path: candidate, name };
    }
  }
  return null;
}

/** A summary from another file with its steps made absolute there (line and column included). */
function absolute(summary: Summary, anchors: Anchors, path: string, lines: LineIndex): Summary {
  const step = (s: Step): Step => {
    if (s.file !== undefined) return s;
    const base = anchors.get(s.anchor!) ?? 0;
    const start = base + s.start;
    const { line, character } = lines.position(start);
    return { file: path, start, end: base + s.end, line, character, note: s.note };
  };
  const origin = (o: Origin): Origin => ({ ...o, steps: o.steps.map(step) });
  return {
    ...summary,
    hits: summary.hits.map((hit) => ({ ...hit, at: step(hit.at), entry: hit.entry && step(hit.entry), origin: origin(hit.origin) })),
    returns: summary.returns.map(origin),
  };
}

// Builds fixes as text edits computed from the tree. Edits keep the user's formatting:
// they touch only the characters that must change.
import type { Node } from 'web-tree-sitter';
import type { Argument, CallSite } from './sites';
import { isStdlibModule } from '../supply-chain/stdlib';

/** Offsets are UTF-16 code units into the document, as LSP and tree-sitter (for JS strings) use. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** How a fix writes a name, and the import edits that make it valid there. */
export interface Spelled {
  text: string;
  edits: TextEdit[];
}

/** Edits to a file other than the one analysed (appending to `.env`, say). */
export interface OtherFileEdit {
  /** Absolute path. */
  path: string;
  /** Create the file first (it does not exist); `edits` then insert at offset 0. */
  create?: boolean;
  /** Offsets into that file's current text. */
  edits: TextEdit[];
}

/**
 * Whether applying a fix keeps the program's observable behaviour for every input except the
 * attack. `safe` fixes may be preferred and applied in bulk (`pyward fix`, "fix all");
 * `unsafe` ones change behaviour (a slow server now raises, a stored hash stops matching), are
 * only offered, never preferred, and say so in their title.
 */
export type Applicability = 'safe' | 'unsafe';

interface FixEdits {
  title: string;
  edits: TextEdit[];
  /** Edits the fix makes to other files, applied in the same workspace edit. */
  otherFiles?: OtherFileEdit[];
}

/** Meaning-preserving: may be preferred (the one an editor applies on its own, and "fix all" does). */
export interface SafeFix extends FixEdits {
  applicability: 'safe';
  preferred: boolean;
}

/** Changes behaviour: offered, never preferred; its title says what changes. */
export interface UnsafeFix extends FixEdits {
  applicability: 'unsafe';
  preferred: false;
}

export type Fix = SafeFix | UnsafeFix;

export interface FixOptions {
  /** Edits to other files, applied in the same workspace edit. */
  otherFiles?: OtherFileEdit[];
}

export interface SafeFixOptions extends FixOptions {
  /** False for an alternative to the finding's preferred safe fix; true by default. */
  preferred?: boolean;
}

/**
 * A fix that keeps behaviour for every input except the attack (`yaml.safe_load`,
 * `usedforsecurity=False`). Preferred unless `options.preferred` is false.
 */
export function safeFix(title: string, edits: TextEdit | TextEdit[], options: SafeFixOptions = {}): SafeFix {
  return { title, applicability: 'safe', edits: Array.isArray(edits) ? edits : [edits], preferred: options.preferred ?? true, ...otherFiles(options) };
}

/**
 * A fix that changes behaviour (adding `timeout=`: a slow server now raises). Its title ends with
 * what changes: `Add timeout=10 (changes behaviour: a slower response raises Timeout)`.
 */
export function unsafeFix(title: string, change: string, edits: TextEdit | TextEdit[], options: FixOptions = {}): UnsafeFix {
  return { title: `${title} (changes behaviour: ${change})`, applicability: 'unsafe', edits: Array.isArray(edits) ? edits : [edits], preferred: false, ...otherFiles(options) };
}

function otherFiles(options: FixOptions): Pick<FixEdits, 'otherFiles'> {
  return options.otherFiles?.length ? { otherFiles: options.otherFiles } : {};
}

export class Fixer {
  constructor(
    private readonly text: string,
    private readonly root: Node,
  ) {}

  /** See `safeFix`. */
  safe(title: string, edits: TextEdit | TextEdit[], options?: SafeFixOptions): SafeFix {
    return safeFix(title, edits, options);
  }

  /** See `unsafeFix`: `change` says what behaves differently afterwards. */
  unsafe(title: string, change: string, edits: TextEdit | TextEdit[], options?: FixOptions): UnsafeFix {
    return unsafeFix(title, change, edits, options);
  }

  replace(node: Node, newText: string): TextEdit {
    return { start: node.startIndex, end: node.endIndex, newText };
  }

  replaceRange(start: number, end: number, newText: string): TextEdit {
    return { start, end, newText };
  }

  insertBefore(node: Node, text: string): TextEdit {
    return { start: node.startIndex, end: node.startIndex, newText: text };
  }

  insertAfter(node: Node, text: string): TextEdit {
    return { start: node.endIndex, end: node.endIndex, newText: text };
  }

  /** Removes an argument together with the comma and spaces that separate it from its neighbour. */
  removeArgument(call: CallSite, argument: Argument): TextEdit {
    const list = call.argumentList!;
    const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const at = items.findIndex((c) => c.startIndex === argument.node.startIndex);
    if (items.length === 1) {
      // The only argument: drop it and any trailing comma, keep the parentheses.
      return { start: list.startIndex + 1, end: list.endIndex - 1, newText: '' };
    }
    if (at > 0) {
      // From the end of the previous argument to the end of this one: ", verify=False".
      return { start: items[at - 1].endIndex, end: argument.node.endIndex, newText: '' };
    }
    // The first of several: from its start to the start of the next one.
    return { start: argument.node.startIndex, end: items[at + 1].startIndex, newText: '' };
  }

  /** Adds `name=value` as the last argument, matching a multi-line call's layout. */
  addKeyword(call: CallSite, name: string, value: string): TextEdit {
    const list = call.argumentList!;
    const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const closing = list.endIndex - 1;
    if (items.length === 0) return { start: closing, end: closing, newText: `${name}=${value}` };
    const last = items[items.length - 1];
    const between = this.text.slice(last.endIndex, closing);
    const trailingComma = between.trimStart().startsWith(',');
    const multiline = this.text.slice(list.startIndex, list.endIndex).includes('\n') && between.includes('\n');
    if (multiline) {
      const indent = this.lineIndent(last.startIndex);
      const insertAt = trailingComma ? last.endIndex + between.indexOf(',') + 1 : last.endIndex;
      return { start: insertAt, end: insertAt, newText: `${trailingComma ? '' : ','}\n${indent}${name}=${value}${trailingComma ? ',' : ''}` };
    }
    if (trailingComma) {
      const commaAt = last.endIndex + between.indexOf(',');
      return { start: commaAt + 1, end: closing, newText: ` ${name}=${value}` };
    }
    return { start: last.endIndex, end: last.endIndex, newText: `, ${name}=${value}` };
  }

  /** Sets a keyword argument's value if present, adds it otherwise. */
  setKeyword(call: CallSite, name: string, value: string): TextEdit {
    const existing = call.keyword(name);
    return existing ? this.replace(existing.value, value) : this.addKeyword(call, name, value);
  }

  /**
   * Makes `module` importable under its own name: adds `import module` after the file's
   * leading imports (or its docstring and `from __future__` lines) unless it is already
   * imported at module level. Returns no edit when nothing is needed.
   */
  ensureImport(module: string): TextEdit[] {
    for (const statement of this.leadingStatements()) {
      if (statement.type !== 'import_statement') continue;
      const names = statement.childrenForFieldName('name');
      if (names.some((n) => n?.type === 'dotted_name' && n.text === module)) return [];
    }
    return [this.importLine(`import ${module}`)];
  }

  /**
   * Adds an import line (`import os`, `from os import environ`) where isort and Ruff would put
   * it: in its section (`__future__`, standard library, third party, relative) at its sorted
   * place, `import x` lines before `from x import y` ones; a new section gets a blank line
   * around it. A file without imports gets it after its docstring, or at the top.
   */
  importLine(line: string): TextEdit {
    const module = /^(?:from|import)\s+([\w.]+)/.exec(line)?.[1] ?? '';
    const key = importKey(line.startsWith('from ') ? 'from' : 'import', module);
    const imports = [...this.leadingStatements()].filter(isImport);
    const same = imports.filter((statement) => sectionOf(statementModule(statement)) === key.section);
    if (same.length > 0) {
      const next = same.find((statement) => compareKeys(importKey(statement.type === 'import_statement' ? 'import' : 'from', statementModule(statement)), key) > 0);
      if (next) return this.insertLineBefore(next, `${line}\n`);
      const last = same[same.length - 1];
      return { start: last.endIndex, end: last.endIndex, newText: `\n${line}` };
    }
    const earlier = imports.filter((statement) => sectionOf(statementModule(statement)) < key.section);
    if (earlier.length > 0) {
      const last = earlier[earlier.length - 1];
      return { start: last.endIndex, end: last.endIndex, newText: `\n\n${line}` };
    }
    const later = imports.find((statement) => sectionOf(statementModule(statement)) > key.section);
    if (later) return this.insertLineBefore(later, `${line}\n\n`);
    const docstring = [...this.leadingStatements()].find(isDocstring);
    if (docstring) return { start: docstring.endIndex, end: docstring.endIndex, newText: `\n${line}` };
    return { start: 0, end: 0, newText: `${line}\n` };
  }

  /**
   * `from m import a` → `from m import a, name`, at the name's sorted place (isort's order by
   * type: CONSTANTS, Classes, functions); undefined for a statement without names (`*`).
   */
  addImportedName(importFrom: Node, name: string): TextEdit | undefined {
    const names = importFrom.childrenForFieldName('name').filter((n): n is Node => !!n);
    if (names.length === 0) return undefined;
    const importedName = (n: Node) => (n.type === 'aliased_import' ? (n.childForFieldName('name')?.text ?? n.text) : n.text);
    const next = names.find((n) => compareNames(importedName(n), name) > 0);
    const multiline = importFrom.text.includes('\n');
    if (next) return this.insertBefore(next, multiline ? `${name},\n${this.lineIndent(next.startIndex)}` : `${name}, `);
    const last = names[names.length - 1];
    if (!multiline) return this.insertAfter(last, `, ${name}`);
    // `from m import (\n    a,\n)`: a line of its own, keeping a trailing comma.
    const comma = /^\s*,/.exec(this.text.slice(last.endIndex));
    const at = comma ? last.endIndex + comma[0].length : last.endIndex;
    return { start: at, end: at, newText: `${comma ? '' : ','}\n${this.lineIndent(last.startIndex)}${name}${comma ? ',' : ''}` };
  }

  /** Inserts text at the start of the line holding `node`. */
  private insertLineBefore(node: Node, text: string): TextEdit {
    const lineStart = this.text.lastIndexOf('\n', node.startIndex - 1) + 1;
    return { start: lineStart, end: lineStart, newText: text };
  }

  /** The module's statements up to its first one that is not an import, comment or docstring. */
  private *leadingStatements(): Generator<Node> {
    for (const statement of this.root.namedChildren) {
      if (!statement) continue;
      const leading =
        statement.type === 'import_statement' ||
        statement.type === 'import_from_statement' ||
        statement.type === 'future_import_statement' ||
        statement.type === 'comment' ||
        isDocstring(statement);
      if (!leading) return;
      yield statement;
    }
  }

  /** The whitespace that starts the line holding `offset`. */
  lineIndent(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(lineStart, offset))![0];
  }
}

function isImport(statement: Node): boolean {
  return statement.type === 'import_statement' || statement.type === 'import_from_statement' || statement.type === 'future_import_statement';
}

/** isort's sections, in file order. */
const enum Section {
  Future,
  StandardLibrary,
  ThirdParty,
  Relative,
}

function sectionOf(module: string): Section {
  if (module === '__future__') return Section.Future;
  if (module.startsWith('.')) return Section.Relative;
  return isStdlibModule(module) ? Section.StandardLibrary : Section.ThirdParty;
}

/** The module an import statement names: its first for `import a, b`. */
function statementModule(statement: Node): string {
  if (statement.type === 'future_import_statement') return '__future__';
  if (statement.type === 'import_from_statement') return statement.childForFieldName('module_name')?.text ?? '';
  const first = statement.childrenForFieldName('name').find((n) => !!n);
  return (first?.type === 'aliased_import' ? first.childForFieldName('name')?.text : first?.text) ?? '';
}

interface ImportKey {
  section: Section;
  /** `import x` lines come before `from x import y` lines in a section. */
  from: boolean;
  module: string;
}

function importKey(kind: 'import' | 'from', module: string): ImportKey {
  return { section: sectionOf(module), from: kind === 'from', module: module.toLowerCase() };
}

function compareKeys(a: ImportKey, b: ImportKey): number {
  return a.section - b.section || Number(a.from) - Number(b.from) || (a.module < b.module ? -1 : a.module > b.module ? 1 : 0);
}

/** isort's `order_by_type`: CONSTANTS, then Classes, then other names, each case-insensitively. */
function compareNames(a: string, b: string): number {
  const rank = (name: string) => (name.length > 1 && name === name.toUpperCase() && /[A-Z]/.test(name) ? 0 : /^[A-Z]/.test(name) ? 1 : 2);
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return rank(a) - rank(b) || (la < lb ? -1 : la > lb ? 1 : 0);
}

function isDocstring(statement: Node): boolean {
  return statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string';
}

// Builds fixes as text edits computed from the tree. Edits keep the user's formatting:
// they touch only the characters that must change.
import type { Node } from 'web-tree-sitter';
import type { Argument, CallSite } from './sites';

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

  /** Adds an import line after the file's leading imports (or its docstring), where `ensureImport` would. */
  importLine(line: string): TextEdit {
    let insertAfter: Node | undefined;
    for (const statement of this.leadingStatements()) {
      if (statement.type === 'import_statement' || statement.type === 'import_from_statement' || statement.type === 'future_import_statement') {
        insertAfter = statement;
      } else if (!insertAfter && isDocstring(statement)) {
        insertAfter = statement;
      }
    }
    if (!insertAfter) return { start: 0, end: 0, newText: `${line}\n` };
    return { start: insertAfter.endIndex, end: insertAfter.endIndex, newText: `\n${line}` };
  }

  /** `from m import a` → `from m import a, name`; undefined for a statement without names (`*`). */
  addImportedName(importFrom: Node, name: string): TextEdit | undefined {
    const names = importFrom.childrenForFieldName('name').filter((n): n is Node => !!n);
    return names.length > 0 ? this.insertAfter(names[names.length - 1], `, ${name}`) : undefined;
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

function isDocstring(statement: Node): boolean {
  return statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string';
}

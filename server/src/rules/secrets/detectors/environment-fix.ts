// The fixes every secrets finding in Python offers: "Read from environment" replaces the literal
// with `os.environ["NAME"]` (or `os.getenv("NAME")` where the literal was a default), and
// "Move to .env" does the same and appends `NAME=<value>` to the project's `.env`, adding `.env`
// to `.gitignore` when git would otherwise commit it. Writing the value into `.env` is the point
// of the second fix; it never appears in a title or message.
import { join } from 'node:path';
import ignore from 'ignore';
import type { Node } from 'web-tree-sitter';
import type { Fix, Fixer, OtherFileEdit, TextEdit } from '../../../engine/fixer';
import type { ProjectContext } from '../../../engine/project';
import type { RuleContext } from '../../../engine/rule';
import { spellOrImport } from '../../transport/spelling';

export interface EnvironmentTarget {
  /** The string literal (or implicit concatenation) the expression replaces. */
  literal: Node;
  /** The environment variable: `GITHUB_TOKEN`. */
  variable: string;
  /** The literal's value as written between its quotes, for `.env`. */
  value: string;
  /** The literal was a default (a parameter's, `config.get(key, "…")`): an unset variable gives None. */
  optional: boolean;
  /** A bytes literal: the replacement is encoded. */
  bytes: boolean;
}

/** "Read from environment" and, in a project, "Move to .env". */
export function environmentFixes(target: EnvironmentTarget, context: RuleContext, fixer: Fixer): Fix[] {
  const read = environmentRead(target, context, fixer);
  if (!read) return [];
  // Both change behaviour: the literal no longer works as a default, and nothing reads `.env`
  // unless the application loads it (python-dotenv, `flask run`, docker compose).
  const unset = target.optional ? `${target.variable} unset reads None` : `KeyError at start-up while ${target.variable} is unset`;
  const fixes = [fixer.unsafe(`Read from environment (${read.expression})`, unset, read.edits)];
  const project = context.file.project;
  const dotenv = project?.root ? dotenvEdits(project, project.root, target.variable, target.value) : undefined;
  if (dotenv) {
    const also = dotenv.ignoresEnv ? ' and add .env to .gitignore' : '';
    const loaded = target.optional ? 'None unless the app loads .env, e.g. with python-dotenv' : 'KeyError at start-up unless the app loads .env, e.g. with python-dotenv';
    fixes.push(fixer.unsafe(`Move to .env (${read.expression})${also}`, loaded, read.edits, { otherFiles: dotenv.files }));
  }
  return fixes;
}

function environmentRead(target: EnvironmentTarget, context: RuleContext, fixer: Fixer): { expression: string; edits: TextEdit[] } | undefined {
  const name = target.optional ? 'os.getenv' : 'os.environ';
  const spelled = spellInImportStyle(name, target.literal, context, fixer);
  if (!spelled) return undefined;
  const read = target.optional ? `${spelled.text}("${target.variable}")` : `${spelled.text}["${target.variable}"]`;
  const expression = target.bytes ? `${read}.encode()` : read;
  return { expression, edits: [...spelled.edits, fixer.replace(target.literal, expression)] };
}

/**
 * How to write `os.environ` / `os.getenv` at `at` as the file imports things: an existing
 * spelling, else a name added to the file's `from os import …`, else `os.…` with `import os`.
 */
function spellInImportStyle(qualifiedName: string, at: Node, context: RuleContext, fixer: Fixer): { text: string; edits: TextEdit[] } | undefined {
  const existing = context.model.spell(qualifiedName, at);
  if (existing) return { text: existing, edits: [] };
  const name = qualifiedName.slice(qualifiedName.indexOf('.') + 1);
  const fromOs = at.tree.rootNode.namedChildren.find((statement) => statement?.type === 'import_from_statement' && statement.childForFieldName('module_name')?.text === 'os');
  if (fromOs && !context.model.lookup(name, at)) {
    const edit = fixer.addImportedName(fromOs, name);
    if (edit) return { text: name, edits: [edit] };
  }
  return spellOrImport(qualifiedName, at, context, fixer);
}

/** The `.env` line for a value: bare when safe, quoted otherwise (dotenv reads `\n` in double quotes). */
export function dotenvLine(variable: string, value: string): string {
  if (/^[A-Za-z0-9_\-./+=:@%,]*$/.test(value)) return `${variable}=${value}`;
  if (!/['\\\n\r]/.test(value)) return `${variable}='${value}'`;
  // The value's own escapes (`\n`, `\"` from a Python literal) mean the same to dotenv; bare quotes and line breaks are escaped.
  return `${variable}="${value.replace(/\\[\s\S]|"|\r?\n/g, (part) => (part === '"' ? '\\"' : part.startsWith('\\') ? part : '\\n'))}"`;
}

/** The value a `.env` text gives a variable, if it defines it. */
function definedValue(dotenv: string, variable: string): string | undefined {
  for (const line of dotenv.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (match?.[1] !== variable) continue;
    const raw = match[2].trim();
    return /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return undefined;
}

/**
 * Edits that put `variable=value` in the project's `.env` (created if missing) and `.env` in its
 * `.gitignore` when git does not ignore it yet. Undefined when `.env` already gives the variable
 * another value: moving the literal there would change what the code reads.
 */
export function dotenvEdits(project: ProjectContext, root: string, variable: string, value: string): { files: OtherFileEdit[]; ignoresEnv: boolean } | undefined {
  const files: OtherFileEdit[] = [];
  const line = dotenvLine(variable, value);
  const dotenv = project.readText('.env');
  if (dotenv === undefined) {
    files.push({ path: join(root, '.env'), create: true, edits: [{ start: 0, end: 0, newText: `${line}\n` }] });
  } else {
    const defined = definedValue(dotenv, variable);
    if (defined !== undefined && defined !== value && dotenvLine(variable, defined) !== line) return undefined;
    if (defined === undefined) files.push({ path: join(root, '.env'), edits: [appendLine(dotenv, line)] });
  }
  const gitignore = project.readText('.gitignore');
  const ignoresEnv = gitignore === undefined || !ignore().add(gitignore).ignores('.env');
  if (gitignore === undefined) files.push({ path: join(root, '.gitignore'), create: true, edits: [{ start: 0, end: 0, newText: '.env\n' }] });
  else if (ignoresEnv) files.push({ path: join(root, '.gitignore'), edits: [appendLine(gitignore, '.env')] });
  return { files, ignoresEnv };
}

function appendLine(text: string, line: string): TextEdit {
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  return { start: text.length, end: text.length, newText: `${separator}${line}\n` };
}

/** Whether git ignores a project's `.env` (a missing `.gitignore` ignores nothing). */
export function gitIgnores(project: ProjectContext, path: string): boolean {
  const rules = project.fact('secrets:gitignore', (p) => {
    const text = p.readText('.gitignore');
    return text === undefined ? undefined : ignore().add(text);
  });
  try {
    return rules?.ignores(path) ?? false;
  } catch {
    // Not a relative path (`ignore` refuses those): nothing to say.
    return false;
  }
}

/** `os.environ.get("X", "…")` → `os.environ["X"]`: a missing variable then fails loudly instead of using the literal. */
export function requireVariableFix(call: Node, variable: Node, context: RuleContext, fixer: Fixer): Fix[] {
  const environ = spellInImportStyle('os.environ', call, context, fixer);
  if (!environ) return [];
  const title = `Require the environment variable (${environ.text}[${variable.text}])`;
  return [fixer.unsafe(title, 'KeyError where the variable is unset, instead of the fallback', [...environ.edits, fixer.replace(call, `${environ.text}[${variable.text}]`)])];
}

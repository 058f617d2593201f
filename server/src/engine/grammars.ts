// The grammars of the files that are not Python source: TOML (pyproject, pylock, Pipfile) and
// YAML (workflows). Loaded once per thread, before file rules run, so rules can parse
// synchronously.
import { join } from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { loadPython } from './python';
import { grammarsDirectory, Language, Parser } from './tree-sitter';

export type GrammarName = 'python' | 'toml' | 'yaml';

const FILES: Record<GrammarName, string> = {
  python: 'tree-sitter-python.wasm',
  toml: 'tree-sitter-toml.wasm',
  yaml: 'tree-sitter-yaml.wasm',
};

const parsers = new Map<GrammarName, Parser>();
let loading: Promise<void> | undefined;

/** Loads every grammar (idempotent). */
export function loadGrammars(): Promise<void> {
  loading ??= (async () => {
    const python = await loadPython();
    parsers.set('python', python.createParser());
    for (const name of ['toml', 'yaml'] as const) {
      const language = await Language.load(join(grammarsDirectory(), FILES[name]));
      const parser = new Parser();
      parser.setLanguage(language);
      parsers.set(name, parser);
    }
  })();
  return loading;
}

/**
 * Parses text with a loaded grammar. The caller owns the tree and must `delete()` it (the
 * file-rule engine does this for the trees it hands to rules).
 */
export function parseWith(name: GrammarName, text: string): Tree {
  const parser = parsers.get(name);
  if (!parser) throw new Error(`the ${name} grammar is not loaded (await loadGrammars() first)`);
  let tree: Tree | null;
  try {
    tree = parser.parse(name === 'python' ? text.replace(/\r(?!\n)/g, '\n') : text);
  } catch (error) {
    // A grammar's scanner that fails (out of bounds in WASM) can leave its parser unusable:
    // the next file gets a fresh one.
    const fresh = new Parser();
    fresh.setLanguage(parser.language);
    parsers.set(name, fresh);
    parser.delete();
    throw new Error(`the ${name} parser failed on this file (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!tree) throw new Error(`the ${name} parser returned no tree`);
  return tree;
}

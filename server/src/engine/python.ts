// Loads the Python grammar once per process and parses Python text with it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { PythonQueries } from './analysis';

export interface PythonLanguage {
  language: Language;
  queries: PythonQueries;
  /** A new parser; parsers hold state between incremental parses, so each document owns one. */
  createParser(): Parser;
}

let loading: Promise<PythonLanguage> | undefined;

/** The folder holding the grammars: `grammars/` at the package root, found from this file. */
export function grammarsDirectory(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'grammars');
    if (existsSync(join(candidate, 'tree-sitter-python.wasm'))) return candidate;
    if (dirname(dir) === dir) {
      throw new Error('tree-sitter-python.wasm not found in a grammars/ folder above the server; run `npm run build`');
    }
  }
}

export function loadPython(): Promise<PythonLanguage> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(join(grammarsDirectory(), 'tree-sitter-python.wasm'));
    const queries = new PythonQueries(language);
    return {
      language,
      queries,
      createParser() {
        const parser = new Parser();
        parser.setLanguage(language);
        return parser;
      },
    };
  })();
  return loading;
}

/** Parses text, reusing `oldTree` (already edited to match) when given. */
export function parse(parser: Parser, text: string, oldTree?: Tree): Tree {
  const tree = parser.parse(text, oldTree ?? null);
  if (!tree) throw new Error('the Python parser returned no tree');
  return tree;
}

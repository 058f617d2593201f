// Loads the Python grammar once per process and parses Python text with it.
import { join } from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { StartingNodeTypes } from './analysis';
import type { RuleRegistry } from './registry';
import { grammarsDirectory, Language, Parser } from './tree-sitter';

export interface PythonLanguage {
  language: Language;
  /** The node types analysis starts from for a rule set (with those its rules ask for), worked out once. */
  startingNodeTypes(registry: RuleRegistry): StartingNodeTypes;
  /** A new parser; parsers hold state between incremental parses, so each document owns one. */
  createParser(): Parser;
}

let loading: Promise<PythonLanguage> | undefined;

export function loadPython(): Promise<PythonLanguage> {
  loading ??= (async () => {
    // tree-sitter's runtime, patched (see tree-sitter.ts), beside the grammars.
    await Parser.init({ locateFile: () => join(grammarsDirectory(), 'web-tree-sitter.wasm') });
    const language = await Language.load(join(grammarsDirectory(), 'tree-sitter-python.wasm'));
    const startTypes = new WeakMap<RuleRegistry, StartingNodeTypes>();
    return {
      language,
      startingNodeTypes(registry) {
        let types = startTypes.get(registry);
        if (!types) {
          types = new StartingNodeTypes(language, registry.nodeTypes);
          startTypes.set(registry, types);
        }
        return types;
      },
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
  const tree = parser.parse(asParserText(text), oldTree ?? null);
  if (!tree) throw new Error('the Python parser returned no tree');
  return tree;
}

/**
 * The text as the grammar should see it: Python ends a line at a lone CR (old Mac files, and
 * editors agree), the grammar does not. Same length, so every offset stays valid.
 */
export function asParserText(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

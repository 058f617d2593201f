// tree-sitter's runtime as the build ships it in grammars/: the WebAssembly parser and its
// JavaScript glue, both patched (scripts/tree-sitter-runtime.mjs, docs/tree-sitter-runtime.md).
// Every part of the server that creates parsers, languages, queries or edits takes them from
// here: objects of two copies of the glue cannot be mixed. Types still come from the package.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';

/** The folder holding the grammars and the runtime: `grammars/` at the package root, found from this file. */
export function grammarsDirectory(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'grammars');
    if (existsSync(join(candidate, 'tree-sitter-python.wasm'))) return candidate;
    if (dirname(dir) === dir) {
      throw new Error('tree-sitter-python.wasm not found in a grammars/ folder above the server; run `npm run build`');
    }
  }
}

function loadGlue(): typeof TreeSitter {
  const glue = join(grammarsDirectory(), 'web-tree-sitter.cjs');
  if (!existsSync(glue)) throw new Error(`${glue} is missing; run \`npm run build\``);
  // A path computed at run time: bundlers leave it alone, and the extension ships the file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(glue) as typeof TreeSitter;
}

const runtime = loadGlue();

export const Parser = runtime.Parser;
export type Parser = TreeSitter.Parser;
export const Language = runtime.Language;
export type Language = TreeSitter.Language;
export const Query = runtime.Query;
export type Query = TreeSitter.Query;
export const Edit = runtime.Edit;
export type Edit = TreeSitter.Edit;

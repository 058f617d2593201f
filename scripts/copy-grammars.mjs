// Copies the WASM grammars the server loads, and tree-sitter's runtime (patched, see
// tree-sitter-runtime.mjs), out of their npm packages into grammars/.
// Binaries are never committed: the lock file pins (and hashes) the packages they come from.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patchGlue, patchRuntime } from './tree-sitter-runtime.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const grammarsDir = join(root, 'grammars');

const grammars = [
  { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
  { pkg: '@tree-sitter-grammars/tree-sitter-toml', file: 'tree-sitter-toml.wasm' },
  { pkg: '@tree-sitter-grammars/tree-sitter-yaml', file: 'tree-sitter-yaml.wasm' },
];

mkdirSync(grammarsDir, { recursive: true });
for (const { pkg, file } of grammars) {
  const source = join(dirname(require.resolve(`${pkg}/package.json`)), file);
  copyFileSync(source, join(grammarsDir, file));
}
console.log(`copied ${grammars.length} grammar(s) into grammars/`);

const stockRuntime = readFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'));
const patchedRuntime = patchRuntime(stockRuntime);
writeFileSync(join(grammarsDir, 'web-tree-sitter.wasm'), patchedRuntime ?? stockRuntime);
if (patchedRuntime) console.log('copied tree-sitter\'s runtime into grammars/, patched to reuse the statement after an edited block');
else console.warn('warning: web-tree-sitter is not the version scripts/tree-sitter-runtime.mjs patches: its runtime was copied unpatched (typing at the end of a block re-lexes what follows); see docs/tree-sitter-runtime.md');

const stockGlue = readFileSync(require.resolve('web-tree-sitter'));
const patchedGlue = patchGlue(stockGlue);
writeFileSync(join(grammarsDir, 'web-tree-sitter.cjs'), patchedGlue ?? stockGlue);
if (patchedGlue) console.log('copied tree-sitter\'s JavaScript glue into grammars/, patched to pass nodes through an Int32Array');
else console.warn('warning: web-tree-sitter\'s JavaScript glue is not the one scripts/tree-sitter-runtime.mjs patches: it was copied unpatched (slower); see docs/tree-sitter-runtime.md');

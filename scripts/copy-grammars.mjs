// Copies the WASM grammars the server loads out of their npm packages into grammars/.
// Binaries are never committed: the lock file pins (and hashes) the packages they come from.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

// Runs every compiled test file with node's test runner (node 20 has no glob support).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'out', 'test');
const only = process.argv.slice(2);

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'vscode' ? [] : testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = testFiles(root).filter((file) => only.length === 0 || only.some((part) => file.includes(part))).sort();
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

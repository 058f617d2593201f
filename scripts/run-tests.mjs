// Runs the compiled node:test suites (unit, language server, CLI) with node's test runner.
// Arguments narrow the run to test files whose path contains one of them. With
// PYWARD_TEST_COUNTS=FILE, the TAP summary is also written to FILE (for scripts/test-all.mjs).
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
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.PYWARD_TEST_COUNTS) reporters.push('--test-reporter=tap', `--test-reporter-destination=${process.env.PYWARD_TEST_COUNTS}`);
// A test that hangs fails after ten minutes instead of using up CI's whole budget.
const result = spawnSync(process.execPath, ['--test', '--test-timeout=600000', ...reporters, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

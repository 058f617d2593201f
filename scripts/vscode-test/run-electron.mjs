#!/usr/bin/env node
// Runs the same VS Code end-to-end suite (test/vscode/) in a desktop VS Code, through
// @vscode/test-electron, on a developer's own computer.
//
// @vscode/test-electron DOWNLOADS a VS Code build from Microsoft's update server, so this
// cannot run on the project's machines or in CI (they reach only the npm registry and
// Debian's packages): there, use scripts/vscode-test/run.mjs (code-server + headless chromium).
// It is deliberately not a dependency of the project; install it next to the harness's mocha:
//
//   npm run build
//   npm install --prefix .vscode-test/harness --no-audit --no-fund @vscode/test-electron mocha@11.7.5
//   node scripts/vscode-test/run-electron.mjs            # PYWARD_E2E_VSCODE_VERSION=1.91.0 to pin one
//
// (On Linux without a display, run it under xvfb-run.) Prints `N passed, N failed` last and
// exits non-zero when a test failed.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HARNESS = join(ROOT, '.vscode-test', 'harness');
const TESTS_INDEX = join(ROOT, 'out', 'test', 'vscode', 'index.js');
const FIXTURE = join(ROOT, 'test', 'vscode', 'workspace');

/** A package from the harness folder, else from the project (whichever has it). */
function resolveFrom(name) {
  for (const base of [HARNESS, ROOT]) {
    try {
      return createRequire(join(base, 'noop.js')).resolve(name);
    } catch {
      // try the next one
    }
  }
  return undefined;
}

const testElectron = resolveFrom('@vscode/test-electron');
const mocha = resolveFrom('mocha');
if (!testElectron || !mocha || !existsSync(TESTS_INDEX)) {
  if (!testElectron) console.log('@vscode/test-electron is not installed: npm install --prefix .vscode-test/harness @vscode/test-electron');
  if (!mocha) console.log('mocha is not installed: npm install --prefix .vscode-test/harness mocha@11.7.5');
  if (!existsSync(TESTS_INDEX)) console.log(`${TESTS_INDEX} is missing: npm run build`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const { runTests } = createRequire(import.meta.url)(testElectron);

const scratch = mkdtempSync(join(tmpdir(), 'pwe2e-'));
const workspace = join(scratch, 'workspace');
const resultFile = join(scratch, 'result.json');
cpSync(FIXTURE, workspace, { recursive: true });

let passed = 0;
let failed = 0;
let exitCode = 1;
try {
  await runTests({
    version: process.env.PYWARD_E2E_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: TESTS_INDEX,
    launchArgs: [workspace, '--disable-extensions'], // other installed extensions stay out
    extensionTestsEnv: { PYWARD_E2E_MOCHA: dirname(mocha), PYWARD_E2E_RESULT_FILE: resultFile, PYWARD_TEST_HOOKS: '1' },
  });
  exitCode = 0;
} catch (error) {
  console.log(`[vscode-test] FAILED: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (existsSync(resultFile)) ({ passed, failed } = JSON.parse(readFileSync(resultFile, 'utf8')));
  rmSync(scratch, { recursive: true, force: true });
}
if (exitCode !== 0 || passed === 0) {
  exitCode = 1;
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);

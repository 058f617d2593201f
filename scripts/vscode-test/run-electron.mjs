#!/usr/bin/env node
// `npm run test:electron`: the same VS Code end-to-end suite (test/vscode/) in a desktop VS Code,
// through @vscode/test-electron and mocha (exact-pinned devDependencies).
//
// @vscode/test-electron DOWNLOADS a VS Code build from Microsoft's update server (into
// .vscode-test/), so this runs on a machine that can reach it. Where it cannot (the project's
// machines reach only the npm registry), it stops with a message saying so: there the code-server
// suite, `npm test` (scripts/vscode-test/run.mjs), runs the same tests.
//
//   npm run build && npm run test:electron      # PYWARD_E2E_VSCODE_VERSION=1.91.0 to pin one
//
// (On Linux without a display, run it under xvfb-run.) Prints `N passed, N failed` last and
// exits non-zero when a test failed or VS Code could not be had.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TESTS_INDEX = join(ROOT, 'out', 'test', 'vscode', 'index.js');
const FIXTURE = join(ROOT, 'test', 'vscode', 'workspace');

/** A package of the project's devDependencies, if installed. */
function resolveFrom(name) {
  try {
    return createRequire(join(ROOT, 'noop.js')).resolve(name);
  } catch {
    return undefined;
  }
}

const testElectron = resolveFrom('@vscode/test-electron');
const mocha = resolveFrom('mocha');
if (!testElectron || !mocha || !existsSync(TESTS_INDEX)) {
  if (!testElectron || !mocha) console.log('@vscode/test-electron and mocha are devDependencies: npm ci');
  if (!existsSync(TESTS_INDEX)) console.log(`${TESTS_INDEX} is missing: npm run build`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const { downloadAndUnzipVSCode, runTests } = createRequire(import.meta.url)(testElectron);
const version = process.env.PYWARD_E2E_VSCODE_VERSION ?? 'stable';

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 20_000 });
} catch (error) {
  console.log(`[vscode-test] cannot get desktop VS Code ${version}: ${error instanceof Error ? error.message : String(error)}`);
  console.log('[vscode-test] @vscode/test-electron downloads VS Code from update.code.visualstudio.com, which this machine cannot reach.');
  console.log('[vscode-test] Run `npm run test:electron` on a machine with network access; here, `npm test` runs the same suite in code-server.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'pwe2e-'));
const workspace = join(scratch, 'workspace');
const resultFile = join(scratch, 'result.json');
cpSync(FIXTURE, workspace, { recursive: true });

let passed = 0;
let failed = 0;
let exitCode = 1;
try {
  await runTests({
    vscodeExecutablePath,
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

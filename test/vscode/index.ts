// Entry point of the VS Code end-to-end suite, loaded by VS Code's extension host as
// `extensionTestsPath` (out/test/vscode/index.js): runs mocha over out/test/vscode/*.e2e.js
// inside the extension host and rejects when any test fails, which makes VS Code exit with 1.
// Launchers: scripts/vscode-test/run.mjs (code-server + headless chromium, CI) and
// scripts/vscode-test/run-electron.mjs (@vscode/test-electron, a desktop machine).
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { MochaConstructor } from './mocha';

/**
 * The counts, for the launchers' closing line: printed on a line starting with this marker,
 * and written as JSON to the file named by PYWARD_E2E_RESULT_FILE when that is set.
 */
export const RESULT_MARKER = '[pyward-e2e] result';

/**
 * In code-server, the workbench forwards the extension host's console together with its own
 * log lines, all alike. When the launcher asks for it (scripts/vscode-test/run.mjs sets
 * PYWARD_E2E_TAG_OUTPUT to a tag), the suite's lines are prefixed with the tag so the launcher
 * can tell them from the workbench's. (console.log itself cannot be wrapped: VS Code makes the
 * extension host's console methods read-only, so mocha's reporter output is redirected instead.)
 */
const TAG = process.env.PYWARD_E2E_TAG_OUTPUT ?? '';
const log = (...args: unknown[]) => console.log(TAG + format(...args));

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function loadMocha(): MochaConstructor {
  // mocha is the harness's, not the project's: scripts/vscode-test/install.sh puts it here.
  const candidates = [
    process.env.PYWARD_E2E_MOCHA,
    path.join(repoRoot, '.vscode-test', 'harness', 'node_modules', 'mocha'),
  ].filter((candidate): candidate is string => !!candidate);
  for (const candidate of candidates) {
    try {
      return require(candidate) as MochaConstructor;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new Error(`mocha not found (looked in ${candidates.join(', ')}): run bash scripts/vscode-test/install.sh`);
}

export async function run(): Promise<void> {
  const Mocha = loadMocha();
  // Every reporter writes through Base.consoleLog.
  if (Mocha.reporters?.Base) Mocha.reporters.Base.consoleLog = log;
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  // PYWARD_E2E_SUITE=restricted-mode runs that suite alone (the launcher's untrusted launch);
  // without it, every other suite runs (a trusted workspace).
  const only = process.env.PYWARD_E2E_SUITE;
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.e2e.js') && (only ? name === `${only}.e2e.js` : name !== 'restricted-mode.e2e.js'))
    .sort();
  if (files.length === 0) throw new Error(`no *.e2e.js files in ${__dirname}: run npm run build first`);
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve) => {
    const runner = mocha.run((failures) => {
      resolve({ passed: runner.stats?.passes ?? 0, failed: Math.max(failures, runner.stats?.failures ?? 0) });
    });
  });
  log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed })}`);
  if (process.env.PYWARD_E2E_RESULT_FILE) writeFileSync(process.env.PYWARD_E2E_RESULT_FILE, JSON.stringify({ passed, failed }));
  if (failed > 0) throw new Error(`${failed} end-to-end test(s) failed`);
  if (passed === 0) throw new Error('no end-to-end test ran');
}

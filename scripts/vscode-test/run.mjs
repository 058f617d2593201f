#!/usr/bin/env node
// Runs the VS Code end-to-end suite (test/vscode/, compiled to out/test/vscode/) inside a real
// VS Code, headless: code-server (VS Code's own server and web workbench; its extension host
// is a Node process, as on the desktop) opened by the system chromium through playwright-core.
// The recipe: /work/shared/vscode-in-ci.md; the launch itself is launch.mjs (shared with
// screenshots.mjs). Install first with scripts/vscode-test/install.sh;
// this builds nothing (run `npm run build` before).
//
//   node scripts/vscode-test/run.mjs
//
// Two launches: the suites in a trusted copy of test/vscode/workspace/ (workspace trust off),
// then the Restricted Mode suite (restricted-mode.e2e.ts) in test/vscode/restricted-workspace/,
// with workspace trust on and the folder untrusted. The suites may ask this launcher to look at
// or click the workbench (test/vscode/ui.ts, workbench-actions.mjs): playwright does it.
//
// Environment: PYWARD_E2E_TIMEOUT_MS (default 300000) bounds the whole run;
// PYWARD_E2E_VERBOSE=1 also prints code-server's and the page's own output as it comes.
// Prints the extension host's output (mocha's report), then `N passed, N failed` alone on a
// line, and exits 0 only if every test passed.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import {
  CHROMIUM, CODE_SERVER, HARNESS_MODULES, HarnessError, NODE24, ROOT,
  launchChromium, makeScratch, startCodeServer, stopCodeServer, workbenchUrl,
} from './launch.mjs';
import { performWorkbenchAction, UI_MARKER } from './workbench-actions.mjs';

const FIXTURE = join(ROOT, 'test', 'vscode', 'workspace');
const RESTRICTED_FIXTURE = join(ROOT, 'test', 'vscode', 'restricted-workspace');
const LAUNCHES = [
  { label: 'trusted workspace', fixture: FIXTURE, workspaceTrust: false },
  { label: 'Restricted Mode', fixture: RESTRICTED_FIXTURE, workspaceTrust: true, suite: 'restricted-mode' },
];
const TESTS_INDEX = join(ROOT, 'out', 'test', 'vscode', 'index.js');
const EXTENSION_MAIN = join(ROOT, 'out', 'client', 'src', 'extension.js');
const LANGUAGE_SERVER = join(ROOT, 'out', 'server', 'src', 'lsp', 'server.js');
const RESULT_MARKER = '[pyward-e2e] result'; // printed by out/test/vscode/index.js
// out/test/vscode/index.js prefixes the suite's output lines (mocha's report) with this, to tell
// them from the workbench's own log lines (both come through codeAutomationLog, alike): those
// are kept for a failure report, or printed as they come when verbose.
const EXT_HOST_TAG = '\u200b[ext] ';
const TIMEOUT_MS = Number(process.env.PYWARD_E2E_TIMEOUT_MS ?? 300_000);
const VERBOSE = process.env.PYWARD_E2E_VERBOSE === '1';

const say = (message) => console.log(`[vscode-test] ${message}`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** Output kept to print when something goes wrong (code-server's, the page's). */
const backlog = [];
/** The workbench's own errors: noise when all is well (no GitHub sign-in, no Copilot, …), so printed only on failure. */
const workbenchErrors = [];
function remember(line) {
  if (VERBOSE) console.log(line);
  backlog.push(line);
  if (backlog.length > 200) backlog.shift();
}

// --- What must be there before anything starts -------------------------------------------
function checkPrerequisites() {
  const missing = [
    [NODE24, 'Node 24', 'bash scripts/vscode-test/install.sh'],
    [CODE_SERVER, 'code-server', 'bash scripts/vscode-test/install.sh'],
    [join(HARNESS_MODULES, 'playwright-core'), 'playwright-core', 'bash scripts/vscode-test/install.sh'],
    [join(HARNESS_MODULES, 'mocha'), 'mocha', 'bash scripts/vscode-test/install.sh'],
    [CHROMIUM, 'chromium', 'bash scripts/vscode-test/install.sh'],
    [EXTENSION_MAIN, 'the compiled extension', 'npm run build'],
    [LANGUAGE_SERVER, 'the compiled language server', 'npm run build'],
    [TESTS_INDEX, 'the compiled end-to-end suite', 'npm run build'],
    [FIXTURE, 'the fixture workspace test/vscode/workspace', 'restore it from git'],
    [RESTRICTED_FIXTURE, 'the fixture workspace test/vscode/restricted-workspace', 'restore it from git'],
  ].filter(([path]) => !existsSync(path));
  if (missing.length > 0) {
    throw new HarnessError(missing.map(([path, what, fix]) => `missing ${what} (${path}): ${fix}`).join('\n'));
  }
}

// --- Everything this run creates, and how to remove it -------------------------------------
let scratch; // temp root: HOME, XDG dirs, TMPDIR, profiles, workspace copy
let server; // code-server child (leader of its own process group)
let browser; // playwright BrowserContext
let cleanedUp = false;
let cleaning;

function cleanUp() {
  cleaning ??= (async () => {
    cleanedUp = true;
    await closeLaunch();
  })();
  return cleaning;
}

/** Closes the browser, stops code-server and removes the scratch folder of the current launch. */
async function closeLaunch() {
  if (browser) {
    await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
  }
  await stopCodeServer(server);
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  browser = undefined;
  server = undefined;
  scratch = undefined;
}

// --- code-server ------------------------------------------------------------------------
async function startServer(dirs, launch) {
  const started = startCodeServer(dirs, {
    workspaceTrust: launch.workspaceTrust,
    env: {
      PYWARD_E2E_TAG_OUTPUT: EXT_HOST_TAG, // the extension host inherits it; see EXT_HOST_TAG
      PYWARD_E2E_RESULT_FILE: dirs.resultFile, // the suite writes its counts there
      PYWARD_E2E_UI_DIR: dirs.uiDir, // this launcher's answers to the suite's workbench requests
      ...(launch.suite ? { PYWARD_E2E_SUITE: launch.suite } : {}),
      PYWARD_TEST_HOOKS: '1', // the language server offers pyward.server.crashForTests (the restart test)
    },
    onLine: (stream, line) => line.trim() && remember(`[code-server ${stream}] ${line}`),
  });
  server = started.server;
  return started.port;
}

// --- The run ----------------------------------------------------------------------------
async function main() {
  checkPrerequisites();
  const total = { code: 0, passed: 0, failed: 0 };
  for (const launch of LAUNCHES) {
    say(`launch: ${launch.label} (${elapsed()})`);
    const result = await runLaunch(launch);
    await closeLaunch();
    total.passed += result.passed;
    total.failed += result.failed;
    if (result.code !== 0) total.code = result.code;
  }
  return total;
}

async function runLaunch(launch) {
  // Short and fresh: /tmp/pwe2e-XXXXXX.
  const made = makeScratch('pwe2e-');
  scratch = made.root;
  const { dirs } = made;
  dirs.resultFile = join(scratch, 'result.json');
  dirs.uiDir = join(scratch, 'ui');
  mkdirSync(dirs.uiDir);
  cpSync(launch.fixture, dirs.workspace, { recursive: true });

  const port = await startServer(dirs, launch);
  say(`code-server is listening on 127.0.0.1:${port} (${elapsed()})`);

  browser = await launchChromium(dirs);
  const page = browser.pages()[0] ?? (await browser.newPage());

  let result; // { passed, failed } from the suite's marker line
  let resolveExit;
  const exit = new Promise((resolve) => (resolveExit = resolve));
  // The workbench forwards the extension host's console and its own log through this
  // (level, argument list for util.format).
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (!text.startsWith(EXT_HOST_TAG)) {
      if (level === 'error') workbenchErrors.push(text);
      remember(`[workbench ${level}] ${text}`);
      return;
    }
    const line = text.slice(EXT_HOST_TAG.length);
    if (line.startsWith(UI_MARKER)) {
      // A suite's request to look at or click the workbench: answered in a file it waits for.
      void performWorkbenchAction(page, line.slice(UI_MARKER.length), dirs.uiDir, say);
      return;
    }
    if (line.startsWith(RESULT_MARKER)) {
      try {
        result = JSON.parse(line.slice(RESULT_MARKER.length));
      } catch {
        // not a result after all: print it like any other line
      }
    }
    console.log(line);
  });
  // The test run's outcome: 0 when extensionTestsPath's run() resolved.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  page.on('pageerror', (error) => remember(`[page error] ${error.message}`));
  // (The page's console repeats the workbench log already seen above; only its errors add anything.)
  page.on('console', (message) => message.type() === 'error' && remember(`[page error] ${message.text()}`));
  page.on('crash', () => remember('[page] crashed'));

  const url = workbenchUrl(port, dirs.workspace, { extensionDevelopmentPath: ROOT, extensionTestsPath: TESTS_INDEX });
  say(`opening the workbench on ${dirs.workspace} (${elapsed()})`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  const code = await exit;
  say(`VS Code exited with ${code} (${elapsed()})`);
  if (existsSync(dirs.resultFile)) result = JSON.parse(readFileSync(dirs.resultFile, 'utf8'));
  if (code !== 0 && !result) throw new HarnessError(`the extension host exited with ${code} before the suite reported a result`);
  if (!result) throw new HarnessError('the suite reported no result');
  return { code, ...result };
}

// --- Bounded, always cleaned up, always a closing line -----------------------------------
/** Rejects on the overall timeout or on SIGINT/SIGTERM/SIGHUP, whichever comes first. */
let interruptedBy;
const stop = new Promise((_, reject) => {
  const timer = setTimeout(
    () => reject(new HarnessError(`timed out after ${TIMEOUT_MS / 1000} s waiting for VS Code to run the suite (is the payload ignored? see the output below)`)),
    TIMEOUT_MS,
  );
  timer.unref();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      interruptedBy = signal;
      reject(new HarnessError(`stopped by ${signal}`));
    });
  }
});

// Once cleaning up has begun, whatever was still waiting on the browser or the server fails:
// expected, and not worth a crash before the closing line.
process.on('unhandledRejection', (error) => {
  if (!cleanedUp) remember(`[harness] unhandled rejection: ${error?.stack ?? error}`);
});

let passed = 0;
let failed = 0;
let exitCode = 1;
try {
  const result = await Promise.race([main(), stop]);
  passed = result.passed;
  failed = result.failed;
  if (result.code !== 0 && failed === 0) {
    say(`VS Code reported failure (${result.code}) although no test failed`);
    failed = 1;
  }
  exitCode = failed === 0 && passed > 0 ? 0 : 1;
  if (passed === 0 && failed === 0) {
    say('no test ran');
    failed = 1;
  }
  if (exitCode !== 0 && !VERBOSE && workbenchErrors.length > 0) {
    say(`the workbench logged ${workbenchErrors.length} error(s) (PYWARD_E2E_VERBOSE=1 shows everything):`);
    for (const text of workbenchErrors) console.log(`  ${text.split('\n')[0]}`);
  }
} catch (error) {
  failed = Math.max(failed, 1);
  const message = error instanceof HarnessError ? error.message : (error?.stack ?? String(error));
  console.log(`[vscode-test] FAILED: ${message}`);
  if (!VERBOSE && !interruptedBy && backlog.length > 0) {
    console.log(`[vscode-test] last ${backlog.length} lines of code-server's and the page's output:`);
    for (const line of backlog) console.log(`  ${line}`);
  }
  exitCode = interruptedBy ? 130 : 1;
} finally {
  await cleanUp();
  say(`done in ${elapsed()}`);
  console.log(`${passed} passed, ${failed} failed`);
}
process.exit(exitCode);

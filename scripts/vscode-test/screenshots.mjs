#!/usr/bin/env node
// Takes the README's screenshots of the extension at work (images/*.png), in a real VS Code:
// code-server with the extension loaded from this repository (out/; run `npm run build`
// first), opened on a temporary copy of examples/vulnerable-app/ by a headless chromium that
// drives the workbench with the keyboard, as a user would (command palette, Quick Open,
// Go to Line, Ctrl+.); then, with workspace trust on, test/vscode/restricted-workspace/ in
// Restricted Mode. A documentation tool, not a test. Install first with
// scripts/vscode-test/install.sh (see launch.mjs).
//
//   node scripts/vscode-test/screenshots.mjs          # npm run screenshots
//
// Environment: PYWARD_SHOTS_DIR (default images/) is where the PNGs go; PYWARD_E2E_VERBOSE=1
// prints code-server's and the workbench's output. When `pngquant` is on PATH the PNGs are
// quantised (less than half the size, no visible change).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import {
  CHROMIUM, CODE_SERVER, HARNESS_MODULES, HarnessError, NODE24, ROOT,
  launchChromium, makeScratch, startCodeServer, stopCodeServer, workbenchUrl,
} from './launch.mjs';

const SAMPLE = join(ROOT, 'examples', 'vulnerable-app');
// A repository that silences Pyward (# nosec, [tool.bandit] skips, [tool.pyward] exclude).
const RESTRICTED_SAMPLE = join(ROOT, 'test', 'vscode', 'restricted-workspace');
const OUT_DIR = process.env.PYWARD_SHOTS_DIR ?? join(ROOT, 'images');
const VIEWPORT = { width: 1280, height: 800 };
const VERBOSE = process.env.PYWARD_E2E_VERBOSE === '1';
const TIMEOUT_MS = 480_000; // two launches (the second in Restricted Mode)

// What the workbench looks like: focused on the editor, nothing that is not Pyward's.
const USER_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'workbench.editor.enablePreview': false,
  'window.commandCenter': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'editor.lineHeight': 21,
  'editor.hover.delay': 200,
  'editor.lightbulb.enabled': 'on',
  'editor.stickyScroll.enabled': false,
  'breadcrumbs.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  // Below the line, so that the workflow's hover leaves the lines above it (and their squiggles) in view.
  '[yaml]': { 'editor.hover.above': false },
};

const RESTRICTED_SETTINGS = { ...USER_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };

const say = (message) => console.log(`[screenshots] ${message}`);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const backlog = [];
function remember(line) {
  if (VERBOSE) console.log(line);
  backlog.push(line);
  if (backlog.length > 100) backlog.shift();
}

// --- Driving the workbench with the keyboard ------------------------------------------------
const QUICK_INPUT = '.quick-input-widget';
const HOVER = '.monaco-hover:not(.hidden)';

/** F1, a command's title, Enter: as a user runs "Pyward: Audit Workspace". */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible' });
  await page.keyboard.type(title, { delay: 5 });
  await page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** Quick Open (the palette without its `>`): a file by its path in the workspace. */
async function openFile(page, path) {
  await page.keyboard.press('F1');
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible' });
  await page.keyboard.press('Backspace');
  await page.keyboard.type(path, { delay: 5 });
  const name = path.split('/').pop();
  await page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: name }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active`, { hasText: name }).waitFor({ state: 'visible' });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Go to Line/Column through Quick Open's `:` mode, leaving the caret there. */
async function goTo(page, line, column) {
  await page.keyboard.press('F1');
  await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible' });
  await page.keyboard.press('Backspace');
  await page.keyboard.type(`:${line}:${column}`, { delay: 5 });
  await pause(200);
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** Waits until the active editor shows at least one squiggle (the server has answered). */
async function waitForSquiggles(page) {
  await page
    .locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info')
    .first()
    .waitFor({ state: 'attached', timeout: 60_000 });
  await pause(500); // the rest of the file's diagnostics land together, and get painted
}

async function dismissNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

async function shoot(page, name) {
  const path = join(OUT_DIR, name);
  await page.screenshot({ path, animations: 'disabled' });
  optimise(path);
  say(`${name}: ${(statSync(path).size / 1024).toFixed(0)} KB`);
}

function optimise(path) {
  const quantised = `${path}.q.png`;
  const result = spawnSync('pngquant', ['--quality=80-98', '--speed=1', '--strip', '--force', '--output', quantised, path], { stdio: 'ignore' });
  if (result.status === 0 && existsSync(quantised)) renameSync(quantised, path);
  else rmSync(quantised, { force: true });
}

// --- The pictures ---------------------------------------------------------------------------
async function takeDiagnostics(page) {
  await openFile(page, 'app.py');
  await waitForSquiggles(page);
  await goTo(page, 34, 19); // inside `yaml.load`
  await runCommand(page, 'Show or Focus Hover');
  await page.locator(HOVER).first().waitFor({ state: 'visible' });
  await pause(500);
  await shoot(page, 'diagnostics.png');
  await page.keyboard.press('Escape');
}

async function takeQuickFix(page) {
  await goTo(page, 34, 19);
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
  await menu.waitFor({ state: 'visible' });
  await pause(500);
  await shoot(page, 'quick-fix.png');
  await page.keyboard.press('Escape');
}

async function takeAudit(page) {
  await dismissNotifications(page);
  await runCommand(page, 'Pyward: Audit Workspace');
  // The summary, in the notification centre: headless, the workbench does not toast it.
  await runCommand(page, 'Notifications: Show Notifications');
  const summary = page.locator('.notifications-center .notification-list-item', { hasText: 'Pyward audited' }).first();
  await summary.waitFor({ state: 'visible', timeout: 90_000 });
  // The Problems panel, as large as the window, every file's count, a few files' findings.
  await runCommand(page, 'View: Close Primary Side Bar');
  await runCommand(page, 'View: Focus Problems');
  await runCommand(page, 'View: Toggle Maximized Panel');
  const problems = page.locator('.markers-panel');
  await problems.locator('.monaco-list-row', { hasText: 'app.py' }).first().waitFor({ state: 'visible' });
  await page.locator('.panel .action-item a[aria-label="Collapse All"]').first().click();
  for (const file of ['release.yml', 'app.py', 'settings.ini', 'requirements.txt']) {
    const row = problems.locator('.monaco-list-row[aria-expanded="false"]', { hasText: file }).first();
    await row.locator('.monaco-tl-twistie').click();
  }
  // Focus and pointer off the rows: no focus outline, no hover highlight, no tooltip.
  await page.evaluate(() => document.activeElement?.blur());
  await page.mouse.move(400, 720);
  await summary.waitFor({ state: 'visible' });
  await pause(1000);
  await shoot(page, 'audit.png');
  await dismissNotifications(page);
  await runCommand(page, 'View: Toggle Maximized Panel');
  await runCommand(page, 'View: Hide Panel');
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
}

async function takeWorkflow(page) {
  await page.mouse.move(200, 600); // off the editor: no folding chevrons in the gutter
  await openFile(page, '.github/workflows/release.yml');
  await waitForSquiggles(page);
  await goTo(page, 22, 20); // inside `pypa/gh-action-pypi-publish@release/v1`, an unpinned action
  for (let i = 0; i < 8; i++) await page.keyboard.press('Control+ArrowUp'); // scroll back to line 1, caret kept
  await runCommand(page, 'Show or Focus Hover');
  await page.locator(HOVER).first().waitFor({ state: 'visible' });
  await pause(500);
  await shoot(page, 'workflow.png');
}

async function takeRestrictedMode(page) {
  await openFile(page, 'app.py');
  await waitForSquiggles(page);
  // Pyward's notice, in the notification centre (headless, the workbench does not toast it),
  // over the Problems panel, where the marked findings say what the repository would hide.
  await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'Suppressed by this repository' }).first().waitFor({ state: 'visible' });
  await runCommand(page, 'Notifications: Show Notifications');
  await page.locator('.notifications-center .notification-list-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.evaluate(() => document.activeElement?.blur());
  await page.mouse.move(400, 300);
  await pause(1000);
  await shoot(page, 'restricted-mode.png');
}

// --- The run ----------------------------------------------------------------------------
let scratch;
let server;
let browser;
let pageForDebug;
let cleaning;

async function main() {
  for (const [path, what] of [[NODE24, 'Node 24'], [CODE_SERVER, 'code-server'], [join(HARNESS_MODULES, 'playwright-core'), 'playwright-core'], [CHROMIUM, 'chromium']]) {
    if (!existsSync(path)) throw new HarnessError(`missing ${what} (${path}): bash scripts/vscode-test/install.sh`);
  }
  if (!existsSync(join(ROOT, 'out', 'client', 'src', 'extension.js'))) throw new HarnessError('missing the compiled extension: npm run build');

  mkdirSync(OUT_DIR, { recursive: true });
  let page = await openWorkbench(SAMPLE, USER_SETTINGS);
  await takeDiagnostics(page);
  await takeQuickFix(page);
  await takeAudit(page);
  await takeWorkflow(page);
  await doCleanUp();

  // Restricted Mode: workspace trust on, the folder untrusted (no trust prompt: its banner stays).
  page = await openWorkbench(RESTRICTED_SAMPLE, RESTRICTED_SETTINGS, { workspaceTrust: true });
  await takeRestrictedMode(page);
}

/** Starts code-server and the browser on a copy of `folder`: the workbench page, ready. */
async function openWorkbench(folder, userSettings, { workspaceTrust = false } = {}) {
  const made = makeScratch('pwshot-');
  scratch = made.root;
  const { dirs } = made;
  cpSync(folder, dirs.workspace, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));

  const started = startCodeServer(dirs, { workspaceTrust, onLine: (stream, line) => line.trim() && remember(`[code-server ${stream}] ${line}`) });
  server = started.server;
  const port = await started.port;
  say(`code-server is listening on 127.0.0.1:${port}`);

  browser = await launchChromium(dirs, { viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: 'dark' });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(30_000);
  await page.exposeFunction('codeAutomationLog', (level, args) => remember(`[workbench ${level}] ${format(...(Array.isArray(args) ? args : [args]))}`));
  await page.exposeFunction('codeAutomationExit', () => {});
  page.on('pageerror', (error) => remember(`[page error] ${error.message}`));

  await page.goto(workbenchUrl(port, dirs.workspace, { extensionDevelopmentPath: ROOT }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await pause(1500); // the workbench restores its layout; the first file's squiggles are waited for
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => {});
  await page.mouse.move(200, 600); // over the explorer's empty space: no stray hover or tooltip

  pageForDebug = page;
  return page;
}

let exitCode = 1;
const timer = setTimeout(() => {
  console.log(`[screenshots] FAILED: timed out after ${TIMEOUT_MS / 1000} s`);
  void cleanUp().then(() => process.exit(1));
}, TIMEOUT_MS);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => void cleanUp().then(() => process.exit(130)));
}
try {
  await main();
  exitCode = 0;
} catch (error) {
  const message = error instanceof HarnessError ? error.message : (error?.stack ?? String(error));
  console.log(`[screenshots] FAILED: ${message}`);
  if (!VERBOSE) for (const line of backlog.slice(-40)) console.log(`  ${line}`);
  if (pageForDebug) {
    const where = join(tmpdir(), 'pyward-screenshots-failed.png'); // not in images/: that ships
    await pageForDebug.screenshot({ path: where }).then(() => console.log(`[screenshots] the page when it failed: ${where}`), () => {});
  }
} finally {
  clearTimeout(timer);
  await cleanUp();
}
process.exit(exitCode);

function cleanUp() {
  cleaning ??= doCleanUp();
  return cleaning;
}

async function doCleanUp() {
  if (browser) await Promise.race([browser.close().catch(() => {}), pause(5_000)]);
  await stopCodeServer(server);
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  browser = undefined;
  server = undefined;
  scratch = undefined;
  pageForDebug = undefined;
}

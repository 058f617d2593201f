// Pyward inside a real VS Code: this suite runs in the extension host (see ./index.ts), against
// a copy of test/vscode/workspace/ opened as the workspace folder, and talks to the extension
// only through VS Code's API, as a user's editor does.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuditSummary } from '../../server/src/lsp/protocol';
import type { HookFunction, SuiteFunction, TestFunction } from './mocha';
import { canDriveWorkbench, workbench } from './ui';

// mocha's TDD interface, which mocha defines as globals while it loads this file.
declare const suite: SuiteFunction;
declare const test: TestFunction;
declare const suiteSetup: HookFunction;
declare const suiteTeardown: HookFunction;

const EXTENSION_ID = 'pyward.pyward'; // package.json: publisher.name
const WAIT_MS = 20_000;

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

function pyward(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pyward');
}

function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  return all.length === 0 ? 'none' : all.map((d) => `${d.source}:${codeOf(d)}@${d.range.start.line + 1}`).join(', ');
}

/** Polls the diagnostics of `uri` until `accept` holds; fails with what was there instead. */
async function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const diagnostics = pyward(uri);
    if (accept(diagnostics)) return diagnostics;
    if (Date.now() > deadline) {
      assert.fail(`${what}: not seen within ${WAIT_MS / 1000} s for ${vscode.workspace.asRelativePath(uri)}; diagnostics there: ${describeDiagnostics(uri)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open: the launcher must open the fixture workspace');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  await vscode.window.showTextDocument(document);
  assert.equal(document.languageId, 'python');
  return document;
}

/** The line (0-based) of the first occurrence of `text` in the document. */
function lineOf(document: vscode.TextDocument, text: string): number {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" is not in ${document.fileName}`);
  return document.positionAt(offset).line;
}

async function pw104(document: vscode.TextDocument): Promise<vscode.Diagnostic> {
  const line = lineOf(document, 'yaml.load(data)');
  const isIt = (d: vscode.Diagnostic) => codeOf(d) === 'PW104' && d.range.start.line === line;
  const diagnostics = await waitForDiagnostics(document.uri, `a PW104 diagnostic on line ${line + 1}`, (ds) => ds.some(isIt));
  return diagnostics.find(isIt)!;
}

async function quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}


interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string } };
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
  }[];
}

/** What the extension's activate() returns (client/src/extension.ts). */
interface PywardApi {
  readonly client: {
    state: number;
    onDidChangeState(listener: (event: { oldState: number; newState: number }) => void): vscode.Disposable;
  };
  statusBar(): { text: string; tooltip: string; errors: number; warnings: number; infos: number };
}

async function pywardApi(): Promise<PywardApi> {
  const extension = vscode.extensions.getExtension<PywardApi>(EXTENSION_ID);
  assert.ok(extension);
  return extension.activate();
}

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

/** Polls until `probe` returns something; fails with `what` after WAIT_MS. */
async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not seen within ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function revertAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

suite('Pyward in VS Code', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded: is extensionDevelopmentPath the repository root?`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    // test/vscode/workspace/.vscode/settings.json: edits stay unsaved, so the audit sees the files as written.
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'the fixture workspace settings were not applied');
  });

  suiteTeardown(async () => {
    // Leave no unsaved edits behind (a desktop VS Code would ask about them on exit).
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opening a file with yaml.load(data) shows a pyward PW104 diagnostic on that line', async () => {
    const document = await open('settings_fix.py');
    const diagnostic = await pw104(document);
    assert.equal(diagnostic.source, 'pyward');
    assert.equal(codeOf(diagnostic), 'PW104');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const start = document.getText().indexOf('yaml.load(data)');
    assert.deepEqual(
      [diagnostic.range.start, diagnostic.range.end].map((p) => document.offsetAt(p)),
      [start, start + 'yaml.load(data)'.length],
    );
    assert.match(diagnostic.message, /safe_load/);
  });

  test('the "Use safe_load" quick fix rewrites the call and the diagnostic disappears', async () => {
    const document = await open('settings_fix.py');
    const before = document.getText();
    const diagnostic = await pw104(document);
    const actions = await quickFixes(document, diagnostic);
    const fix = actions.find((a) => a.title === 'Use safe_load');
    assert.ok(fix, `quick fixes offered: ${actions.map((a) => a.title).join(', ') || 'none'}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.edit, 'the quick fix carries no edit');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(document.getText(), before.replace('yaml.load(data)', 'yaml.safe_load(data)'));
    assert.match(document.getText(), /return yaml\.safe_load\(data\)\n/);
    await waitForDiagnostics(document.uri, 'no PW104 after the fix', (ds) => !ds.some((d) => codeOf(d) === 'PW104'));
  });

  test('"Suppress PW104 on this line" writes the ignore comment and the diagnostic disappears', async () => {
    const document = await open('settings_suppress.py');
    const diagnostic = await pw104(document);
    const actions = await quickFixes(document, diagnostic);
    const suppress = actions.find((a) => a.title === 'Suppress PW104 on this line');
    assert.ok(suppress, `quick fixes offered: ${actions.map((a) => a.title).join(', ') || 'none'}`);
    assert.ok(suppress.edit, 'the suppression carries no edit');
    assert.equal(await vscode.workspace.applyEdit(suppress.edit), true);
    assert.match(document.getText(), /return yaml\.load\(data\)  # pyward: ignore\[PW104\]\n/);
    await waitForDiagnostics(document.uri, 'no PW104 after the suppression', (ds) => !ds.some((d) => codeOf(d) === 'PW104'));
  });

  test('"Pyward: Audit Workspace" publishes findings for files never opened, a manifest typosquat among them', async function () {
    this.timeout(120_000);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['pyward.auditWorkspace', 'pyward.exportSarif', 'pyward.showRuleDocumentation']) {
      assert.ok(commands.includes(command), `the command ${command} is not registered`);
    }
    const uri = workspaceFile('jobs/never_opened.py');
    const manifest = workspaceFile('requirements.txt');
    for (const unopened of [uri, manifest]) {
      assert.ok(!isOpen(unopened), `${vscode.workspace.asRelativePath(unopened)} is open already: the test would prove nothing`);
      assert.deepEqual(pyward(unopened), [], `${vscode.workspace.asRelativePath(unopened)} has diagnostics before the audit`);
    }

    // Before any audit, the status bar speaks of the open files only.
    assert.match((await pywardApi()).statusBar().tooltip, /in the open files \(the workspace has not been audited yet\)/);
    // One progress notification for this first (uncached) audit, watched in the notification centre.
    const watching = canDriveWorkbench;
    if (watching) {
      await vscode.commands.executeCommand('notifications.showList');
      await workbench('watchNotifications', { text: 'auditing the workspace' });
    }
    const summary = await vscode.commands.executeCommand<AuditSummary>('pyward.auditWorkspace');
    if (watching) {
      const { most, samples } = await workbench<{ most: number; samples: number }>('stopWatchingNotifications', { text: 'auditing the workspace' });
      await vscode.commands.executeCommand('notifications.hideList');
      assert.ok(samples > 0);
      // A fast audit may end between two samples (0 seen); the defect was two at once.
      assert.ok(most <= 1, `${most} "auditing the workspace" notifications were shown at once`);
    }

    const diagnostics = await waitForDiagnostics(uri, 'PW101 and PW202 from the audit', (ds) => ds.length >= 2);
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`).sort(),
      ['10:PW202', '6:PW101'],
    );
    // requirements.txt line 2: `reqeusts==2.31.0`, a typo of requests.
    const typosquat = await waitForDiagnostics(manifest, 'a PWD101 typosquat in requirements.txt', (ds) => ds.some((d) => codeOf(d) === 'PWD101'));
    assert.equal(typosquat.find((d) => codeOf(d) === 'PWD101')!.range.start.line, 1);
    assert.ok(!isOpen(uri) && !isOpen(manifest), 'the audit opened a file in the editor');

    // On disk: settings_fix.py and settings_suppress.py (one PW104 each: the edits above were
    // not saved, see .vscode/settings.json), jobs/never_opened.py and requirements.txt.
    for (const name of ['settings_fix.py', 'settings_suppress.py']) {
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(name)));
      assert.match(onDisk, /return yaml\.load\(data\)\n/, `${name} was saved: the expected counts below no longer hold`);
    }
    assert.ok(summary, 'the command returned no summary');
    assert.ok(summary.files >= 4, `summary: ${JSON.stringify(summary)}`);
    assert.equal(summary.skipped, 0, `summary: ${JSON.stringify(summary)}`);
    assert.equal(summary.cancelled, false, `summary: ${JSON.stringify(summary)}`);
    assert.ok(summary.findings >= 5, `summary: ${JSON.stringify(summary)}`);
    const { high, medium, low } = summary.bySeverity;
    assert.equal(high + medium + low, summary.findings, `summary: ${JSON.stringify(summary)}`);
    // The editor's summary counts as the Problems panel does.
    const { errors: summaryErrors, warnings: summaryWarnings, infos: summaryInfos } = summary.byDiagnosticSeverity;
    assert.equal(summaryErrors + summaryWarnings + summaryInfos, summary.findings, `summary: ${JSON.stringify(summary)}`);
    assert.equal(summary.ignoredProjectSuppressions, false);

    // The status-bar item counts the workspace's Pyward problems, and audits when clicked.
    const api = await pywardApi();
    const expected = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.filter((d) => d.source === 'pyward'));
    const errors = expected.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    await waitFor(`the status bar to count ${expected.length} problems, ${errors} errors (it shows ${JSON.stringify(api.statusBar())})`, () => {
      const counts = api.statusBar();
      return counts.errors + counts.warnings + counts.infos === expected.length && counts.errors === errors ? counts : undefined;
    });
    assert.ok(expected.length >= 3 && errors >= 1, `problems: ${expected.length}, errors: ${errors}`);
    assert.match(api.statusBar().text, /^\$\(shield\) \$\(error\) \d+ \$\(warning\) \d+ \$\(info\) \d+$/);
    assert.match(api.statusBar().tooltip, /in the workspace\./);
    assert.doesNotMatch(api.statusBar().tooltip, /Untrusted/);
  });

  test('"Pyward: Export SARIF Report" writes the SARIF the CLI writes, with the results the Problems panel shows', async function () {
    this.timeout(120_000);
    await revertAll(); // the Problems then show the files as they are on disk, as the audit read them
    const target = path.join(os.tmpdir(), `pyward-e2e-${process.pid}.sarif`);
    const written = await vscode.commands.executeCommand<string>('pyward.exportSarif', target);
    assert.equal(written, target);
    const sarif = JSON.parse(readFileSync(target, 'utf8')) as Sarif;
    rmSync(target, { force: true });
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'Pyward');
    const fromSarif = run.results
      .map((r) => `${decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)}:${r.locations[0].physicalLocation.region.startLine}:${r.ruleId}`)
      .filter((key) => !key.includes('.ipynb'))
      .sort();
    assert.ok(fromSarif.includes('jobs/never_opened.py:6:PW101'), `SARIF results: ${fromSarif.join(', ')}`);
    assert.ok(fromSarif.includes('requirements.txt:2:PWD101'), `SARIF results: ${fromSarif.join(', ')}`);
    const problems = () =>
      vscode.languages
        .getDiagnostics()
        .filter(([uri]) => uri.scheme === 'file' && !uri.path.endsWith('.ipynb'))
        .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'pyward').map((d) => `${vscode.workspace.asRelativePath(uri, false)}:${d.range.start.line + 1}:${codeOf(d)}`))
        .sort();
    await waitFor(`the Problems to match the SARIF results (${fromSarif.join(', ')}); Problems: ${problems().join(', ')}`, () =>
      JSON.stringify(problems()) === JSON.stringify(fromSarif) ? true : undefined,
    );
  });

  test('a second audit of the unchanged workspace reuses every file\'s result (content-hash cache)', async function () {
    this.timeout(120_000);
    const first = await vscode.commands.executeCommand<AuditSummary>('pyward.auditWorkspace');
    const second = await vscode.commands.executeCommand<AuditSummary>('pyward.auditWorkspace');
    assert.ok(first && second);
    assert.equal(second.findings, first.findings);
    assert.ok(second.reused >= second.files, `second audit: ${JSON.stringify(second)}`);
  });

  test('after an audit, a file created, changed and deleted on disk updates the Problems without being opened', async function () {
    this.timeout(60_000);
    const later = workspaceFile('jobs/later.py');
    await vscode.workspace.fs.writeFile(later, new TextEncoder().encode('def run(code):\n    return eval(code)\n'));
    await waitForDiagnostics(later, 'PW202 in a file created after the audit', (ds) => ds.some((d) => codeOf(d) === 'PW202' && d.range.start.line === 1));
    await vscode.workspace.fs.writeFile(later, new TextEncoder().encode('def run(code):\n    return code\n'));
    await waitForDiagnostics(later, 'no finding once the file is fixed on disk', (ds) => ds.length === 0);
    await vscode.workspace.fs.writeFile(later, new TextEncoder().encode('import pickle\npickle.loads(b"")\n'));
    await waitForDiagnostics(later, 'PW101 after another change', (ds) => ds.some((d) => codeOf(d) === 'PW101'));
    await vscode.workspace.fs.delete(later);
    await waitForDiagnostics(later, 'no diagnostics once the file is deleted', (ds) => ds.length === 0);
    assert.ok(!isOpen(later));
  });

  test('hovering a finding shows its rule\'s name, one line of why, and "More…" to the full documentation', async () => {
    const document = await open('jobs/never_opened.py');
    const diagnostics = await waitForDiagnostics(document.uri, 'PW101 in the open file', (ds) => ds.some((d) => codeOf(d) === 'PW101'));
    // The Problems panel's text: no Markdown backticks, the rule's name at the end.
    const message = diagnostics.find((d) => codeOf(d) === 'PW101')!.message;
    assert.ok(!message.includes('`'), message);
    assert.match(message, / \(pickle-deserialization\)$/);
    const position = document.positionAt(document.getText().indexOf('pickle.loads(blob)') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = (hovers ?? [])
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.match(text, /^\*\*pickle-deserialization\*\* \(PW101\): /m, `hover: ${text}`);
    assert.match(text, /\[More…\]\(command:pyward\.showRuleDocumentation\?/);
    assert.doesNotMatch(text, /```python\n/, 'the default hover is short: the examples are behind More…');
    // Not on a line without a finding.
    const clean = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 2));
    assert.ok(!(clean ?? []).some((hover) => hover.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('PW101'))));
  });

  test('"Pyward: Show Rule Documentation" opens a rule\'s page', async () => {
    const shown = await vscode.commands.executeCommand<string>('pyward.showRuleDocumentation', 'PW104');
    assert.equal(shown, 'PW104');
  });

  test('switching a category off in the settings re-analyses open files without a reload', async function () {
    this.timeout(60_000);
    const document = await open('jobs/never_opened.py');
    await waitForDiagnostics(document.uri, 'PW202 before the setting', (ds) => ds.some((d) => codeOf(d) === 'PW202'));
    const settings = vscode.workspace.getConfiguration('pyward');
    await settings.update('categories.code-execution', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(document.uri, 'no PW202 with code-execution off', (ds) => !ds.some((d) => codeOf(d) === 'PW202') && ds.some((d) => codeOf(d) === 'PW101'));
    } finally {
      await settings.update('categories.code-execution', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(document.uri, 'PW202 back once the setting is removed', (ds) => ds.some((d) => codeOf(d) === 'PW202'));
  });

  test('the Settings UI shows every category ticked, and unticking one by a click switches that one alone off', async function () {
    if (!canDriveWorkbench) this.skip();
    this.timeout(120_000);
    const document = await open('jobs/never_opened.py');
    await waitForDiagnostics(document.uri, 'PW202 before the click', (ds) => ds.some((d) => codeOf(d) === 'PW202'));
    const properties = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties as Record<string, unknown>;
    const categories = Object.keys(properties).filter((key) => key.startsWith('pyward.categories.'));
    assert.ok(categories.length >= 10, `category settings: ${categories.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.openSettings', 'pyward.categories');
    const shown = await workbench<Record<string, boolean | null>>('settingCheckboxes', { prefix: 'pyward.categories.' }, 60_000);
    assert.deepEqual(Object.keys(shown).sort(), [...categories].sort(), 'the Settings UI lists one checkbox per category');
    assert.deepEqual(Object.entries(shown).filter(([, checked]) => checked !== true), [], 'every category is on, and its box ticked');
    const configuration = () => vscode.workspace.getConfiguration('pyward');
    try {
      // As a user narrows the search to the one to change, then clicks its box.
      await vscode.commands.executeCommand('workbench.action.openSettings', 'pyward.categories.code-execution');
      assert.equal(await workbench<boolean>('clickSetting', { key: 'pyward.categories.code-execution' }, 60_000), false);
      await waitForDiagnostics(document.uri, 'no PW202 once code-execution is unticked', (ds) => !ds.some((d) => codeOf(d) === 'PW202') && ds.some((d) => codeOf(d) === 'PW101'));
      // The click wrote that category alone.
      assert.equal(configuration().inspect('categories.code-execution')?.globalValue, false);
      for (const key of categories.filter((k) => k !== 'pyward.categories.code-execution')) {
        assert.equal(configuration().inspect(key.slice('pyward.'.length))?.globalValue, undefined, `${key} was written`);
      }
    } finally {
      await configuration().update('categories.code-execution', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    await waitForDiagnostics(document.uri, 'PW202 back once the setting is reset', (ds) => ds.some((d) => codeOf(d) === 'PW202'));
  });

  test('a language server that dies is restarted, with the open documents\' state', async function () {
    this.timeout(90_000);
    const api = await pywardApi();
    const document = await open('jobs/never_opened.py');
    await waitForDiagnostics(document.uri, 'PW101 before the crash', (ds) => ds.some((d) => codeOf(d) === 'PW101'));
    const stopped = new Promise<void>((resolve) => {
      const listening = api.client.onDidChangeState(({ newState }) => {
        if (newState === 1 /* State.Stopped */) {
          listening.dispose();
          resolve();
        }
      });
    });
    // A test hook (PYWARD_TEST_HOOKS=1, set by the launcher): the server exits at once.
    await vscode.commands.executeCommand('pyward.server.crashForTests').then(undefined, () => undefined);
    await stopped;
    await waitFor('the language client to restart the server', () => (api.client.state === 2 /* State.Running */ ? true : undefined));
    // An edit after the restart: the new server must know the document to analyse it.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(document.lineCount, 0), '\n\ndef again(blob):\n    return pickle.loads(blob)\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const line = document.lineCount - 2;
    await waitForDiagnostics(document.uri, `PW101 on line ${line + 1}, added after the restart`, (ds) =>
      ds.some((d) => codeOf(d) === 'PW101' && d.range.start.line === line) && ds.some((d) => codeOf(d) === 'PW101' && d.range.start.line === 5),
    );
  });
});

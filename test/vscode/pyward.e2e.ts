// Pyward inside a real VS Code: this suite runs in the extension host (see ./index.ts), against
// a copy of test/vscode/workspace/ opened as the workspace folder, and talks to the extension
// only through VS Code's API, as a user's editor does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HookFunction, SuiteFunction, TestFunction } from './mocha';

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
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
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

  test('"Pyward: Audit Workspace" publishes findings for a file that was never opened', async function () {
    this.timeout(120_000);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('pyward.auditWorkspace'), 'the command pyward.auditWorkspace is not registered');
    const uri = workspaceFile('jobs/never_opened.py');
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
      'jobs/never_opened.py is open already: the test would prove nothing',
    );
    assert.deepEqual(pyward(uri), [], 'jobs/never_opened.py has diagnostics before the audit');

    const summary = await vscode.commands.executeCommand<{
      files: number;
      skipped: number;
      findings: number;
      bySeverity: { high: number; medium: number; low: number };
    }>('pyward.auditWorkspace');

    const diagnostics = await waitForDiagnostics(uri, 'PW101 and PW202 from the audit', (ds) => ds.length >= 2);
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`).sort(),
      ['10:PW202', '6:PW101'],
    );
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
      'the audit opened jobs/never_opened.py in the editor',
    );

    // On disk: settings_fix.py and settings_suppress.py (one PW104 each: the edits above were
    // not saved, see .vscode/settings.json) and jobs/never_opened.py (PW101, PW202).
    for (const name of ['settings_fix.py', 'settings_suppress.py']) {
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(name)));
      assert.match(onDisk, /return yaml\.load\(data\)\n/, `${name} was saved: the expected counts below no longer hold`);
    }
    assert.ok(summary, 'the command returned no summary');
    assert.equal(summary.files, 3, `summary: ${JSON.stringify(summary)}`);
    assert.equal(summary.skipped, 0, `summary: ${JSON.stringify(summary)}`);
    assert.equal(summary.findings, 4, `summary: ${JSON.stringify(summary)}`);
    const { high, medium, low } = summary.bySeverity;
    assert.equal(high + medium + low, summary.findings, `summary: ${JSON.stringify(summary)}`);
  });
});

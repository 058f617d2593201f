// A Jupyter notebook in a real VS Code (see ./index.ts): the built-in ipynb extension opens
// test/vscode/workspace/notebook.ipynb, the language client syncs its Python cells with the
// server, and the `yaml.load` call in the third cell, whose import is in the first, gets its
// diagnostic on that cell; the quick fix edits the cell.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HookFunction, SuiteFunction, TestFunction } from './mocha';

declare const suite: SuiteFunction;
declare const test: TestFunction;
declare const suiteSetup: HookFunction;
declare const suiteTeardown: HookFunction;

const EXTENSION_ID = 'pyward.pyward';
const WAIT_MS = 20_000;

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

async function waitFor<T>(what: string, probe: () => T | undefined, describe: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not seen within ${WAIT_MS / 1000} s; ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function pyward(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pyward');
}

function describeCells(notebook: vscode.NotebookDocument): string {
  return notebook
    .getCells()
    .map((cell) => `cell ${cell.index} (${cell.document.languageId}): ${pyward(cell.document.uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`).join(', ') || 'none'}`)
    .join('; ');
}

suite('Pyward in a Jupyter notebook', () => {
  let notebook: vscode.NotebookDocument;

  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(folder.uri, 'notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    assert.equal(notebook.notebookType, 'jupyter-notebook', 'the built-in ipynb extension did not open the notebook');
    assert.deepEqual(
      notebook.getCells().map((cell) => cell.document.languageId),
      ['python', 'markdown', 'python'],
    );
  });

  suiteTeardown(async () => {
    // Leave the notebook as it is on disk: the workspace audit in the other suite reads it.
    if (notebook && vscode.window.activeNotebookEditor?.notebook !== notebook) await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('the call in the third cell gets its PW104 diagnostic there, though the import is in the first', async () => {
    const cell = notebook.cellAt(2).document;
    const diagnostic = await waitFor(
      'a PW104 diagnostic on the third cell',
      () => pyward(cell.uri).find((d) => codeOf(d) === 'PW104'),
      () => describeCells(notebook),
    );
    const start = cell.getText().indexOf('yaml.load(data)');
    assert.deepEqual(
      [diagnostic.range.start, diagnostic.range.end].map((p) => cell.offsetAt(p)),
      [start, start + 'yaml.load(data)'.length],
    );
    assert.equal(diagnostic.range.start.line, 1);
    assert.deepEqual(pyward(notebook.cellAt(0).document.uri), [], 'the first cell has no finding');
  });

  test('the "Use safe_load" quick fix edits the cell and the diagnostic disappears', async () => {
    const cell = notebook.cellAt(2).document;
    const diagnostic = await waitFor('PW104', () => pyward(cell.uri).find((d) => codeOf(d) === 'PW104'), () => describeCells(notebook));
    const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', cell.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((a): a is vscode.CodeAction => a.title === 'Use safe_load');
    assert.ok(fix?.edit, `quick fixes offered: ${actions.map((a) => a.title).join(', ') || 'none'}`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(cell.getText(), 'def read_settings(data):\n    return yaml.safe_load(data)');
    await waitFor('no PW104 after the fix', () => (pyward(cell.uri).some((d) => codeOf(d) === 'PW104') ? undefined : true), () => describeCells(notebook));
  });
});

// Pyward's fixes inside a real VS Code (see ./index.ts): "Fix all" run by VS Code itself on save
// (`editor.codeActionsOnSave`), "Fix all RULE problems in this file" and the secrets fixes in
// the light bulb. The files are written into the scratch copy of the workspace here and
// deleted afterwards, so the other suites' audits never see them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HookFunction, SuiteFunction, TestFunction } from './mocha';

declare const suite: SuiteFunction;
declare const test: TestFunction;
declare const suiteSetup: HookFunction;
declare const suiteTeardown: HookFunction;

const EXTENSION_ID = 'pyward.pyward';
const WAIT_MS = 20_000;

const CONFIG = [
  'import requests',
  'import yaml',
  '',
  '',
  'def load(path, blob):',
  '    settings = yaml.load(open(path))',
  '    extra = yaml.load(blob)',
  '    return settings, extra, requests.get("https://example.com/health")',
  '',
].join('\n');

const SECRETS = [
  'from flask import Flask',
  '',
  'app = Flask(__name__)',
  'API_TOKEN = "tok_9Xr2Lq7Vb1Zz"',
  "app.secret_key = '8f42a73054b1749f8f58848be5e6502c'",
  "app.config['SECRET_KEY'] = '8f42a73054b1749f8f58848be5e6502d'",
  "DATABASE = {'user': 'shop', 'password': 'Sup3r-s3cret!'}",
  '',
].join('\n');

const written: vscode.Uri[] = [];

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

function pyward(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pyward');
}

/** Polls until the codes of the code rules' findings (PW…, PWS…; not the workspace's dependency checks) satisfy `accept`. */
async function waitForCodes(uri: vscode.Uri, what: string, accept: (codes: string[]) => boolean): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const diagnostics = pyward(uri).filter((d) => /^PWS?\d/.test(String(codeOf(d))));
    if (accept(diagnostics.map((d) => String(codeOf(d))).sort())) return diagnostics;
    if (Date.now() > deadline) assert.fail(`${what}: not seen within ${WAIT_MS / 1000} s; diagnostics: ${diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`).join(', ') || 'none'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes a file into the workspace (the launcher's scratch copy) and opens it in an editor. */
async function openNew(name: string, text: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  const uri = vscode.Uri.joinPath(folder.uri, name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  written.push(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
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

suite('Pyward fixes in VS Code', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration('editor', { languageId: 'python' }).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    // VS Code keeps a closed editor's document open for a while, with its diagnostics: empty
    // each file (saved, so nothing asks about it) before deleting it.
    for (const uri of written) {
      const document = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.delete(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)));
      await vscode.workspace.applyEdit(edit);
      await document.save();
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written) await vscode.workspace.fs.delete(uri);
    // The other suites compare the Problems panel with an audit: wait until these files left it.
    const deadline = Date.now() + WAIT_MS;
    while (written.some((uri) => pyward(uri).length > 0)) {
      if (Date.now() > deadline) assert.fail(`diagnostics of deleted files remain: ${written.filter((uri) => pyward(uri).length > 0).map((uri) => uri.path).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  test('saving with "editor.codeActionsOnSave": source.fixAll applies the safe fixes and leaves the unsafe one', async function () {
    this.timeout(60_000);
    await vscode.workspace
      .getConfiguration('editor', { languageId: 'python' })
      .update('codeActionsOnSave', { 'source.fixAll': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    const document = await openNew('fix_all_on_save.py', CONFIG);
    await waitForCodes(document.uri, 'two PW104 and a PW506', (codes) => codes.join(' ') === 'PW104 PW104 PW506');
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(document.getText(), CONFIG.replace('yaml.load(open(path))', 'yaml.safe_load(open(path))').replace('yaml.load(blob)', 'yaml.safe_load(blob)'));
    assert.equal(document.isDirty, false, 'the fixed text was saved');
    await waitForCodes(document.uri, 'only the timeout finding left', (codes) => codes.join(' ') === 'PW506');
  });

  test('"Fix all PW104 problems in this file" in the light bulb fixes both calls', async () => {
    const document = await openNew('fix_all_rule.py', CONFIG);
    const diagnostics = await waitForCodes(document.uri, 'two PW104', (codes) => codes.filter((c) => c === 'PW104').length === 2);
    const first = diagnostics.find((d) => codeOf(d) === 'PW104')!;
    const actions = await quickFixes(document, first);
    const all = actions.find((a) => a.title === 'Fix all PW104 problems in this file (2)');
    assert.ok(all?.edit, `quick fixes offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.workspace.applyEdit(all.edit), true);
    assert.equal((document.getText().match(/yaml\.safe_load\(/g) ?? []).length, 2);
    await waitForCodes(document.uri, 'no PW104 left', (codes) => !codes.includes('PW104'));
  });

  test('each shape of hardcoded secret offers "Read from environment" in the light bulb', async () => {
    const document = await openNew('secrets_shapes.py', SECRETS);
    const expected: [string, number, string][] = [
      ['PWS001', 3, 'os.environ["API_TOKEN"]'],
      ['PW811', 4, 'os.environ["SECRET_KEY"]'],
      ['PW811', 5, 'os.environ["SECRET_KEY"]'],
      ['PWS001', 6, 'os.environ["PASSWORD"]'],
    ];
    const diagnostics = await waitForCodes(document.uri, 'four secrets', (codes) => codes.length === 4);
    for (const [code, line, expression] of expected) {
      const diagnostic = diagnostics.find((d) => codeOf(d) === code && d.range.start.line === line);
      assert.ok(diagnostic, `no ${code} on line ${line + 1}`);
      const actions = await quickFixes(document, diagnostic);
      const read = actions.find((a) => a.title.startsWith(`Read from environment (${expression}) (changes behaviour:`));
      assert.ok(read, `line ${line + 1}: quick fixes offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.notEqual(read.isPreferred, true, 'an unsafe fix is never preferred');
    }
    // Applied, the attribute's literal is gone and `import os` opens the file's standard-library section.
    const attribute = diagnostics.find((d) => codeOf(d) === 'PW811' && d.range.start.line === 4)!;
    const read = (await quickFixes(document, attribute)).find((a) => a.title.startsWith('Read from environment'))!;
    assert.equal(await vscode.workspace.applyEdit(read.edit!), true);
    assert.match(document.getText(), /^import os\n\nfrom flask import Flask\n/);
    assert.match(document.getText(), /\napp\.secret_key = os\.environ\["SECRET_KEY"\]\n/);
  });
});

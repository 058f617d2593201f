// An untrusted workspace (VS Code's Restricted Mode): the client says so at start-up, and
// nothing the repository says silences Pyward; what it would hide is shown, marked, one step
// less severe. Trusting the workspace (a notification) applies the repository's suppressions again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { PROJECT_SUPPRESSIONS_NOTIFICATION } from '../../server/src/lsp/protocol';
import { LspClient } from './lsp-client';

const APP = 'import os\neval(input())\neval(input("x"))  # nosec\n';
let workspace: string;
let client: LspClient;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-untrusted-'));
  writeFileSync(join(workspace, 'pyproject.toml'), '[tool.pyward]\nexclude = ["vendor/"]\n');
  writeFileSync(join(workspace, 'app.py'), APP);
  mkdirSync(join(workspace, 'vendor'));
  writeFileSync(join(workspace, 'vendor', 'backdoor.py'), 'import os\nos.system(input())\n');
  // The repository's .gitignore would hide a file from the audit; the built-in exclusions still apply.
  writeFileSync(join(workspace, '.gitignore'), 'hidden/\ngenerated.py\n');
  mkdirSync(join(workspace, 'hidden'));
  writeFileSync(join(workspace, 'hidden', 'backdoor.py'), 'import os\nos.system(input())\n');
  writeFileSync(join(workspace, 'generated.py'), 'import os\nos.system(input())\n');
  mkdirSync(join(workspace, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(join(workspace, 'node_modules', 'pkg', 'tool.py'), 'import os\nos.system(input())\n');
  client = await LspClient.start('ipc', workspace, {}, [], process.env, { initializationOptions: { ignoreProjectSuppressions: true } });
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

const uriOf = (path: string) => URI.file(join(workspace, path)).toString();

test('a # nosec comment does not hide its finding: it is marked and one step less severe', async () => {
  const uri = uriOf('app.py');
  const published = client.diagnostics(uri, (p) => p.diagnostics.length === 2);
  client.open(uri, APP);
  const [plain, suppressed] = (await published).sort((a, b) => a.range.start.line - b.range.start.line);
  assert.equal(plain.severity, DiagnosticSeverity.Error);
  assert.doesNotMatch(String(plain.message), /Suppressed/);
  assert.equal(suppressed.range.start.line, 2);
  assert.equal(suppressed.severity, DiagnosticSeverity.Warning);
  assert.match(String(suppressed.message), /^\[Suppressed by this repository's configuration: a # nosec comment\] .*\beval\b.* \(eval-used\)$/);
  assert.equal((suppressed.data as { projectSuppression?: string }).projectSuppression, 'a `# nosec` comment');
});

test('a file the project excludes is analysed when opened, its findings marked', async () => {
  const uri = uriOf('vendor/backdoor.py');
  const published = client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  client.open(uri, 'import os\nos.system(input())\n');
  const [diagnostic] = await published;
  assert.match(String(diagnostic.message), /^\[Suppressed by this repository's configuration: tool\.pyward\.exclude in pyproject\.toml excludes this file\]/);
});

test("the audit summary says the workspace is untrusted and counts what the repository would hide", async () => {
  client.close(uriOf('app.py'));
  client.close(uriOf('vendor/backdoor.py'));
  const summary = (await client.executeCommand('pyward.server.auditWorkspace')) as { ignoredProjectSuppressions: boolean; suppressedByProject: number };
  assert.equal(summary.ignoredProjectSuppressions, true);
  // app.py's # nosec, vendor/ excluded by pyproject.toml, and the two files .gitignore ignores.
  assert.equal(summary.suppressedByProject, 4);
  assert.match(client.messages.at(-1) ?? '', /Untrusted workspace: the repository's own suppressions were ignored; 4 findings they would hide are shown/);
});

test("the repository's .gitignore does not hide files from the audit, their findings marked; node_modules is still skipped", async () => {
  await client.executeCommand('pyward.server.auditWorkspace');
  for (const path of ['hidden/backdoor.py', 'generated.py']) {
    const diagnostics = client.published(uriOf(path)) ?? [];
    assert.deepEqual(diagnostics.map((d) => d.code), ['PW302'], path);
    assert.match(String(diagnostics[0].message), /^\[Suppressed by this repository's configuration: \.gitignore ignores this file\]/, path);
  }
  assert.equal(client.published(uriOf('node_modules/pkg/tool.py')), undefined);
  // Changed on disk, analysed again: still marked.
  const uri = uriOf('hidden/backdoor.py');
  const republished = client.diagnostics(uri, (p) => p.diagnostics.length === 2);
  writeFileSync(join(workspace, 'hidden', 'backdoor.py'), 'import os\nos.system(input())\nos.system(input("again"))\n');
  client.fileChanged(uri);
  for (const diagnostic of await republished) assert.match(String(diagnostic.message), /^\[Suppressed by this repository's configuration: \.gitignore ignores this file\]/);
});

const suppressTitles = (actions: { title: string }[]) => actions.map((action) => action.title).filter((title) => /^Suppress /.test(title));

test('"Suppress on this line" is not offered: the comment it adds would be ignored', async () => {
  const uri = uriOf('app.py');
  const published = client.diagnostics(uri, (p) => p.diagnostics.length === 2);
  client.open(uri, APP);
  const [plain] = (await published).sort((a, b) => a.range.start.line - b.range.start.line);
  assert.deepEqual(suppressTitles(await client.codeActions(uri, plain)), []);
  client.close(uri);
});

test('nor in a notebook cell', async () => {
  const notebook = URI.file(join(workspace, 'analysis.ipynb')).toString();
  const cell = `vscode-notebook-cell:${URI.parse(notebook).path}#W0sZmlsZQ%3D%3D`;
  client.openNotebook(notebook, [{ uri: cell, text: 'import pickle\npickle.loads(x)\n' }]);
  const [diagnostic] = await client.diagnosticsForCurrentVersion(cell);
  assert.equal(diagnostic.code, 'PW101');
  assert.deepEqual(suppressTitles(await client.codeActions(cell, diagnostic)), []);
  client.closeNotebook(notebook, [cell]);
});

test('trusting the workspace applies its suppressions again, and offers "Suppress on this line"', async () => {
  const uri = uriOf('app.py');
  const published = client.diagnostics(uri, (p) => p.diagnostics.length === 2);
  client.open(uri, APP);
  await published;
  const trusted = client.diagnostics(uri, (p) => p.diagnostics.length === 1);
  await client.connection.sendNotification(PROJECT_SUPPRESSIONS_NOTIFICATION, { ignoreProjectSuppressions: false });
  const [only] = await trusted;
  assert.equal(only.range.start.line, 1);
  assert.deepEqual(suppressTitles(await client.codeActions(uri, only)), ['Suppress PW202 on this line']);
});

test('in a trusted workspace the .gitignore applies to the audit again', async () => {
  await client.executeCommand('pyward.server.auditWorkspace');
  for (const path of ['hidden/backdoor.py', 'generated.py']) assert.deepEqual(client.published(uriOf(path)), [], path);
});

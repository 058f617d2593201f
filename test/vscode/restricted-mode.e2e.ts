// Pyward in Restricted Mode: the launcher opens test/vscode/restricted-workspace/ with workspace
// trust on and the folder untrusted (scripts/vscode-test/run.mjs, its second launch). Nothing
// the repository says may silence Pyward there: its # nosec, its [tool.bandit] skips and its
// [tool.pyward] exclude are shown, marked, and the status bar and the audit say why.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AuditSummary } from '../../server/src/lsp/protocol';
import type { HookFunction, SuiteFunction, TestFunction } from './mocha';

declare const suite: SuiteFunction;
declare const test: TestFunction;
declare const suiteSetup: HookFunction;

const EXTENSION_ID = 'pyward.pyward';
const WAIT_MS = 20_000;
const MARK = "[Suppressed by this repository's configuration: ";

interface PywardApi {
  statusBar(): { text: string; tooltip: string; suppressedByProject: number };
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

async function diagnostic(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'pyward' && codeOf(d) === code);
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`no ${code} in ${vscode.workspace.asRelativePath(uri)} within ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('Pyward in Restricted Mode (an untrusted workspace)', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(vscode.workspace.isTrusted, false, 'the launcher must open the folder untrusted (workspace trust on)');
  });

  test('a # nosec comment and a [tool.bandit] skip hide nothing: the findings are shown, marked, one step lower', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('app.py'));
    await vscode.window.showTextDocument(document);
    const evalFinding = await diagnostic(document.uri, 'PW202');
    assert.ok(evalFinding.message.startsWith(`${MARK}a # nosec comment] `), evalFinding.message);
    // eval is an error; what the repository would hide is one step lower.
    assert.equal(evalFinding.severity, vscode.DiagnosticSeverity.Warning);
    const pickleFinding = await diagnostic(document.uri, 'PW101');
    assert.ok(pickleFinding.message.startsWith(`${MARK}tool.bandit.skips in pyproject.toml switches it off] `), pickleFinding.message);
  });

  test('the audit reports the excluded folder, and the summary and status bar say the workspace is untrusted', async function () {
    this.timeout(120_000);
    const summary = await vscode.commands.executeCommand<AuditSummary>('pyward.auditWorkspace');
    assert.ok(summary, 'the audit returned no summary');
    assert.equal(summary.ignoredProjectSuppressions, true);
    assert.ok(summary.suppressedByProject >= 3, JSON.stringify(summary));
    const backdoor = await diagnostic(workspaceFile('vendor/backdoor.py'), 'PW302');
    assert.ok(backdoor.message.startsWith(`${MARK}tool.pyward.exclude in pyproject.toml excludes this file] `), backdoor.message);
    const extension = vscode.extensions.getExtension<PywardApi>(EXTENSION_ID)!;
    const api = await extension.activate();
    const deadline = Date.now() + WAIT_MS;
    while (api.statusBar().suppressedByProject < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const bar = api.statusBar();
    assert.match(bar.text, /\$\(workspace-untrusted\)$/);
    assert.match(bar.tooltip, /Untrusted workspace \(Restricted Mode\): the repository's own suppressions .* are not applied; 3 findings they would hide are shown, marked\./);
    assert.match(bar.tooltip, /in the workspace\./);
  });
});

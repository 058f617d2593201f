// "Pyward: Export SARIF Report": the SARIF of the last audit (auditing first when none ran),
// exactly as `pyward audit --format sarif` writes it, saved where the user says.
import { Uri, window, workspace } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { auditWorkspace } from './audit-command';
import { SARIF_COMMAND } from '../../server/src/lsp/protocol';

/** Writes the report; `target` (a path or URI) skips the save dialog. Resolves with where it was written. */
export async function exportSarif(client: LanguageClient, hasAudited: boolean, target?: string | Uri): Promise<string | undefined> {
  let destination = typeof target === 'string' ? Uri.file(target) : target;
  if (!destination) {
    const folder = workspace.workspaceFolders?.[0]?.uri;
    destination = await window.showSaveDialog({
      title: 'Export the Pyward audit as SARIF',
      saveLabel: 'Export',
      filters: { SARIF: ['sarif', 'json'] },
      ...(folder ? { defaultUri: Uri.joinPath(folder, 'pyward.sarif') } : {}),
    });
    if (!destination) return undefined;
  }
  if (!hasAudited && !(await auditWorkspace(client, { showSummary: false }))) return undefined;
  const sarif = (await client.sendRequest(ExecuteCommandRequest.type, { command: SARIF_COMMAND, arguments: [] })) as string | null;
  if (typeof sarif !== 'string') {
    void window.showErrorMessage('Pyward: there is no audit to export (open a folder first).');
    return undefined;
  }
  await workspace.fs.writeFile(destination, new TextEncoder().encode(sarif));
  if (target === undefined) {
    void window.showInformationMessage(`Pyward: SARIF report written to ${workspace.asRelativePath(destination)}.`, 'Open').then((choice) => {
      if (choice === 'Open') void window.showTextDocument(destination);
    });
  }
  return destination.fsPath;
}

// "Pyward: Update Advisory Database": asks the server to download OSV's current advisory exports
// (the only time Pyward uses the network unless online look-ups are switched on), under a
// progress notification, then says what it got. Also reads which data is in use, for the
// status bar's tooltip.
import { ProgressLocation, window } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { ADVISORY_DATA_COMMAND, type AdvisoryData, type AdvisoryUpdate, UPDATE_ADVISORIES_COMMAND } from '../../server/src/lsp/protocol';

/** "Advisories: 2,651 of 2024-10-10 (shipped)". */
export function describeAdvisories(data: AdvisoryData): string {
  return `Advisories: ${data.advisories.toLocaleString('en')} of ${data.date} (${data.kind})`;
}

export async function advisoryData(client: LanguageClient): Promise<AdvisoryData | undefined> {
  try {
    return ((await client.sendRequest(ExecuteCommandRequest.type, { command: ADVISORY_DATA_COMMAND, arguments: [] })) as AdvisoryData | null) ?? undefined;
  } catch {
    return undefined;
  }
}

export async function updateAdvisoryDatabase(client: LanguageClient): Promise<AdvisoryUpdate | undefined> {
  try {
    const update = (await window.withProgress({ location: ProgressLocation.Notification, title: 'Pyward: downloading OSV advisories…' }, () =>
      client.sendRequest(ExecuteCommandRequest.type, { command: UPDATE_ADVISORIES_COMMAND, arguments: [] }),
    )) as AdvisoryUpdate;
    const got = update.exports.map((item) => `${item.ecosystem}: ${item.records.toLocaleString('en')} records`).join(', ');
    void window.showInformationMessage(`Pyward: advisory database updated (${got}). ${describeAdvisories(update.data)}.`);
    for (const failure of update.failures) void window.showWarningMessage(`Pyward: ${failure}`);
    return update;
  } catch (error) {
    void window.showErrorMessage(`Pyward: the advisory update failed (${error instanceof Error ? error.message : String(error)}); the data in use is unchanged.`);
    return undefined;
  }
}

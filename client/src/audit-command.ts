// "Pyward: Audit Workspace": runs the server's audit under a cancellable progress
// notification (files done / total, from the server's work-done progress), then a summary
// notification with "Show Problems" and "Export SARIF…".
import { commands, ProgressLocation, window } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { type AuditSummary, AUDIT_COMMAND, auditSummaryText, CANCEL_AUDIT_COMMAND } from '../../server/src/lsp/protocol';

export const SHOW_PROBLEMS = 'Show Problems';
export const EXPORT_SARIF = 'Export SARIF…';

let nextToken = 0;

/** Runs the audit; resolves with the server's summary (undefined when it could not run). */
export async function auditWorkspace(client: LanguageClient, options: { showSummary: boolean }): Promise<AuditSummary | undefined> {
  const summary = await window.withProgress(
    { location: ProgressLocation.Notification, title: 'Pyward: auditing the workspace', cancellable: true },
    async (progress, cancellation) => {
      const token = `pyward-audit-${process.pid}-${++nextToken}`;
      let shown = 0;
      const listening = client.onProgress(WorkDoneProgress.type, token, (value) => {
        if (value.kind === 'end') return;
        const { percentage, message } = value as WorkDoneProgressBegin | WorkDoneProgressReport;
        const increment = percentage !== undefined && percentage > shown ? percentage - shown : 0;
        shown = Math.max(shown, percentage ?? 0);
        progress.report({ increment, ...(message ? { message } : {}) });
      });
      // Cancelling stops the server dispatching files; the audit still answers, with what it did.
      const cancelling = cancellation.onCancellationRequested(() => {
        void client.sendRequest(ExecuteCommandRequest.type, { command: CANCEL_AUDIT_COMMAND, arguments: [] });
      });
      try {
        return (await client.sendRequest(ExecuteCommandRequest.type, {
          command: AUDIT_COMMAND,
          // progress: true — this notification shows the progress; the server opens none of its own.
          arguments: [{ notify: false, progress: true }],
          workDoneToken: token,
        })) as AuditSummary | null;
      } finally {
        listening.dispose();
        cancelling.dispose();
      }
    },
  );
  if (!summary) return undefined;
  if (options.showSummary) void showSummary(summary);
  return summary;
}


async function showSummary(summary: AuditSummary): Promise<void> {
  const show = summary.findings > 0 ? window.showWarningMessage : window.showInformationMessage;
  const choice = await show(auditSummaryText(summary), SHOW_PROBLEMS, EXPORT_SARIF);
  if (choice === SHOW_PROBLEMS) await commands.executeCommand('workbench.actions.view.problems');
  else if (choice === EXPORT_SARIF) await commands.executeCommand('pyward.exportSarif');
}

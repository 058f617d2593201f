// The server's commands (workspace/executeCommand). The VS Code client wraps them in its own
// palette commands; other editors can call them directly.
//   pyward.server.auditWorkspace [{ notify?: boolean }] → AuditSummary (notify: false when the
//       client shows the summary itself); progress goes to the request's workDoneToken, or to a
//       progress the server creates.
//   pyward.server.cancelAudit → stops the running audit (the files done are kept).
//   pyward.server.sarif → the last audit's SARIF report (running an audit first if none ran).
//   pyward.server.rules → every rule's ID, name, title, category, severity, documentation link.
//   pyward.server.ruleDocs [id] → a rule's documentation as Markdown.
//   pyward.server.updateAdvisories → AdvisoryUpdate: downloads OSV's exports (the only network use).
//   pyward.server.advisoryData → AdvisoryData: the advisory data in use and its date.
//   pyward.server.crashForTests → exits the process (only with PYWARD_TEST_HOOKS=1).
import type { CancellationToken, Connection, ExecuteCommandParams, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { UserSettings } from '../engine/config/configuration';
import type { RuleRegistry } from '../engine/registry';
import { ruleDocsUrl } from '../engine/rule';
import { ruleHoverMarkdown } from './hover';
import { advisoryDataInfo } from '../advisories/database';
import { updateAdvisories } from '../advisories/update';
import { ADVISORY_DATA_COMMAND, type AdvisoryUpdate, UPDATE_ADVISORIES_COMMAND } from './protocol';
import { AUDIT_COMMAND, type AuditSummary, CANCEL_AUDIT_COMMAND, CRASH_COMMAND, RULE_DOCS_COMMAND, type RuleListing, RULES_COMMAND, SARIF_COMMAND } from './protocol';
import type { WorkspaceAudit } from './workspace-audit';

export function serverCommands(): string[] {
  const commands = [AUDIT_COMMAND, CANCEL_AUDIT_COMMAND, SARIF_COMMAND, RULES_COMMAND, RULE_DOCS_COMMAND, UPDATE_ADVISORIES_COMMAND, ADVISORY_DATA_COMMAND];
  if (process.env.PYWARD_TEST_HOOKS === '1') commands.push(CRASH_COMMAND);
  return commands;
}


export interface CommandContext {
  connection: Connection;
  audit: WorkspaceAudit;
  allRules: RuleRegistry;
  workspaceFolders(): Promise<string[]>;
  settings(): UserSettings;
  maxFileSize(): number | undefined;
}

export class ServerCommands {
  private running: { controller: AbortController; done: Promise<AuditSummary | undefined> } | undefined;

  constructor(private readonly context: CommandContext) {}

  async execute(params: ExecuteCommandParams, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<unknown> {
    const args = params.arguments ?? [];
    switch (params.command) {
      case AUDIT_COMMAND: {
        const options = isObject(args[0]) ? args[0] : {};
        const reporter = params.workDoneToken !== undefined ? workDone : undefined;
        return this.auditWorkspace(options.notify !== false, token, reporter);
      }
      case CANCEL_AUDIT_COMMAND:
        this.running?.controller.abort();
        return null;
      case SARIF_COMMAND:
        if (this.running) await this.running.done;
        else if (!this.context.audit.hasRun) await this.auditWorkspace(false, token);
        return (await this.context.audit.sarif()) ?? null;
      case RULES_COMMAND:
        return this.context.allRules.rules.map(({ meta }): RuleListing => ({
          id: meta.id,
          name: meta.name,
          title: meta.title,
          category: meta.category,
          severity: meta.severity,
          confidence: meta.confidence,
          cwe: meta.cwe,
          fixable: meta.fixable,
          url: ruleDocsUrl(meta),
        }));
      case RULE_DOCS_COMMAND: {
        const rule = typeof args[0] === 'string' ? this.context.allRules.rule(args[0]) : undefined;
        return rule ? `# ${rule.meta.id}: ${rule.meta.title}\n\n${ruleHoverMarkdown(rule.meta)}\n` : null;
      }
      case UPDATE_ADVISORIES_COMMAND: {
        const result = await updateAdvisories();
        return {
          data: advisoryDataInfo(),
          exports: result.exports.map(({ ecosystem, records, malicious, bytes }) => ({ ecosystem, records, malicious, bytes })),
          failures: result.failures,
          milliseconds: result.milliseconds,
        } satisfies AdvisoryUpdate;
      }
      case ADVISORY_DATA_COMMAND:
        return advisoryDataInfo();
      case CRASH_COMMAND:
        if (process.env.PYWARD_TEST_HOOKS !== '1') return null;
        // After answering, so the test sees its request through; the client then restarts the server.
        setTimeout(() => process.exit(70), 50);
        return 'exiting';
      default:
        return undefined;
    }
  }

  /** Runs the audit, or joins the one running. */
  private async auditWorkspace(notify: boolean, token: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<AuditSummary | undefined> {
    if (this.running) return this.running.done;
    const controller = new AbortController();
    const done = this.runAudit(notify, controller, token, clientProgress);
    this.running = { controller, done };
    try {
      return await done;
    } finally {
      this.running = undefined;
    }
  }

  private async runAudit(notify: boolean, controller: AbortController, token: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<AuditSummary | undefined> {
    const { connection } = this.context;
    const folders = await this.context.workspaceFolders();
    if (folders.length === 0) {
      void connection.window.showWarningMessage('Pyward: open a folder to audit it.');
      return undefined;
    }
    token.onCancellationRequested(() => controller.abort());
    const progress = clientProgress ?? (await connection.window.createWorkDoneProgress());
    if ('token' in progress) (progress.token as CancellationToken).onCancellationRequested(() => controller.abort());
    progress.begin('Pyward: auditing the workspace', 0, 'finding files…', true);
    let shown = -1;
    try {
      const summary = await this.context.audit.run(folders, {
        settings: this.context.settings(),
        ...(this.context.maxFileSize() !== undefined ? { maxFileSize: this.context.maxFileSize() } : {}),
        signal: controller.signal,
        onProgress: (filesDone, total) => {
          const percentage = Math.floor((100 * filesDone) / Math.max(total, 1));
          if (percentage === shown && filesDone !== total) return;
          shown = percentage;
          progress.report(percentage, `${filesDone} / ${total} files`);
        },
      });
      if (notify) void connection.window.showInformationMessage(summaryMessage(summary));
      return summary;
    } catch (error) {
      connection.console.error(`workspace audit failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void connection.window.showErrorMessage(`Pyward: the workspace audit failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      progress.done();
    }
  }
}

export function summaryMessage(summary: AuditSummary): string {
  const { high, medium, low } = summary.bySeverity;
  const skipped = summary.skipped > 0 ? `; ${summary.skipped} skipped (see the output channel)` : '';
  const cancelled = summary.cancelled ? ' (cancelled: the files not reached were not analysed)' : '';
  // The advisory data's date: "no dependency finding" is only as good as that data.
  const { date, kind } = advisoryDataInfo();
  return `Pyward audited ${summary.files} files${cancelled}: ${summary.findings} findings (${high} high, ${medium} medium, ${low} low)${skipped}. Advisory data of ${date} (${kind}).`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// "Pyward: Audit Workspace", served by the language server: audits every workspace folder
// with the same engine as the CLI and publishes findings for files that are not open.
import { type Connection, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { UserSettings } from '../engine/config/configuration';
import type { RuleRegistry } from '../engine/registry';
import { summarize } from '../report/common';
import { auditPaths } from '../workspace/audit';
import { toDiagnostic } from './diagnostics';

export const AUDIT_COMMAND = 'pyward.auditWorkspace';

export interface AuditSummary {
  files: number;
  skipped: number;
  findings: number;
  bySeverity: { high: number; medium: number; low: number };
}

export class WorkspaceAudit {
  /** Files the last audit published diagnostics for, so the next one can clear stale ones. */
  private published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly registry: RuleRegistry,
    /** Whether a document is open: its diagnostics come from the live analysis instead. */
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  async run(folders: readonly string[], settings: UserSettings): Promise<AuditSummary> {
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('Pyward: auditing the workspace', 0, 'finding files…', false);
    try {
      const result = await auditPaths([...folders], {
        settings,
        boundaries: folders,
        onProgress: (done, total) => progress.report(Math.round((100 * done) / Math.max(total, 1)), `${done} / ${total} files`),
      });
      const publishedNow = new Set<string>();
      for (const file of result.files) {
        const uri = URI.file(file.path).toString();
        if (this.isOpen(uri)) continue;
        let diagnostics: Diagnostic[] = [];
        if (file.findings.length > 0 && file.text !== undefined) {
          const document = TextDocument.create(uri, 'python', 0, file.text);
          diagnostics = file.findings.map((finding) => toDiagnostic(finding, document, this.registry));
          publishedNow.add(uri);
        }
        if (diagnostics.length > 0 || this.published.has(uri)) await this.connection.sendDiagnostics({ uri, diagnostics });
      }
      for (const uri of this.published) {
        if (!publishedNow.has(uri) && !this.isOpen(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      this.published = publishedNow;
      const summary = summarize(result);
      return { files: summary.filesAnalyzed, skipped: summary.filesSkipped, findings: summary.findings, bySeverity: summary.bySeverity };
    } finally {
      progress.done();
    }
  }
}

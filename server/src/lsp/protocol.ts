// What the server's commands are called and what they return: shared by the server
// (commands.ts) and the VS Code client, which imports this file (it has no other imports).

/** Audits every workspace folder; the client wraps it in "Pyward: Audit Workspace". */
export const AUDIT_COMMAND = 'pyward.server.auditWorkspace';
export const CANCEL_AUDIT_COMMAND = 'pyward.server.cancelAudit';
export const SARIF_COMMAND = 'pyward.server.sarif';
export const RULES_COMMAND = 'pyward.server.rules';
export const RULE_DOCS_COMMAND = 'pyward.server.ruleDocs';
export const CRASH_COMMAND = 'pyward.server.crashForTests';
/** Downloads OSV's advisory exports into the cache (the user asked: "Pyward: Update Advisory Database"). */
export const UPDATE_ADVISORIES_COMMAND = 'pyward.server.updateAdvisories';
/** Which advisory data is in use and how old it is. */
export const ADVISORY_DATA_COMMAND = 'pyward.server.advisoryData';

/** The advisory data in use (server/src/advisories/database.ts `advisoryDataInfo`). */
export interface AdvisoryData {
  kind: 'shipped' | 'downloaded';
  source: string;
  /** `YYYY-MM-DD`. */
  date: string;
  advisories: number;
  packages: number;
}

export interface AdvisoryUpdate {
  data: AdvisoryData;
  exports: { ecosystem: string; records: number; malicious: number; bytes: number }[];
  failures: string[];
  milliseconds: number;
}

/**
 * Sent by the client when the workspace's trust changes (`{ ignoreProjectSuppressions }`): in an
 * untrusted workspace nothing the repository says may silence Pyward.
 */
export const PROJECT_SUPPRESSIONS_NOTIFICATION = 'pyward/projectSuppressions';

/** What the client tells the server at start-up (LSP `initializationOptions`). */
export interface InitializationOptions {
  /** Where the audit's content-hash cache is kept. */
  storagePath?: string;
  /** The workspace is untrusted: report what the repository's configuration and comments would hide, marked. */
  ignoreProjectSuppressions?: boolean;
  /** The client runs `command:` links in hovers ("More…" then opens the rule's documentation in the editor). */
  commandLinks?: boolean;
  /** Where downloaded advisory data is kept (the extension's global storage). */
  advisoryCachePath?: string;
}

export function initializationOptionsFrom(raw: unknown): InitializationOptions {
  const options: InitializationOptions = {};
  if (raw === null || typeof raw !== 'object') return options;
  const { storagePath, ignoreProjectSuppressions, commandLinks, advisoryCachePath } = raw as Record<string, unknown>;
  if (typeof storagePath === 'string') options.storagePath = storagePath;
  if (typeof advisoryCachePath === 'string') options.advisoryCachePath = advisoryCachePath;
  if (typeof ignoreProjectSuppressions === 'boolean') options.ignoreProjectSuppressions = ignoreProjectSuppressions;
  if (typeof commandLinks === 'boolean') options.commandLinks = commandLinks;
  return options;
}

export interface AuditSummary {
  files: number;
  skipped: number;
  findings: number;
  bySeverity: { high: number; medium: number; low: number };
  /** Stopped before every file was analysed (the findings are those of the files done). */
  cancelled: boolean;
  /** Files whose outcome came from the content-hash cache. */
  reused: number;
  /** Wall-clock time of the audit. */
  milliseconds: number;
  /** As the editor shows them (Problems panel): errors, warnings and infos. */
  byDiagnosticSeverity: { errors: number; warnings: number; infos: number };
  /** Findings the repository's own configuration or comments would hide (counted in the above). */
  suppressedByProject: number;
  /** Findings a baseline hides: not shown, not counted in the above. */
  baselined: number;
  /** Which advisory data the dependency checks used: "no finding" is only as good as its date. */
  advisoryData?: { date: string; kind: string };
  /** The workspace was audited as untrusted: the repository's suppressions were not applied. */
  ignoredProjectSuppressions: boolean;
}

export interface RuleListing {
  id: string;
  name: string;
  title: string;
  category: string;
  severity: string;
  confidence: string;
  cwe: number;
  fixable: boolean;
  url: string;
}

/**
 * The audit's summary as the editor says it, in the Problems panel's words (errors, warnings,
 * infos), with what an untrusted workspace changed.
 */
export function auditSummaryText(summary: AuditSummary): string {
  const { errors, warnings, infos } = summary.byDiagnosticSeverity;
  const cancelled = summary.cancelled ? ' (cancelled: the files not reached were not analysed)' : '';
  const found = summary.findings === 0 ? 'no findings' : `${count(summary.findings, 'finding')}: ${count(errors, 'error')}, ${count(warnings, 'warning')}, ${count(infos, 'info')}`;
  const parts = [`Pyward audited ${count(summary.files, 'file')}${cancelled}: ${found}.`];
  if (summary.skipped > 0) parts.push(`${count(summary.skipped, 'file')} skipped (see the Pyward output).`);
  if (summary.baselined > 0) parts.push(`${count(summary.baselined, 'finding')} in the baseline not shown.`);
  if (summary.ignoredProjectSuppressions) {
    parts.push(
      summary.suppressedByProject > 0
        ? `Untrusted workspace: the repository's own suppressions were ignored; ${count(summary.suppressedByProject, 'finding')} they would hide ${summary.suppressedByProject === 1 ? 'is' : 'are'} shown, marked "Suppressed by this repository's configuration".`
        : "Untrusted workspace: the repository's own suppressions were ignored (they hide nothing here).",
    );
  }
  if (summary.advisoryData) parts.push(`Advisory data of ${summary.advisoryData.date} (${summary.advisoryData.kind === 'shipped' ? 'shipped' : 'downloaded'}).`);
  return parts.join(' ');
}

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

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

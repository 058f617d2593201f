// The JSON report. Its schema (schemaVersion 1) is stable: fields may be added, none will be
// renamed, removed or change meaning without a new schemaVersion.
//
// {
//   "schemaVersion": 1,
//   "tool": { "name": "pyward", "version": "0.1.0" },
//   "root": "/abs/path/of/the/audited/folder",     // paths below are relative to it, with "/"
//   "summary": {
//     "filesAnalyzed": 9, "linesAnalyzed": 312, "filesSkipped": 1, "findings": 17,
//     "bySeverity": { "high": 9, "medium": 6, "low": 2 }
//   },
//   "files": [ { "path": "app.py", "lines": 120, "findings": 5 } ],     // every file analysed
//   "findings": [                                                     // by file, then position
//     {
//       "ruleId": "PW104", "ruleName": "yaml-unsafe-load",
//       "severity": "high", "confidence": "high",                      // "low" | "medium" | "high"
//       "cwe": "CWE-502", "bandit": "B506", "ruff": "S506",            // bandit/ruff: null if none
//       "path": "app.py",
//       "startLine": 12, "startColumn": 14, "endLine": 12, "endColumn": 36,
//       "message": "…",
//       "helpUri": "https://github.com/pyward-dev/pyward/blob/main/docs/rules/PW104.md",
//       "projectSuppression": "a `# nosec` comment"   // only with --ignore-project-suppressions, when
//     }                                                // the repository would have hidden the finding
//       "flow": [ { "path": "views.py", "line": 27, "column": 11, "message": "…" } ]  // traced findings only:
//                                                                                 // source first, sink last
//       "moreFlows": [ [ … ] ]  // the other sources' paths into the same sink, when there are
//     }
//   ],
//   "skipped": [ { "path": "data/blob.py", "reason": "binary (NUL byte in the first 8 KiB)" } ]
// }
//
// Lines and columns are 1-based; columns count UTF-16 code units; endColumn is exclusive (one
// past the last character), as in SARIF. A finding's severity may differ from its rule's default.
import type { FlowStep } from '../engine/finding';
import type { RuleRegistry } from '../engine/registry';
import type { Level } from '../engine/rule';
import { ruleDocsUrl } from '../engine/rule';
import type { AuditResult } from '../workspace/audit';
import { cweId, locatedFindings, stepPath, summarize, toolInfo, type ReportOptions, type Summary } from './common';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonFinding {
  ruleId: string;
  ruleName: string | null;
  severity: Level;
  confidence: Level;
  cwe: string | null;
  bandit: string | null;
  ruff: string | null;
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  message: string;
  helpUri: string | null;
  /** How the repository would have silenced it (only when its suppressions are ignored). */
  projectSuppression?: string;
  /** For findings data flow traced: the value's path, source first. */
  flow?: JsonFlowStep[];
  /** The paths of the other sources that reach the same sink. */
  moreFlows?: JsonFlowStep[][];
}

export interface JsonReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  root: string;
  summary: Summary;
  files: { path: string; lines: number; findings: number }[];
  findings: JsonFinding[];
  skipped: { path: string; reason: string }[];
}

interface JsonFlowStep {
  path: string;
  line: number;
  column: number;
  message: string;
}

export function buildJsonReport(result: AuditResult, registry: RuleRegistry, options: ReportOptions = {}): JsonReport {
  const tool = options.tool ?? toolInfo();
  const findings: JsonFinding[] = [];
  for (const { file, finding, region } of locatedFindings(result)) {
    const jsonFlow = (flow: readonly FlowStep[]): JsonFlowStep[] =>
      flow.map((step) => ({ path: stepPath(step, file.relativePath, result.root), line: step.line + 1, column: step.character + 1, message: step.message }));
    const meta = registry.rule(finding.ruleId)?.meta;
    findings.push({
      ruleId: finding.ruleId,
      ruleName: meta?.name ?? null,
      severity: finding.severity,
      confidence: finding.confidence,
      cwe: meta ? cweId(meta.cwe) : null,
      bandit: meta?.bandit ?? null,
      ruff: meta?.ruff ?? null,
      path: file.relativePath,
      ...region,
      message: finding.message,
      helpUri: meta ? ruleDocsUrl(meta) : null,
      ...(finding.projectSuppression !== undefined ? { projectSuppression: finding.projectSuppression } : {}),
      ...(finding.flow ? { flow: jsonFlow(finding.flow) } : {}),
      ...(finding.moreFlows ? { moreFlows: finding.moreFlows.map(jsonFlow) } : {}),
    });
  }
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: tool.name, version: tool.version },
    root: result.root,
    summary: summarize(result),
    files: result.files.map((file) => ({ path: file.relativePath, lines: file.lines, findings: file.findings.length })),
    findings,
    skipped: result.skipped.map((skipped) => ({ path: skipped.relativePath, reason: skipped.reason })),
  };
}

export function renderJson(result: AuditResult, registry: RuleRegistry, options: ReportOptions = {}): string {
  return JSON.stringify(buildJsonReport(result, registry, options), null, 2) + '\n';
}

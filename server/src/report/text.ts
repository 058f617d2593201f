// The text report: one line per finding, as compilers and linters print them, then a summary.
//
//   app.py:12:14: PW104 [high/high] `yaml.load` without a Loader … (yaml-unsafe-load)
//
// The bracket holds severity/confidence; the parenthesis the rule's name.
import { describeAdvisoryData } from '../advisories/database';
import { fileKindOf } from '../engine/file-kind';
import type { RuleRegistry } from '../engine/registry';
import type { AuditResult } from '../workspace/audit';
import { locatedFindings, plural, projectSuppressionNote, summarize } from './common';

export interface TextReportOptions {
  /**
   * How a path is shown; defaults to its path from the audit's root. The CLI shows paths from
   * the current folder, so that terminals and editors can open them.
   */
  displayPath?(file: { path: string; relativePath: string }): string;
}

export function renderText(result: AuditResult, registry: RuleRegistry, options: TextReportOptions = {}): string {
  const show = options.displayPath ?? ((file) => file.relativePath);
  const lines: string[] = [];
  for (const { file, finding, region } of locatedFindings(result)) {
    const name = registry.rule(finding.ruleId)?.meta.name;
    const message = finding.message.replace(/\s*[\r\n]+\s*/g, ' ');
    const suppressed = finding.projectSuppression !== undefined ? ` [${projectSuppressionNote(finding)}]` : '';
    lines.push(`${show(file)}:${region.startLine}:${region.startColumn}: ${finding.ruleId} [${finding.severity}/${finding.confidence}] ${message}${name ? ` (${name})` : ''}${suppressed}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(...summaryLines(result, show));
  return lines.join('\n') + '\n';
}

/** The summary alone: what the CLI prints on stderr for the JSON and SARIF formats. */
export function renderSummary(result: AuditResult, options: TextReportOptions = {}): string {
  return summaryLines(result, options.displayPath ?? ((file) => file.relativePath)).join('\n') + '\n';
}

function summaryLines(result: AuditResult, show: (file: { path: string; relativePath: string }) => string): string[] {
  const summary = summarize(result);
  const { high, medium, low } = summary.bySeverity;
  const found = summary.findings === 0 ? 'no findings' : `${plural(summary.findings, 'finding')} (${high} high, ${medium} medium, ${low} low)`;
  const lines = [`Analysed ${plural(summary.filesAnalyzed, 'file')} (${plural(summary.linesAnalyzed, 'line')}): ${found}.`];
  if (summary.suppressedByProject) {
    lines.push(`${plural(summary.suppressedByProject, 'finding')} would have been hidden by the repository's own suppressions (ignored: --ignore-project-suppressions).`);
  }
  // Without its date, "no findings" would read as "no known vulnerabilities".
  if (result.files.some((file) => declaresDependencies(file.path))) lines.push(`Dependency advisories checked against ${describeAdvisoryData()}.`);
  if (result.skipped.length > 0) {
    lines.push(`Skipped ${plural(result.skipped.length, 'file')}:`);
    for (const skipped of result.skipped) lines.push(`  ${show(skipped)}: ${skipped.reason}`);
  }
  return lines;
}

const MANIFEST_KINDS = new Set(['requirements', 'pyproject', 'pylock', 'setup-cfg', 'pipfile', 'lock']);

/** A file whose pins the advisories are checked against. */
function declaresDependencies(path: string): boolean {
  const kind = fileKindOf(path);
  return (kind !== undefined && MANIFEST_KINDS.has(kind)) || /(^|[\\/])setup\.py$/.test(path);
}

// What every report format shares: the tool's identity, counts, and where each finding is.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Finding, FlowStep } from '../engine/finding';
import type { Level } from '../engine/rule';
import type { AuditResult, FileResult } from '../workspace/audit';
import { LineIndex, type Region } from './location';

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

export const INFORMATION_URI = 'https://github.com/pyward-dev/pyward';

let cachedTool: ToolInfo | undefined;

/** Name and version from Pyward's package.json, found above this file. */
export function toolInfo(): ToolInfo {
  if (cachedTool) return cachedTool;
  let version = '0.0.0';
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
        if (manifest.name === 'pyward' && typeof manifest.version === 'string') {
          version = manifest.version;
          break;
        }
      } catch {
        // Not ours, or unreadable: keep looking.
      }
    }
    if (dirname(dir) === dir) break;
  }
  cachedTool = { name: 'pyward', version, informationUri: INFORMATION_URI };
  return cachedTool;
}

export interface ReportOptions {
  /** Overrides the name and version (tests, embedding). */
  tool?: ToolInfo;
}

export type LevelCounts = Record<Level, number>;

export interface Summary {
  filesAnalyzed: number;
  linesAnalyzed: number;
  filesSkipped: number;
  findings: number;
  bySeverity: LevelCounts;
  /** Findings the audited repository would have silenced (reported because its suppressions were ignored); present when there are some. */
  suppressedByProject?: number;
}

export function summarize(result: AuditResult): Summary {
  const bySeverity: LevelCounts = { high: 0, medium: 0, low: 0 };
  let findings = 0;
  let linesAnalyzed = 0;
  let suppressedByProject = 0;
  for (const file of result.files) {
    linesAnalyzed += file.lines;
    for (const finding of file.findings) {
      bySeverity[finding.severity]++;
      findings++;
      if (finding.projectSuppression !== undefined) suppressedByProject++;
    }
  }
  const summary: Summary = { filesAnalyzed: result.files.length, linesAnalyzed, filesSkipped: result.skipped.length, findings, bySeverity };
  if (suppressedByProject > 0) summary.suppressedByProject = suppressedByProject;
  return summary;
}

export interface LocatedFinding {
  file: FileResult;
  finding: Finding;
  region: Region;
  /** The text of the finding's first line (empty when the file's text was not kept). */
  lineText: string;
}

/**
 * Every finding with its 1-based region, file by file in the result's order. A file whose text
 * was not kept (auditPaths keeps it whenever there are findings) gets regions on line 1.
 */
export function* locatedFindings(result: AuditResult): Generator<LocatedFinding> {
  for (const file of result.files) {
    if (file.findings.length === 0) continue;
    const index = file.text !== undefined ? new LineIndex(file.text) : undefined;
    for (const finding of file.findings) {
      const region = index
        ? index.region(finding.start, finding.end)
        : { startLine: 1, startColumn: finding.start + 1, endLine: 1, endColumn: finding.end + 1 };
      yield { file, finding, region, lineText: index ? index.lineText(region.startLine) : '' };
    }
  }
}

/** How a report says a finding was silenced by the audited repository ("a `# nosec` comment"). */
export function projectSuppressionNote(finding: Finding): string {
  return finding.projectSuppression === undefined ? '' : `suppressed by this repository's configuration (${finding.projectSuppression.replace(/`/g, '')})`;
}

/** The first sentence of a paragraph (up to the first full stop followed by a new sentence). */
/** A flow step's file as reports name it: relative to the audit's root, `/`-separated (the finding's own file when the step names none). */
export function stepPath(step: FlowStep, relativePath: string, root: string): string {
  return step.path === undefined ? relativePath : relative(root, step.path).split(sep).join('/');
}

export function firstSentence(text: string): string {
  const end = /[.!?](?=\s+[A-Z(`])/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}

export function cweId(cwe: number): string {
  return `CWE-${cwe}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

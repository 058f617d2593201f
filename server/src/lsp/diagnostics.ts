// Findings → LSP diagnostics. The rule's ID is the code, its documentation the code's link; the
// message ends with the rule's name, as the user reads it in the Problems panel.
import { type Diagnostic, type DiagnosticRelatedInformation, DiagnosticSeverity, type Range } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Finding, type FlowStep, flowPaths } from '../engine/finding';
import type { RuleRegistry } from '../engine/registry';
import { type Category, type Level, ruleDocsUrl } from '../engine/rule';

export const SOURCE = 'pyward';

/**
 * What a real finding of a category lets an attacker do at worst, which decides its colour
 * as much as the rule's own severity does:
 * - `execution`: run code, commands or queries of their choosing (eval, pickle, shell, SQL);
 * - `exposure`: read or change data and traffic, or ship code into the build (TLS, secrets,
 *   web frameworks, XML, files, CI, dependencies);
 * - `weakness`: make an attack easier without being one (weak hashes and ciphers, risky
 *   imports, code smells).
 */
export type Impact = 'execution' | 'exposure' | 'weakness';

export const IMPACT: Readonly<Record<Category, Impact>> = {
  'code-execution': 'execution',
  deserialization: 'execution',
  'shell-injection': 'execution',
  'sql-injection': 'execution',
  transport: 'exposure',
  secrets: 'exposure',
  web: 'exposure',
  xml: 'exposure',
  filesystem: 'exposure',
  ci: 'exposure',
  'supply-chain': 'exposure',
  cryptography: 'weakness',
  imports: 'weakness',
  other: 'weakness',
};

const E = DiagnosticSeverity.Error;
const W = DiagnosticSeverity.Warning;
const I = DiagnosticSeverity.Information;

/**
 * The colour of a finding: impact × severity × confidence.
 *
 * | impact    | high/high | high/medium | medium/high | medium/medium | high or medium, low confidence | low severity |
 * |-----------|-----------|-------------|-------------|---------------|--------------------------------|--------------|
 * | execution | Error     | Error       | Error       | Error         | Warning                        | Information  |
 * | exposure  | Error     | Warning     | Warning     | Warning       | Information                    | Information  |
 * | weakness  | Warning   | Warning     | Warning     | Information   | Information                    | Information  |
 *
 * So `eval`, `pickle.loads` and SQL built from strings are errors, `verify=False` and a
 * provider's token are errors, and `hashlib.md5` is a warning. Then:
 * - a finding the data-flow analysis traced from untrusted input (`Finding.traced`) is one
 *   step more severe (Information → Warning → Error): the risk is shown, not presumed;
 * - a finding the repository's own configuration would have hidden (`projectSuppression`, in
 *   an untrusted workspace) is one step less severe, and marked in its message.
 * Calls to this machine (`http://localhost`) are lowered by the transport rules themselves,
 * to low severity.
 */
const TABLE: Readonly<Record<Impact, readonly DiagnosticSeverity[]>> = {
  // Columns: high/high, high/medium, medium/high, medium/medium, low confidence, low severity.
  execution: [E, E, E, E, W, I],
  exposure: [E, W, W, W, I, I],
  weakness: [W, W, W, I, I, I],
};

function column(severity: Level, confidence: Level): number {
  if (severity === 'low') return 5;
  if (confidence === 'low') return 4;
  return (severity === 'high' ? 0 : 2) + (confidence === 'high' ? 0 : 1);
}

export interface Ranked {
  severity: Level;
  confidence: Level;
  traced?: boolean;
  projectSuppression?: string;
}

export function lspSeverity(finding: Ranked, category: Category | undefined): DiagnosticSeverity {
  let level: number = TABLE[category ? IMPACT[category] : 'exposure'][column(finding.severity, finding.confidence)];
  if (finding.traced) level = Math.max(E, level - 1);
  if (finding.projectSuppression !== undefined) level = Math.min(I, level + 1);
  return level as DiagnosticSeverity;
}

export const PROJECT_SUPPRESSED = "Suppressed by this repository's configuration";

/**
 * The diagnostic's text: the message without Markdown backticks (the Problems panel shows
 * plain text), the rule's name at the end, and, for what the repository would have hidden, how.
 */
export function diagnosticMessage(finding: Finding, ruleName: string | undefined): string {
  const message = `${plainText(finding.message)}${ruleName ? ` (${ruleName})` : ''}`;
  return finding.projectSuppression === undefined ? message : `[${PROJECT_SUPPRESSED}: ${plainText(finding.projectSuppression)}] ${message}`;
}

/** Markdown code spans as plain text: `eval` → eval. */
export function plainText(markdown: string): string {
  return markdown.replace(/`([^`\n]*)`/g, '$1');
}

export function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/** What a diagnostic carries for code actions and hovers (`data`). */
export interface DiagnosticData {
  ruleId: string;
  severity: Level;
  confidence: Level;
  projectSuppression?: string;
  traced?: boolean;
  /** More than the message says (an advisory's summary and references), shown in the hover. */
  details?: string;
}

export function toDiagnostic(finding: Finding, document: TextDocument, registry: RuleRegistry): Diagnostic {
  const rule = registry.rule(finding.ruleId);
  const data: DiagnosticData = { ruleId: finding.ruleId, severity: finding.severity, confidence: finding.confidence };
  if (finding.projectSuppression !== undefined) data.projectSuppression = finding.projectSuppression;
  if (finding.traced) data.traced = true;
  if (finding.details) data.details = finding.details;
  const diagnostic: Diagnostic = {
    range: rangeOf(document, finding.start, finding.end),
    severity: lspSeverity(finding, rule?.meta.category),
    code: finding.ruleId,
    source: SOURCE,
    message: diagnosticMessage(finding, rule?.meta.name),
    data,
  };
  if (rule) diagnostic.codeDescription = { href: ruleDocsUrl(rule.meta) };
  if (finding.flow) {
    // Every source's path, one after the other; each further one's source step says so.
    diagnostic.relatedInformation = flowPaths(finding).flatMap((path, index) =>
      path.map((step, at) => flowStepInformation(index > 0 && at === 0 ? { ...step, message: `another source: ${step.message}` } : step, document)),
    );
  }
  return diagnostic;
}

/** A traced value's step, in this file or another one, as the editor lists it under the diagnostic. */
function flowStepInformation(step: FlowStep, document: TextDocument): DiagnosticRelatedInformation {
  if (step.path === undefined) return { location: { uri: document.uri, range: rangeOf(document, step.start, step.end) }, message: step.message };
  const start = { line: step.line, character: step.character };
  return { location: { uri: URI.file(step.path).toString(), range: { start, end: { line: step.line, character: step.character + Math.max(0, step.end - step.start) } } }, message: step.message };
}

// Findings → LSP diagnostics. The rule's ID is the code, its documentation the code's link.
import { type Diagnostic, type DiagnosticRelatedInformation, DiagnosticSeverity, type Range } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, FlowStep } from '../engine/finding';
import type { RuleRegistry } from '../engine/registry';
import { type Level, ruleDocsUrl } from '../engine/rule';

export const SOURCE = 'pyward';

/**
 * Error: high severity that we are at least fairly sure of. Warning: other high or medium
 * severity. Information: low severity, or anything we are unsure of.
 */
export function lspSeverity(severity: Level, confidence: Level): DiagnosticSeverity {
  if (severity === 'high' && confidence !== 'low') return DiagnosticSeverity.Error;
  if (severity === 'low' || (severity === 'medium' && confidence === 'low')) return DiagnosticSeverity.Information;
  return DiagnosticSeverity.Warning;
}

export function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

export function toDiagnostic(finding: Finding, document: TextDocument, registry: RuleRegistry): Diagnostic {
  const rule = registry.rule(finding.ruleId);
  const diagnostic: Diagnostic = {
    range: rangeOf(document, finding.start, finding.end),
    severity: lspSeverity(finding.severity, finding.confidence),
    code: finding.ruleId,
    source: SOURCE,
    message: finding.message,
    data: { ruleId: finding.ruleId, severity: finding.severity, confidence: finding.confidence },
  };
  if (rule) diagnostic.codeDescription = { href: ruleDocsUrl(rule.meta) };
  if (finding.flow) diagnostic.relatedInformation = finding.flow.map((step) => flowStepInformation(step, document));
  return diagnostic;
}

/** A traced value's step, in this file or another one, as the editor lists it under the diagnostic. */
function flowStepInformation(step: FlowStep, document: TextDocument): DiagnosticRelatedInformation {
  if (step.path === undefined) return { location: { uri: document.uri, range: rangeOf(document, step.start, step.end) }, message: step.message };
  const start = { line: step.line, character: step.character };
  return { location: { uri: URI.file(step.path).toString(), range: { start, end: { line: step.line, character: step.character + Math.max(0, step.end - step.start) } } }, message: step.message };
}

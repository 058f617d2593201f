// Findings → LSP diagnostics. The rule's ID is the code, its documentation the code's link.
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/finding';
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
    data: { ruleId: finding.ruleId, severity: finding.severity, confidence: finding.confidence, ...(finding.details ? { details: finding.details } : {}) },
  };
  if (rule) diagnostic.codeDescription = { href: ruleDocsUrl(rule.meta) };
  return diagnostic;
}

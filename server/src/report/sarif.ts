// The SARIF 2.1.0 report, as GitHub code scanning and other SARIF viewers take it.
//
// - tool.driver lists every registered rule (not only those found), with its documentation,
//   default level, and GitHub's properties: tags ("security", "external/cwe/cwe-NNN", the
//   category), precision (from the rule's confidence) and security-severity.
// - security-severity is a numeric string on GitHub's 0–10 scale: 8.0 for high severity, 5.5
//   for medium, 3.0 for low, then +0.5 for high confidence and −0.5 for low confidence. Every
//   value stays in its severity's GitHub band (high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9).
// - Locations are relative to %SRCROOT% (the audited root, given in originalUriBaseIds), with
//   forward slashes and percent-encoding; regions are 1-based with UTF-16 columns (SARIF's
//   default columnKind, stated explicitly) and exclusive end columns.
// - partialFingerprints["pyward/v1"] is a hash of the rule, the relative path and the flagged
//   line's trimmed text, plus ":N" for its Nth occurrence, so alerts survive lines moving.
//   No source text goes into the file other than that hash (messages name the flagged callee).
// - Skipped files are reported as tool execution notifications of the invocation.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { RuleRegistry } from '../engine/registry';
import type { Level, RuleMeta } from '../engine/rule';
import { ruleDocsUrl } from '../engine/rule';
import type { AuditResult } from '../workspace/audit';
import { cweId, locatedFindings, toolInfo, type ReportOptions } from './common';
import { codeFlowsOf } from './sarif-flow';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'pyward/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const SARIF_LEVEL: Record<Level, SarifLevel> = { high: 'error', medium: 'warning', low: 'note' };
const BASE_SEVERITY: Record<Level, number> = { high: 8.0, medium: 5.5, low: 3.0 };
const CONFIDENCE_ADJUSTMENT: Record<Level, number> = { high: 0.5, medium: 0, low: -0.5 };

/** GitHub's security-severity for a rule: see the top of this file. */
export function securitySeverity(severity: Level, confidence: Level): string {
  return (BASE_SEVERITY[severity] + CONFIDENCE_ADJUSTMENT[confidence]).toFixed(1);
}

export function sarifLevel(level: Level): SarifLevel {
  return SARIF_LEVEL[level];
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function relativeUri(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

export function buildSarifReport(result: AuditResult, registry: RuleRegistry, options: ReportOptions = {}): object {
  const tool = options.tool ?? toolInfo();
  const ruleIndex = new Map(registry.rules.map((rule, index) => [rule.meta.id, index] as const));
  const occurrences = new Map<string, number>();

  const results = [];
  for (const { file, finding, region, lineText } of locatedFindings(result)) {
    const hash = createHash('sha256').update(`${finding.ruleId}\n${file.relativePath}\n${lineText.trim()}`).digest('hex').slice(0, 32);
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    const index = ruleIndex.get(finding.ruleId);
    results.push({
      ruleId: finding.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: sarifLevel(finding.severity),
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(file.relativePath), uriBaseId: SRCROOT },
            region,
          },
        },
      ],
      ...(finding.flow ? { codeFlows: codeFlowsOf(finding.flow, file.relativePath, result.root) } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
      properties: { severity: finding.severity, confidence: finding.confidence },
    });
  }

  let rootUri = pathToFileURL(result.root).href;
  if (!rootUri.endsWith('/')) rootUri += '/';

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Pyward',
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: registry.rules.map((rule) => sarifRule(rule.meta)),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.skipped.map((skipped) => ({
              level: 'warning',
              message: { text: `Skipped ${skipped.relativePath}: ${skipped.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(skipped.relativePath), uriBaseId: SRCROOT } } }],
              descriptor: { id: 'skipped-file' },
            })),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function sarifRule(meta: RuleMeta) {
  const { docs } = meta;
  const equivalents = [meta.bandit && `Bandit ${meta.bandit}`, meta.ruff && `Ruff ${meta.ruff}`].filter(Boolean).join(', ');
  const text = [
    `${meta.title} (${meta.id}, ${meta.name})`,
    docs.what,
    docs.why,
    `Flagged:\n${docs.example}`,
    `Safe:\n${docs.safe}`,
    ...(equivalents ? [`Equivalent checks: ${equivalents}.`] : []),
    ...(docs.references.length > 0 ? [`References:\n${docs.references.map((url) => `- ${url}`).join('\n')}`] : []),
  ].join('\n\n');
  const markdown = [
    `## ${meta.title}`,
    docs.what,
    docs.why,
    `### Flagged\n\n\`\`\`python\n${docs.example}\n\`\`\``,
    `### Safe\n\n\`\`\`python\n${docs.safe}\n\`\`\``,
    ...(equivalents ? [`Equivalent checks: ${equivalents}.`] : []),
    ...(docs.references.length > 0 ? [`### References\n\n${docs.references.map((url) => `- <${url}>`).join('\n')}`] : []),
  ].join('\n\n');
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: docs.what },
    help: { text, markdown },
    helpUri: ruleDocsUrl(meta),
    defaultConfiguration: { level: sarifLevel(meta.severity) },
    properties: {
      tags: ['security', `external/cwe/cwe-${meta.cwe}`, meta.category],
      precision: meta.confidence,
      'security-severity': securitySeverity(meta.severity, meta.confidence),
      cwe: cweId(meta.cwe),
      ...(meta.bandit ? { bandit: meta.bandit } : {}),
      ...(meta.ruff ? { ruff: meta.ruff } : {}),
    },
  };
}

export function renderSarif(result: AuditResult, registry: RuleRegistry, options: ReportOptions = {}): string {
  return JSON.stringify(buildSarifReport(result, registry, options), null, 2) + '\n';
}

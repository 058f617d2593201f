// The SARIF 2.1.0 report, as GitHub code scanning and other SARIF viewers take it.
//
// - tool.driver lists the rules that have results (in registry order), each with a concise
//   help (title, what it finds, why in one sentence) and the full documentation behind its
//   helpUri, its default level, and GitHub's properties: tags ("security",
//   "external/cwe/cwe-NNN", the category), precision (from the rule's confidence) and
//   security-severity.
// - security-severity is a numeric string on GitHub's 0–10 scale: 8.0 for high severity, 5.5
//   for medium, 3.0 for low, then +0.5 for high confidence and −0.5 for low confidence. Every
//   value stays in its severity's GitHub band (high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9).
// - Locations are relative to %SRCROOT% (the audited root, given in originalUriBaseIds), with
//   forward slashes and percent-encoding; regions are 1-based with UTF-16 columns (SARIF's
//   default columnKind, stated explicitly) and exclusive end columns.
// - partialFingerprints["pyward/v1"] is a hash of the rule, the relative path and the flagged
//   line's trimmed text, plus ":N" for its Nth occurrence, so alerts survive lines moving.
//   No source text goes into the file other than that hash (messages name the flagged callee).
// - With a baseline, each result has a baselineState (new or unchanged), and the baselined
//   findings no longer found are listed as results with baselineState "absent".
// - Skipped files are reported as tool execution notifications of the invocation.
// - A finding the audited repository would have hidden (`--ignore-project-suppressions`)
//   carries `properties.projectSuppression`, saying how.
//
// Each result is built by `sarifResult` and each rule by `sarifRule`: fields other features
// add (codeFlows, baselineState, advisory dates) go there.
import { advisoryDataInfo } from '../advisories/database';
import { pathToFileURL } from 'node:url';
import { flowPaths } from '../engine/finding';
import type { RuleRegistry } from '../engine/registry';
import type { Level, RuleMeta } from '../engine/rule';
import { ruleDocsUrl } from '../engine/rule';
import type { AuditResult } from '../workspace/audit';
import { cweId, firstSentence, type LocatedFinding, locatedFindings, toolInfo, type ReportOptions } from './common';
import { lineHash } from '../baseline/fingerprint';
import type { BaselineOutcome } from '../baseline/apply';
import { pathFrom } from '../baseline/baseline';

export interface SarifOptions extends ReportOptions {
  /** The audit compared with a baseline: states for its results, and the absent ones. */
  baseline?: Pick<BaselineOutcome, 'states' | 'absent'>;
}
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

export function buildSarifReport(result: AuditResult, registry: RuleRegistry, options: SarifOptions = {}): object {
  const tool = options.tool ?? toolInfo();
  const occurrences = new Map<string, number>();
  // Only the rules with results, in registry order (a stable ruleIndex for the same findings).
  const order = new Map(registry.rules.map((rule, index) => [rule.meta.id, index] as const));
  const found = new Set<string>();
  for (const file of result.files) for (const finding of file.findings) if (order.has(finding.ruleId)) found.add(finding.ruleId);
  const reported = [...found].sort((a, b) => order.get(a)! - order.get(b)!).map((id) => registry.rule(id)!.meta);
  const ruleIndex = new Map(reported.map((meta, index) => [meta.id, index] as const));

  const results = [];
  for (const located of locatedFindings(result)) {
    const { file, finding, lineText } = located;
    const hash = lineHash(finding.ruleId, file.relativePath, lineText);
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    const baselineState = options.baseline ? (options.baseline.states.get(finding) ?? 'new') : undefined;
    results.push(sarifResult(located, ruleIndex.get(finding.ruleId), `${hash}:${occurrence}`, result.root, baselineState));
  }
  for (const absent of options.baseline?.absent ?? []) {
    const index = ruleIndex.get(absent.ruleId);
    results.push({
      ruleId: absent.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      message: { text: absent.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(pathFrom(result.root, absent.absolutePath)), uriBaseId: SRCROOT } } }],
      baselineState: 'absent',
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
            properties: { advisoryData: advisoryDataInfo() },
            rules: reported.map(sarifRule),
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

/** One result: where, what, how sure, and its fingerprint. */
function sarifResult({ file, finding, region }: LocatedFinding, ruleIndex: number | undefined, fingerprint: string, root: string, baselineState?: string) {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
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
    ...(finding.flow ? { codeFlows: codeFlowsOf(flowPaths(finding), file.relativePath, root) } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    ...(baselineState !== undefined ? { baselineState } : {}),
    properties: {
      severity: finding.severity,
      confidence: finding.confidence,
      ...(finding.projectSuppression !== undefined ? { projectSuppression: finding.projectSuppression } : {}),
    },
  };
}

/** A rule with results: concise help here, the full documentation (examples, references) at its helpUri. */
function sarifRule(meta: RuleMeta) {
  const { docs } = meta;
  const helpUri = ruleDocsUrl(meta);
  const equivalents = [meta.bandit && `Bandit ${meta.bandit}`, meta.ruff && `Ruff ${meta.ruff}`].filter(Boolean).join(', ');
  const why = firstSentence(docs.why);
  const text = [`${meta.title} (${meta.id}, ${meta.name}). ${why}`, ...(equivalents ? [`Equivalent checks: ${equivalents}.`] : []), `Documentation: ${helpUri}`].join('\n');
  const markdown = [`**${meta.title}** (${meta.name}). ${why}`, ...(equivalents ? [`Equivalent checks: ${equivalents}.`] : []), `[Full documentation](${helpUri})`].join('\n\n');
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: docs.what },
    help: { text, markdown },
    helpUri,
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

export function renderSarif(result: AuditResult, registry: RuleRegistry, options: SarifOptions = {}): string {
  return JSON.stringify(buildSarifReport(result, registry, options), null, 2) + '\n';
}

// Runs the file rules over one non-Python file: every rule for the file's kind, each isolated
// (a rule that throws is skipped and reported, the others still run), findings filtered by the
// suppression comments on their lines.
import type { Tree } from 'web-tree-sitter';
import type { FileKind } from './file-kind';
import type { AnyRule, FileRule, FileRuleContext, FileReportOptions } from './file-rule';
import { compareFindings, type Finding, markProjectSuppressed } from './finding';
import { type GrammarName, parseWith } from './grammars';
import { NO_PROJECT } from './project';
import type { RuleRegistry } from './registry';
import type { FileContext } from './rule';
import { UNKNOWN_FILE } from './rule';
import { lineSuppression } from './line-suppression';
import { phaseClock } from './phases';
import { factClock } from './project';

export interface TextAnalysisOptions {
  file?: FileContext;
  /** Compute fixes for every finding (the editor asks for them on demand instead). */
  withFixes?: boolean;
  onRuleError?: (rule: AnyRule, error: unknown) => void;
}

/** Analyses one file of a non-Python kind; returns its unsuppressed findings in order. */
export async function analyzeText(text: string, kind: FileKind, registry: RuleRegistry, options: TextAnalysisOptions = {}): Promise<Finding[]> {
  const rules = registry.forKind(kind);
  if (rules.length === 0) return [];
  await registry.prepare();
  const findings: Finding[] = [];
  const memo = new Map<string, unknown>();
  const trees = new Map<GrammarName, Tree>();
  try {
    for (const rule of rules) {
      const context: FileRuleContext = {
        text,
        kind,
        file: options.file ?? UNKNOWN_FILE,
        project: options.file?.project ?? NO_PROJECT,
        memo<T>(key: string, compute: () => T): T {
          if (!memo.has(key)) memo.set(key, compute());
          return memo.get(key) as T;
        },
        syntax(grammar: GrammarName): Tree {
          let tree = trees.get(grammar);
          if (!tree) {
            tree = parseWith(grammar, text);
            trees.set(grammar, tree);
          }
          return tree;
        },
        report(start: number, end: number, report: FileReportOptions) {
          findings.push(toFinding(rule, registry, start, end, report, options.withFixes === true));
        },
      };
      const before = findings.length;
      const started = phaseClock.enabled ? performance.now() : 0;
      const factsBefore = factClock.ms;
      try {
        await rule.check(context);
      } catch (error) {
        findings.length = before;
        options.onRuleError?.(rule, error);
      }
      if (phaseClock.enabled) phaseClock.add(`rules:${rule.meta.category}`, performance.now() - started - (factClock.ms - factsBefore));
    }
  } finally {
    for (const tree of trees.values()) tree.delete();
  }
  // Suppressed findings are dropped, or kept and marked when the repository's suppressions are ignored.
  return findings
    .filter((finding) => {
      const how = lineSuppression(text, finding, registry);
      if (how !== undefined && registry.ignoresProjectSuppressions) markProjectSuppressed(finding, how);
      return how === undefined || registry.ignoresProjectSuppressions;
    })
    .sort(compareFindings);
}

function toFinding(rule: FileRule, registry: RuleRegistry, start: number, end: number, report: FileReportOptions, withFixes: boolean): Finding {
  const finding = registry.finding(rule.meta, start, end, report);
  if (withFixes) finding.fixes = report.fix?.() ?? [];
  return finding;
}

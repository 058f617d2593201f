// The engine's front door for whole-file analysis (the CLI, tests, the workspace audit).
import { compareFindings, type Finding } from './finding';
import { FileAnalysis, type AnalysisOptions, type Span } from './analysis';
import type { Parser } from 'web-tree-sitter';
import { loadPython, parse } from './python';
import type { RuleRegistry } from './registry';
import { applySuppressions } from './suppression';
import type { FileKind } from './file-kind';
import { analyzeText } from './text-analysis';
import { analyzeNotebook } from '../notebooks/analyze';
import { FlowState, runFilePasses } from './file-passes';

export interface AnalyzeOptions extends AnalysisOptions {
  /** Compute fixes for every finding (slower; the editor asks for them on demand instead). */
  withFixes?: boolean;
}

let sharedParser: Parser | undefined;

/** Parses and analyses one Python source text; returns its unsuppressed findings in order. */
export async function analyzePython(text: string, registry: RuleRegistry, options: AnalyzeOptions = {}): Promise<Finding[]> {
  const python = await loadPython();
  await registry.prepare();
  // One parser per thread: parsing is synchronous, so consecutive calls never share it.
  sharedParser ??= python.createParser();
  const tree = parse(sharedParser, text);
  try {
    const analysis = new FileAnalysis(registry, python, options);
    analysis.analyzeAll(tree, text);
    const whole: Span = { start: 0, end: text.length };
    const ruleFindings = options.withFixes ? analysis.findingsWithFixes(tree, text, whole) : analysis.findings;
    const findings = runFilePasses(ruleFindings, { tree, text, analysis, registry, python, options, flowState: new FlowState() });
    return applySuppressions(findings, text, tree.rootNode, registry, { reportUnused: true, withFixes: options.withFixes }).sort(compareFindings);
  } finally {
    tree.delete();
  }
}

/** Analyses a file of any kind we read: Python by the tree rules, the others by file rules. */
export async function analyzeSource(text: string, kind: FileKind, registry: RuleRegistry, options: AnalyzeOptions = {}): Promise<Finding[]> {
  const textOptions = { file: options.file, withFixes: options.withFixes, onRuleError: options.onRuleError };
  if (kind === 'notebook') return analyzeNotebook(text, registry, options);
  if (kind !== 'python') return analyzeText(text, kind, registry, textOptions);
  const findings = await analyzePython(text, registry, options);
  // File rules over Python files (setup.py read as a manifest) run beside the tree rules.
  if (registry.forKind('python').length === 0) return findings;
  return [...findings, ...(await analyzeText(text, 'python', registry, textOptions))].sort(compareFindings);
}

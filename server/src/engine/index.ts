// The engine's front door for whole-file analysis (the CLI, the workspace audit, the language
// server's notebooks, tests): files of every kind, notebooks included. Layers point down:
// callers → this module → notebooks/ → the engine's internals.
import { compareFindings, type Finding } from './finding';
import { type AnalyzeOptions, analyzePython } from './analyze-python';
import type { RuleRegistry } from './registry';
import type { FileKind } from './file-kind';
import { analyzeText } from './text-analysis';
import { analyzeNotebook } from '../notebooks/analyze';
import { FlowState, runFilePasses } from './file-passes';

export { type AnalyzeOptions, analyzePython } from './analyze-python';
export { analyzeNotebookCells, MalformedNotebookError, type NotebookAnalysis } from '../notebooks/analyze';
export type { CellFinding, CellFix, CellTextEdit, NotebookCell } from '../notebooks/program';

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

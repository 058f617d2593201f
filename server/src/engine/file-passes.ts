// The passes that run over a whole Python file after its rules: one place, called by the
// whole-file analysis (CLI, audit) and by open documents alike. Today: data flow.
import type { Tree } from 'web-tree-sitter';
import type { AnalysisOptions, FileAnalysis } from './analysis';
import type { Finding } from './finding';
import { FlowState, withFlowFindings } from './flow/index';
import type { PythonLanguage } from './python';
import type { RuleRegistry } from './registry';
import { UNKNOWN_FILE } from './rule';

export { FlowState };

export interface FilePassInput {
  tree: Tree;
  text: string;
  analysis: FileAnalysis;
  registry: RuleRegistry;
  python: PythonLanguage;
  options: AnalysisOptions;
  /** What the passes keep between analyses of the same file. */
  flowState: FlowState;
}

/** The rules' findings with what the file passes add or change; the input is not modified. */
export function runFilePasses(findings: Finding[], input: FilePassInput): Finding[] {
  const { options } = input;
  if (options.flow === false) return findings;
  const file = options.file ?? UNKNOWN_FILE;
  return withFlowFindings(findings, {
    root: input.tree.rootNode,
    text: input.text,
    model: input.analysis.model(input.tree),
    scopes: input.analysis.scopeRanges,
    registry: input.registry,
    file,
    python: input.python,
    state: input.flowState,
    config: file.flow,
  });
}

// Whole-file analysis of one Python source text: parse, analyse, apply suppressions.
import type { Parser } from 'web-tree-sitter';
import { FileAnalysis, type AnalysisOptions, type Span } from './analysis';
import { phaseClock } from './phases';
import { compareFindings, type Finding } from './finding';
import { loadPython, parse } from './python';
import type { RuleRegistry } from './registry';
import { applySuppressions } from './suppression';
import { FlowState, runFilePasses } from './file-passes';
import { syntaxErrorFindings } from './syntax-errors';
import { onePerRuleAndLine } from './one-per-line';
import { heldParse } from './flow/project-flow';

export interface AnalyzeOptions extends AnalysisOptions {
  /** Compute fixes for every finding (slower; the editor asks for them on demand instead). */
  withFixes?: boolean;
  /**
   * Collects the other files of the project the data flow read (helpers whose summaries it
   * used): the findings depend on their texts too (the audit cache checks them).
   */
  otherFilesRead?: Set<string>;
}

let sharedParser: Parser | undefined;

/** Parses and analyses one Python source text; returns its unsuppressed findings in order. */
export async function analyzePython(text: string, registry: RuleRegistry, options: AnalyzeOptions = {}): Promise<Finding[]> {
  const python = await loadPython();
  await registry.prepare();
  // One parser per thread: parsing is synchronous, so consecutive calls never share it.
  sharedParser ??= python.createParser();
  const parsing = phaseClock.enabled ? performance.now() : 0;
  const tree = (options.file && options.flow !== false && heldParse(options.file, text)) || parse(sharedParser, text);
  const analysing = phaseClock.enabled ? performance.now() : 0;
  if (phaseClock.enabled) phaseClock.add('parse', analysing - parsing);
  const attributed = phaseClock.enabled ? phaseClock.attributed() : 0;
  try {
    const analysis = new FileAnalysis(registry, python, options);
    analysis.analyzeAll(tree, text);
    const whole: Span = { start: 0, end: text.length };
    const ruleFindings = options.withFixes ? analysis.findingsWithFixes(tree, text, whole) : analysis.findings;
    // Per-file passes over the analysed tree: the data-flow analysis, unless `options.flow` is false.
    const passing = phaseClock.enabled ? performance.now() : 0;
    const flowState = new FlowState();
    const passed = runFilePasses(ruleFindings, { tree, text, analysis, registry, python, options, flowState });
    for (const path of flowState.inputs.keys()) options.otherFilesRead?.add(path);
    if (phaseClock.enabled) phaseClock.add('flow', performance.now() - passing);
    const findings = [...passed, ...syntaxErrorFindings(tree.rootNode, text, registry)];
    const unsuppressed = onePerRuleAndLine(applySuppressions(findings, text, tree.rootNode, registry, { reportUnused: true, withFixes: options.withFixes }), text).sort(compareFindings);
    // The rest of the time is the engine's own: scopes, bindings, sites, names, suppressions.
    if (phaseClock.enabled) phaseClock.add('resolve', performance.now() - analysing - (phaseClock.attributed() - attributed));
    return unsuppressed;
  } finally {
    tree.delete();
  }
}

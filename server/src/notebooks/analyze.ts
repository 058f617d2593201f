// Analysing a notebook: its Python cells as one program (see program.ts), and, for a
// `.ipynb` file, the file rules for notebooks over the whole file (secrets in markdown cells and
// in saved outputs), each finding at its offset in the `.ipynb`. Nothing is run.
import { type AnalyzeOptions, analyzePython } from '../engine/analyze-python';
import { compareFindings, type Finding } from '../engine/finding';
import { type CellFinding, type NotebookCell, NotebookProgram } from './program';
import type { RuleRegistry } from '../engine/registry';
import { analyzeText } from '../engine/text-analysis';
import { readIpynb } from './ipynb';

/** A `.ipynb` file that is not a notebook we can read; the audit skips it with this reason. */
export class MalformedNotebookError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedNotebookError';
  }
}

export interface NotebookAnalysis {
  program: NotebookProgram;
  /** Offsets relative to each finding's cell. */
  findings: CellFinding[];
}

/** Analyses the Python cells of a notebook as one program; findings (and fixes, if asked) in cell offsets. */
export async function analyzeNotebookCells(cells: readonly NotebookCell[], registry: RuleRegistry, options: AnalyzeOptions = {}): Promise<NotebookAnalysis> {
  const program = NotebookProgram.build(cells);
  if (program.spans.length === 0) return { program, findings: [] };
  const findings = await analyzePython(program.text, registry, options);
  // A secret on a `!curl …` line is still a secret; other findings there are about our comment.
  const keepInMagic = (finding: Finding) => registry.rule(finding.ruleId)?.meta.category === 'secrets';
  return { program, findings: findings.map((finding) => program.mapFinding(finding, keepInMagic)).filter((f): f is CellFinding => f !== undefined) };
}

/**
 * Analyses a `.ipynb` file; findings in offsets of the file's text, without fixes (they are
 * offered in the editor, cell by cell). Throws MalformedNotebookError when it cannot be read.
 */
export async function analyzeNotebook(text: string, registry: RuleRegistry, options: AnalyzeOptions = {}): Promise<Finding[]> {
  const read = readIpynb(text);
  if ('malformed' in read) throw new MalformedNotebookError(read.malformed);
  const { cells } = read.notebook;
  const pythonOptions: AnalyzeOptions = { ...options, withFixes: false };
  const { program, findings } = await analyzeNotebookCells(cells, registry, pythonOptions);
  // A traced path's steps are in the program's offsets, not the file's: the finding keeps its
  // severity and `traced`, not the steps.
  const inFile: Finding[] = findings.map(({ cell, start, end, fixes: _fixes, flow: _flow, ...rest }) => ({ ...rest, ...cells[cell].source.toFile(start, end) }));

  // The Python analysis is the authority on the code cells; the file rules see the rest.
  const analysed = program.spans.flatMap((span) => cells[span.cell].source.strings);
  const fileFindings = await analyzeText(text, 'notebook', registry, { file: options.file, onRuleError: options.onRuleError });
  const elsewhere = fileFindings.filter((finding) => !analysed.some((range) => finding.start < range.end && Math.max(finding.end, finding.start + 1) > range.start));
  return [...inFile, ...elsewhere].sort(compareFindings);
}

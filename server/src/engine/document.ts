// One open Python document: its text, its syntax tree kept up to date incrementally, and its
// analysis. Changes are applied to the tree as they arrive (cheap); parsing and analysis happen
// once per `analyze()`, however many changes came in between.
import type { Node, Point, Tree } from 'web-tree-sitter';
import { Edit, type Parser } from './tree-sitter';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { FileAnalysis, type AnalysisOptions, type EditSpan, type Span } from './analysis';
import type { Finding } from './finding';
import { loadPython, parse, type PythonLanguage } from './python';
import { phaseClock } from './phases';
import { REACH, type RuleRegistry } from './registry';
import type { FileContext } from './rule';
import { applySuppressions, UNUSED_SUPPRESSION } from './suppression';
import { analyzePython } from './index';
import { syntaxErrorFindings } from './syntax-errors';
import { onePerRuleAndLine } from './one-per-line';
import { FlowState, runFilePasses } from './file-passes';
import { receiveFlows } from './flow/deliver';

export class PythonDocument {
  private tree: Tree | undefined;
  private readonly pendingEdits: EditSpan[] = [];
  private analysis: FileAnalysis;
  private analyzedOnce = false;
  /** The project's facts changed since the last analysis: sites reading them are checked again. */
  private projectChanged = false;
  private flowState = new FlowState();

  private constructor(
    private document: TextDocument,
    private readonly python: PythonLanguage,
    private readonly parser: Parser,
    private registry: RuleRegistry,
    private options: AnalysisOptions,
  ) {
    this.analysis = new FileAnalysis(registry, python, options);
  }

  static async open(uri: string, version: number, text: string, registry: RuleRegistry, options: AnalysisOptions = {}): Promise<PythonDocument> {
    const python = await loadPython();
    await registry.prepare();
    return new PythonDocument(TextDocument.create(uri, 'python', version, text), python, python.createParser(), registry, options);
  }

  get text(): string {
    return this.document.getText();
  }

  get version(): number {
    return this.document.version;
  }

  get textDocument(): TextDocument {
    return this.document;
  }

  /** Applies LSP content changes, in order, to the text and the tree. */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change) || !this.tree) {
        this.document = TextDocument.update(this.document, [change], version);
        this.forgetTree();
        continue;
      }
      const start = this.document.offsetAt(change.range.start);
      const oldEnd = this.document.offsetAt(change.range.end);
      // The positions as the document holds them (offsetAt clamps out-of-range positions).
      const startPosition = this.document.positionAt(start);
      const oldEndPosition = this.document.positionAt(oldEnd);
      const newEnd = start + change.text.length;
      this.tree.edit(
        new Edit({
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: newEnd,
          startPosition: { row: startPosition.line, column: startPosition.character },
          oldEndPosition: { row: oldEndPosition.line, column: oldEndPosition.character },
          newEndPosition: endPoint({ row: startPosition.line, column: startPosition.character }, change.text),
        }),
      );
      this.pendingEdits.push({ start, oldEnd, newEnd });
      this.document = TextDocument.update(this.document, [change], version);
    }
    this.document = TextDocument.update(this.document, [], version);
  }

  /** Re-parses (incrementally when possible), brings the analysis up to date, returns the findings. */
  analyze(): Finding[] {
    const text = this.text;
    if (!this.tree || !this.analyzedOnce) {
      this.forgetTree();
      this.tree = this.parse(text);
      this.analysis.analyzeAll(this.tree, text);
      this.analyzedOnce = true;
      this.projectChanged = false;
    } else if (this.pendingEdits.length > 0) {
      const oldTree = this.tree;
      const newTree = this.parse(text, oldTree);
      const changed: Span[] = oldTree.getChangedRanges(newTree).map((r) => ({ start: r.startIndex, end: r.endIndex }));
      // The document keeps its line starts up to date edit by edit: rows and columns cost nothing.
      const pointAt = (offset: number) => {
        const position = this.document.positionAt(offset);
        return { row: position.line, column: position.character };
      };
      this.analysis.update(newTree, text, this.pendingEdits, changed, pointAt);
      this.flowState.transition = { from: oldTree, to: newTree, edits: [...this.pendingEdits], changed };
      oldTree.delete();
      this.tree = newTree;
    }
    if (this.projectChanged) this.analysis.refreshReaching(this.tree, text, REACH.project);
    this.projectChanged = false;
    this.pendingEdits.length = 0;
    const findings = [...this.passes(this.analysis.findings), ...syntaxErrorFindings(this.tree.rootNode, text, this.registry)];
    return onePerRuleAndLine(applySuppressions(findings, text, this.tree.rootNode, this.registry, { reportUnused: true }), text);
  }

  /** Parses (incrementally from `oldTree` when given), timed as the `parse` phase for the bench. */
  private parse(text: string, oldTree?: Tree): Tree {
    const parsing = phaseClock.enabled ? performance.now() : 0;
    const tree = parse(this.parser, text, oldTree);
    if (phaseClock.enabled) phaseClock.add('parse', performance.now() - parsing);
    return tree;
  }

  /** How many sites outside the edited region the last analysis checked again. */
  get sitesAnalysedAgain(): number {
    return this.analysis.keptSitesAnalysedAgain;
  }

  /** The functions whose data flow the last analysis computed again (the others were kept). */
  get flowRecomputed(): readonly string[] {
    return this.flowState.flow?.recomputed ?? [];
  }

  /**
   * The findings of `analyze()` with the flows other open files found into this one's sinks
   * (`engine/flow/deliver.ts`); call right after `analyze()`.
   */
  receiveFlows(findings: readonly Finding[], incoming: readonly Finding[]): Finding[] {
    return receiveFlows(findings, incoming, { text: this.text, registry: this.registry, root: this.tree?.rootNode });
  }

  /** The other files the last analysis's data flow read, with their text then. */
  get flowInputs(): ReadonlyMap<string, string> {
    return this.flowState.inputs;
  }

  private passes(findings: Finding[]): Finding[] {
    return runFilePasses(findings, { tree: this.tree!, text: this.text, analysis: this.analysis, registry: this.registry, python: this.python, options: this.options, flowState: this.flowState });
  }

  /** Findings touching `span` with their fixes, computed against the current text. */
  findingsWithFixes(span: Span): Finding[] {
    this.analyze();
    const root = this.tree!.rootNode;
    const inSpan = (f: Finding) => f.start <= span.end && f.end >= span.start;
    const unusedSuppressions = applySuppressions(this.passes(this.analysis.findings), this.text, root, this.registry, { reportUnused: true, withFixes: true }).filter(
      (f) => f.ruleId === UNUSED_SUPPRESSION && inSpan(f),
    );
    const withFixes = this.analysis.findingsWithFixes(this.tree!, this.text, span);
    // Traced findings in the span, with the fixes of the rule's own finding where it had one.
    const traced = this.passes(this.analysis.findings).filter((f) => f.traced && inSpan(f));
    const merged = [...withFixes.filter((f) => !traced.some((t) => t.ruleId === f.ruleId && t.start === f.start && t.end === f.end)), ...traced.map((t) => ({ ...t, fixes: withFixes.find((f) => f.ruleId === t.ruleId && f.start === t.start && f.end === t.end)?.fixes ?? [] }))];
    return [...applySuppressions(merged, this.text, root, this.registry), ...unusedSuppressions];
  }

  /** The findings, with fixes, of another text of this document (what "fix all" makes of it), with its rules and file. */
  findingsWithFixesOf(text: string): Promise<Finding[]> {
    return analyzePython(text, this.registry, { ...this.options, withFixes: true });
  }

  /** The current syntax tree, every node with its range (for tests that compare parses: `describeTree`). */
  syntaxTree(): string {
    this.analyze();
    return describeTree(this.tree!.rootNode);
  }

  /** Whether an offset lies inside a string literal (where a comment cannot be added). */
  isInsideString(offset: number): boolean {
    this.analyze();
    for (let node: Node | null = this.tree!.rootNode.descendantForIndex(offset, offset); node; node = node.parent) {
      if (node.type === 'string' || node.type === 'concatenated_string') return node.startIndex < offset && offset < node.endIndex;
    }
    return false;
  }

  /**
   * Switches to another rule set or file context (settings or pyproject.toml changed): the
   * next analysis starts from scratch. With the same rules and file, only the project's facts
   * may have changed: the next analysis checks again the sites whose rules read them.
   */
  reconfigure(registry: RuleRegistry, file: FileContext): void {
    if (registry === this.registry && sameFile(file, this.options.file)) {
      this.projectChanged = true;
      return;
    }
    this.registry = registry;
    this.options = { ...this.options, file };
    this.analysis = new FileAnalysis(registry, this.python, this.options);
    this.flowState = new FlowState();
    this.analyzedOnce = false;
  }

  dispose(): void {
    this.forgetTree();
    this.parser.delete();
  }

  private forgetTree(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.pendingEdits.length = 0;
    this.analyzedOnce = false;
  }
}

function sameFile(a: FileContext, b: FileContext | undefined): boolean {
  return !!b && a.path === b.path && a.localPath === b.localPath && a.isTest === b.isTest && a.project === b.project && a.minimumPython?.join('.') === b.minimumPython?.join('.');
}

/** Where text inserted at `start` ends, as a tree-sitter point (UTF-16 columns). */
function endPoint(start: Point, inserted: string): Point {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastBreak - 1 };
}

/**
 * Every node of a tree in document order, with its type and range: two trees that read a text
 * alike give the same string (an S-expression leaves out where an error starts).
 */
export function describeTree(root: Node): string {
  const parts: string[] = [];
  const cursor = root.walk();
  for (let more = true; more; ) {
    parts.push(`${cursor.nodeType}@${cursor.startIndex}-${cursor.endIndex}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        more = false;
        break;
      }
    }
  }
  cursor.delete();
  return parts.join(' ');
}

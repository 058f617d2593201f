// Single-file latency of incremental edits, measured the way the language server works: one
// PythonDocument per open file, LSP content changes applied with applyChanges(), then analyze()
// once per change (one keystroke = one didChange = one analysis).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Node } from 'web-tree-sitter';
import { PythonDocument } from '../../server/src/engine/document';
import type { Finding } from '../../server/src/engine/finding';
import { loadPython, parse } from '../../server/src/engine/python';
import { phaseClock } from '../../server/src/engine/phases';
import type { RuleRegistry } from '../../server/src/engine/registry';
import { type Distribution, distribution, median, random } from './stats';
import { prepareTyposquatIndexes } from '../../server/src/supply-chain/typosquat';

/** What the typing scenario types at the end of a function body, one character per keystroke. */
export const TYPED_LINE = 'x = yaml.load(s)';
/** Added at the top of the file before typing (not timed), so that the typed `yaml.load` is PyYAML's. */
export const YAML_IMPORT = 'import yaml\n';

export interface EditOptions {
  /** Edit positions for the insert/delete scenario. */
  edits: number;
  /** Round trips done before measuring, at other positions. */
  warmup: number;
  /** Function bodies the typing scenario types a line into. */
  typingFunctions: number;
  /** From-scratch analyses timed (the median is reported). */
  fromScratchRuns: number;
  seed: number;
  /** Data flow on (default) or off. */
  flow?: boolean;
}

export const DEFAULT_EDIT_OPTIONS: EditOptions = { edits: 300, warmup: 50, typingFunctions: 10, fromScratchRuns: 5, seed: 20240601 };

/** Where edits can be made in a file. */
export interface EditSites {
  /** Identifiers (2+ characters) inside calls: [start, end) offsets. */
  identifiers: { start: number; end: number }[];
  /** Ends of function bodies: where a new last line is typed, with that body's indentation. */
  functionEnds: { offset: number; indent: string; line: number }[];
}

export async function findEditSites(text: string): Promise<EditSites> {
  const python = await loadPython();
  const parser = python.createParser();
  const tree = parse(parser, text);
  const identifiers: EditSites['identifiers'] = [];
  const functionEnds: EditSites['functionEnds'] = [];
  const lineStarts = lineStartOffsets(text);
  try {
    const cursor = tree.walk();
    const isCall: boolean[] = [];
    let callDepth = 0;
    const enter = (): void => {
      const type = cursor.nodeType;
      const call = type === 'call';
      isCall.push(call);
      if (call) callDepth++;
      if (type === 'identifier') {
        if (callDepth > 0 && cursor.endIndex - cursor.startIndex >= 2) identifiers.push({ start: cursor.startIndex, end: cursor.endIndex });
      } else if (type === 'function_definition') {
        const end = functionEnd(cursor.currentNode, text, lineStarts);
        if (end) functionEnds.push(end);
      }
    };
    const leave = (): void => {
      if (isCall.pop()) callDepth--;
    };
    enter();
    walk: for (;;) {
      if (cursor.gotoFirstChild()) {
        enter();
        continue;
      }
      for (;;) {
        leave();
        if (cursor.gotoNextSibling()) {
          enter();
          break;
        }
        if (!cursor.gotoParent()) break walk;
      }
    }
    cursor.delete();
  } finally {
    tree.delete();
    parser.delete();
  }
  return { identifiers, functionEnds };
}

/** The end of a function's last statement, when that statement starts its own line. */
function functionEnd(fn: Node, text: string, lineStarts: number[]): EditSites['functionEnds'][number] | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  const statements = body.namedChildren.filter((node): node is Node => node !== null && node.type !== 'comment');
  const last = statements[statements.length - 1];
  if (!last || last.startPosition.row <= fn.startPosition.row) return undefined;
  const lineStart = lineStarts[last.startPosition.row];
  const indent = text.slice(lineStart, last.startIndex);
  if (!/^[ \t]+$/.test(indent)) return undefined;
  return { offset: last.endIndex, indent, line: last.endPosition.row + 1 };
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Keystroke times, and of each, tree-sitter's incremental re-parse; the rest is Pyward's analysis. */
export interface TypingTimes {
  all: Distribution;
  parse: Distribution;
  analysis: Distribution;
}

export interface EditResult {
  file: string;
  lines: number;
  characters: number;
  findings: number;
  /** Identifiers inside calls found in the file (edit candidates). */
  candidates: number;
  /** The first analysis of the file after opening it (cold: includes JIT warm-up). */
  firstAnalysisMs: number;
  /** From-scratch analysis (open + analyze) once warm: median and minimum of several runs. */
  fromScratch: { runs: number; medianMs: number; minMs: number };
  /** Insert one character inside an identifier, then delete it: one sample per change. */
  insertDelete: {
    positions: number;
    all: Distribution;
    insert: Distribution;
    delete: Distribution;
  };
  /** Typing TYPED_LINE at the end of function bodies, one analysis per keystroke. */
  typing: TypingTimes & {
    functions: number;
    keystrokesPerLine: number;
    /** Median per keystroke, in typing order ("⏎" is Enter). */
    byKeystroke: { key: string; medianMs: number }[];
    /** Typed lines on which Pyward reported a finding after the last keystroke. */
    linesWithFinding: number;
    /** The same lines typed with VS Code's auto-closed brackets (`(` inserts `()`, `)` types over). */
    autoClosed: TypingTimes & { linesWithFinding: number };
    /** Whether `import yaml` was added at the top first (the file did not import it). */
    importAdded: boolean;
  };
  /** Whether the incremental findings, after all the edits were undone, equal a from-scratch analysis. */
  incrementalMatchesFromScratch: boolean;
}

export async function benchEdits(path: string, text: string, registry: RuleRegistry, sites: EditSites, options: EditOptions): Promise<EditResult> {
  const uri = pathToFileURL(path).href;
  const next = random(options.seed);
  let version = 1;
  const document = await PythonDocument.open(uri, version, text, registry, { flow: options.flow });
  try {
    let start = performance.now();
    const baseline = document.analyze();
    const firstAnalysisMs = performance.now() - start;
    // The language server builds these while idle after start-up, before anyone types.
    prepareTyposquatIndexes();

    // Positions: a random interior offset of randomly chosen identifiers, in file order.
    const pickPositions = (n: number): number[] => {
      const pool = [...sites.identifiers];
      const picked: number[] = [];
      for (let i = 0; i < n && pool.length > 0; i++) {
        const j = Math.floor(next() * pool.length);
        const { start: s, end: e } = pool[j];
        pool[j] = pool[pool.length - 1];
        pool.pop();
        picked.push(s + 1 + Math.floor(next() * (e - s - 1)));
      }
      return picked.sort((a, b) => a - b);
    };

    const roundTrip = (offset: number, samples?: { insert: number[]; delete: number[] }): void => {
      const at = document.textDocument.positionAt(offset);
      const insert: TextDocumentContentChangeEvent = { range: { start: at, end: at }, text: 'x' };
      const remove: TextDocumentContentChangeEvent = { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      let t = performance.now();
      document.applyChanges([insert], ++version);
      document.analyze();
      const insertMs = performance.now() - t;
      t = performance.now();
      document.applyChanges([remove], ++version);
      document.analyze();
      const deleteMs = performance.now() - t;
      samples?.insert.push(insertMs);
      samples?.delete.push(deleteMs);
    };

    for (const offset of pickPositions(options.warmup)) roundTrip(offset);

    const samples = { insert: [] as number[], delete: [] as number[] };
    const positions = pickPositions(options.edits);
    for (const offset of positions) roundTrip(offset, samples);

    // Typing a new line at the end of function bodies spread over the file.
    const keystrokes = ['\n', ...TYPED_LINE];
    const chosen = spread(sites.functionEnds, options.typingFunctions);
    // The typed `yaml.load` is flagged only where the file imports PyYAML: import it first.
    const importAdded = !/^import yaml\s*$/m.test(text);
    const shift = importAdded ? YAML_IMPORT.length : 0;
    if (importAdded) {
      document.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: YAML_IMPORT }], ++version);
      document.analyze();
    }
    /**
     * Types the line at each chosen place, one analysis per keystroke, then removes it (not
     * measured). With `autoClose`, as VS Code does by default, `(` inserts `()` and the `)` typed
     * before an inserted one only moves the cursor: no change, no analysis.
     */
    const typeLines = (autoClose: boolean) => {
      const samples: number[] = [];
      const parseSamples: number[] = [];
      const analysisSamples: number[] = [];
      const byKeystroke: number[][] = keystrokes.map(() => []);
      let linesWithFinding = 0;
      for (const place of chosen.map((end) => ({ ...end, offset: end.offset + shift }))) {
        let offset = place.offset;
        for (const [k, key] of keystrokes.entries()) {
          if (autoClose && key === ')' && document.text[offset] === ')') {
            offset++;
            continue;
          }
          // Enter inserts the newline and the body's indentation, as an editor does.
          const inserted = key === '\n' ? `\n${place.indent}` : autoClose && key === '(' ? '()' : key;
          const at = document.textDocument.positionAt(offset);
          const change: TextDocumentContentChangeEvent = { range: { start: at, end: at }, text: inserted };
          const wasTiming = phaseClock.enabled;
          phaseClock.enabled = true;
          phaseClock.take();
          const t = performance.now();
          document.applyChanges([change], ++version);
          document.analyze();
          const elapsed = performance.now() - t;
          const parseMs = phaseClock.take().parse ?? 0;
          phaseClock.enabled = wasTiming;
          samples.push(elapsed);
          parseSamples.push(parseMs);
          analysisSamples.push(elapsed - parseMs);
          byKeystroke[k].push(elapsed);
          offset += key === '(' && autoClose ? 1 : inserted.length;
        }
        const lineStart = place.offset + 1 + place.indent.length;
        const findings = document.analyze();
        if (findings.some((finding) => finding.start >= lineStart && finding.start < offset)) linesWithFinding++;
        const from = document.textDocument.positionAt(place.offset);
        const to = document.textDocument.positionAt(offset);
        document.applyChanges([{ range: { start: from, end: to }, text: '' }], ++version);
        document.analyze();
      }
      return {
        all: distribution(samples),
        parse: distribution(parseSamples),
        analysis: distribution(analysisSamples),
        byKeystroke: keystrokes.map((key, k) => ({ key: key === '\n' ? '⏎' : key, medianMs: median(byKeystroke[k]) })),
        linesWithFinding,
      };
    };
    const typed = typeLines(false);
    const autoClosed = typeLines(true);

    if (importAdded) {
      document.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }], ++version);
      document.analyze();
    }
    const afterEdits = document.analyze();
    const textRestored = document.text === text;

    // From scratch, warm: what opening the file (or a settings change) costs.
    const scratch: number[] = [];
    let fresh: Finding[] = baseline;
    for (let i = 0; i < options.fromScratchRuns; i++) {
      const other = await PythonDocument.open(uri, 1, text, registry);
      start = performance.now();
      fresh = other.analyze();
      scratch.push(performance.now() - start);
      other.dispose();
    }

    return {
      file: path,
      lines: lineStartOffsets(text).length - (text.endsWith('\n') ? 1 : 0),
      characters: text.length,
      findings: baseline.length,
      candidates: sites.identifiers.length,
      firstAnalysisMs,
      fromScratch: { runs: scratch.length, medianMs: median(scratch), minMs: Math.min(...scratch) },
      insertDelete: {
        positions: positions.length,
        all: distribution([...samples.insert, ...samples.delete]),
        insert: distribution(samples.insert),
        delete: distribution(samples.delete),
      },
      typing: {
        functions: chosen.length,
        keystrokesPerLine: keystrokes.length,
        ...typed,
        autoClosed: { all: autoClosed.all, parse: autoClosed.parse, analysis: autoClosed.analysis, linesWithFinding: autoClosed.linesWithFinding },
        importAdded,
      },
      incrementalMatchesFromScratch: textRestored && sameFindings(afterEdits, fresh),
    };
  } finally {
    document.dispose();
  }
}

/** Up to `n` items evenly spread over the list. */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / n)]);
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  const key = (f: Finding): string => `${f.ruleId}@${f.start}-${f.end}:${f.severity}/${f.confidence}:${f.message}`;
  return a.length === b.length && a.every((finding, i) => key(finding) === key(b[i]));
}

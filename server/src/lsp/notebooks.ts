// Open Jupyter notebooks (LSP 3.17 notebook document sync): the Python cells of a notebook are
// analysed as one program, and each cell gets its own diagnostics (on its `vscode-notebook-cell:`
// URI, cell-relative ranges) and quick fixes, which edit the cells they touch.
//
// As for text documents, changes only mark the notebook; it is analysed on the next turn of the
// event loop, so a burst of changes is analysed once, and a stale run publishes nothing.
import {
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  type NotebookDocument,
  NotebookDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Configuration, FileSetup } from '../engine/config/configuration';
import type { AnyRule } from '../engine/file-rule';
import { analyzeNotebookCells, type CellFinding, type CellFix, type NotebookCell } from '../engine/index';
import { codeActionsFor, firstLine } from './code-actions';
import { SOURCE, rangeOf, toDiagnostic } from './diagnostics';

/** The capability that makes a client sync Jupyter notebooks' Python cells with the server. */
export const NOTEBOOK_DOCUMENT_SYNC = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
};

export const CELL_SCHEME = 'vscode-notebook-cell';

export interface NotebookSupport {
  /** Whether the notebook at this URI is open (the workspace audit leaves its diagnostics to us). */
  isOpen(uri: string): boolean;
  /** Quick fixes for diagnostics of a cell. */
  codeActions(cellUri: string, diagnostics: readonly Diagnostic[]): Promise<CodeAction[]>;
  /** Settings or a pyproject.toml changed: analyse every open notebook again. */
  reconfigureAll(): void;
}

interface Entry {
  scheduled: boolean;
  /** Cells that have diagnostics published. */
  published: Set<string>;
}

export function registerNotebooks(
  connection: Connection,
  configuration: Configuration,
  readText: (path: string) => string | undefined,
): NotebookSupport {
  const notebooks = new NotebookDocuments(TextDocument);
  const entries = new Map<string, Entry>();
  const reportedFailures = new Set<string>();

  const setupFor = (notebook: NotebookDocument): FileSetup => configuration.forFile(fsPathOf(notebook.uri));

  /** The notebook's cells as the engine sees them, with their text documents. */
  function cellsOf(notebook: NotebookDocument): { cells: NotebookCell[]; documents: (TextDocument | undefined)[] } {
    const documents = notebook.cells.map((cell) => notebooks.getCellTextDocument(cell));
    // Markup cells (kind 1) are not code, whatever their document says.
    const cells = notebook.cells.map((cell, i) => ({ text: documents[i]?.getText() ?? '', language: cell.kind === 2 ? (documents[i]?.languageId ?? '') : 'markdown' }));
    return { cells, documents };
  }

  function ruleFailed(uri: string, rule: AnyRule, error: unknown): void {
    const key = `${uri}\0${rule.meta.id}`;
    if (reportedFailures.has(key)) return;
    reportedFailures.add(key);
    connection.console.error(`rule ${rule.meta.id} (${rule.meta.name}) failed on ${uri} and was skipped: ${error instanceof Error ? error.message : String(error)}`);
  }

  function schedule(uri: string): void {
    const entry = entries.get(uri);
    if (!entry || entry.scheduled) return;
    entry.scheduled = true;
    setImmediate(() => {
      entry.scheduled = false;
      void publish(uri, entry).catch((error) => connection.console.error(`analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    });
  }

  async function publish(uri: string, entry: Entry): Promise<void> {
    const notebook = notebooks.getNotebookDocument(uri);
    if (!notebook || entries.get(uri) !== entry) return;
    const version = notebook.version;
    const { cells, documents } = cellsOf(notebook);
    const texts = cells.map((cell) => cell.text);
    const setup = setupFor(notebook);
    const findings = setup.excluded
      ? []
      : (await analyzeNotebookCells(cells, setup.registry, { file: setup.file, onRuleError: (rule, error) => ruleFailed(uri, rule, error) })).findings;
    // Changed while analysing: the newer run publishes.
    if (entry.scheduled || entries.get(uri) !== entry || notebook.version !== version || cellsOf(notebook).cells.some((cell, i) => cell.text !== texts[i])) return;
    const byCell = new Map<string, Diagnostic[]>();
    for (const finding of findings) {
      const document = documents[finding.cell];
      if (!document) continue;
      const list = byCell.get(document.uri) ?? [];
      list.push(toDiagnostic({ ...finding, fixes: undefined, flow: undefined }, document, setup.registry));
      byCell.set(document.uri, list);
    }
    for (const document of documents) {
      if (!document) continue;
      const diagnostics = byCell.get(document.uri) ?? [];
      if (diagnostics.length === 0 && !entry.published.has(document.uri)) continue;
      await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
      if (diagnostics.length > 0) entry.published.add(document.uri);
      else entry.published.delete(document.uri);
    }
    // Cells removed since the last run.
    const current = new Set(documents.map((document) => document?.uri));
    for (const cellUri of [...entry.published]) {
      if (current.has(cellUri)) continue;
      entry.published.delete(cellUri);
      await connection.sendDiagnostics({ uri: cellUri, diagnostics: [] });
    }
  }

  notebooks.onDidOpen((notebook) => {
    entries.set(notebook.uri, { scheduled: false, published: new Set() });
    // The workspace audit's diagnostics on the .ipynb file give way to the cells' own.
    void connection.sendDiagnostics({ uri: notebook.uri, diagnostics: [] });
    schedule(notebook.uri);
  });
  notebooks.onDidChange(({ notebookDocument }) => schedule(notebookDocument.uri));
  notebooks.onDidClose((notebook) => {
    const entry = entries.get(notebook.uri);
    entries.delete(notebook.uri);
    for (const cellUri of entry?.published ?? []) void connection.sendDiagnostics({ uri: cellUri, diagnostics: [] });
  });
  notebooks.listen(connection);

  async function codeActions(cellUri: string, diagnostics: readonly Diagnostic[]): Promise<CodeAction[]> {
    const notebook = notebooks.findNotebookDocumentForCell(cellUri);
    const cellDocument = notebooks.cellTextDocuments.get(cellUri);
    if (!notebook || !cellDocument) return [];
    const ours = diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
    if (ours.length === 0) return [];
    const setup = setupFor(notebook);
    if (setup.excluded) return [];
    const { cells, documents } = cellsOf(notebook);
    const cellIndex = documents.findIndex((document) => document?.uri === cellUri);
    const { findings } = await analyzeNotebookCells(cells, setup.registry, { file: setup.file, withFixes: true });
    const actions: CodeAction[] = [];
    for (const diagnostic of ours) {
      const start = cellDocument.offsetAt(diagnostic.range.start);
      const end = cellDocument.offsetAt(diagnostic.range.end);
      const finding = findings.find((f: CellFinding) => f.cell === cellIndex && f.ruleId === diagnostic.code && f.start === start && f.end === end);
      for (const fix of finding?.fixes ?? []) {
        const edit = workspaceEdit(fix, documents, readText);
        if (edit) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred ?? false, edit });
      }
    }
    // "Suppress on this line", as in any Python file: the comment goes on the cell's line.
    const suppressions = await codeActionsFor({ document: cellDocument, findingsWithFixes: () => [], suppressionLine: firstLine, readText, findingsOf: async () => [] }, ours, {
      offerSuppression: !configuration.ignoresProjectSuppressions,
    });
    return [...actions, ...suppressions];
  }

  function reconfigureAll(): void {
    for (const uri of entries.keys()) schedule(uri);
  }

  return { isOpen: (uri) => entries.has(uri), codeActions, reconfigureAll };
}

/** A fix's cell edits (and edits to other files, such as a `.env`) as a workspace edit. */
function workspaceEdit(fix: CellFix, documents: readonly (TextDocument | undefined)[], readText: (path: string) => string | undefined): WorkspaceEdit | undefined {
  const byCell = new Map<TextDocument, TextEdit[]>();
  for (const edit of fix.edits) {
    const document = documents[edit.cell];
    if (!document) return undefined;
    const list = byCell.get(document) ?? [];
    list.push({ range: rangeOf(document, edit.start, edit.end), newText: edit.newText });
    byCell.set(document, list);
  }
  if (!fix.otherFiles?.length) return { changes: Object.fromEntries([...byCell].map(([document, edits]) => [document.uri, edits])) };
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [...byCell].map(([document, edits]) => ({ textDocument: { uri: document.uri, version: document.version }, edits }));
  for (const other of fix.otherFiles) {
    const uri = URI.file(other.path).toString();
    if (other.create) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    const target = TextDocument.create(uri, 'plaintext', 0, other.create ? '' : (readText(other.path) ?? ''));
    documentChanges.push({ textDocument: { uri, version: null }, edits: other.edits.map((edit) => ({ range: rangeOf(target, edit.start, edit.end), newText: edit.newText })) });
  }
  return { documentChanges };
}

function fsPathOf(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

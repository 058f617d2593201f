// A minimal LSP client for the tests: starts the real server as an editor would (stdio or
// Node IPC) and speaks JSON-RPC to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, InitializeResult, PublishDiagnosticsParams, Range, TextEdit } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { repoRoot } from '../helpers';

export type Transport = 'stdio' | 'ipc';

export class LspClient {
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; check: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly logs: string[] = [];
  private readonly texts = new Map<string, { text: string; version: number }>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.check(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    connection.onNotification('window/showMessage', (params: { message?: string }) => {
      this.messages.push(String(params.message));
    });
    connection.onRequest('window/showMessageRequest', (params: { message?: string }) => {
      this.messages.push(String(params.message));
      return null;
    });
    connection.onNotification('window/logMessage', (params: { message?: string }) => {
      this.logs.push(String(params.message));
    });
  }

  readonly messages: string[] = [];

  /** What the server answered to `initialize`: its capabilities. */
  initialized: InitializeResult | undefined;

  async initializeResult(): Promise<InitializeResult> {
    return this.initialized!;
  }

  /** The `pyward` settings this client answers `workspace/configuration` with, when it has any. */
  settings: unknown;

  /**
   * @param nodeArgs options for the server's Node.js (`--require` a test guard), with `env`
   * for the variables it reads.
   */
  static async start(
    transport: Transport = 'stdio',
    workspaceFolder?: string,
    settings?: unknown,
    nodeArgs: readonly string[] = [],
    env: NodeJS.ProcessEnv = process.env,
    /** What the client sends beside its capabilities at `initialize`. */
    extra: { initializationOptions?: unknown; windowCapabilities?: Record<string, unknown> } = {},
  ): Promise<LspClient> {
    const serverPath = join(repoRoot, 'out', 'server', 'src', 'lsp', 'server.js');
    let child: ChildProcess;
    let connection: MessageConnection;
    if (transport === 'stdio') {
      child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
      connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    } else {
      child = spawn(process.execPath, [...nodeArgs, serverPath, '--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env });
      connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    }
    const client = new LspClient(child, connection);
    client.settings = settings;
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => client.settings ?? null));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    const rootUri = workspaceFolder ? URI.file(workspaceFolder).toString() : null;
    const workspaceFolders = rootUri ? [{ uri: rootUri, name: 'workspace' }] : null;
    const capabilities = {
      ...(settings === undefined ? {} : { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } }),
      ...(extra.windowCapabilities ? { window: extra.windowCapabilities } : {}),
    };
    client.initialized = await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders, capabilities, initializationOptions: extra.initializationOptions });
    await connection.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, text: string, languageId = 'python'): void {
    this.texts.set(uri, { text, version: 1 });
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends one incremental change replacing `range` with `newText`; returns the new version. */
  change(uri: string, range: Range, newText: string): number {
    const state = this.texts.get(uri)!;
    state.text = applyTextEdits(state.text, [{ range, newText }]);
    state.version += 1;
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: state.version },
      contentChanges: [{ range, text: newText }],
    });
    return state.version;
  }

  /** Applies a code action's edit the way an editor does: as incremental changes. */
  applyEdit(uri: string, edits: readonly TextEdit[]): number {
    // From the end backwards, so earlier ranges stay valid; same-position inserts keep array order.
    const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => compare(b.edit.range.start, a.edit.range.start) || b.index - a.index).map(({ edit }) => edit);
    let version = 0;
    for (const edit of sorted) version = this.change(uri, edit.range, edit.newText);
    return version;
  }

  text(uri: string): string {
    return this.texts.get(uri)!.text;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  private readonly notebookVersions = new Map<string, number>();

  /** Opens a Jupyter notebook (LSP 3.17 notebook sync); `kind` 1 is markup, 2 code. */
  openNotebook(uri: string, cells: readonly { uri: string; text: string; languageId?: string; kind?: 1 | 2 }[]): void {
    this.notebookVersions.set(uri, 1);
    for (const cell of cells) this.texts.set(cell.uri, { text: cell.text, version: 1 });
    void this.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((cell) => ({ kind: cell.kind ?? 2, document: cell.uri })) },
      cellTextDocuments: cells.map((cell) => ({ uri: cell.uri, languageId: cell.languageId ?? (cell.kind === 1 ? 'markdown' : 'python'), version: 1, text: cell.text })),
    });
  }

  /** Edits the text of notebook cells, as an editor applies a workspace edit to them. */
  changeCells(notebookUri: string, changes: Readonly<Record<string, readonly TextEdit[]>>): void {
    const version = (this.notebookVersions.get(notebookUri) ?? 1) + 1;
    this.notebookVersions.set(notebookUri, version);
    const textContent = Object.entries(changes).map(([uri, edits]) => {
      const state = this.texts.get(uri)!;
      // From the end backwards, so earlier ranges stay valid.
      const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => compare(b.edit.range.start, a.edit.range.start) || b.index - a.index).map(({ edit }) => edit);
      for (const edit of sorted) state.text = applyTextEdits(state.text, [edit]);
      state.version += 1;
      return { document: { uri, version: state.version }, changes: sorted.map((edit) => ({ range: edit.range, text: edit.newText })) };
    });
    void this.connection.sendNotification('notebookDocument/didChange', { notebookDocument: { uri: notebookUri, version }, change: { cells: { textContent } } });
  }

  closeNotebook(uri: string, cellUris: readonly string[]): void {
    void this.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri }, cellTextDocuments: cellUris.map((cellUri) => ({ uri: cellUri })) });
  }

  /** The next diagnostics for `uri` that satisfy `check` (or the latest, if they already do). */
  diagnostics(uri: string, check: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(this.latest.get(uri))}`)), timeoutMs);
      this.waiters.push({ uri, check, resolve: (p) => { clearTimeout(timer); resolve(p.diagnostics); } });
    });
  }

  /** Diagnostics published for the current version of `uri`. */
  diagnosticsForCurrentVersion(uri: string): Promise<Diagnostic[]> {
    const version = this.texts.get(uri)!.version;
    const current = this.latest.get(uri);
    if (current && current.version === version) return Promise.resolve(current.diagnostics);
    return this.diagnostics(uri, (p) => p.version === version);
  }

  /** Changes the settings and tells the server, as an editor does. */
  changeSettings(settings: unknown): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  fileChanged(uri: string): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  }

  /** The latest diagnostics published for `uri`, if any. */
  published(uri: string): Diagnostic[] | undefined {
    return this.latest.get(uri)?.diagnostics;
  }

  executeCommand(command: string, args: unknown[] = []): Promise<unknown> {
    return this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  /** The code actions of some kinds only (`source.fixAll`), as an editor asks for them on save. */
  codeActionsOfKind(uri: string, only: readonly string[]): Promise<CodeAction[]> {
    const end = positionAt(this.text(uri), this.text(uri).length);
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: [], only } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    this.connection.dispose();
    this.process.kill();
  }
}

function compare(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

export function offsetAt(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => compare(b.edit.range.start, a.edit.range.start) || b.index - a.index).map(({ edit }) => edit);
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, offsetAt(result, edit.range.start)) + edit.newText + result.slice(offsetAt(result, edit.range.end));
  }
  return result;
}

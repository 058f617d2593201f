// Open documents, their analysis, and when diagnostics are published.
//
// Changes are applied as they arrive (cheap: text and tree edits); analysis is scheduled on
// the next turn of the event loop, so a burst of changes is analysed once, and only the
// newest version's diagnostics are published. Analysis never runs inside a change handler.
import type { Connection, TextDocumentContentChangeEvent, TextDocumentItem, VersionedTextDocumentIdentifier } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Configuration, FileSetup } from '../engine/config/configuration';
import { PythonDocument } from '../engine/document';
import type { Rule } from '../engine/rule';
import { toDiagnostic } from './diagnostics';

interface Entry {
  /** Resolves once the parser is ready; changes that arrive before are queued on it. */
  ready: Promise<PythonDocument>;
  setup: FileSetup;
  scheduled: boolean;
  closed: boolean;
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();
  /** Rules that threw, per document: logged once each, not on every keystroke. */
  private readonly reportedFailures = new Set<string>();
  private readonly reportedProblems = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly configuration: Configuration,
  ) {}

  open(item: TextDocumentItem): void {
    if (item.languageId !== 'python') return;
    const setup = this.setupFor(item.uri);
    const onRuleError = (rule: Rule, error: unknown) => this.ruleFailed(item.uri, rule, error);
    const entry: Entry = {
      ready: PythonDocument.open(item.uri, item.version, item.text, setup.registry, { onRuleError, file: setup.file }),
      setup,
      scheduled: false,
      closed: false,
    };
    this.entries.set(item.uri, entry);
    this.schedule(item.uri, entry);
  }

  change(identifier: VersionedTextDocumentIdentifier, changes: TextDocumentContentChangeEvent[]): void {
    const entry = this.entries.get(identifier.uri);
    if (!entry) return;
    // Chained on `ready`, so changes apply in order even while the document is still opening.
    entry.ready = entry.ready.then((document) => {
      try {
        document.applyChanges(changes, identifier.version);
      } catch (error) {
        this.failed(identifier.uri, error);
      }
      return document;
    });
    this.schedule(identifier.uri, entry);
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    entry.closed = true;
    this.entries.delete(uri);
    void entry.ready.then((document) => document.dispose(), () => undefined);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  closeAll(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
  }

  /** Settings or a pyproject.toml changed: every open document gets its rules again and is re-analysed. */
  reconfigureAll(): void {
    for (const [uri, entry] of this.entries) {
      const setup = this.setupFor(uri);
      entry.setup = setup;
      entry.ready = entry.ready.then((document) => {
        document.reconfigure(setup.registry, setup.file);
        return document;
      });
      this.schedule(uri, entry);
    }
  }

  isOpen(uri: string): boolean {
    return this.entries.has(uri);
  }

  async get(uri: string): Promise<PythonDocument | undefined> {
    const entry = this.entries.get(uri);
    return entry && !entry.setup.excluded ? entry.ready : undefined;
  }

  private setupFor(uri: string): FileSetup {
    const parsed = URI.parse(uri);
    const setup = this.configuration.forFile(parsed.scheme === 'file' ? parsed.fsPath : undefined);
    for (const problem of setup.problems) {
      if (this.reportedProblems.has(problem)) continue;
      this.reportedProblems.add(problem);
      this.connection.console.warn(problem);
      void this.connection.window.showWarningMessage(`Pyward: ${problem}`);
    }
    return setup;
  }

  private schedule(uri: string, entry: Entry): void {
    if (entry.scheduled) return;
    entry.scheduled = true;
    setImmediate(() => {
      entry.scheduled = false;
      void entry.ready.then((document) => this.publish(uri, entry, document), (error) => this.failed(uri, error));
    });
  }

  private async publish(uri: string, entry: Entry, document: PythonDocument): Promise<void> {
    // A newer change is queued: its own run will publish; this one would be stale work.
    if (entry.closed || entry.scheduled) return;
    try {
      const findings = entry.setup.excluded ? [] : document.analyze();
      const diagnostics = findings.map((finding) => toDiagnostic(finding, document.textDocument, entry.setup.registry));
      await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    } catch (error) {
      this.failed(uri, error);
    }
  }

  private failed(uri: string, error: unknown): void {
    this.connection.console.error(`analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  private ruleFailed(uri: string, rule: Rule, error: unknown): void {
    const key = `${uri}\0${rule.meta.id}`;
    if (this.reportedFailures.has(key)) return;
    this.reportedFailures.add(key);
    const reason = error instanceof Error ? error.message : String(error);
    this.connection.console.error(`rule ${rule.meta.id} (${rule.meta.name}) failed on ${uri} and was skipped: ${reason}`);
  }
}

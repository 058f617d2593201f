// Open documents, their analysis, and when diagnostics are published.
//
// Changes are applied as they arrive (cheap: text and tree edits); analysis is scheduled on
// the next turn of the event loop, so a burst of changes is analysed once, and only the
// newest version's diagnostics are published. Analysis never runs inside a change handler.
//
// Python documents keep a tree and an incremental analysis; other documents (manifests,
// workflows, configuration) are small and analysed whole. An open manifest's unsaved text is
// what the project's facts are computed from, so editing requirements.txt re-checks the
// imports of the open Python files of that project.
import type { Connection, TextDocumentContentChangeEvent, TextDocumentItem, VersionedTextDocumentIdentifier } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Configuration, FileSetup } from '../engine/config/configuration';
import { PythonDocument } from '../engine/document';
import { type FileKind, fileKindOf, MANIFEST_KINDS } from '../engine/file-kind';
import type { AnyRule } from '../engine/file-rule';
import type { Finding } from '../engine/finding';
import { analyzeText } from '../engine/text-analysis';
import { isWithin, type Projects } from '../project/project';
import { DEFAULT_MAX_FILE_SIZE } from '../workspace/walk';
import { toDiagnostic } from './diagnostics';
import { notInBaseline } from '../baseline/open-files';
import { outgoingFlows } from '../engine/flow/deliver';

interface BaseEntry {
  setup: FileSetup;
  scheduled: boolean;
  closed: boolean;
  /** Absolute path, for files on disk. */
  path: string | undefined;
}

interface PythonEntry extends BaseEntry {
  type: 'python';
  /** Resolves once the parser is ready; changes that arrive before are queued on it. */
  ready: Promise<PythonDocument>;
  /** The document once ready: its unsaved text is what other files' data flow reads. */
  document?: PythonDocument;
  /** Traced findings of the last analysis whose sink lies in another file (`Finding.atSink`). */
  throughHelpers: Finding[];
  /** Those of them published in their sink's open file instead of here, by that file's path. */
  sent: Map<string, string>;
}

interface TextEntry extends BaseEntry {
  type: 'text';
  kind: FileKind;
  document: TextDocument;
}

type Entry = PythonEntry | TextEntry;

/** How long after the last edit of a manifest the open files of its project are re-checked. */
const PROJECT_REFRESH_DELAY_MS = 300;

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();
  /** Rules that threw, per document: logged once each, not on every keystroke. */
  private readonly reportedFailures = new Set<string>();
  private readonly reportedProblems = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Called when a project's facts changed and its open documents were re-checked (for notebooks). */
  onProjectRefreshed: (root: string) => void = () => undefined;
  /** Documents larger than this (UTF-16 code units) are not analysed, as the audit skips such files. */
  maxFileSize = DEFAULT_MAX_FILE_SIZE;
  private readonly reportedTooLarge = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly configuration: Configuration,
    private readonly projects: Projects,
  ) {}

  open(item: TextDocumentItem): void {
    const path = fsPathOf(item.uri);
    const kind = fileKindOf(path ?? URI.parse(item.uri).path, item.languageId);
    if (kind === undefined || kind === 'notebook') return;
    const setup = this.setupFor(item.uri);
    let entry: Entry;
    if (kind === 'python') {
      const onRuleError = (rule: AnyRule, error: unknown) => this.ruleFailed(item.uri, rule, error);
      entry = {
        type: 'python',
        ready: PythonDocument.open(item.uri, item.version, item.text, setup.registry, { onRuleError, file: setup.file }),
        setup,
        scheduled: false,
        closed: false,
        path,
        throughHelpers: [],
        sent: new Map(),
      };
    } else {
      entry = { type: 'text', kind, document: TextDocument.create(item.uri, item.languageId, item.version, item.text), setup, scheduled: false, closed: false, path };
      if (MANIFEST_KINDS.includes(kind)) this.projectFileChanged(path);
    }
    this.entries.set(item.uri, entry);
    if (entry.type === 'python') {
      const python = entry;
      void python.ready.then((document) => {
        python.document = document;
        // Flows other open files found into this file's sinks are reported here from now on.
        this.scheduleCallersOf(python.path);
      }, () => undefined);
    }
    this.schedule(item.uri, entry);
  }

  change(identifier: VersionedTextDocumentIdentifier, changes: TextDocumentContentChangeEvent[]): void {
    const entry = this.entries.get(identifier.uri);
    if (!entry) return;
    if (entry.type === 'text') {
      entry.document = TextDocument.update(entry.document, changes, identifier.version);
      if (MANIFEST_KINDS.includes(entry.kind)) this.projectFileChanged(entry.path);
    } else {
      // Chained on `ready`, so changes apply in order even while the document is still opening.
      entry.ready = entry.ready.then((document) => {
        try {
          document.applyChanges(changes, identifier.version);
        } catch (error) {
          this.failed(identifier.uri, error);
        }
        return document;
      });
    }
    this.schedule(identifier.uri, entry);
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    entry.closed = true;
    this.entries.delete(uri);
    if (entry.type === 'python') {
      void entry.ready.then((document) => document.dispose(), () => undefined);
      // The flows it received go back to the calls they were found at.
      this.scheduleCallersOf(entry.path);
      this.scheduleTargets(entry.sent.keys());
    }
    // Closing an edited manifest discards its unsaved text: the project reads the disk again.
    else if (MANIFEST_KINDS.includes(entry.kind)) this.projectFileChanged(entry.path);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  closeAll(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
  }

  /** Settings or a pyproject.toml changed: every open document gets its rules again and is re-analysed. */
  reconfigureAll(): void {
    for (const uri of this.entries.keys()) this.reconfigure(uri);
  }

  /**
   * A file of a project changed on disk or in the editor (a manifest, a lock file, the
   * environment): its project forgets what it derived, and the open documents of that
   * project are analysed again, a moment after the last such change.
   */
  projectFileChanged(path: string | undefined): void {
    if (path === undefined) return;
    this.projects.changed(path);
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      for (const [uri, entry] of this.entries) {
        const project = entry.setup.file.project;
        if (project?.root !== undefined && isWithin(path, project.root)) this.reconfigure(uri);
      }
      this.onProjectRefreshed(this.projects.forFile(path).root);
    }, PROJECT_REFRESH_DELAY_MS);
  }

  isOpen(uri: string): boolean {
    return this.entries.has(uri);
  }

  /** The unsaved text of an open document at an absolute path (for project facts and data flow). */
  openText(path: string): string | undefined {
    for (const entry of this.entries.values()) {
      if (entry.path !== path) continue;
      if (entry.type === 'text') return entry.document.getText();
      if (entry.document) return entry.document.text;
    }
    return undefined;
  }

  /** An open Python document, for code actions. */
  async python(uri: string): Promise<PythonDocument | undefined> {
    const entry = this.entries.get(uri);
    if (entry?.type !== 'python' || entry.setup.excluded) return undefined;
    const document = await entry.ready;
    return document.text.length <= this.maxFileSize ? document : undefined;
  }

  /** An open non-Python document and its findings with fixes, for code actions. */
  async textFindingsWithFixes(
    uri: string,
  ): Promise<{ document: TextDocument; kind: FileKind; findings: Finding[]; findingsOf: (text: string) => Promise<Finding[]> } | undefined> {
    const entry = this.entries.get(uri);
    if (entry?.type !== 'text' || entry.setup.excluded || entry.document.getText().length > this.maxFileSize) return undefined;
    const document = entry.document;
    const { kind, setup } = entry;
    const findingsOf = (text: string) => analyzeText(text, kind, setup.registry, { file: setup.file, withFixes: true });
    return { document, kind, findings: await findingsOf(document.getText()), findingsOf };
  }

  private reconfigure(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    const setup = this.setupFor(uri);
    entry.setup = setup;
    if (entry.type === 'python') {
      entry.ready = entry.ready.then(async (document) => {
        await setup.registry.prepare();
        document.reconfigure(setup.registry, setup.file);
        return document;
      });
    }
    this.schedule(uri, entry);
  }

  private setupFor(uri: string): FileSetup {
    const setup = this.configuration.forFile(fsPathOf(uri));
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
      if (entry.type === 'text') void this.publishText(uri, entry);
      else void entry.ready.then((document) => this.publishPython(uri, entry, document), (error) => this.failed(uri, error));
    });
  }

  private async publishPython(uri: string, entry: PythonEntry, document: PythonDocument): Promise<void> {
    // A newer change is queued: its own run will publish; this one would be stale work.
    if (entry.closed || entry.scheduled) return;
    try {
      if (this.tooLarge(uri, document.text.length)) {
        await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
        return;
      }
      let findings = entry.setup.excluded ? [] : document.analyze();
      const { registry, file } = entry.setup;
      if (!entry.setup.excluded && registry.forKind('python').length > 0) {
        // File rules over Python files (setup.py read as a manifest) run beside the tree rules.
        const version = document.version;
        const more = await analyzeText(document.text, 'python', registry, { file, onRuleError: (rule, error) => this.ruleFailed(uri, rule, error) });
        if (entry.closed || entry.scheduled || document.version !== version) return;
        findings = [...findings, ...more];
      }
      findings = this.placeFlows(entry, document, findings);
      const diagnostics = notInBaseline(findings, document.text, fsPathOf(uri), entry.setup.baseline).map((finding) => toDiagnostic(finding, document.textDocument, registry));
      this.refreshFlowReaders(entry, document);
      await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    } catch (error) {
      this.failed(uri, error);
    }
  }

  /**
   * Reports each flow at its sink (`engine/flow/deliver.ts`): this file's flows into another
   * open Python file's sinks go there (which is published again when what it gets changes),
   * and the flows other open files send into this one's sinks come here. A sender whose flow
   * read another version of this file is skipped: it is analysed again in this round
   * (`refreshFlowReaders`) and sends afresh.
   */
  private placeFlows(entry: PythonEntry, document: PythonDocument, findings: Finding[]): Finding[] {
    entry.throughHelpers = findings.filter((finding) => finding.atSink);
    const { own, outgoing } = outgoingFlows(findings, (path) => path !== entry.path && this.receivesFlows(this.openPython(path)));
    const sent = new Map<string, string>();
    for (const finding of outgoing) {
      const target = finding.atSink!.path;
      sent.set(target, `${sent.get(target) ?? ''}${JSON.stringify(finding.atSink)}${finding.severity}${finding.confidence}\n`);
    }
    const changed = [...new Set([...entry.sent.keys(), ...sent.keys()])].filter((path) => entry.sent.get(path) !== sent.get(path));
    entry.sent = sent;
    this.scheduleTargets(changed);
    if (entry.path === undefined || !this.receivesFlows(entry)) return own;
    const incoming: Finding[] = [];
    for (const sender of this.entries.values()) {
      if (sender === entry || sender.type !== 'python' || !sender.document || !sender.sent.has(entry.path)) continue;
      if (sender.document.flowInputs.get(entry.path) !== document.text) continue;
      incoming.push(...sender.throughHelpers.filter((finding) => finding.atSink!.path === entry.path));
    }
    return document.receiveFlows(own, incoming);
  }

  /** Whether an open document reports the flows other files find into its sinks: analysed, not excluded, not too large. */
  private receivesFlows(entry: PythonEntry | undefined): boolean {
    return entry?.document !== undefined && !entry.setup.excluded && entry.document.text.length <= this.maxFileSize;
  }

  /** The open Python document at an absolute path. */
  private openPython(path: string): PythonEntry | undefined {
    for (const entry of this.entries.values()) if (entry.type === 'python' && entry.path === path) return entry;
    return undefined;
  }

  /** Publishes again the open files at these paths (flows into their sinks changed). */
  private scheduleTargets(paths: Iterable<string>): void {
    const targets = new Set(paths);
    for (const [uri, entry] of this.entries) {
      if (entry.type === 'python' && entry.path !== undefined && targets.has(entry.path)) this.schedule(uri, entry);
    }
  }

  /** Analyses again the open files whose flows go through a helper in this file. */
  private scheduleCallersOf(path: string | undefined): void {
    if (path === undefined) return;
    for (const [uri, entry] of this.entries) {
      if (entry.type === 'python' && entry.throughHelpers.some((finding) => finding.atSink!.path === path)) this.schedule(uri, entry);
    }
  }

  /**
   * Open files whose data flow read another version of this one (a helper they call) are
   * analysed again in this round, so a flow an edit creates or removes shows at once.
   */
  private refreshFlowReaders(edited: PythonEntry, document: PythonDocument): void {
    if (edited.path === undefined) return;
    for (const [uri, entry] of this.entries) {
      if (entry === edited || entry.type !== 'python' || !entry.document) continue;
      const seen = entry.document.flowInputs.get(edited.path);
      if (seen !== undefined && seen !== document.text) this.schedule(uri, entry);
    }
  }

  private async publishText(uri: string, entry: TextEntry): Promise<void> {
    if (entry.closed) return;
    const document = entry.document;
    try {
      const findings = entry.setup.excluded || this.tooLarge(uri, document.getText().length)
        ? []
        : await analyzeText(document.getText(), entry.kind, entry.setup.registry, { file: entry.setup.file, onRuleError: (rule, error) => this.ruleFailed(uri, rule, error) });
      // Edited while analysing: the newer version's own run publishes.
      if (entry.closed || entry.document !== document) return;
      const diagnostics = notInBaseline(findings, document.getText(), entry.path, entry.setup.baseline).map((finding) => toDiagnostic(finding, document, entry.setup.registry));
      await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    } catch (error) {
      this.failed(uri, error);
    }
  }

  /** Whether a document is over the size limit; says so once per document. */
  private tooLarge(uri: string, length: number): boolean {
    if (length <= this.maxFileSize) {
      this.reportedTooLarge.delete(uri);
      return false;
    }
    if (!this.reportedTooLarge.has(uri)) {
      this.reportedTooLarge.add(uri);
      this.connection.console.warn(`${uri} is not analysed: it is too large (${length} characters; the limit is ${this.maxFileSize}, see pyward.maxFileSize)`);
    }
    return true;
  }

  private failed(uri: string, error: unknown): void {
    this.connection.console.error(`analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  private ruleFailed(uri: string, rule: AnyRule, error: unknown): void {
    const key = `${uri}\0${rule.meta.id}`;
    if (this.reportedFailures.has(key)) return;
    this.reportedFailures.add(key);
    const reason = error instanceof Error ? error.message : String(error);
    this.connection.console.error(`rule ${rule.meta.id} (${rule.meta.name}) failed on ${uri} and was skipped: ${reason}`);
  }
}

function fsPathOf(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

// "Pyward: Audit Workspace", served by the language server: audits every workspace folder
// with the same engine as the CLI and publishes findings for files that are not open. After an
// audit, files that change or disappear on disk (the client watches them) are analysed again or
// cleared, so the Problems panel stays true; the last result is what "Export SARIF" writes.
import { advisoryDataInfo } from '../advisories/database';
import { relative } from 'node:path';
import { type Connection, type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Configuration, type UserSettings } from '../engine/config/configuration';
import { notInBaseline } from '../baseline/open-files';
import { ALL_RULES } from '../rules/index';
import { fileKindOf } from '../engine/file-kind';
import type { Finding } from '../engine/finding';
import type { RuleRegistry } from '../engine/registry';
import { summarize } from '../report/common';
import { renderSarif } from '../report/sarif';
import { analyzeFile, type AuditSetup } from '../workspace/analyze-file';
import { type AuditCache, type AuditResult, auditPaths, DEFAULT_MAX_FILE_SIZE, type FileResult, markIgnoredByRepository, reportedFiles } from '../workspace/audit';
import { compareSegments, discoverFiles, discoveryOptions, toPosix } from '../workspace/walk';
import { lspSeverity, toDiagnostic } from './diagnostics';
import { auditLines } from './output-log';
import type { AuditSummary } from './protocol';

export { AUDIT_COMMAND, type AuditSummary } from './protocol';

export interface AuditRun {
  settings: UserSettings;
  maxFileSize?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

/** How long after the last change on disk the changed files are analysed again. */
const REFRESH_DELAY_MS = 200;

export class WorkspaceAudit {
  /** Files the last audit published diagnostics for, so the next one can clear stale ones. */
  private published = new Set<string>();
  /**
   * The last audit with each traced finding where it was found (`flowsAtCalls`), kept so that a
   * file changed on disk can be analysed again alone; `shown` has the flows at their sinks.
   */
  private last: { result: AuditResult; folders: readonly string[]; setup: AuditSetup; shown: AuditResult } | undefined;
  private readonly changed = new Map<string, 'changed' | 'deleted'>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly registry: RuleRegistry,
    /** Whether a document is open: its diagnostics come from the live analysis instead. */
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  /** The content-hash cache of unchanged files (the editor gives a place to keep it at initialization). */
  private cache: (AuditCache & { save(): void; forget(path: string): void; statistics?: { hits: number } }) | undefined;

  useCache(cache: typeof this.cache): void {
    this.cache = cache;
  }

  get hasRun(): boolean {
    return this.last !== undefined;
  }

  async run(folders: readonly string[], options: AuditRun): Promise<AuditSummary> {
    const started = Date.now();
    const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const result = await auditPaths([...folders], {
      settings: options.settings,
      boundaries: folders,
      maxFileSize,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.cache ? { cache: this.cache } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      flowsAtCalls: true,
    });
    try {
      this.cache?.save();
    } catch (error) {
      this.connection.console.warn(`the audit cache could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    }
    const setup: AuditSetup = { maxFileSize, settings: options.settings, boundaries: folders };
    this.last = { result, folders, setup, shown: withFlowsAtSinks(result, setup) };
    const publishedNow = new Set<string>();
    for (const file of this.last.shown.files) {
      const uri = URI.file(file.path).toString();
      if (await this.publish(file, uri)) publishedNow.add(uri);
    }
    // A cancelled audit leaves the files it did not reach as they were.
    if (!result.cancelled) {
      for (const uri of this.published) {
        if (!publishedNow.has(uri) && !this.isOpen(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      this.published = publishedNow;
    } else {
      for (const uri of publishedNow) this.published.add(uri);
    }
    const milliseconds = Date.now() - started;
    for (const line of auditLines(result, options.settings, milliseconds)) this.connection.console.info(line);
    return this.summary(milliseconds, this.cache?.statistics?.hits ?? 0);
  }

  /** The summary of the last audit, with the changes on disk since. */
  summary(milliseconds = 0, reused = 0): AuditSummary {
    const byDiagnosticSeverity = { errors: 0, warnings: 0, infos: 0 };
    const ignoredProjectSuppressions = this.last?.setup.settings.ignoreProjectSuppressions === true;
    if (!this.last) {
      return { files: 0, skipped: 0, findings: 0, bySeverity: { high: 0, medium: 0, low: 0 }, byDiagnosticSeverity, suppressedByProject: 0, baselined: 0, ignoredProjectSuppressions, cancelled: false, reused, milliseconds };
    }
    // Only what is shown counts: the findings a baseline hides are counted apart.
    const shown: AuditResult = { ...this.last.shown, files: this.last.shown.files.map((file) => ({ ...file, findings: [...this.shownFindings(file)] })) };
    for (const file of shown.files) {
      for (const finding of file.findings) {
        const severity = lspSeverity(finding, this.registry.rule(finding.ruleId)?.meta.category);
        if (severity === DiagnosticSeverity.Error) byDiagnosticSeverity.errors++;
        else if (severity === DiagnosticSeverity.Warning) byDiagnosticSeverity.warnings++;
        else byDiagnosticSeverity.infos++;
      }
    }
    const summary = summarize(shown);
    return {
      files: summary.filesAnalyzed,
      skipped: summary.filesSkipped,
      findings: summary.findings,
      bySeverity: summary.bySeverity,
      byDiagnosticSeverity,
      suppressedByProject: summary.suppressedByProject ?? 0,
      baselined: summarize(this.last.shown).findings - summary.findings,
      ignoredProjectSuppressions,
      advisoryData: { date: advisoryDataInfo().date, kind: advisoryDataInfo().kind },
      cancelled: this.last.result.cancelled === true,
      reused,
      milliseconds,
    };
  }

  /** The SARIF report of the last audit (as `pyward audit --format sarif` writes it), or undefined before any. */
  async sarif(): Promise<string | undefined> {
    await this.refreshing;
    return this.last ? renderSarif(this.last.shown, this.registry) : undefined;
  }

  /** A file changed on disk, was created, deleted, or closed in the editor: analysed again shortly. */
  fileChanged(path: string, change: 'changed' | 'deleted'): void {
    if (!this.last || fileKindOf(path) === undefined) return;
    this.cache?.forget(path);
    this.changed.set(path, change);
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshing = this.refreshing.then(() => this.refresh()).catch((error) => {
        this.connection.console.error(`refreshing the audit's findings failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      });
    }, REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const last = this.last;
    if (!last || this.changed.size === 0) return;
    const changes = [...this.changed];
    this.changed.clear();
    const known = new Map(last.result.files.map((file) => [file.path, file]));
    // A file the audit did not see (created since) is analysed only if the audit would find it
    // (not ignored by .gitignore, not in a virtual environment…).
    let discoverable: Set<string> | undefined;
    const ignoredByRepository = new Set(last.result.ignoredByRepository);
    if (changes.some(([path, change]) => change === 'changed' && !known.has(path))) {
      const discovery = await discoverFiles([...last.folders], discoveryOptions(last.setup.settings));
      discoverable = new Set(discovery.files);
      for (const path of discovery.ignoredByRepository) ignoredByRepository.add(path);
      if (ignoredByRepository.size > 0) last.result.ignoredByRepository = ignoredByRepository;
    }
    const touched = new Set<string>();
    for (const [path, change] of changes) {
      const uri = URI.file(path).toString();
      const before = known.get(path);
      if (change === 'deleted' || (before === undefined && !discoverable?.has(path))) {
        if (before) {
          last.result.files.splice(last.result.files.indexOf(before), 1);
          known.delete(path);
          if (this.published.delete(uri) && !this.isOpen(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
        }
        continue;
      }
      const outcome = await analyzeFile(path, last.setup);
      if (before) last.result.files.splice(last.result.files.indexOf(before), 1);
      known.delete(path);
      if (outcome.kind !== 'analyzed') {
        if (this.published.delete(uri) && !this.isOpen(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
        continue;
      }
      const findings = markIgnoredByRepository(outcome.findings, ignoredByRepository.has(path));
      const file: FileResult = { path, relativePath: toPosix(relative(last.result.root, path)), lines: outcome.lines, findings };
      if (outcome.text !== undefined) file.text = outcome.text;
      last.result.files.push(file);
      known.set(path, file);
      touched.add(path);
    }
    last.result.files.sort((a, b) => compareSegments(a.relativePath.split('/'), b.relativePath.split('/')));
    // A changed file may send flows to other files' sinks, or stop sending them: those files are published again too.
    const shownBefore = new Map(last.shown.files.map((file) => [file.path, JSON.stringify(file.findings)]));
    last.shown = withFlowsAtSinks(last.result, last.setup);
    for (const file of last.shown.files) {
      if (!touched.has(file.path) && shownBefore.get(file.path) === JSON.stringify(file.findings)) continue;
      const uri = URI.file(file.path).toString();
      if (await this.publish(file, uri)) this.published.add(uri);
      else this.published.delete(uri);
    }
  }

  /** The baseline covering a file under the last audit's settings, as for open files. */
  private baselineOf(path: string): string | undefined {
    if (!this.last) return undefined;
    if (this.baselines?.setup !== this.last.setup) {
      this.baselines = { setup: this.last.setup, configuration: new Configuration(ALL_RULES, this.last.setup.settings, this.last.setup.boundaries) };
    }
    return this.baselines.configuration.forFile(path).baseline;
  }

  private baselines: { setup: AuditSetup; configuration: Configuration } | undefined;

  /** A file's findings that its baseline does not hide: what the editor shows. */
  private shownFindings(file: FileResult): readonly Finding[] {
    if (file.findings.length === 0 || file.text === undefined) return file.findings;
    return notInBaseline(file.findings, file.text, file.path, this.baselineOf(file.path));
  }

  /** Publishes a file's findings unless it is open; whether it now has any. */
  private async publish(file: FileResult, uri: string): Promise<boolean> {
    if (this.isOpen(uri)) return false;
    let diagnostics: Diagnostic[] = [];
    if (file.findings.length > 0 && file.text !== undefined) {
      const document = TextDocument.create(uri, 'plaintext', 0, file.text);
      diagnostics = this.shownFindings(file).map((finding) => toDiagnostic(finding, document, this.registry));
    }
    if (diagnostics.length > 0 || this.published.has(uri)) await this.connection.sendDiagnostics({ uri, diagnostics });
    return diagnostics.length > 0;
  }
}

/** The audit as the editor shows it: each traced flow at its sink when the sink's file was audited. */
function withFlowsAtSinks(result: AuditResult, setup: AuditSetup): AuditResult {
  return { ...result, files: reportedFiles(result.files, setup, result.ignoredByRepository) };
}

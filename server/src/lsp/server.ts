#!/usr/bin/env node
// The Pyward language server: wires LSP to the engine. Started by the VS Code client over
// Node IPC, or by any editor with --stdio.
import { configureAdvisories } from '../advisories/config';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { isAbsolute, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { Configuration, type UserSettings } from '../engine/config/configuration';
import { RuleRegistry } from '../engine/registry';
import { toolInfo } from '../report/common';
import { ALL_RULES } from '../rules/index';
import { Projects } from '../project/project';
import { codeActionsFor, FIX_ALL_KIND, fixAllAction, type FixSource, firstLine, pythonFixSource, wantsFixAll } from './code-actions';
import { DocumentStore } from './document-store';
import { CELL_SCHEME, NOTEBOOK_DOCUMENT_SYNC, registerNotebooks } from './notebooks';
import { maxFileSizeFrom, onlineAdvisoriesFrom, SETTINGS_SECTION, userSettingsFrom } from './settings';
import { WorkspaceAudit } from './workspace-audit';
import { notInBaseline } from '../baseline/open-files';
import { AuditContentCache } from './audit-cache';
import { ServerCommands, serverCommands } from './commands';
import { initializationOptionsFrom, PROJECT_SUPPRESSIONS_NOTIFICATION } from './protocol';
import { settingsLine, startupLines } from './output-log';
import { hoverAt } from './hover';
import { PublishedDiagnostics } from './published-diagnostics';
import { fileKindOf } from '../engine/file-kind';
import { DEFAULT_MAX_FILE_SIZE } from '../workspace/walk';
import { prepareTyposquatIndexes } from '../supply-chain/typosquat';

const connection = createConnection(ProposedFeatures.all);
/** What each document's diagnostics are now, for hovers. */
const published = PublishedDiagnostics.recording(connection);
/** Every rule, for documentation links and reports; each file runs the subset its configuration selects. */
const allRules = new RuleRegistry(ALL_RULES);
/** Projects read an open manifest's unsaved text rather than the disk. */
const projects = new Projects([], (path) => documents.openText(path));
const configuration = new Configuration(ALL_RULES, {}, [], projects);
const documents = new DocumentStore(connection, configuration, projects);
const notebooks = registerNotebooks(connection, configuration, (path) => projects.forFile(path).readText(path));
// Open notebooks' imports are checked against the project's manifests too.
documents.onProjectRefreshed = () => notebooks.reconfigureAll();
const audit = new WorkspaceAudit(connection, allRules, (uri) => documents.isOpen(uri) || notebooks.isOpen(uri));
let settings: UserSettings = {};
/** An untrusted workspace (VS Code's Restricted Mode): nothing the repository says may silence Pyward. */
let ignoreProjectSuppressions = false;
/** The client runs `command:` links in hovers. */
let commandLinks = false;
let maxFileSize: number | undefined;
const effectiveSettings = (): UserSettings => (ignoreProjectSuppressions ? { ...settings, ignoreProjectSuppressions } : settings);
const commands = new ServerCommands({ connection, audit, allRules, workspaceFolders, settings: effectiveSettings, maxFileSize: () => maxFileSize });
let initialFolders: string[] = [];
let clientTracksFolders = false;
let clientHasConfiguration = false;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  initialFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
  if (initialFolders.length === 0 && params.rootUri) initialFolders = [params.rootUri];
  configuration.setBoundaries(fileSystemPaths(initialFolders));
  clientTracksFolders = params.capabilities.workspace?.workspaceFolders === true;
  clientHasConfiguration = params.capabilities.workspace?.configuration === true;
  const options = initializationOptionsFrom(params.initializationOptions);
  // The VS Code client gives its storage folder: the audit's content-hash cache lives there.
  audit.useCache(AuditContentCache.open(options.storagePath, ALL_RULES, toolInfo().version));
  ignoreProjectSuppressions = options.ignoreProjectSuppressions === true;
  commandLinks = options.commandLinks === true;
  configuration.updateSettings(effectiveSettings());
  // Downloaded advisory data lives in the extension's global storage (shared by every window).
  if (options.advisoryCachePath !== undefined) configureAdvisories({ cacheDir: options.advisoryCachePath });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      notebookDocumentSync: NOTEBOOK_DOCUMENT_SYNC,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      executeCommandProvider: { commands: serverCommands() },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: toolInfo().name, version: toolInfo().version },
  };
});

connection.onInitialized(async () => {
  if (clientTracksFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      configuration.setBoundaries(await workspaceFolders());
      documents.reconfigureAll();
      notebooks.reconfigureAll();
    });
  }
  if (clientHasConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    await refreshSettings();
  }
  for (const line of startupLines(toolInfo().version, ALL_RULES.length, await workspaceFolders(), ignoreProjectSuppressions)) connection.console.info(line);
  // (A client with settings has them logged as they are read.)
  if (!clientHasConfiguration) connection.console.info(settingsLine(settings));
  // Built while idle rather than when the first `import n…` is typed (about a fifth of a second).
  setTimeout(() => {
    try {
      prepareTyposquatIndexes();
    } catch {
      // Built again, and its failure reported, when a name needs them.
    }
  }, 0);
});

connection.onDidChangeConfiguration(() => void refreshSettings());

// The user trusted the workspace (or, in tests, took trust back): its suppressions apply again.
connection.onNotification(PROJECT_SUPPRESSIONS_NOTIFICATION, (params: { ignoreProjectSuppressions?: unknown }) => {
  ignoreProjectSuppressions = params?.ignoreProjectSuppressions === true;
  connection.console.info(ignoreProjectSuppressions ? 'workspace untrusted: the repository’s own suppressions are not applied' : 'workspace trusted: the repository’s own suppressions apply');
  configuration.updateSettings(effectiveSettings());
  configuration.invalidate();
  documents.reconfigureAll();
  notebooks.reconfigureAll();
});

// Manifests, lock files and installed distributions (the client watches them): the projects
// forget what they derived from them; a pyproject.toml may also change the configuration.
connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const change of changes) {
    const uri = URI.parse(change.uri);
    if (uri.scheme !== 'file') continue;
    // Files the workspace audit reported on are analysed again (or cleared when deleted).
    audit.fileChanged(uri.fsPath, change.type === FileChangeType.Deleted ? 'deleted' : 'changed');
    // Python sources (setup.py aside) are no project facts.
    if ((fileKindOf(uri.fsPath) ?? 'python') === 'python' && !uri.fsPath.endsWith('setup.py')) continue;
    documents.projectFileChanged(uri.fsPath);
  }
  if (!changes.some((change) => change.uri.endsWith('/pyproject.toml'))) return;
  configuration.invalidate();
  documents.reconfigureAll();
  notebooks.reconfigureAll();
});

async function refreshSettings(): Promise<void> {
  if (!clientHasConfiguration) return;
  try {
    const raw: unknown = await connection.workspace.getConfiguration(SETTINGS_SECTION);
    settings = userSettingsFrom(raw);
    if (settings.baseline !== undefined && !isAbsolute(settings.baseline)) {
      const [folder] = await workspaceFolders();
      if (folder !== undefined) settings.baseline = resolve(folder, settings.baseline);
      else delete settings.baseline;
    }
    maxFileSize = maxFileSizeFrom(raw);
    configureAdvisories({ online: onlineAdvisoriesFrom(raw) });
  } catch (error) {
    connection.console.error(`reading the pyward settings failed: ${describe(error)}`);
    return;
  }
  configuration.updateSettings(effectiveSettings());
  connection.console.info(settingsLine(settings));
  documents.maxFileSize = maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  documents.reconfigureAll();
  notebooks.reconfigureAll();
}

connection.onDidOpenTextDocument(({ textDocument }) => documents.open(textDocument));
connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => documents.change(textDocument, contentChanges));
connection.onDidCloseTextDocument(({ textDocument }) => {
  documents.close(textDocument.uri);
  // Back to what is on disk: the audit's findings for it, if it audited it.
  const uri = URI.parse(textDocument.uri);
  if (uri.scheme === 'file') audit.fileChanged(uri.fsPath, 'changed');
});

connection.onHover(({ textDocument, position }) => hoverAt(published.of(textDocument.uri), position, allRules, { commandLinks }));

connection.onCodeAction(async ({ textDocument, context }) => {
  try {
    if (textDocument.uri.startsWith(`${CELL_SCHEME}:`)) return await notebooks.codeActions(textDocument.uri, context.diagnostics);
    const source = await fixSourceFor(textDocument.uri);
    if (!source) return [];
    if (wantsFixAll(context.only)) {
      const all = await fixAllAction(source);
      return all ? [all] : [];
    }
    if (context.only && !context.only.includes(CodeActionKind.QuickFix)) return [];
    return await codeActionsFor(source, context.diagnostics, { offerSuppression: !configuration.ignoresProjectSuppressions });
  } catch (error) {
    connection.console.error(`code actions for ${textDocument.uri} failed: ${describe(error)}`);
    return [];
  }
});

connection.onExecuteCommand((params, token, workDone) => commands.execute(params, token, workDone));

async function fixSourceFor(uri: string): Promise<FixSource | undefined> {
  const readText = (path: string) => projects.forFile(path).readText(path);
  const python = await documents.python(uri);
  if (python) return skippingBaselined(pythonFixSource(python, readText));
  const text = await documents.textFindingsWithFixes(uri);
  if (!text) return undefined;
  return skippingBaselined({
    document: text.document,
    findingsWithFixes: ({ start, end }) => text.findings.filter((f) => f.start <= end && f.end >= start),
    // JSON has no comments to suppress with.
    suppressionLine: (diagnostic) => (text.document.languageId === 'json' || text.document.uri.endsWith('.json') ? undefined : firstLine(diagnostic)),
    readText,
    findingsOf: text.findingsOf,
  });
}

/** "Fix all" fixes what is shown: the findings the document's baseline records are left alone. */
function skippingBaselined(source: FixSource): FixSource {
  const uri = URI.parse(source.document.uri);
  const baseline = uri.scheme === 'file' ? configuration.forFile(uri.fsPath).baseline : undefined;
  if (baseline === undefined) return source;
  return { ...source, findingsOf: async (text) => notInBaseline(await source.findingsOf(text), text, uri.fsPath, baseline) };
}

async function workspaceFolders(): Promise<string[]> {
  const uris = clientTracksFolders ? ((await connection.workspace.getWorkspaceFolders()) ?? []).map((f) => f.uri) : initialFolders;
  return fileSystemPaths(uris);
}

function fileSystemPaths(uris: readonly string[]): string[] {
  return uris.map((uri) => URI.parse(uri)).filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
}

connection.onShutdown(() => documents.closeAll());

// A bug in one handler must not take the server (and the user's squiggles) down.
process.on('uncaughtException', (error) => connection.console.error(`unexpected error: ${describe(error)}`));
process.on('unhandledRejection', (error) => connection.console.error(`unexpected error: ${describe(error)}`));

connection.listen();

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

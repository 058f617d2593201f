// The VS Code side of Pyward: it starts the language server, connects VS Code to it, and
// gives the server's features a face (commands, progress, notifications, the status bar).
// No analysis happens here: every finding, report and rule comes from the server.
//
// The language client restarts a server that dies (up to 4 times in 3 minutes) and sends it
// the open documents again, so their diagnostics come back.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { commands, type ExtensionContext, type Uri, window, workspace } from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { advisoryData, describeAdvisories, updateAdvisoryDatabase } from './advisories-command';
import { auditWorkspace } from './audit-command';
import { type AuditSummary, type InitializationOptions, PROJECT_SUPPRESSIONS_NOTIFICATION } from '../../server/src/lsp/protocol';
import { showRuleDocumentation } from './rule-docs';
import { exportSarif } from './sarif-export';
import { FindingsStatusBar } from './status-bar';

let client: LanguageClient | undefined;

/** Python source, dependency manifests, workflows, and configuration files that may hold secrets. */
const DOCUMENTS = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { notebook: 'jupyter-notebook', language: 'python' }, // cells (synced by notebook sync), for quick fixes
  { scheme: 'file', language: 'pip-requirements' },
  { scheme: 'file', pattern: '**/{requirements*.txt,requirements/*.txt,*.in,constraints*.txt}' },
  { scheme: 'file', pattern: '**/{pyproject.toml,pylock.toml,pylock.*.toml,setup.cfg,Pipfile}' },
  { scheme: 'file', pattern: '**/{Pipfile.lock,poetry.lock,uv.lock,pdm.lock}' },
  { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/action.{yml,yaml}' },
  { scheme: 'file', pattern: '**/{.env,.env.*,*.env,.pypirc,.npmrc,.netrc}' },
  { scheme: 'file', pattern: '**/*.{ini,cfg,toml,yaml,yml,json}' },
];

/**
 * Files whose changes on disk the server hears of: manifests, lock files and installed
 * distributions change what it derives about a project; every file an audit reads is analysed
 * again (or cleared when deleted) so the Problems panel stays true after an audit.
 */
const WATCHED = [
  '**/{pyproject.toml,setup.cfg,setup.py,Pipfile,Pipfile.lock,poetry.lock,uv.lock,pdm.lock}',
  '**/{requirements*.txt,requirements/*.txt,*.in,constraints*.txt,pylock.toml,pylock.*.toml}',
  '**/site-packages/*.dist-info/METADATA',
  '**/*.{py,pyi,ipynb,txt,toml,cfg,ini,yml,yaml,json,env}',
  '**/{.env,.env.*,Pipfile}',
];

/** What the extension gives other extensions (and the end-to-end tests). */
export interface PywardApi {
  readonly client: LanguageClient;
  /** The status-bar item's text, tooltip and counts. */
  statusBar(): { text: string; tooltip: string; errors: number; warnings: number; infos: number; suppressedByProject: number };
  /** The summary of the last audit run from this window. */
  lastAudit(): AuditSummary | undefined;
}

export async function activate(context: ExtensionContext): Promise<PywardApi> {
  // The packaged extension ships the bundled server (scripts/package-vsix.mjs); a checkout runs the compiled one.
  const bundled = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverModule = existsSync(bundled) ? bundled : context.asAbsolutePath(path.join('out', 'server', 'src', 'lsp', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const storage = context.storageUri ?? context.globalStorageUri;
  const initializationOptions: InitializationOptions = {
    // The audit's content-hash cache is kept in the extension's storage.
    ...(storage.scheme === 'file' ? { storagePath: storage.fsPath } : {}),
    // Restricted Mode: nothing the repository says may silence Pyward.
    ignoreProjectSuppressions: !workspace.isTrusted,
    commandLinks: true,
    // Downloaded advisory data is shared by every window: global storage.
    ...(context.globalStorageUri.scheme === 'file' ? { advisoryCachePath: context.globalStorageUri.fsPath } : {}),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    outputChannelName: 'Pyward',
    initializationOptions,
    // The hover's "More…" runs "Pyward: Show Rule Documentation" (and no other command).
    markdown: { isTrusted: { enabledCommands: ['pyward.showRuleDocumentation'] } },
    // The server reads [tool.pyward] and requires-python from pyproject.toml, what is declared
    // from the manifests and lock files, and what is installed from the environment.
    synchronize: { fileEvents: WATCHED.map((pattern) => workspace.createFileSystemWatcher(pattern)) },
  };
  const languageClient = new LanguageClient('pyward', 'Pyward', serverOptions, clientOptions);
  client = languageClient;

  let lastAudit: AuditSummary | undefined;
  const statusBar = new FindingsStatusBar('pyward.auditWorkspace', !workspace.isTrusted);
  context.subscriptions.push(
    statusBar,
    commands.registerCommand('pyward.auditWorkspace', async () => {
      const summary = await auditWorkspace(languageClient, { showSummary: true });
      if (summary) {
        lastAudit = summary;
        statusBar.audited();
      }
      return summary;
    }),
    workspace.onDidGrantWorkspaceTrust(() => {
      statusBar.setUntrusted(false);
      void languageClient.sendNotification(PROJECT_SUPPRESSIONS_NOTIFICATION, { ignoreProjectSuppressions: false });
    }),
    // `target`: where to write, skipping the save dialog (for scripts and tests).
    commands.registerCommand('pyward.exportSarif', (target?: string | Uri) => exportSarif(languageClient, lastAudit !== undefined, target)),
    commands.registerCommand('pyward.showRuleDocumentation', (ruleId?: string) => showRuleDocumentation(context, languageClient, ruleId)),
    commands.registerCommand('pyward.updateAdvisories', async () => {
      const update = await updateAdvisoryDatabase(languageClient);
      if (update) statusBar.setAdvisoryNote(describeAdvisories(update.data));
      return update;
    }),
  );
  await languageClient.start();
  if (!workspace.isTrusted) void showRestrictedModeNotice();
  void advisoryData(languageClient).then((data) => data && statusBar.setAdvisoryNote(describeAdvisories(data)));
  return {
    client: languageClient,
    statusBar: () => ({ text: statusBar.text, tooltip: statusBar.tooltip, ...statusBar.counts }),
    lastAudit: () => lastAudit,
  };
}

export const RESTRICTED_MODE_NOTICE =
  "Pyward: this workspace is in Restricted Mode, so nothing in it can silence Pyward. Its [tool.pyward] and [tool.bandit] settings and its # nosec, # noqa and # pyward: ignore comments are not applied: what they would hide is shown, marked \"Suppressed by this repository's configuration\".";

async function showRestrictedModeNotice(): Promise<void> {
  const choice = await window.showWarningMessage(RESTRICTED_MODE_NOTICE, 'Audit Workspace', 'Manage Workspace Trust');
  if (choice === 'Audit Workspace') await commands.executeCommand('pyward.auditWorkspace');
  else if (choice === 'Manage Workspace Trust') await commands.executeCommand('workbench.trust.manage');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

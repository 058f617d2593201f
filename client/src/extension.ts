// The VS Code side of Pyward: it starts the language server and connects VS Code to it.
// All analysis lives in the server; the "Pyward: Audit Workspace" command is the server's own
// (declared in its capabilities), which the language client registers.
import * as path from 'node:path';
import { type ExtensionContext, workspace } from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Python source, dependency manifests, workflows, and configuration files that may hold secrets. */
const DOCUMENTS = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { scheme: 'file', language: 'pip-requirements' },
  { scheme: 'file', pattern: '**/{requirements*.txt,requirements/*.txt,*.in,constraints*.txt}' },
  { scheme: 'file', pattern: '**/{pyproject.toml,pylock.toml,pylock.*.toml,setup.cfg,Pipfile}' },
  { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/action.{yml,yaml}' },
  { scheme: 'file', pattern: '**/{.env,.env.*,*.env}' },
  { scheme: 'file', pattern: '**/*.{ini,cfg,toml,yaml,yml,json}' },
];

/** Files whose changes on disk change what the server derives about a project. */
const WATCHED = [
  '**/{pyproject.toml,setup.cfg,setup.py,Pipfile,Pipfile.lock,poetry.lock,uv.lock,pdm.lock}',
  '**/{requirements*.txt,requirements/*.txt,*.in,constraints*.txt,pylock.toml,pylock.*.toml}',
  '**/site-packages/*.dist-info/METADATA',
];

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('out', 'server', 'src', 'lsp', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    outputChannelName: 'Pyward',
    // The server reads [tool.pyward] and requires-python from pyproject.toml, what is declared
    // from the manifests and lock files, and what is installed from the environment.
    synchronize: { fileEvents: WATCHED.map((pattern) => workspace.createFileSystemWatcher(pattern)) },
  };
  client = new LanguageClient('pyward', 'Pyward', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

// The VS Code side of Pyward: it starts the language server and connects VS Code to it.
// All analysis lives in the server; the "Pyward: Audit Workspace" command is the server's own
// (declared in its capabilities), which the language client registers.
import * as path from 'node:path';
import { type ExtensionContext, workspace } from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('out', 'server', 'src', 'lsp', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    outputChannelName: 'Pyward',
    // The server reads [tool.pyward] and requires-python from pyproject.toml.
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/pyproject.toml') },
  };
  client = new LanguageClient('pyward', 'Pyward', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

#!/usr/bin/env node
// The Pyward language server: wires LSP to the engine. Started by the VS Code client over
// Node IPC, or by any editor with --stdio.
import {
  CodeActionKind,
  createConnection,
  type InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { RuleRegistry } from '../engine/registry';
import { toolInfo } from '../report/common';
import { ALL_RULES } from '../rules/index';
import { codeActionsFor } from './code-actions';
import { DocumentStore } from './document-store';

const connection = createConnection(ProposedFeatures.all);
const registry = new RuleRegistry(ALL_RULES);
const documents = new DocumentStore(connection, registry);

connection.onInitialize((): InitializeResult => ({
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  },
  serverInfo: { name: toolInfo().name, version: toolInfo().version },
}));

connection.onDidOpenTextDocument(({ textDocument }) => documents.open(textDocument));
connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => documents.change(textDocument, contentChanges));
connection.onDidCloseTextDocument(({ textDocument }) => documents.close(textDocument.uri));

connection.onCodeAction(async ({ textDocument, context }) => {
  const document = await documents.get(textDocument.uri);
  if (!document) return [];
  try {
    return codeActionsFor(document, context.diagnostics);
  } catch (error) {
    connection.console.error(`code actions for ${textDocument.uri} failed: ${describe(error)}`);
    return [];
  }
});

connection.onShutdown(() => documents.closeAll());

// A bug in one handler must not take the server (and the user's squiggles) down.
process.on('uncaughtException', (error) => connection.console.error(`unexpected error: ${describe(error)}`));
process.on('unhandledRejection', (error) => connection.console.error(`unexpected error: ${describe(error)}`));

connection.listen();

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

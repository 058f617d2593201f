// The diagnostics last published for each document, whoever published them (the open
// documents' analysis, the workspace audit, notebooks): what a hover explains.
import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';

export class PublishedDiagnostics {
  private readonly byUri = new Map<string, readonly Diagnostic[]>();

  /** Records every `textDocument/publishDiagnostics` the connection sends from now on. */
  static recording(connection: Connection): PublishedDiagnostics {
    const published = new PublishedDiagnostics();
    const send = connection.sendDiagnostics.bind(connection);
    connection.sendDiagnostics = (params: PublishDiagnosticsParams) => {
      published.record(params);
      return send(params);
    };
    return published;
  }

  record({ uri, diagnostics }: PublishDiagnosticsParams): void {
    if (diagnostics.length === 0) this.byUri.delete(uri);
    else this.byUri.set(uri, diagnostics);
  }

  of(uri: string): readonly Diagnostic[] {
    return this.byUri.get(uri) ?? [];
  }
}

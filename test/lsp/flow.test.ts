// Data flow in the editor: a finding in one open file appears and disappears as a helper in
// another open file is edited, in the same round; its path is the diagnostic's related
// information, across both files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver';
import { fixturePath } from '../helpers';
import { LspClient, positionAt } from './lsp-client';

const workspace = fixturePath('flow-editor');
const viewsPath = join(workspace, 'app', 'views.py');
const helpersPath = join(workspace, 'app', 'helpers.py');
const viewsUri = URI.file(viewsPath).toString();
const helpersUri = URI.file(helpersPath).toString();
const HELPERS = readFileSync(helpersPath, 'utf8');

let client: LspClient;
before(async () => {
  client = await LspClient.start('stdio', workspace);
});
after(async () => {
  await client.stop();
});

const traced = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.code === 'PW301' && d.relatedInformation?.length);

test('editing a helper in one file makes the flow finding appear, then disappear, in the other', async () => {
  client.open(viewsUri, readFileSync(viewsPath, 'utf8'));
  client.open(helpersUri, HELPERS);
  assert.deepEqual(traced(await client.diagnosticsForCurrentVersion(viewsUri)), [], 'the helper quotes its argument');

  // Remove `shlex.quote(` … `)`: the helper now puts its argument in a shell command.
  const quoted = 'shlex.quote(folder)';
  const at = HELPERS.indexOf(quoted);
  client.change(helpersUri, { start: positionAt(HELPERS, at), end: positionAt(HELPERS, at + quoted.length) }, 'folder');
  const appeared = traced(await client.diagnostics(viewsUri, (published) => traced(published.diagnostics).length > 0));
  assert.equal(appeared.length, 1);
  const [diagnostic] = appeared;
  assert.equal(diagnostic.range.start.line, 9, 'reported at the call in views.py that leads into the helper');
  assert.match(String(diagnostic.message), /^request\.args\["folder"\] \(line 10\) reaches subprocess\.run \(helpers\.py:6\) through archive\(…\): .* \(subprocess-shell-true\)$/);
  const uris = diagnostic.relatedInformation!.map((info) => info.location.uri);
  assert.equal(uris[0], viewsUri);
  assert.equal(uris[uris.length - 1], helpersUri, 'the last step is the sink in helpers.py');
  assert.equal(diagnostic.relatedInformation![uris.length - 1].location.range.start.line, 5);
  // Hover shows the path.
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: viewsUri }, position: diagnostic.range.start })) as Hover;
  const markdown = (hover.contents as MarkupContent).value;
  assert.match(markdown, /\*\*Data flow\*\*/);
  assert.match(markdown, /1\. views\.py:10 — /);
  assert.match(markdown, /helpers\.py:6 — reaches `subprocess\.run`/);

  // Put the quoting back: the finding goes away in views.py.
  const now = client.text(helpersUri);
  const bare = now.indexOf('+ folder') + 2;
  client.change(helpersUri, { start: positionAt(now, bare), end: positionAt(now, bare + 'folder'.length) }, quoted);
  const gone = await client.diagnostics(viewsUri, (published) => traced(published.diagnostics).length === 0);
  assert.deepEqual(traced(gone), []);
});

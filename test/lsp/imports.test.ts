// The supply-chain import rules as an editor sees them: a workspace with manifests, a `.venv`
// and first-party packages; diagnostics for each kind, quick fixes, and re-evaluation when a
// manifest changes in the editor.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { fixturePath } from '../helpers';
import { LspClient, applyTextEdits } from './lsp-client';

const workspace = fixturePath('imports', 'webapp');
const appUri = URI.file(join(workspace, 'src', 'webapp', 'app.py')).toString();
const requirementsUri = URI.file(join(workspace, 'requirements.txt')).toString();

const APP = `import json
import flask
import requests
import yaml
import reqeusts as rq
import gpt_dataframe_autoloader
from webapp import views
from . import views as local_views

print(json, flask, requests, yaml, rq, gpt_dataframe_autoloader, views, local_views)
`;

let client: LspClient;
before(async () => {
  client = await LspClient.start('stdio', workspace);
});
after(async () => {
  await client.stop();
});

function byCode(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}`).sort();
}

test('each import diagnostic kind, none for stdlib and first-party imports', async () => {
  client.open(appUri, APP);
  const diagnostics = await client.diagnosticsForCurrentVersion(appUri);
  // `requests>=2.31` (line 3) is unpinned: requirements.txt says so, once; the import adds nothing.
  assert.deepEqual(byCode(diagnostics), ['PWD201 5', 'PWD202 4', 'PWD204 6']);
  const severity = new Map(diagnostics.map((d) => [d.code, d.severity]));
  assert.equal(severity.get('PWD204'), DiagnosticSeverity.Warning);
  assert.equal(severity.get('PWD202'), DiagnosticSeverity.Warning);
  assert.equal(severity.get('PWD201'), DiagnosticSeverity.Warning);
});

test('the typo quick fix renames the module and keeps the alias', async () => {
  const diagnostic = (await client.diagnosticsForCurrentVersion(appUri)).find((d) => d.code === 'PWD201')!;
  const fix = (await client.codeActions(appUri, diagnostic)).find((a) => a.title.startsWith('Import `requests` instead of `reqeusts` (changes behaviour: '));
  assert.ok(fix, 'rename fix offered');
  client.applyEdit(appUri, fix.edit!.changes![appUri]);
  assert.match(client.text(appUri), /^import requests as rq$/m);
  assert.ok(!byCode(await client.diagnosticsForCurrentVersion(appUri)).some((key) => key.startsWith('PWD201')));
});

test('the undeclared quick fix edits requirements.txt; once the manifest declares it, the finding goes', async () => {
  const diagnostic = (await client.diagnosticsForCurrentVersion(appUri)).find((d) => d.code === 'PWD202')!;
  const fix = (await client.codeActions(appUri, diagnostic)).find((a) => a.title === 'Add `PyYAML==6.0.1` to requirements.txt');
  assert.ok(fix, 'manifest fix offered');
  const change = fix.edit!.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === requirementsUri);
  assert.ok(change && 'edits' in change, 'the fix edits requirements.txt');
  const edits = change.edits.filter((edit): edit is TextEdit => 'range' in edit);
  const requirements = applyTextEdits(readFileSync(join(workspace, 'requirements.txt'), 'utf8'), edits);
  assert.equal(requirements, 'flask==3.0.3\nrequests>=2.31\nPyYAML==6.0.1\n');
  // The editor applies it to requirements.txt (open, unsaved): the open Python file is re-evaluated.
  client.open(requirementsUri, requirements, 'pip-requirements');
  const after = await client.diagnostics(appUri, (published) => !published.diagnostics.some((d) => d.code === 'PWD202'));
  const codes = byCode(after);
  // Line 5 is now `import requests as rq`: declared (with a range, reported in requirements.txt).
  assert.deepEqual(codes, ['PWD204 6']);
});

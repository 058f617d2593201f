// Settings and pyproject.toml reach the analysis of open documents without a reload.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { LspClient } from './lsp-client';

const TEXT = 'import yaml, requests\nconfig = yaml.load(open("c.yml"))\nrequests.get("https://example.com")\n';
const clients: LspClient[] = [];
after(async () => {
  for (const client of clients) await client.stop();
});

test('changing a setting re-analyses open documents', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pyward-lsp-settings-'));
  const client = await LspClient.start('ipc', workspace, { rules: { severity: { PW104: 'low' } } });
  clients.push(client);
  const uri = URI.file(join(workspace, 'app.py')).toString();
  client.open(uri, TEXT);
  const initial = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'PW104' && d.severity === DiagnosticSeverity.Information));
  assert.deepEqual(initial.map((d) => d.code).sort(), ['PW104', 'PW506']);
  client.changeSettings({ rules: { disable: ['request-without-timeout'] } });
  const after = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
  assert.equal(after[0].code, 'PW104');
  assert.equal(after[0].severity, DiagnosticSeverity.Error);
});

test('editing pyproject.toml re-analyses open documents with the project\'s rules', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'pyward-lsp-pyproject-'));
  const client = await LspClient.start('stdio', workspace, {});
  clients.push(client);
  const uri = URI.file(join(workspace, 'app.py')).toString();
  client.open(uri, TEXT);
  await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
  writeFileSync(join(workspace, 'pyproject.toml'), '[tool.bandit]\nskips = ["B506"]\n');
  client.fileChanged(URI.file(join(workspace, 'pyproject.toml')).toString());
  const after = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
  assert.equal(after[0].code, 'PW506');
});

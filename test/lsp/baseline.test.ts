// The editor honours baselines: `pyward.baseline` and `[tool.pyward] baseline` hide the findings
// a baseline records in open documents, and only those.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { runCli } from '../cli/run-cli';
import type { AuditSummary } from '../../server/src/lsp/protocol';
import { LspClient } from './lsp-client';

const TEXT = 'import yaml, requests\nconfig = yaml.load(open("c.yml"))\nrequests.get("https://example.com")\n';
const EDITED = `# moved down a line\n${TEXT}other = yaml.load(open("d.yml"))\n`;
const clients: LspClient[] = [];
after(async () => {
  for (const client of clients) await client.stop();
});

function workspaceWithBaseline(files: Record<string, string> = {}): string {
  const workspace = mkdtempSync(join(tmpdir(), 'pyward-lsp-baseline-'));
  writeFileSync(join(workspace, 'app.py'), TEXT);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(workspace, path), text);
  const run = runCli(['audit', '.', '--write-baseline', 'pyward-baseline.json'], { cwd: workspace });
  assert.equal(run.status, 0, run.stderr);
  return workspace;
}

/**
 * A workspace whose pyproject.toml names the baseline and a client on it; app.py holds the
 * edited text on disk (for the audit) or open in the editor.
 */
async function clientWithProjectBaseline(transport: 'stdio' | 'ipc', edited: 'on disk' | 'open'): Promise<{ client: LspClient; uri: string }> {
  const workspace = workspaceWithBaseline({ 'pyproject.toml': '[tool.pyward]\nbaseline = "pyward-baseline.json"\n' });
  if (edited === 'on disk') writeFileSync(join(workspace, 'app.py'), EDITED);
  const client = await LspClient.start(transport, workspace, {});
  clients.push(client);
  const uri = URI.file(join(workspace, 'app.py')).toString();
  if (edited === 'open') client.open(uri, EDITED);
  return { client, uri };
}

test('pyward.baseline: only findings not in the baseline are shown, even after lines move', async () => {
  const workspace = workspaceWithBaseline();
  const client = await LspClient.start('stdio', workspace, { baseline: 'pyward-baseline.json' });
  clients.push(client);
  const uri = URI.file(join(workspace, 'app.py')).toString();
  client.open(uri, EDITED);
  const shown = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(shown.map((d) => `${d.range.start.line}:${d.code}`), ['4:PW104']);
  client.changeSettings({ baseline: '' });
  const all = await client.diagnostics(uri, (p) => p.diagnostics.length === 3);
  assert.deepEqual(all.map((d) => d.code).sort(), ['PW104', 'PW104', 'PW506']);
});

test('[tool.pyward] baseline in pyproject.toml applies to open documents', async () => {
  const { client, uri } = await clientWithProjectBaseline('ipc', 'open');
  const shown = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(shown.map((d) => `${d.range.start.line}:${d.code}`), ['4:PW104']);
});

test('Audit Workspace publishes, for files not open, only the findings not in the baseline', async () => {
  const { client, uri } = await clientWithProjectBaseline('ipc', 'on disk');
  const published = client.diagnostics(uri);
  await client.executeCommand('pyward.server.auditWorkspace');
  assert.deepEqual((await published).map((d) => `${d.range.start.line}:${d.code}`), ['4:PW104']);
});

test('the Audit Workspace summary counts only the findings shown, and says how many the baseline hid', async () => {
  const { client } = await clientWithProjectBaseline('ipc', 'on disk');
  const summary = (await client.executeCommand('pyward.server.auditWorkspace')) as AuditSummary;
  assert.equal(summary.findings, 1);
  assert.deepEqual(summary.bySeverity, { high: 1, medium: 0, low: 0 });
  assert.equal(summary.byDiagnosticSeverity.errors + summary.byDiagnosticSeverity.warnings + summary.byDiagnosticSeverity.infos, 1);
  assert.equal(summary.baselined, 2);
  assert.match(client.messages.at(-1) ?? '', /: 1 finding: .* 2 findings in the baseline not shown\./);
});

test('"Fix all" leaves the findings the baseline hides alone, on save and for one rule', async () => {
  const { client, uri } = await clientWithProjectBaseline('stdio', 'open');
  const [shown] = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  // One PW104 is shown: no "Fix all PW104 problems" that would fix the hidden one too.
  assert.deepEqual((await client.codeActions(uri, shown)).map((a) => a.title).filter((t) => t.startsWith('Fix all')), []);
  const [all] = await client.codeActionsOfKind(uri, ['source.fixAll.pyward']);
  assert.match(all.title, /\(1\)$/);
  client.applyEdit(uri, all.edit!.changes![uri]);
  assert.equal(client.text(uri), EDITED.replace('other = yaml.load(', 'other = yaml.safe_load('));
});

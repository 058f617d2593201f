// Privacy: a secret's value never leaves the finding. A workspace full of fake secrets (every
// provider format, in Python, .env and YAML) is audited by the CLI in every format and by the
// language server (diagnostics, hovers, code action titles, logs, messages, the audit and its
// SARIF), and none of those outputs holds any part of a value beyond its masked prefix.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { runCli } from '../cli/run-cli';
import { fakeSecrets } from '../unit/secrets-fakes';
import { LspClient } from './lsp-client';

const secrets = Object.entries(fakeSecrets(20261122));
let workspace: string;

/** Pieces of a value that must never be shown: every 8-character window of its random part. */
function forbiddenPieces(value: string): string[] {
  // A PEM block's random part is its body, not the BEGIN/END labels.
  const body = value.includes('PRIVATE KEY') ? value.split('\n')[1] : value.slice(-16);
  const pieces: string[] = [];
  for (let i = 0; i + 8 <= body.length; i++) pieces.push(body.slice(i, i + 8));
  return pieces;
}

function leaks(output: string): string[] {
  const found: string[] = [];
  for (const [name, value] of secrets) {
    const piece = forbiddenPieces(value).find((p) => output.includes(p));
    if (piece) found.push(`${name} (${piece})`);
  }
  return found;
}

function pythonName(name: string): string {
  return `${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_SECRET`;
}

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-masking-'));
  const python = secrets.map(([name, value]) => (value.includes('\n') ? `${pythonName(name)} = """${value}"""` : `${pythonName(name)} = "${value}"`));
  writeFileSync(join(workspace, 'settings.py'), `${python.join('\n')}\n`);
  const dotenv = secrets.filter(([, value]) => !value.includes('\n')).map(([name, value]) => `${pythonName(name)}=${value}`);
  writeFileSync(join(workspace, '.env'), `${dotenv.join('\n')}\n`);
  const yaml = secrets.filter(([, value]) => !value.includes('\n')).map(([name, value]) => `${name}: "${value}"`);
  writeFileSync(join(workspace, 'deploy.yaml'), `${yaml.join('\n')}\n`);
});

after(() => rmSync(workspace, { recursive: true, force: true }));

test('the fake secrets are found (so the checks below look at real findings)', () => {
  const run = runCli(['audit', workspace, '--format', 'json', '--fail-on', 'never']);
  const report = JSON.parse(run.stdout) as { findings: { path: string; startLine: number }[] };
  const linesWithFindings = new Set(report.findings.filter((f) => f.path === 'settings.py').map((f) => f.startLine));
  // Nearly every line of settings.py is a secret the audit must report.
  assert.ok(linesWithFindings.size >= secrets.length - 3, `only ${linesWithFindings.size} of ${secrets.length} secrets in settings.py were reported`);
  assert.ok(report.findings.some((f) => f.path === '.env') && report.findings.some((f) => f.path === 'deploy.yaml'));
});

test('the CLI shows no secret in text, JSON or SARIF output, nor on stderr', () => {
  for (const format of ['text', 'json', 'sarif']) {
    const run = runCli(['audit', workspace, '--format', format, '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(leaks(run.stdout + run.stderr), [], `${format} output`);
  }
});

test('the language server shows no secret in diagnostics, hovers, fix titles, logs, messages or the audit', async () => {
  const client = await LspClient.start('stdio', workspace);
  const seen: string[] = [];
  try {
    for (const [file, languageId] of [['settings.py', 'python'], ['.env', 'dotenv'], ['deploy.yaml', 'yaml']] as const) {
      const path = join(workspace, file);
      const uri = URI.file(path).toString();
      const { readFileSync } = await import('node:fs');
      client.open(uri, readFileSync(path, 'utf8'), languageId);
      const diagnostics = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
      seen.push(JSON.stringify(diagnostics));
      for (const diagnostic of diagnostics) {
        const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start })) as Hover | null;
        seen.push(JSON.stringify(hover));
        const actions = await client.codeActions(uri, diagnostic);
        seen.push(actions.map((action) => action.title).join('\n'));
      }
    }
    const commands = (await client.initializeResult()).capabilities.executeCommandProvider?.commands ?? [];
    const audit = commands.find((command) => command.toLowerCase().includes('audit') && !command.toLowerCase().includes('cancel'));
    assert.ok(audit);
    seen.push(JSON.stringify(await client.executeCommand(audit)));
    const sarif = commands.find((command) => command.toLowerCase().includes('sarif'));
    if (sarif) seen.push(JSON.stringify(await client.executeCommand(sarif)));
  } finally {
    await client.stop();
  }
  seen.push(client.logs.join('\n'), client.messages.join('\n'));
  assert.ok(seen.join('').length > 10_000, 'the outputs were collected');
  assert.deepEqual(leaks(seen.join('\n')), []);
});

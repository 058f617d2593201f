// Privacy: with the default configuration Pyward opens no socket, resolves no host name and
// fetches nothing — not the CLI, not its worker threads, not the language server. Both run
// under a guard (test/support/network-guard.cjs) that records and refuses every attempt.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { fileKindOf } from '../../server/src/engine/file-kind';
import { repoRoot } from '../helpers';
import { runCli } from '../cli/run-cli';
import { LspClient } from './lsp-client';

const guard = join(repoRoot, 'test', 'support', 'network-guard.cjs');
let workspace: string;
let log: string;

function guardedEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PYWARD_NETWORK_LOG: log };
}

function attempts(): string {
  return existsSync(log) ? readFileSync(log, 'utf8') : '';
}

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-offline-'));
  cpSync(join(repoRoot, 'examples', 'vulnerable-app'), workspace, { recursive: true });
  // Enough files that the audit runs on worker threads, whose network use must be seen too.
  for (let i = 0; i < 48; i++) writeFileSync(join(workspace, `module_${i}.py`), `import pickle\n\ndef load(data):\n    return pickle.loads(data)\n`);
  log = join(workspace, '..', `${workspace.split(/[\\/]/).pop()}-network.log`);
});

after(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(log, { force: true });
});

test('the guard itself catches a connection attempt (so the tests below can fail)', () => {
  const probe = spawnSync(process.execPath, ['--require', guard, '-e', "try { require('node:net').connect(9, '127.0.0.1') } catch {}"], { env: guardedEnv(), encoding: 'utf8' });
  assert.equal(probe.status, 0, probe.stderr);
  assert.match(attempts(), /net\.Socket#connect/);
  rmSync(log);
});

test('pyward audit (text, JSON, SARIF; worker threads) makes no network access', () => {
  for (const format of ['text', 'json', 'sarif']) {
    const run = runCli(['audit', workspace, '--format', format, '--jobs', '2', '--fail-on', 'never'], { nodeArgs: ['--require', guard], env: guardedEnv() });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.length > 0);
  }
  assert.equal(attempts(), '', 'network access attempted');
});

test('the language server (open documents of every kind, fixes, workspace audit) makes no network access', async () => {
  const client = await LspClient.start('stdio', workspace, undefined, ['--require', guard], guardedEnv());
  try {
    const opened: string[] = [];
    for (const name of readdirSync(workspace)) {
      const path = join(workspace, name);
      const kind = fileKindOf(path);
      if (!kind || kind === 'notebook') continue;
      const uri = URI.file(path).toString();
      client.open(uri, readFileSync(path, 'utf8'), kind === 'python' ? 'python' : 'plaintext');
      opened.push(uri);
    }
    const app = URI.file(join(workspace, 'app.py')).toString();
    const diagnostics = await client.diagnostics(app, (p) => p.diagnostics.length > 0);
    for (const diagnostic of diagnostics) await client.codeActions(app, diagnostic);
    const commands = (await client.initializeResult()).capabilities.executeCommandProvider?.commands ?? [];
    const audit = commands.find((command) => command.toLowerCase().includes('audit'));
    assert.ok(audit, `the server offers an audit command: ${commands.join(', ')}`);
    await client.executeCommand(audit);
    assert.ok(opened.length > 5);
  } finally {
    await client.stop();
  }
  assert.equal(attempts(), '', 'network access attempted');
});

// The .vsix ships nothing unexpected: every entry is on scripts/vsix-allowlist.txt, nothing is
// a source, a source map or a test, and what the extension needs to run is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers';

function patternToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('**')
    .map((part) => part.split('*').map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

function allowList(): RegExp[] {
  return readFileSync(join(repoRoot, 'scripts', 'vsix-allowlist.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(patternToRegExp);
}

test('the allow-list patterns mean what they say', () => {
  assert.ok(patternToRegExp('extension/docs/rules/*.md').test('extension/docs/rules/PW101.md'));
  assert.ok(!patternToRegExp('extension/docs/rules/*.md').test('extension/docs/rules/x/PW101.md'));
  assert.ok(patternToRegExp('extension/out/server/**.js').test('extension/out/server/src/lsp/server.js'));
  assert.ok(!patternToRegExp('extension/out/server/**.js').test('extension/out/server/src/lsp/server.ts'));
  assert.ok(patternToRegExp('[Content_Types].xml').test('[Content_Types].xml'));
});

/** The bundled language server, unpacked from the .vsix and started alone, analyses a Python file and a manifest. */
async function packagedServerWorks(vsix: string, dir: string): Promise<void> {
  const { extractZip } = (await import(pathToFileURL(join(repoRoot, 'scripts', 'list-vsix.mjs')).href)) as { extractZip(buffer: Buffer, dir: string): void };
  extractZip(readFileSync(vsix), dir);
  const server = spawn(process.execPath, [join(dir, 'extension', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const published = new Map<string, string[]>();
  const both = new Promise<void>((resolve) => {
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: { code?: string | number }[] }) => {
      published.set(params.uri.split('/').pop()!, params.diagnostics.map((d) => String(d.code)));
      if (published.has('app.py') && published.has('requirements.txt')) resolve();
    });
  });
  connection.listen();
  try {
    const root = URI.file(dir).toString();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: root, capabilities: {} });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: `${root}/app.py`, languageId: 'python', version: 1, text: 'import pickle\npickle.loads(blob)\n' } });
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: `${root}/requirements.txt`, languageId: 'pip-requirements', version: 1, text: 'colourama==0.4.6\n' } });
    await Promise.race([both, new Promise((_, reject) => setTimeout(() => reject(new Error(`the packaged server published only ${JSON.stringify([...published])}`)), 20_000))]);
    assert.deepEqual(published.get('app.py'), ['PW101']);
    assert.deepEqual(published.get('requirements.txt'), ['PWD101']);
  } finally {
    connection.dispose();
    server.kill();
  }
}

test('every entry of the packaged .vsix is on the allow-list, and what it needs is there, and its server runs', async (t) => {
  if (!existsSync(join(repoRoot, 'out', 'server', 'src', 'lsp', 'server.js'))) {
    t.skip('the extension is not built (npm run build)');
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'pyward-vsix-test-'));
  try {
    const vsix = join(scratch, 'pyward.vsix');
    const packaged = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'package-vsix.mjs'), '--out', vsix], { encoding: 'utf8' });
    assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
    const listed = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'list-vsix.mjs'), vsix], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const entries = listed.stdout.split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/).slice(1).join(' '));
    const allowed = allowList();
    const unexpected = entries.filter((entry) => !allowed.some((pattern) => pattern.test(entry)));
    assert.deepEqual(unexpected, [], 'entries not on scripts/vsix-allowlist.txt');
    assert.deepEqual(entries.filter((entry) => /\.(ts|map)$|(^|\/)(tests?|src\/test|fixtures)\//.test(entry) && !entry.includes('/node_modules/')), []);
    assert.ok(!entries.some((entry) => entry.startsWith('extension/bench-corpus/') || entry.startsWith('extension/examples/') || entry.startsWith('extension/scripts/')));
    for (const needed of ['extension/package.json', 'extension/README.md', 'extension/CHANGELOG.md', 'extension/grammars/tree-sitter-python.wasm', 'extension/grammars/tree-sitter-toml.wasm', 'extension/grammars/tree-sitter-yaml.wasm']) {
      assert.ok(entries.includes(needed), `${needed} is missing`);
    }
    assert.ok(entries.includes('extension/LICENSE') || entries.includes('extension/LICENSE.txt'), 'no LICENSE');
    assert.ok(entries.includes('extension/dist/server.js') || entries.includes('extension/out/server/src/lsp/server.js'), 'no language server');
    assert.ok(entries.includes('extension/dist/client.js') || entries.includes('extension/out/client/src/extension.js'), 'no client');
    const size = statSync(vsix).size;
    console.log(`# ${vsix.split('/').pop()}: ${(size / 1024 / 1024).toFixed(2)} MiB, ${entries.length} entries`);
    await packagedServerWorks(vsix, join(scratch, 'unpacked'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

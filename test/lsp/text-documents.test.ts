// Documents that are not Python source, and documents too large to analyse, through the protocol.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient } from './lsp-client';

let workspace: string;
let client: LspClient;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-text-'));
  mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true });
  client = await LspClient.start('stdio', workspace);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

const WORKFLOW = `name: ci
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - run: echo "\${{ github.event.head_commit.message }}"
`;

test('a workflow file gets its diagnostics and its fix, applied as an editor does, clears them', async () => {
  const uri = URI.file(join(workspace, '.github', 'workflows', 'ci.yml')).toString();
  client.open(uri, WORKFLOW, 'yaml');
  const diagnostics = await client.diagnosticsForCurrentVersion(uri);
  const injection = diagnostics.find((d) => d.code === 'PWA003');
  assert.ok(injection, JSON.stringify(diagnostics));
  assert.equal(injection.range.start.line, 9);
  const actions = await client.codeActions(uri, injection);
  const fix = actions.find((action) => action.edit?.changes?.[uri] && !action.title.startsWith('Suppress'));
  assert.ok(fix, actions.map((a) => a.title).join(', '));
  const version = client.applyEdit(uri, fix.edit!.changes![uri]);
  const after = await client.diagnostics(uri, (p) => p.version === version);
  assert.deepEqual(after.filter((d) => d.code === 'PWA003'), []);
  assert.match(client.text(uri), /env:/);
  const suppress = actions.find((action) => action.title.startsWith('Suppress PWA003'));
  assert.ok(suppress, 'a YAML finding can be suppressed with a # comment');
});

test('a document over the size limit is not analysed, is reported once, and the server stays responsive', async () => {
  const huge = URI.file(join(workspace, 'huge.py')).toString();
  // 50 MB on one line: what a minified or generated file can look like.
  client.open(huge, `x = "${'a'.repeat(50 * 1024 * 1024)}"; import pickle; pickle.loads(x)`);
  assert.deepEqual(await client.diagnosticsForCurrentVersion(huge), []);
  const small = URI.file(join(workspace, 'small.py')).toString();
  client.open(small, 'import pickle\npickle.loads(b)\n');
  const diagnostics = await client.diagnosticsForCurrentVersion(small);
  assert.deepEqual(diagnostics.map((d) => d.code), ['PW101']);
  assert.equal(client.logs.filter((line) => line.includes('huge.py') && line.includes('too large')).length, 1, client.logs.join('\n'));
});

test('a type stub (.pyi) opened in the editor is not analysed: nothing in it runs', async () => {
  const stub = URI.file(join(workspace, 'typings', 'loader.pyi')).toString();
  client.open(stub, 'import pickle\nimport subprocess\ndef load(data: bytes) -> object: ...\nx = pickle.loads(b"")\n');
  const module = URI.file(join(workspace, 'loader.py')).toString();
  client.open(module, 'import pickle\npickle.loads(b)\n');
  // The module opened after the stub is analysed; the stub never gets diagnostics.
  assert.deepEqual((await client.diagnosticsForCurrentVersion(module)).map((d) => d.code), ['PW101']);
  assert.equal(client.published(stub), undefined);
});

// The advisory findings as an editor sees them: a vulnerable pin in an open requirements file
// and in a lock file gets a diagnostic whose hover lists every advisory (IDs, aliases, CVSS,
// first fix) and the data's date, above the rule's documentation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic, Hover, MarkupContent, Position } from 'vscode-languageserver';
import { LspClient } from './lsp-client';

async function openAndWait(uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
  client.open(uri, text, languageId);
  return client.diagnosticsForCurrentVersion(uri);
}

function hover(uri: string, position: Position): Promise<Hover | null> {
  return client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>;
}

let folder: string;
let cache: string;
let client: LspClient;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'pyward-lsp-advisories-'));
  // An empty cache: the shipped snapshot is what the editor uses.
  cache = mkdtempSync(join(tmpdir(), 'pyward-lsp-advisory-cache-'));
  writeFileSync(join(folder, 'pyproject.toml'), '[project]\nname = "app"\nversion = "1"\n');
  client = await LspClient.start('stdio', folder, undefined, [], { ...process.env, PYWARD_CACHE_DIR: cache });
});

after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

test('a vulnerable pin: one-sentence message, every advisory and the data date on hover', async () => {
  const uri = URI.file(join(folder, 'requirements.txt')).toString();
  const diagnostics = await openAndWait(uri, 'pip-requirements', 'PyYAML==3.12\n');
  const vulnerable = diagnostics.filter((d) => d.code === 'PWD301');
  assert.equal(vulnerable.length, 1);
  assert.doesNotMatch(String(vulnerable[0].message), /\n/);
  const shown = await hover(uri, vulnerable[0].range.start);
  const text = (shown?.contents as MarkupContent).value;
  assert.match(text, /PyYAML 3\.12: 2 advisories\*\* \(data of 2024-10-10, shipped snapshot\)/);
  assert.match(text, /PYSEC-2018-49.*CVE-2017-18342.*fixed in 5\.1/);
  assert.match(text, /PYSEC-2021-142.*CVE-2020-14343.*fixed in 5\.4/);
  assert.match(text, /\*\*vulnerable-dependency\*\* \(PWD301\): Dependency version with a known vulnerability/);
});

test('a pin that exists only in a lock file is reported on its entry', async () => {
  const uri = URI.file(join(folder, 'poetry.lock')).toString();
  const text = '[[package]]\nname = "jinja2"\nversion = "2.9.6"\n\n[[package]]\nname = "click"\nversion = "8.1.7"\n';
  const diagnostics = await openAndWait(uri, 'toml', text);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['PWD301', 2, 11]]);
});

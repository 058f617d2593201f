// Quick fixes as an editor meets them: the secrets fixes for every shape of hardcoded secret
// reach the light bulb; "Fix all" (source.fixAll.pyward, run on save) applies safe fixes only;
// "Fix all RULE problems in this file" appears when a rule has several fixable findings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { CodeAction } from 'vscode-languageserver';
import { parsesCleanly } from '../helpers';
import { LspClient } from './lsp-client';

let client: LspClient;
let workspace: string;
before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-fixes-'));
  writeFileSync(join(workspace, 'pyproject.toml'), '[project]\nname = "shop"\nversion = "1.0"\n');
  client = await LspClient.start('stdio', workspace);
});
after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

function uriOf(name: string): string {
  return URI.file(join(workspace, name)).toString();
}

async function actionsFor(uri: string, ruleId: string, line: number): Promise<CodeAction[]> {
  const diagnostics = await client.diagnosticsForCurrentVersion(uri);
  const diagnostic = diagnostics.find((d) => d.code === ruleId && d.range.start.line === line);
  assert.ok(diagnostic, `no ${ruleId} on line ${line + 1}: ${diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`).join(', ')}`);
  return client.codeActions(uri, diagnostic);
}

describe('secrets fixes reach the light bulb, whatever the shape of the secret', () => {
  const APP = [
    'from flask import Flask',
    '',
    'app = Flask(__name__)',
    'API_TOKEN = "tok_9Xr2Lq7Vb1Zz"',
    "app.secret_key = '8f42a73054b1749f8f58848be5e6502c'",
    "app.config['SECRET_KEY'] = '8f42a73054b1749f8f58848be5e6502d'",
    "DATABASE = {'user': 'shop', 'password': 'Sup3r-s3cret!'}",
    '',
  ].join('\n');
  const shapes = [
    { shape: 'module constant', ruleId: 'PWS001', line: 3, expression: 'os.environ["API_TOKEN"]' },
    { shape: 'attribute', ruleId: 'PW811', line: 4, expression: 'os.environ["SECRET_KEY"]' },
    { shape: 'subscript', ruleId: 'PW811', line: 5, expression: 'os.environ["SECRET_KEY"]' },
    { shape: 'dictionary entry', ruleId: 'PWS001', line: 6, expression: 'os.environ["PASSWORD"]' },
  ];
  for (const { shape, ruleId, line, expression } of shapes) {
    test(`${shape}: "Read from environment" and "Move to .env", both unsafe, neither preferred`, async () => {
      const uri = uriOf(`secrets_${shape.replace(/ /g, '_')}.py`);
      client.open(uri, APP);
      const actions = await actionsFor(uri, ruleId, line);
      const titles = actions.map((a) => a.title);
      const read = actions.find((a) => a.title.startsWith(`Read from environment (${expression}) (changes behaviour: KeyError`));
      const move = actions.find((a) => a.title.startsWith(`Move to .env (${expression})`));
      assert.ok(read, `offered: ${titles.join(' | ')}`);
      assert.ok(move, `offered: ${titles.join(' | ')}`);
      assert.match(move.title, /changes behaviour: KeyError at start-up unless the app loads \.env/);
      assert.equal(read.isPreferred, false);
      assert.equal(move.isPreferred, false);
      client.applyEdit(uri, read.edit!.changes![uri]);
      // `import os` goes in the standard library's section, before the third-party imports.
      assert.ok(client.text(uri).startsWith('import os\n\nfrom flask import Flask\n'), client.text(uri));
      const fixed = client.text(uri).split('\n');
      assert.ok(fixed[line + 2].includes(expression), fixed[line + 2]);
      assert.ok(await parsesCleanly(client.text(uri)));
      assert.ok(!(await client.diagnosticsForCurrentVersion(uri)).some((d) => d.code === ruleId && d.range.start.line === line + 2));
      client.close(uri);
    });
  }
});

describe('fix all', () => {
  const CONFIG = [
    'import requests',
    'import yaml',
    '',
    '',
    'def load(path, blob):',
    '    settings = yaml.load(open(path))',
    '    extra = yaml.load(blob)',
    '    return settings, extra, requests.get("https://example.com/health")',
    '',
  ].join('\n');

  test('the server advertises source.fixAll.pyward', async () => {
    const kinds = (await client.initializeResult()).capabilities.codeActionProvider;
    assert.ok(typeof kinds === 'object' && kinds.codeActionKinds?.includes('source.fixAll.pyward'));
  });

  test('source.fixAll applies every safe fix and leaves unsafe ones (adding a timeout) alone', async () => {
    const uri = uriOf('fix_all.py');
    client.open(uri, CONFIG);
    assert.deepEqual((await client.diagnosticsForCurrentVersion(uri)).map((d) => d.code).sort(), ['PW104', 'PW104', 'PW506']);
    const actions = await client.codeActionsOfKind(uri, ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.pyward');
    client.applyEdit(uri, actions[0].edit!.changes![uri]);
    assert.equal(client.text(uri), CONFIG.replace('yaml.load(open(path))', 'yaml.safe_load(open(path))').replace('yaml.load(blob)', 'yaml.safe_load(blob)'));
    assert.deepEqual((await client.diagnosticsForCurrentVersion(uri)).map((d) => d.code), ['PW506']);
    // Nothing safe is left to do: no action, rather than an empty one.
    assert.deepEqual(await client.codeActionsOfKind(uri, ['source.fixAll.pyward']), []);
    client.close(uri);
  });

  test('other source kinds are not answered with fix all', async () => {
    const uri = uriOf('organize.py');
    client.open(uri, CONFIG);
    await client.diagnosticsForCurrentVersion(uri);
    assert.deepEqual(await client.codeActionsOfKind(uri, ['source.organizeImports']), []);
    client.close(uri);
  });

  test('"Fix all PW104 problems in this file" appears with two fixable findings, and fixes both', async () => {
    const uri = uriOf('fix_rule.py');
    client.open(uri, CONFIG);
    const actions = await actionsFor(uri, 'PW104', 5);
    const all = actions.find((a) => a.title === 'Fix all PW104 problems in this file (2)');
    assert.ok(all, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(all.kind, 'quickfix');
    client.applyEdit(uri, all.edit!.changes![uri]);
    assert.equal((client.text(uri).match(/yaml\.safe_load\(/g) ?? []).length, 2);
    assert.match(client.text(uri), /requests\.get\("https:\/\/example\.com\/health"\)\n/);
    client.close(uri);
  });

  test('no "Fix all" for a rule with one finding, nor for a rule whose fixes are unsafe', async () => {
    const uri = uriOf('single.py');
    client.open(uri, CONFIG.replace('    extra = yaml.load(blob)\n', '    extra = requests.get(blob)\n'));
    const yamlActions = await actionsFor(uri, 'PW104', 5);
    assert.ok(!yamlActions.some((a) => a.title.startsWith('Fix all')), yamlActions.map((a) => a.title).join(' | '));
    const timeoutActions = await actionsFor(uri, 'PW506', 6);
    assert.ok(!timeoutActions.some((a) => a.title.startsWith('Fix all')), timeoutActions.map((a) => a.title).join(' | '));
    client.close(uri);
  });
});

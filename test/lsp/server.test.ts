// The language server as an editor sees it: real process, real protocol, incremental edits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { parsesCleanly } from '../helpers';
import { LspClient, positionAt } from './lsp-client';

const CONFIG = `import yaml


def read_settings(data):
    return yaml.load(data)
`;

for (const transport of ['stdio', 'ipc'] as const) {
  describe(`language server over ${transport}`, () => {
    let client: LspClient;
    before(async () => {
      client = await LspClient.start(transport);
    });
    after(async () => {
      await client.stop();
    });

    test('publishes a diagnostic with the rule ID, its documentation, source and severity', async () => {
      const uri = `file:///${transport}/settings.py`;
      client.open(uri, CONFIG);
      const [diagnostic, ...rest] = await client.diagnosticsForCurrentVersion(uri);
      assert.equal(rest.length, 0);
      assert.equal(diagnostic.code, 'PW104');
      assert.equal(diagnostic.source, 'pyward');
      assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
      assert.match(diagnostic.codeDescription!.href, /PW104/);
      assert.match(String(diagnostic.message), /safe_load/);
      const start = CONFIG.indexOf('yaml.load(data)');
      assert.deepEqual(diagnostic.range, { start: positionAt(CONFIG, start), end: positionAt(CONFIG, start + 'yaml.load(data)'.length) });
    });

    test('incremental edits update the findings: a safe loader clears it, a mention in a comment adds none', async () => {
      const uri = `file:///${transport}/edits.py`;
      client.open(uri, CONFIG);
      assert.equal((await client.diagnosticsForCurrentVersion(uri)).length, 1);
      const at = positionAt(client.text(uri), client.text(uri).indexOf('load(data)') + 'load(data'.length);
      client.change(uri, { start: at, end: at }, ', Loader=yaml.SafeLoader');
      assert.deepEqual(await client.diagnosticsForCurrentVersion(uri), []);

      const end = positionAt(client.text(uri), client.text(uri).length);
      client.change(uri, { start: end, end }, '\n# never call yaml.load(data) here\nHELP = "yaml.load(data) is unsafe"\n');
      assert.deepEqual(await client.diagnosticsForCurrentVersion(uri), []);

      // Typing the unsafe call back, one keystroke at a time.
      const line = '\nyaml.load(open("x"))';
      for (const ch of line) {
        const tail = positionAt(client.text(uri), client.text(uri).length);
        client.change(uri, { start: tail, end: tail }, ch);
      }
      const diagnostics = await client.diagnosticsForCurrentVersion(uri);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['PW104', 9]]);
    });

    test('the quick fix is applied like an editor does, the finding disappears and the code still parses', async () => {
      const uri = `file:///${transport}/fix.py`;
      client.open(uri, CONFIG);
      const [diagnostic] = await client.diagnosticsForCurrentVersion(uri);
      const actions = await client.codeActions(uri, diagnostic);
      const fix = actions.find((a) => a.title === 'Use safe_load');
      assert.ok(fix, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(fix.isPreferred, true);
      client.applyEdit(uri, fix.edit!.changes![uri]);
      assert.equal(client.text(uri), CONFIG.replace('yaml.load(data)', 'yaml.safe_load(data)'));
      assert.deepEqual(await client.diagnosticsForCurrentVersion(uri), []);
      assert.ok(await parsesCleanly(client.text(uri)));
    });

    test('"suppress on this line" writes our ignore comment, which the analysis honours', async () => {
      const uri = `file:///${transport}/suppress.py`;
      client.open(uri, CONFIG);
      const [diagnostic] = await client.diagnosticsForCurrentVersion(uri);
      const suppress = (await client.codeActions(uri, diagnostic)).find((a) => a.title === 'Suppress PW104 on this line');
      assert.ok(suppress);
      client.applyEdit(uri, suppress.edit!.changes![uri]);
      assert.match(client.text(uri), /return yaml\.load\(data\)  # pyward: ignore\[PW104\]\n/);
      assert.deepEqual(await client.diagnosticsForCurrentVersion(uri), []);
    });

    test('a burst of changes ends with diagnostics for the newest version only', async () => {
      const uri = `file:///${transport}/burst.py`;
      client.open(uri, 'import yaml\n');
      await client.diagnosticsForCurrentVersion(uri);
      let version = 0;
      for (let i = 0; i < 40; i++) {
        const tail = positionAt(client.text(uri), client.text(uri).length);
        version = client.change(uri, { start: tail, end: tail }, `x${i} = yaml.load(s${i})\n`);
      }
      const diagnostics = await client.diagnosticsForCurrentVersion(uri);
      assert.equal(diagnostics.length, 40);
      assert.equal(version, 41);
    });

    test('hostile text does not take the server down', async () => {
      const uri = `file:///${transport}/hostile.py`;
      const nested = `${'('.repeat(10000)}yaml.load(x)${')'.repeat(10000)}\n`;
      const binary = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
      client.open(uri, `import yaml\n${nested}${binary}\n\u0000\ud800 yaml.load(y)\n`);
      await client.diagnosticsForCurrentVersion(uri);
      const after = `file:///${transport}/after-hostile.py`;
      client.open(after, CONFIG);
      assert.equal((await client.diagnosticsForCurrentVersion(after)).length, 1);
    });

    test('documents in other languages are left alone', async () => {
      const uri = `file:///${transport}/notes.md`;
      client.open(uri, 'yaml.load(data)', 'markdown');
      const python = `file:///${transport}/check.py`;
      client.open(python, CONFIG);
      await client.diagnosticsForCurrentVersion(python);
      await assert.rejects(client.diagnostics(uri, () => true, 300));
    });
  });
}

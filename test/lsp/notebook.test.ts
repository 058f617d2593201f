// Jupyter notebooks over LSP 3.17 notebook sync, as VS Code sends them: one program across the
// cells, diagnostics on each cell's URI with cell-relative ranges, quick fixes editing the cells.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { LspClient, positionAt } from './lsp-client';

const NOTEBOOK = 'file:///nb/analysis.ipynb';
const cellUri = (notebook: string, index: number) => `vscode-notebook-cell:${notebook.slice('file://'.length)}#W${index}sZmlsZQ%3D%3D`;

describe('notebooks over the language server', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start('stdio');
  });
  after(async () => {
    await client.stop();
  });

  test('the server declares notebook sync for Python cells of Jupyter notebooks', async () => {
    const { capabilities } = await client.initializeResult();
    assert.deepEqual(capabilities.notebookDocumentSync, {
      notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
    });
  });

  test('an import in one cell and the call in another: the diagnostic is on the call\'s cell, with cell-relative range', async () => {
    const cells = [
      { uri: cellUri(NOTEBOOK, 0), text: '%matplotlib inline\nimport pickle\n' },
      { uri: cellUri(NOTEBOOK, 1), text: '# Load\nThe `pickle.loads` call', kind: 1 as const },
      { uri: cellUri(NOTEBOOK, 2), text: '!pip install x\nrows = []\nobj = pickle.loads(payload)\n' },
    ];
    client.openNotebook(NOTEBOOK, cells);
    const diagnostics = await client.diagnosticsForCurrentVersion(cells[2].uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.source, d.range]),
      [['PW101', 'pyward', { start: positionAt(cells[2].text, cells[2].text.indexOf('pickle.loads')), end: positionAt(cells[2].text, cells[2].text.indexOf('(payload)') + '(payload)'.length) }]],
    );
    assert.deepEqual(diagnostics[0].range.start, { line: 2, character: 6 });
    assert.equal(client.published(cells[0].uri), undefined, 'a cell without findings gets no diagnostics');
    assert.equal(client.published(cells[1].uri), undefined, 'markdown cells are not analysed');
  });

  test('editing a cell re-analyses the program: removing the import in cell 1 clears cell 2', async () => {
    const notebook = 'file:///nb/edits.ipynb';
    const first = { uri: cellUri(notebook, 0), text: 'import yaml\n' };
    const second = { uri: cellUri(notebook, 1), text: 'conf = yaml.load(stream)\n' };
    client.openNotebook(notebook, [first, second]);
    assert.deepEqual((await client.diagnosticsForCurrentVersion(second.uri)).map((d) => d.code), ['PW104']);

    // `yaml` now names a local module-level value, not PyYAML.
    client.changeCells(notebook, { [first.uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } }, newText: 'yaml = None' }] });
    await client.diagnostics(second.uri, (p) => p.diagnostics.length === 0);
    assert.equal(client.text(first.uri), 'yaml = None\n');

    client.changeCells(notebook, { [first.uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } }, newText: 'import yaml' }] });
    assert.deepEqual((await client.diagnostics(second.uri, (p) => p.diagnostics.length === 1)).map((d) => d.code), ['PW104']);
  });

  test('a quick fix edits the cells it touches: the call in its cell, the import in the first cell', async () => {
    const notebook = 'file:///nb/fix.ipynb';
    const cells = [
      { uri: cellUri(notebook, 0), text: 'x = 1\n' },
      { uri: cellUri(notebook, 1), text: 'value = eval(s)\n' },
    ];
    client.openNotebook(notebook, cells);
    const [diagnostic] = (await client.diagnosticsForCurrentVersion(cells[1].uri)).filter((d) => /eval/.test(String(d.message)));
    assert.ok(diagnostic);
    const actions = await client.codeActions(cells[1].uri, diagnostic);
    const fix = actions.find((a) => /literal_eval/.test(a.title));
    assert.ok(fix, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
    const changes = fix.edit!.changes!;
    assert.deepEqual(Object.keys(changes).sort(), [cells[0].uri, cells[1].uri].sort());
    client.changeCells(notebook, changes);
    assert.equal(client.text(cells[0].uri), 'import ast\nx = 1\n');
    assert.equal(client.text(cells[1].uri), 'value = ast.literal_eval(s)\n');
    await client.diagnostics(cells[1].uri, (p) => !p.diagnostics.some((d: Diagnostic) => /eval/.test(String(d.message))));
  });

  test('"suppress on this line" writes the comment into the cell, which the analysis honours', async () => {
    const notebook = 'file:///nb/suppress.ipynb';
    const cells = [
      { uri: cellUri(notebook, 0), text: 'import pickle\n' },
      { uri: cellUri(notebook, 1), text: 'a = pickle.loads(x)\nb = 2\n' },
    ];
    client.openNotebook(notebook, cells);
    const [diagnostic] = await client.diagnosticsForCurrentVersion(cells[1].uri);
    const suppress = (await client.codeActions(cells[1].uri, diagnostic)).find((a) => a.title === 'Suppress PW101 on this line');
    assert.ok(suppress);
    assert.deepEqual(Object.keys(suppress.edit!.changes!), [cells[1].uri]);
    client.changeCells(notebook, suppress.edit!.changes!);
    assert.equal(client.text(cells[1].uri), 'a = pickle.loads(x)  # pyward: ignore[PW101]\nb = 2\n');
    await client.diagnostics(cells[1].uri, (p) => p.diagnostics.length === 0);
  });

  test('closing the notebook clears its cells\' diagnostics', async () => {
    const notebook = 'file:///nb/close.ipynb';
    const cells = [{ uri: cellUri(notebook, 0), text: 'import pickle\npickle.loads(b)\n' }];
    client.openNotebook(notebook, cells);
    assert.equal((await client.diagnosticsForCurrentVersion(cells[0].uri)).length, 1);
    client.closeNotebook(notebook, [cells[0].uri]);
    await client.diagnostics(cells[0].uri, (p) => p.diagnostics.length === 0);
  });
});

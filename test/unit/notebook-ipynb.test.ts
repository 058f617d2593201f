// Reading .ipynb files: every character of a cell's source located in the file (escapes, arrays
// of lines, CRLF), findings reported at their offset in the .ipynb, malformed notebooks skipped.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSource } from '../../server/src/engine/index';
import { MalformedNotebookError } from '../../server/src/notebooks/analyze';
import { type Ipynb, readIpynb } from '../../server/src/notebooks/ipynb';
import { base62, crc32 } from '../../server/src/rules/secrets/detectors/encoding';
import { analyzeFile } from '../../server/src/workspace/analyze-file';
import { lineOf, registry } from '../helpers';

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A GitHub token shape with a valid checksum, made up here (not a real token). */
function fakeGithubToken(): string {
  const body = 'Q7vK2mX9pL4rT8wZ3nB6cY1hF5jD0s';
  return `ghp_${body}${base62(crc32(body), 6)}`;
}

interface CellSpec {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: unknown[];
  metadata?: unknown;
}

/** A notebook as Jupyter writes it: indented by one space, sources as arrays of lines. */
function notebookJson(cells: CellSpec[], language = 'python', indent = 1): string {
  return JSON.stringify(
    {
      cells: cells.map((cell) => ({ cell_type: cell.cell_type, metadata: cell.metadata ?? {}, source: cell.source, ...(cell.cell_type === 'code' ? { execution_count: null, outputs: cell.outputs ?? [] } : {}) })),
      metadata: { kernelspec: { display_name: 'Python 3', language, name: 'python3' }, language_info: { name: language } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    indent,
  );
}

/** Lines as Jupyter stores them: each with its line break, the last without. */
function linesOf(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function read(text: string): Ipynb {
  const result = readIpynb(text);
  assert.ok('notebook' in result, 'malformed' in result ? result.malformed : '');
  return result.notebook;
}

/** Each character of each cell's source, decoded from the file range it was located at, is that character. */
function assertExactLocations(file: string, notebook: Ipynb): void {
  for (const cell of notebook.cells) {
    assert.equal(cell.source.length, cell.text.length);
    for (let i = 0; i < cell.text.length; i++) {
      const { start, end } = cell.source.toFile(i, i + 1);
      const encoded = file.slice(start, end);
      const unit = encoded.startsWith('\\u') ? String.fromCharCode(parseInt(encoded.slice(2), 16)) : (JSON.parse(`"${encoded}"`) as string);
      assert.equal(unit, cell.text[i], `character ${i} of ${JSON.stringify(cell.text)} located at ${start}: ${JSON.stringify(encoded)}`);
    }
  }
}

test('escaped sources: \\n, \\", \\\\, \\t, \\u00e9 and a surrogate pair written as two \\u escapes', () => {
  const source = 'print("caf\u00e9 \\"quoted\\"")\n\tx = "\ud83d\ude00"\n';
  // JSON.stringify leaves é and the emoji raw: escape them by hand, as some writers do.
  const file = notebookJson([{ cell_type: 'code', source }]).replace('\u00e9', '\\u00e9').replace('\ud83d\ude00', '\\ud83d\\ude00');
  assert.match(file, /\\u00e9/);
  const notebook = read(file);
  assert.equal(notebook.cells[0].text, source);
  assertExactLocations(file, notebook);
  const { start, end } = notebook.cells[0].source.toFile(source.indexOf('\ud83d'), source.indexOf('\ud83d') + 2);
  assert.equal(file.slice(start, end), '\\ud83d\\ude00');
});

test('sources as arrays of lines, compact or indented, in files with CRLF line breaks', () => {
  const cells: CellSpec[] = [
    { cell_type: 'markdown', source: linesOf('# Loading\nThe data comes from `pickle`.') },
    { cell_type: 'code', source: linesOf('import pickle\r\nwith open("d.pkl", "rb") as f:\r\n    data = pickle.load(f)\r\n') },
    { cell_type: 'code', source: [] },
    { cell_type: 'code', source: '' },
    { cell_type: 'raw', source: 'raw text' },
  ];
  for (const file of [notebookJson(cells), notebookJson(cells, 'python', 0), notebookJson(cells).replace(/\n/g, '\r\n')]) {
    const notebook = read(file);
    assert.deepEqual(
      notebook.cells.map((c) => [c.type, c.language, c.text]),
      cells.map((c) => [c.cell_type, c.cell_type === 'code' ? 'python' : c.cell_type, Array.isArray(c.source) ? c.source.join('') : c.source]),
    );
    assertExactLocations(file, notebook);
  }
});

test('the kernel says the language; a cell can say its own (VS Code\'s metadata)', () => {
  const file = notebookJson([{ cell_type: 'code', source: 'x <- 1' }, { cell_type: 'code', source: 'import os', metadata: { vscode: { languageId: 'python' } } }], 'R');
  assert.deepEqual(read(file).cells.map((c) => c.language), ['r', 'python']);
});

test('a finding in a cell is reported at its exact offset in the .ipynb, on the source line holding it', async () => {
  const file = notebookJson([
    { cell_type: 'code', source: linesOf('import pickle\n') },
    { cell_type: 'markdown', source: 'Now load the \\"payload\\"' },
    { cell_type: 'code', source: linesOf('%time warmup()\nrows = [1, 2]\nobj = pickle.loads(payload)\n'), outputs: [{ output_type: 'stream', name: 'stdout', text: ['pickle.loads(payload)\n'] }] },
  ]);
  const findings = await analyzeSource(file, 'notebook', registry);
  assert.deepEqual(findings.map((f) => [f.ruleId, file.slice(f.start, f.end)]), [['PW101', 'pickle.loads(payload)']]);
  const line = file.split('\n')[lineOf(file, findings[0].start) - 1];
  assert.equal(line.trim(), '"obj = pickle.loads(payload)\\n"');
});

test('a finding in an escaped source spans the escapes in the file', async () => {
  const file = notebookJson([{ cell_type: 'code', source: 'import yaml\nconf = yaml.load("a: \\"b\\"")' }]);
  const [finding] = await analyzeSource(file, 'notebook', registry);
  assert.equal(finding.ruleId, 'PW104');
  assert.equal(file.slice(finding.start, finding.end), 'yaml.load(\\"a: \\\\\\"b\\\\\\"\\")');
});

test('secrets are found in code cells (once), markdown cells and saved outputs', async () => {
  const token = fakeGithubToken();
  const file = notebookJson([
    { cell_type: 'code', source: linesOf(`from github import Github\ngh = Github("${token}")\n`), outputs: [{ output_type: 'stream', name: 'stdout', text: [`token: ${token}\n`] }] },
    { cell_type: 'markdown', source: `Use ${token} to log in.` },
  ]);
  const findings = await analyzeSource(file, 'notebook', registry);
  const secrets = findings.filter((f) => f.ruleId === 'PWS103');
  assert.equal(secrets.length, 3, JSON.stringify(findings.map((f) => [f.ruleId, lineOf(file, f.start)])));
  for (const finding of secrets) {
    assert.equal(file.slice(finding.start, finding.end), token);
    assert.ok(!finding.message.includes(token), 'the message shows the secret');
  }
  const [inCode, inOutput, inMarkdown] = secrets.map((f) => file.split('\n')[lineOf(file, f.start) - 1].trim());
  assert.match(inCode, /^"gh = Github/);
  assert.match(inOutput, /^"token: /);
  assert.match(inMarkdown, /^"source": "Use /);
  assert.match(secrets[0].message, /os\.environ/, 'the code cell\'s finding is the Python rule\'s');
  assert.match(secrets[1].message, /^This notebook holds/);
});

test('a notebook for another language has no Python findings', async () => {
  const file = notebookJson([{ cell_type: 'code', source: 'eval(parse(text = x))' }], 'R');
  assert.deepEqual(await analyzeSource(file, 'notebook', registry), []);
});

test('a malformed notebook says why: not JSON, not an object, no cells, nbformat 3, a source that is not text', async () => {
  const cases: [string, RegExp][] = [
    ['{"cells": [', /not a valid notebook/],
    ['[1, 2]', /not a JSON object/],
    ['{"metadata": {}}', /no "cells" array/],
    ['{"worksheets": [{"cells": []}], "nbformat": 3}', /nbformat 3/],
    ['{"cells": [{"cell_type": "code", "source": 42}]}', /cell 1 is not text/],
  ];
  for (const [text, reason] of cases) {
    const result = readIpynb(text);
    assert.ok('malformed' in result, text);
    assert.match(result.malformed, reason);
    await assert.rejects(analyzeSource(text, 'notebook', registry), MalformedNotebookError);
  }
});

test('the audit skips a malformed notebook with the reason, and analyses a good one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyward-nb-'));
  temporary.push(dir);
  writeFileSync(join(dir, 'broken.ipynb'), '{"cells": [{"cell_type": "code", "source": ["import pickle\\n"');
  writeFileSync(join(dir, 'good.ipynb'), notebookJson([{ cell_type: 'code', source: 'import pickle\npickle.loads(b)' }]));
  const setup = { maxFileSize: 1024 * 1024, settings: {}, boundaries: [dir] };
  const broken = await analyzeFile(join(dir, 'broken.ipynb'), setup);
  assert.equal(broken.kind, 'skipped');
  assert.match(broken.kind === 'skipped' ? broken.reason : '', /not a valid notebook/);
  const good = await analyzeFile(join(dir, 'good.ipynb'), setup);
  assert.equal(good.kind, 'analyzed');
  assert.deepEqual(good.kind === 'analyzed' ? good.findings.map((f) => f.ruleId) : [], ['PW101']);
});

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random notebooks: every source character is located exactly; damaged files are malformed, never a crash', () => {
  const random = rng(20240611);
  const alphabet = ['a', 'Z', ' ', '\n', '\r\n', '"', '\\', '\t', '/', '\u00e9', '\u2028', '\ud83d\ude00', '\u0001', '%', '!', '{', '}', '[', ']', ',', ':'];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const randomText = () => Array.from({ length: Math.floor(random() * 12) }, () => pick(alphabet)).join('');
  for (let round = 0; round < 200; round++) {
    const cells: CellSpec[] = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
      cell_type: pick(['code', 'markdown', 'raw'] as const),
      source: random() < 0.5 ? randomText() : Array.from({ length: Math.floor(random() * 4) }, randomText),
      metadata: random() < 0.3 ? { tags: [randomText()], source: randomText() } : {},
    }));
    let file = notebookJson(cells, 'python', pick([0, 1, 2]));
    // Some writers escape everything beyond ASCII.
    if (random() < 0.5) file = file.replace(/[^\x20-\x7e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (random() < 0.3) file = file.replace(/\n/g, '\r\n');
    const notebook = read(file);
    assert.deepEqual(notebook.cells.map((c) => c.text), cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source)));
    assertExactLocations(file, notebook);

    const cut = Math.floor(random() * file.length);
    const damaged = random() < 0.5 ? file.slice(0, cut) : file.slice(0, cut) + pick(['"', '\\', '{', ']', 'x']) + file.slice(cut + 1);
    const result = readIpynb(damaged);
    if ('notebook' in result) assertExactLocations(damaged, result.notebook);
  }
});

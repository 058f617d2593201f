// `pyward audit` on a folder with Jupyter notebooks: the cells are analysed as one program (the
// import in one cell, the call in the next) and the finding is reported at its line and column
// in the .ipynb, in every format. Checkpoint copies are not audited; a malformed notebook is
// skipped with the reason.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '../helpers';
import { auditJson, runCli } from './run-cli';

const NOTEBOOK = fixturePath('notebooks', 'analysis.ipynb');

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function folderWithNotebooks(): string {
  const root = mkdtempSync(join(tmpdir(), 'pyward-nb-'));
  temporary.push(root);
  mkdirSync(join(root, 'notebooks', '.ipynb_checkpoints'), { recursive: true });
  copyFileSync(NOTEBOOK, join(root, 'notebooks', 'analysis.ipynb'));
  copyFileSync(NOTEBOOK, join(root, 'notebooks', '.ipynb_checkpoints', 'analysis-checkpoint.ipynb'));
  writeFileSync(join(root, 'notebooks', 'broken.ipynb'), '{\n "cells": [\n  {"cell_type": "code", "source": ["import pickle\\n"\n');
  return root;
}

/** 1-based line and column of the first occurrence of `text` in the fixture notebook. */
function positionInFixture(text: string): { line: number; column: number } {
  const lines = readFileSync(NOTEBOOK, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `${text} is not in the fixture`);
  return { line: line + 1, column: lines[line].indexOf(text) + 1 };
}

test('the finding in the second code cell is reported at its line and column in the .ipynb (JSON)', () => {
  const root = folderWithNotebooks();
  const { run, report } = auditJson([root]);
  assert.equal(run.status, 1, run.stderr);
  const at = positionInFixture('pickle.load(f)');
  assert.deepEqual(
    report.findings.map((f) => [f.ruleId, f.path, f.startLine, f.startColumn, f.endLine, f.endColumn]),
    [['PW101', 'notebooks/analysis.ipynb', at.line, at.column, at.line, at.column + 'pickle.load(f)'.length]],
  );
  assert.deepEqual(report.files.map((f) => f.path), ['notebooks/analysis.ipynb']);
  assert.deepEqual(report.skipped.map((s) => s.path), ['notebooks/broken.ipynb']);
  assert.match(report.skipped[0].reason, /not a valid notebook/);
});

test('the text and SARIF reports point at the same place', () => {
  const root = folderWithNotebooks();
  const at = positionInFixture('pickle.load(f)');
  const text = runCli(['audit', '.'], { cwd: root });
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, new RegExp(`^notebooks/analysis\\.ipynb:${at.line}:${at.column}: PW101 `, 'm'));

  const sarif = runCli(['audit', '--format', 'sarif', root]);
  const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
  assert.deepEqual(
    results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startColumn]),
    [['PW101', 'notebooks/analysis.ipynb', at.line, at.column]],
  );
});

test('a notebook named on the command line is audited too', () => {
  // A copy outside this repository's test/ folder, where unpickling is a test's own business.
  const notebook = join(folderWithNotebooks(), 'notebooks', 'analysis.ipynb');
  const { report } = auditJson([notebook]);
  assert.deepEqual(report.findings.map((f) => [f.ruleId, f.path]), [['PW101', 'analysis.ipynb']]);
});

// `--diff-base REF` on a temporary git repository: only findings on lines changed since REF
// (committed since, staged, unstaged, and files git does not track yet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditJson, runCli } from './run-cli';
import { git, tempProject } from './temp-project';

const OLD = 'import yaml\n\n\ndef load(stream):\n    return yaml.load(stream)\n';

function repository(): string {
  const root = tempProject({ 'old.py': OLD, 'same.py': OLD.replace('load(', 'read(') });
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  git(root, 'tag', 'base');
  return root;
}

test('only findings on changed lines: committed since the ref, unstaged, and untracked files', () => {
  const root = repository();
  appendFileSync(join(root, 'old.py'), '\n\ndef again(other):\n    return yaml.load(other)\n');
  git(root, 'commit', '-q', '-am', 'more');
  writeFileSync(join(root, 'same.py'), `# edited\n${OLD.replace('load(', 'read(')}\n\ndef third(s):\n    return yaml.load(s)\n`);
  writeFileSync(join(root, 'new file.py'), 'import pickle\n\n\ndef read(data):\n    return pickle.loads(data)\n');

  const all = auditJson(['.'], { cwd: root }).report;
  assert.equal(all.findings.length, 5);
  const { run, report } = auditJson(['.', '--diff-base', 'base'], { cwd: root });
  assert.equal(run.status, 1, run.stderr);
  assert.deepEqual(report.findings.map((f) => `${f.path}:${f.startLine}:${f.ruleId}`), ['new file.py:5:PW101', 'old.py:9:PW104', 'same.py:10:PW104']);

  const head = auditJson(['.', '--diff-base', 'HEAD'], { cwd: root }).report;
  assert.deepEqual(head.findings.map((f) => `${f.path}:${f.startLine}`), ['new file.py:5', 'same.py:10']);
});

test('nothing changed: no findings, exit 0', () => {
  const root = repository();
  const run = runCli(['audit', '.', '--diff-base', 'HEAD'], { cwd: root });
  assert.equal(run.status, 0, run.stdout);
  assert.match(run.stdout, /no findings/);
});

test('an unknown ref, a folder outside git, and a missing git are clear errors (status 2)', () => {
  const root = repository();
  const unknown = runCli(['audit', '.', '--diff-base', 'no-such-ref'], { cwd: root });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^pyward: error: --diff-base: unknown git ref 'no-such-ref'/);
  const option = runCli(['audit', '.', '--diff-base', '--output=x'], { cwd: root });
  assert.equal(option.status, 2, 'a ref that looks like an option is refused');

  const outside = tempProject({ 'a.py': OLD });
  const notRepo = runCli(['audit', '.', '--diff-base', 'HEAD'], { cwd: outside, env: { ...process.env, GIT_CEILING_DIRECTORIES: join(outside, '..') } });
  assert.equal(notRepo.status, 2);
  assert.match(notRepo.stderr, /is not in a git repository/);

  const noGit = runCli(['audit', '.', '--diff-base', 'HEAD'], { cwd: root, env: { ...process.env, PATH: join(root, 'no-bin') } });
  assert.equal(noGit.status, 2);
  assert.match(noGit.stderr, /--diff-base needs git, which was not found on the PATH/);
});

test('with a baseline too: findings on unchanged lines are neither reported nor "absent"', () => {
  const root = repository();
  const write = runCli(['audit', '.', '--write-baseline', 'baseline.json'], { cwd: root });
  assert.equal(write.status, 0, write.stderr);
  appendFileSync(join(root, 'old.py'), '\n\ndef again(other):\n    return yaml.load(other)\n');
  const run = runCli(['audit', '.', '--diff-base', 'HEAD', '--baseline', 'baseline.json', '--format', 'sarif'], { cwd: root });
  assert.equal(run.status, 1, run.stderr);
  const results = (JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; baselineState: string; locations: Array<{ physicalLocation: { region?: { startLine: number } } }> }> }> }).runs[0].results;
  assert.deepEqual(results.map((r) => `${r.ruleId}:${r.baselineState}:${r.locations[0].physicalLocation.region?.startLine}`), ['PW104:new:9']);
});

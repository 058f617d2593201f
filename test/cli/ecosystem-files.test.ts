// The files that plug Pyward into other tools: the pre-commit hook (its entry run on a temporary
// git repository as pre-commit would run it), the GitHub Action and the project's CI workflow
// (linted by Pyward itself), and the npm package a `language: node` hook installs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers';
import { auditJson, cliPath, runCli } from './run-cli';
import { git, tempProject } from './temp-project';

const hooks = readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string>; files: string[] };

/** A hook's one-line field, as written in .pre-commit-hooks.yaml. */
function hookField(name: string): string {
  const match = new RegExp(`^[\\s-]+${name}: (.+)$`, 'm').exec(hooks);
  assert.ok(match, `no ${name}: in .pre-commit-hooks.yaml`);
  return match[1].trim();
}

/** pre-commit's way: the staged files whose path `files` matches (re.search), appended to the entry. */
function runHook(root: string): ReturnType<typeof runCli> & { files: string[] } {
  const pattern = new RegExp(hookField('files'));
  const staged = git(root, 'diff', '--cached', '--name-only', '--diff-filter=ACMR').split('\n').filter(Boolean);
  const files = staged.filter((path) => pattern.test(path));
  const [command, ...args] = hookField('entry').split(' ');
  assert.equal(command, 'pyward');
  assert.equal(join(repoRoot, manifest.bin.pyward), cliPath, 'the hook runs the package\'s pyward command');
  return { ...runCli([...args, ...files], { cwd: root }), files };
}

test('the pre-commit hook is a node hook running `pyward audit` on Python files, manifests, workflows and actions', () => {
  assert.equal(hookField('id'), 'pyward');
  assert.equal(hookField('language'), 'node');
  const pattern = new RegExp(hookField('files'));
  for (const path of ['app.py', 'src/pkg/mod.py', 'requirements.txt', 'requirements-dev.in', 'pyproject.toml', 'sub/pylock.toml', 'setup.cfg', 'Pipfile', '.github/workflows/ci.yml', 'action.yaml']) {
    assert.ok(pattern.test(path), `${path} should be checked`);
  }
  for (const path of ['README.md', 'notes.txt', 'app.pyc', 'docs/requirements.md', 'workflows/ci.yml', 'Pipfile.lock']) assert.ok(!pattern.test(path), `${path} should not be checked`);
});

test('the hook entry on a temporary git repository: staged files only, exit 1 on a finding, 0 once fixed', () => {
  const root = tempProject({
    'app.py': 'import yaml\n\n\ndef load(stream):\n    return yaml.load(stream)\n',
    'README.md': 'yaml.load(stream)\n',
    'unstaged.py': 'import pickle\n\n\ndef read(data):\n    return pickle.loads(data)\n',
  });
  git(root, 'init', '-q');
  git(root, 'add', 'app.py', 'README.md');
  const flagged = runHook(root);
  assert.deepEqual(flagged.files, ['app.py']);
  assert.equal(flagged.status, 1, flagged.stderr);
  assert.match(flagged.stdout, /^app\.py:5:\d+: PW104 /m);
  assert.ok(!flagged.stdout.includes('unstaged.py'), 'files not staged are not checked');

  writeFileSync(join(root, 'app.py'), 'import yaml\n\n\ndef load(stream):\n    return yaml.safe_load(stream)\n');
  git(root, 'add', 'app.py');
  const clean = runHook(root);
  assert.equal(clean.status, 0, clean.stdout);
});

test('action.yml and .github/workflows/ci.yml pass every Pyward rule, and the rules do read them', () => {
  const files = ['action.yml', '.github/workflows/ci.yml'];
  const { run, report } = auditJson([...files, '--profile', 'strict'], { cwd: repoRoot });
  assert.equal(run.status, 0, run.stdout);
  assert.deepEqual(report.files.map((f) => f.path).sort(), files.sort());
  assert.deepEqual(report.findings, []);

  // The same action with a tag instead of a commit and event data inside its script is flagged:
  // the clean result above comes from the rules reading the file, not from skipping it.
  const copy = tempProject({});
  const action = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
  writeFileSync(join(copy, 'action.yml'), action.replace(/actions\/setup-node@[0-9a-f]{40}/, 'actions/setup-node@v4').replace('read -r -a paths <<< "$PYWARD_PATHS"', 'read -r -a paths <<< "${{ github.event.pull_request.title }}"'));
  const broken = auditJson(['action.yml', '--profile', 'strict', '--fail-on', 'never'], { cwd: copy }).report;
  assert.deepEqual([...new Set(broken.findings.map((f) => f.ruleId))].sort(), ['PWA001', 'PWA003']);
});

test('every action used is pinned to a full commit SHA with its version in a comment', () => {
  for (const file of ['action.yml', '.github/workflows/ci.yml']) {
    const uses = readFileSync(join(repoRoot, file), 'utf8').split('\n').filter((line) => /^\s*(- )?uses: /.test(line));
    assert.ok(uses.length > 0, file);
    for (const line of uses) assert.match(line, /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${file}: ${line.trim()}`);
  }
});

test('the npm package (what a `language: node` hook installs) holds the built CLI, its grammars and data', () => {
  assert.match(manifest.scripts.prepare, /npm run build/);
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  assert.equal(pack.status, 0, pack.stderr);
  const files = new Set((JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path));
  for (const path of [manifest.bin.pyward.replace(/^\.\//, ''), 'out/server/src/workspace/worker.js', 'grammars/tree-sitter-python.wasm', 'grammars/tree-sitter-yaml.wasm', 'grammars/tree-sitter-toml.wasm', 'data/pypi-names.fc.deflate', 'package.json']) {
    assert.ok(files.has(path), `${path} is not in the package`);
  }
  assert.ok(![...files].some((path) => path.startsWith('out/test/') || path.startsWith('node_modules/')), 'tests and node_modules stay out');
  // An installed `pyward` runs the bin directly: it must be a node script with a shebang.
  assert.match(readFileSync(cliPath, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

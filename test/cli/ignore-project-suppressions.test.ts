// `pyward audit --ignore-project-suppressions`: a repository under review cannot hide its own
// findings. Every way it could silence Pyward is reported instead, marked with how.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditJson, runCli } from './run-cli';

const GITHUB_TOKEN = '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';

/** A repository that silences Pyward every way it can. */
function hostileRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'pyward-hostile-'));
  writeFileSync(
    join(root, 'pyproject.toml'),
    '[tool.pyward]\ndisable = ["yaml-unsafe-load"]\nexclude = ["vendor/"]\nseverity = { PW201 = "low" }\n\n[tool.bandit]\nskips = ["B301"]\nexclude_dirs = ["./scripts"]\n',
  );
  writeFileSync(
    join(root, 'app.py'),
    [
      'import pickle, yaml, hashlib',
      'eval(input())',
      'exec(input())',
      'pickle.loads(b"")',
      'yaml.load(open("f"))',
      'hashlib.md5(b"x")  # noqa: S324',
      'eval(input("a"))  # nosec',
      'eval(input("b"))  # pyward: ignore[PW202]',
      `TOKEN = "${GITHUB_TOKEN}"  # pragma: allowlist secret`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(root, 'settings.ini'), `[github]\ntoken = ${GITHUB_TOKEN}  # pyward: ignore\n`);
  mkdirSync(join(root, 'vendor'));
  writeFileSync(join(root, 'vendor', 'backdoor.py'), 'import os\nos.system(input())\n');
  mkdirSync(join(root, 'scripts'));
  writeFileSync(join(root, 'scripts', 'deploy.py'), 'import os\nos.system(input())\n');
  return root;
}

const located = (findings: { path: string; startLine: number; ruleId: string; projectSuppression?: string }[]) =>
  findings.map((f) => `${f.path}:${f.startLine} ${f.ruleId}${f.projectSuppression ? ` ← ${f.projectSuppression}` : ''}`).sort();

test('by default the repository’s configuration and comments silence findings', () => {
  const { report } = auditJson([hostileRepository()]);
  assert.deepEqual(located(report.findings), ['app.py:2 PW202', 'app.py:3 PW201']);
  assert.equal(report.findings.find((f) => f.ruleId === 'PW201')?.severity, 'low');
});

test('--ignore-project-suppressions reports what each configuration setting and comment would hide, and says how', () => {
  const { report } = auditJson([hostileRepository(), '--ignore-project-suppressions']);
  assert.deepEqual(located(report.findings), [
    'app.py:2 PW202',
    'app.py:3 PW201 ← `tool.pyward.severity` in pyproject.toml lowers it to low',
    'app.py:4 PW101 ← `tool.bandit.skips` in pyproject.toml switches it off',
    'app.py:5 PW104 ← `tool.pyward.disable` in pyproject.toml switches it off',
    'app.py:6 PW602 ← a `# noqa` comment',
    'app.py:7 PW202 ← a `# nosec` comment',
    'app.py:8 PW202 ← a `# pyward: ignore` comment',
    "app.py:9 PWS103 ← a secret scanner's allow-list comment",
    'scripts/deploy.py:2 PW302 ← `tool.bandit.exclude_dirs` in pyproject.toml excludes this file',
    'settings.ini:2 PWS103 ← a `# pyward: ignore` comment',
    'vendor/backdoor.py:2 PW302 ← `tool.pyward.exclude` in pyproject.toml excludes this file',
  ]);
  // The finding keeps its real severity: the repository cannot lower it.
  assert.equal(report.findings.find((f) => f.ruleId === 'PW201')?.severity, 'medium');
  assert.equal(report.summary.suppressedByProject, 10);
});

test('what the repository would hide counts for --fail-on', () => {
  const root = hostileRepository();
  assert.equal(runCli(['audit', root, '--fail-on', 'high']).status, 0);
  assert.equal(runCli(['audit', root, '--fail-on', 'high', '--ignore-project-suppressions']).status, 1);
});

test('the text report marks each finding the repository would hide and counts them', () => {
  const run = runCli(['audit', hostileRepository(), '--ignore-project-suppressions', '--fail-on', 'never']);
  assert.equal(run.status, 0);
  assert.match(run.stdout, /vendor\/backdoor\.py:2:1: PW302 .* \[suppressed by this repository's configuration \(tool\.pyward\.exclude in pyproject\.toml excludes this file\)\]/);
  assert.match(run.stdout, /10 findings would have been hidden by the repository's own suppressions/);
  assert.doesNotMatch(run.stdout, new RegExp(GITHUB_TOKEN));
});

test('a project severity that raises a rule still applies when suppressions are ignored', () => {
  const root = mkdtempSync(join(tmpdir(), 'pyward-raise-'));
  writeFileSync(join(root, 'pyproject.toml'), '[tool.pyward]\nseverity = { PW202 = "high" }\n');
  writeFileSync(join(root, 'app.py'), 'eval(input())\n');
  const { report } = auditJson([root, '--ignore-project-suppressions']);
  assert.equal(report.findings[0].severity, 'high');
  assert.equal(report.findings[0].projectSuppression, undefined);
});

test('SARIF results say how the repository would have hidden them', () => {
  const run = runCli(['audit', hostileRepository(), '--ignore-project-suppressions', '--format', 'sarif', '--fail-on', 'never']);
  const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; properties: { projectSuppression?: string } }[] }[] };
  const marked = sarif.runs[0].results.filter((result) => result.properties.projectSuppression !== undefined);
  assert.equal(marked.length, 10);
  assert.ok(marked.some((result) => result.ruleId === 'PW104' && result.properties.projectSuppression === '`tool.pyward.disable` in pyproject.toml switches it off'));
});

test('--ignore-project-suppressions audits the files the repository’s .gitignore ignores, not virtual environments', () => {
  const root = mkdtempSync(join(tmpdir(), 'pyward-gitignore-'));
  writeFileSync(join(root, '.gitignore'), 'hidden/\n*.gen.py\n');
  mkdirSync(join(root, 'hidden'));
  writeFileSync(join(root, 'hidden', 'backdoor.py'), 'import os\nos.system(input())\n');
  writeFileSync(join(root, 'api.gen.py'), 'import os\nos.system(input())\n');
  mkdirSync(join(root, 'env', 'lib'), { recursive: true });
  writeFileSync(join(root, 'env', 'pyvenv.cfg'), 'home = /usr/bin\n');
  writeFileSync(join(root, 'env', 'lib', 'site.py'), 'import os\nos.system(input())\n');
  assert.deepEqual(located(auditJson([root]).report.findings), []);
  assert.deepEqual(located(auditJson([root, '--ignore-project-suppressions']).report.findings), [
    'api.gen.py:2 PW302 ← `.gitignore` ignores this file',
    'hidden/backdoor.py:2 PW302 ← `.gitignore` ignores this file',
  ]);
});

// The command line honours [tool.pyward], [tool.bandit] and its own rule options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditJson, runCli } from './run-cli';

const APP = 'import yaml, requests\nconfig = yaml.load(open("c.yml"))\nrequests.get("https://example.com")\n';

function projectWith(pyproject: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'pyward-cli-config-'));
  if (pyproject !== undefined) writeFileSync(join(root, 'pyproject.toml'), pyproject);
  writeFileSync(join(root, 'app.py'), APP);
  mkdirSync(join(root, 'generated'));
  writeFileSync(join(root, 'generated', 'schema.py'), APP);
  return root;
}

const ruleIds = (report: { findings: { ruleId: string; path: string }[] }) => report.findings.map((f) => `${f.path}:${f.ruleId}`).sort();

test('without configuration, every recommended rule runs on every file', () => {
  const { report } = auditJson([projectWith(undefined)]);
  assert.deepEqual(ruleIds(report), ['app.py:PW104', 'app.py:PW506', 'generated/schema.py:PW104', 'generated/schema.py:PW506']);
});

test('[tool.pyward] disables rules, excludes paths and changes severities', () => {
  const root = projectWith('[tool.pyward]\ndisable = ["request-without-timeout"]\nexclude = ["generated/"]\nseverity = { PW104 = "low" }\n');
  const { report } = auditJson([root]);
  assert.deepEqual(ruleIds(report), ['app.py:PW104']);
  assert.equal(report.findings[0].severity, 'low');
});

test("Bandit's skips and exclude_dirs keep a migrating project's scope", () => {
  const root = projectWith('[tool.bandit]\nskips = ["B113"]\nexclude_dirs = ["generated"]\n');
  assert.deepEqual(ruleIds(auditJson([root]).report), ['app.py:PW104']);
});

test('--disable and --enable take IDs, names and Bandit/Ruff codes; unknown names are warned about', () => {
  const root = projectWith(undefined);
  const { run, report } = auditJson([root, '--disable', 'S506,PW506', '--enable', 'PW9999']);
  assert.deepEqual(ruleIds(report), []);
  assert.match(run.stderr, /no rule is called 'PW9999'/);
});

test('a malformed pyproject.toml is a warning naming the file and line, not a failure', () => {
  const root = projectWith('[tool.pyward\nprofile = 1\n');
  const run = runCli(['audit', root, '--fail-on', 'never']);
  assert.equal(run.status, 0);
  assert.match(run.stderr, /pyward: warning: .*pyproject\.toml: not valid TOML at line 1/);
});

test('a bad --profile is a usage error', () => {
  const run = runCli(['audit', '.', '--profile', 'paranoid']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--profile must be recommended or strict/);
});

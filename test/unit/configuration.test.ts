// Configuration from the user's settings and the project's pyproject.toml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Configuration } from '../../server/src/engine/config/configuration';
import { readProjectConfig } from '../../server/src/engine/config/project-config';
import { minimumPython } from '../../server/src/engine/config/python-version';
import { analyzePython } from '../../server/src/engine/index';
import { defineRule, type Rule } from '../../server/src/engine/rule';
import { ALL_RULES } from '../../server/src/rules/index';

function project(pyproject: string | undefined, files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'pyward-config-'));
  if (pyproject !== undefined) writeFileSync(join(root, 'pyproject.toml'), pyproject);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

// PW104 as a rule that runs in test files too (the real one is off there), beside two variants.
const yamlRule = ALL_RULES.find((r) => r.meta.id === 'PW104')!;
const base: Rule = defineRule({ ...yamlRule, meta: { ...yamlRule.meta, offInTests: false } });
const strictRule: Rule = defineRule({ ...base, meta: { ...base.meta, id: 'PW970', name: 'strict-yaml', bandit: 'B970', profile: 'strict' } });
const testShy: Rule = defineRule({ ...base, meta: { ...base.meta, id: 'PW971', name: 'test-shy-yaml', offInTests: true } });
const rules = [base, strictRule, testShy];
const ids = (registry: { rules: readonly Rule[] }) => registry.rules.map((r) => r.meta.id);

test('requires-python gives the lowest version allowed', () => {
  assert.deepEqual(minimumPython('>=3.10'), [3, 10]);
  assert.deepEqual(minimumPython('>=3.8, <4'), [3, 8]);
  assert.deepEqual(minimumPython('~=3.12'), [3, 12]);
  assert.deepEqual(minimumPython('^3.9'), [3, 9]);
  assert.deepEqual(minimumPython('==3.11.*'), [3, 11]);
  assert.deepEqual(minimumPython('>=3.9,>=3.11'), [3, 11]);
  assert.equal(minimumPython('<4'), undefined);
  assert.equal(minimumPython('!=3.7.*'), undefined);
});

test('[tool.pyward], [tool.bandit] and requires-python are read; mistakes are reported, not fatal', () => {
  const root = project(`[project]
requires-python = ">=3.12"

[tool.bandit]
skips = ["B101", "B506"]
exclude_dirs = ["./vendor", "migrations/"]

[tool.pyward]
profile = "strict"
enable = ["PW970"]
disable = ["request-without-timeout"]
severity = { PW104 = "medium", PW101 = "urgent" }
exclude = ["generated/**"]
tests = "all"
colour = "blue"
`);
  const config = readProjectConfig(join(root, 'pyproject.toml'));
  assert.equal(config.profile, 'strict');
  assert.deepEqual(config.minimumPython, [3, 12]);
  assert.deepEqual(config.enable, ['PW970']);
  assert.deepEqual(config.disable, ['B101', 'B506', 'request-without-timeout']);
  assert.deepEqual(config.severity, { PW104: 'medium' });
  assert.deepEqual(config.exclude, ['vendor/', 'migrations/', 'generated/**']);
  assert.equal(config.allRulesInTests, true);
  assert.deepEqual(config.problems.map((p) => p.slice(root.length + 1)), [
    'pyproject.toml: unknown setting tool.pyward.colour',
    'pyproject.toml: tool.pyward.severity.PW101 must be "low", "medium" or "high"',
  ]);
});

test('a malformed pyproject.toml says where, and leaves the defaults in place', () => {
  const root = project('[tool.pyward\nprofile = "strict"\n', { 'app.py': '' });
  const setup = new Configuration(rules).forFile(join(root, 'app.py'));
  assert.deepEqual(ids(setup.registry), ['PW104', 'PW971']);
  assert.equal(setup.problems.length, 1);
  assert.match(setup.problems[0], /pyproject\.toml: not valid TOML at line 1, column \d+/);
});

test('the nearest pyproject.toml decides the rules, the test status and the exclusions of a file', () => {
  const root = project('[tool.pyward]\nprofile = "strict"\nexclude = ["generated/"]\n[tool.bandit]\nskips = ["B970"]\n');
  const configuration = new Configuration(rules);
  const app = configuration.forFile(join(root, 'src', 'app.py'));
  assert.deepEqual(ids(app.registry), ['PW104', 'PW971'], 'strict, but B970 skipped the Bandit way');
  assert.equal(app.file.path, 'src/app.py');
  assert.equal(app.excluded, false);
  const test = configuration.forFile(join(root, 'tests', 'test_app.py'));
  assert.equal(test.file.isTest, true);
  assert.deepEqual(ids(test.registry), ['PW104']);
  assert.equal(configuration.forFile(join(root, 'generated', 'schema.py')).excluded, true);
});

test('outside any project, a file is a test by the folders inside the workspace, not by where the checkout lives', () => {
  // A checkout under a folder named `tests` (a CI runner's work folder, a user's `~/testing/`).
  const checkout = project(undefined, { 'app/views.py': 'x = 1\n', 'app/tests/test_views.py': 'x = 1\n' });
  const workspace = join(checkout, 'app');
  const parent = join(checkout, 'tests', 'repo');
  mkdirSync(parent, { recursive: true });
  writeFileSync(join(parent, 'views.py'), 'x = 1\n');
  const configuration = new Configuration(rules, {}, [workspace, parent]);
  assert.equal(configuration.forFile(join(workspace, 'views.py')).file.isTest, false);
  assert.equal(configuration.forFile(join(workspace, 'tests', 'test_views.py')).file.isTest, true);
  assert.equal(configuration.forFile(join(parent, 'views.py')).file.isTest, false, 'the `tests` folder above the workspace folder does not count');
  assert.deepEqual(ids(configuration.forFile(join(parent, 'views.py')).registry), ['PW104', 'PW971']);
  // Outside every workspace folder: by its name alone.
  const outside = new Configuration(rules);
  assert.equal(outside.forFile(join(parent, 'views.py')).file.isTest, false);
  assert.equal(outside.forFile(join(parent, 'test_views.py')).file.isTest, true);
});

test('the project wins over the user for rules; the user decides where the project is silent', () => {
  const root = project('[tool.pyward]\nenable = ["PW970"]\n');
  const configuration = new Configuration(rules, { disable: ['PW970', 'PW971'], severity: { PW104: 'low' } });
  const setup = configuration.forFile(join(root, 'app.py'));
  assert.deepEqual(ids(setup.registry), ['PW104', 'PW970']);
  assert.equal(setup.registry.severity.get('PW104'), 'low');
});

test('an edited pyproject.toml is read again', async () => {
  const root = project('[tool.pyward]\nseverity = { PW104 = "low" }\n');
  const configuration = new Configuration(rules);
  const text = 'import yaml\nyaml.load(x)\n';
  const first = configuration.forFile(join(root, 'app.py'));
  assert.equal((await analyzePython(text, first.registry, { file: first.file }))[0].severity, 'low');
  writeFileSync(join(root, 'pyproject.toml'), '[tool.pyward]\nseverity = { PW104 = "medium" }\n# longer now\n');
  const second = configuration.forFile(join(root, 'app.py'));
  assert.equal((await analyzePython(text, second.registry, { file: second.file }))[0].severity, 'medium');
});

test('[tool.pyward] sources, sinks and sanitizers reach data flow through the file context', async () => {
  const root = project('[tool.pyward]\nsources = ["mypkg.http.current_request"]\nsinks = ["shell:mypkg.run"]\nsanitizers = ["mypkg.clean"]\nuntrusted-environment = "yes"\n');
  const config = readProjectConfig(join(root, 'pyproject.toml'));
  assert.deepEqual(config.flow, { sources: ['mypkg.http.current_request'], sinks: ['shell:mypkg.run'], sanitizers: ['mypkg.clean'] });
  assert.deepEqual(config.problems, [`${join(root, 'pyproject.toml')}: tool.pyward.untrusted-environment must be true or false`]);
  const setup = new Configuration(ALL_RULES, {}).forFile(join(root, 'app.py'));
  const text = 'from mypkg import run, clean\nfrom mypkg.http import current_request\nrun(current_request().cmd)\nrun(clean(current_request().cmd))\n';
  const findings = (await analyzePython(text, setup.registry, { file: setup.file })).filter((f) => f.traced);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['PW302', 'high']]);
});

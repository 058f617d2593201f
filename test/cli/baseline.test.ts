// Baselines: --write-baseline records today's findings, --baseline reports only new ones (SARIF
// marks each new, unchanged or absent), [tool.pyward] baseline does the same, and
// --ignore-project-suppressions turns the repository's baseline off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditJson, runCli } from './run-cli';
import { tempProject } from './temp-project';

const APP = 'import yaml\nimport pickle\n\n\ndef load(stream):\n    return yaml.load(stream)\n\n\ndef read(data):\n    return pickle.loads(data)\n';
// A password (made up): the secret the baseline must not hold in clear.
const TOKEN = 'Vq7-kestrel-Plinth-93';
const SETTINGS = `DATABASE_PASSWORD = "${TOKEN}"\n`;

interface SarifResult {
  ruleId: string;
  baselineState?: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }>;
}

function sarifResults(stdout: string): SarifResult[] {
  return (JSON.parse(stdout) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results;
}

test('a baseline hides recorded findings, survives lines inserted above them, and reports new ones', () => {
  const root = tempProject({ 'app.py': APP, 'settings.py': SETTINGS });
  const write = runCli(['audit', '.', '--write-baseline', 'pyward-baseline.json'], { cwd: root });
  assert.equal(write.status, 0, write.stderr);
  assert.match(write.stderr, /Baseline of 3 findings written to pyward-baseline\.json/);

  const clean = runCli(['audit', '.', '--baseline', 'pyward-baseline.json'], { cwd: root });
  assert.equal(clean.status, 0, clean.stdout);
  assert.match(clean.stdout, /: no findings\.\n\d+ findings in the baseline not reported\.\n$/);

  // Lines inserted above every baselined finding: still baselined (no line numbers in fingerprints).
  writeFileSync(join(root, 'app.py'), `"""Loaders."""\n# comment\n\n${APP}`);
  writeFileSync(join(root, 'settings.py'), `DEBUG = False\n${SETTINGS}`);
  const moved = runCli(['audit', '.', '--baseline', 'pyward-baseline.json'], { cwd: root });
  assert.equal(moved.status, 0, moved.stdout);

  // A new finding (another yaml.load, on a line of its own) is reported, alone.
  writeFileSync(join(root, 'app.py'), `"""Loaders."""\n# comment\n\n${APP}\n\ndef again(other):\n    return yaml.load(other)\n`);
  const { run, report } = auditJson(['.', '--baseline', 'pyward-baseline.json'], { cwd: root });
  assert.equal(run.status, 1);
  assert.deepEqual(report.findings.map((f) => `${f.path}:${f.startLine}:${f.ruleId}`), ['app.py:17:PW104']);
});

test('SARIF with a baseline: results new or unchanged, fixed findings listed as absent', () => {
  const root = tempProject({ 'app.py': APP });
  runCli(['audit', '.', '--write-baseline', 'baseline.json'], { cwd: root });
  // The pickle call is gone, the yaml.load line changed, and a second yaml.load is new.
  writeFileSync(join(root, 'app.py'), `${APP.replace('return pickle.loads(data)', 'return data').replace('return yaml.load(stream)', 'return yaml.load(stream or b"")')}\n\ndef again(other):\n    return yaml.load(other)\n`);
  const run = runCli(['audit', '.', '--baseline', 'baseline.json', '--format', 'sarif', '--fail-on', 'never'], { cwd: root });
  assert.equal(run.status, 0, run.stderr);
  const states = sarifResults(run.stdout).map((r) => `${r.ruleId}:${r.baselineState}:${r.locations[0].physicalLocation.artifactLocation.uri}`);
  // The changed yaml.load line is a new line: its finding is new, the old one absent.
  assert.deepEqual(states.sort(), ['PW101:absent:app.py', 'PW104:absent:app.py', 'PW104:new:app.py', 'PW104:new:app.py'].sort());
});

test('an unchanged finding is "unchanged" in SARIF and partialFingerprints stay the SARIF ones', () => {
  const root = tempProject({ 'app.py': APP });
  runCli(['audit', '.', '--write-baseline', 'baseline.json'], { cwd: root });
  const run = runCli(['audit', '.', '--baseline', 'baseline.json', '--format', 'sarif', '--fail-on', 'never'], { cwd: root });
  const results = sarifResults(run.stdout);
  assert.ok(results.length >= 2);
  assert.ok(results.every((r) => r.baselineState === 'unchanged'), run.stdout);
  const plain = sarifResults(runCli(['audit', '.', '--format', 'sarif', '--fail-on', 'never'], { cwd: root }).stdout);
  assert.ok(plain.every((r) => r.baselineState === undefined), 'no baselineState without a baseline');
});

test('a secret in a baseline is stored hashed, never in clear', () => {
  const root = tempProject({ 'settings.py': SETTINGS });
  runCli(['audit', '.', '--write-baseline', 'baseline.json'], { cwd: root });
  const text = readFileSync(join(root, 'baseline.json'), 'utf8');
  const baseline = JSON.parse(text) as { findings: Array<{ ruleId: string; fingerprint: string }> };
  assert.ok(baseline.findings.some((f) => f.ruleId.startsWith('PWS')), text);
  for (const finding of baseline.findings) assert.match(finding.fingerprint, /^[0-9a-f]{32}:\d+$/);
  assert.ok(!text.includes(TOKEN), 'the token is in the baseline');
  assert.ok(!text.includes(TOKEN.slice(0, 4)), 'the start of the token (as messages mask it) is in the baseline');
});

test('[tool.pyward] baseline applies; --ignore-project-suppressions does not apply it', () => {
  const root = tempProject({ 'pyproject.toml': '[project]\nname = "demo"\nversion = "1"\n\n[tool.pyward]\nbaseline = "pyward-baseline.json"\n', 'app.py': APP });
  runCli(['audit', '.', '--write-baseline', 'pyward-baseline.json'], { cwd: root });
  const withProject = runCli(['audit', '.'], { cwd: root });
  assert.equal(withProject.status, 0, withProject.stdout);
  assert.match(withProject.stdout, /findings in the baseline not reported/);
  const ignoring = runCli(['audit', '.', '--ignore-project-suppressions'], { cwd: root });
  assert.equal(ignoring.status, 1, ignoring.stdout);
  assert.match(ignoring.stdout, /PW104/);
  const explicit = runCli(['audit', '.', '--baseline', 'pyward-baseline.json', '--ignore-project-suppressions'], { cwd: root });
  assert.equal(explicit.status, 1);
  assert.match(explicit.stderr, /the baseline pyward-baseline\.json is not applied/);
});

test('a missing or malformed baseline is a clear error (status 2)', () => {
  const root = tempProject({ 'app.py': APP, 'bad.json': '{"version": 1, "findings": [{"ruleId": 3}]}', 'broken.json': '{' });
  for (const [file, message] of [
    ['missing.json', /cannot read the baseline missing\.json: ENOENT/],
    ['bad.json', /not a Pyward baseline/],
    ['broken.json', /not valid JSON/],
  ] as const) {
    const run = runCli(['audit', '.', '--baseline', file], { cwd: root });
    assert.equal(run.status, 2, file);
    assert.match(run.stderr, message);
  }
});

// Data flow as a user of the command line sees it: the SARIF report's codeFlows (GitHub code
// scanning's "Show paths") and the JSON report's `flow`, across the files of a project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '../helpers';
import { runCli } from './run-cli';

const app = fixturePath('flow', 'flask_app');

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
  message: { text: string };
}

test('SARIF: a traced finding carries its path as a thread flow, into the helper\'s file', () => {
  const run = runCli(['audit', app, '--format', 'sarif', '--fail-on', 'never']);
  assert.equal(run.status, 0, run.stderr);
  const results = JSON.parse(run.stdout).runs[0].results as { ruleId: string; locations: SarifLocation[]; codeFlows?: { threadFlows: { locations: { location: SarifLocation }[] }[] }[] }[];
  const ssrf = results.find((r) => r.ruleId === 'PWT001' && r.locations[0].physicalLocation.artifactLocation.uri === 'shop/helpers.py');
  assert.ok(ssrf?.codeFlows, 'the SSRF through fetch_preview has a code flow');
  assert.equal(ssrf.locations[0].physicalLocation.region.startLine, 9, 'reported at the sink, requests.get in the helper');
  const steps = ssrf.codeFlows[0].threadFlows[0].locations.map((l) => `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine}`);
  assert.equal(steps[0], 'shop/views.py:24', 'the source: request.args["url"]');
  assert.equal(steps[steps.length - 1], 'shop/helpers.py:9', 'the sink: requests.get in the helper');
  const untraced = results.filter((r) => !r.codeFlows);
  assert.ok(untraced.length > 0, 'pattern findings nobody traced have no code flow');
});

test('JSON: a traced finding lists its steps, source first, across files', () => {
  const run = runCli(['audit', app, '--format', 'json', '--fail-on', 'never']);
  const findings = JSON.parse(run.stdout).findings as { ruleId: string; startLine: number; path: string; severity: string; flow?: { path: string; line: number; message: string }[] }[];
  const sql = findings.find((f) => f.ruleId === 'PW401' && f.path === 'shop/helpers.py' && f.startLine === 16);
  assert.ok(sql?.flow, 'the SQL built in the helper from the view\'s input is traced, at the helper\'s execute');
  assert.equal(sql.severity, 'high');
  assert.equal(findings.filter((f) => f.ruleId === 'PW401' && f.path === 'shop/helpers.py' && f.startLine === 16).length, 1, 'the rule\'s own finding there is upgraded, not repeated');
  assert.equal(findings.filter((f) => f.ruleId === 'PW401' && f.path === 'shop/views.py').length, 0, 'nothing at the call in the view');
  assert.deepEqual(sql.flow.map((step) => `${step.path}:${step.line}`), ['shop/views.py:41', 'shop/views.py:41', 'shop/views.py:42', 'shop/helpers.py:15', 'shop/helpers.py:16']);
});

test('auditing the view alone reports the flow at the call into the helper, naming the sink\'s place', () => {
  const run = runCli(['audit', `${app}/shop/views.py`, '--format', 'json', '--fail-on', 'never']);
  const findings = JSON.parse(run.stdout).findings as { ruleId: string; startLine: number; path: string; message: string }[];
  const ssrf = findings.find((f) => f.ruleId === 'PWT001');
  assert.ok(ssrf, run.stderr);
  assert.equal(ssrf.startLine, 25, 'the call to fetch_preview');
  assert.match(ssrf.message, /reaches `requests\.get` \(helpers\.py:9\) through `fetch_preview\(url\)`/);
});

test('--diff-base: a flow is new when any of its steps changed, though its sink did not', () => {
  const project = mkdtempSync(join(tmpdir(), 'pyward-flow-diff-'));
  try {
    cpSync(app, project, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: project, stdio: 'pipe' });
    git('init', '-q');
    const views = join(project, 'shop', 'views.py');
    const original = readFileSync(views, 'utf8');
    // The base: the view passes a constant to the helper.
    writeFileSync(views, original.replace('url = request.args["url"]', 'url = "https://example.com"'));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    writeFileSync(views, original);
    const run = runCli(['audit', project, '--diff-base', 'HEAD', '--format', 'json', '--fail-on', 'never']);
    const findings = JSON.parse(run.stdout).findings as { ruleId: string; path: string; startLine: number }[];
    assert.deepEqual(findings.map((f) => `${f.path}:${f.startLine}:${f.ruleId}`), ['shop/helpers.py:9:PWT001'], run.stderr);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('two sources into one sink: one result with a code flow per source (SARIF), and the other paths in JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyward-sources-'));
  try {
    writeFileSync(
      join(dir, 'views.py'),
      'from flask import request\n\n\ndef orders(cursor):\n    name = request.args["name"]\n    kind = request.form["kind"]\n    cursor.execute(f"SELECT * FROM t WHERE name = \'{name}\' AND kind = \'{kind}\'")\n',
    );
    const sarif = runCli(['audit', dir, '--format', 'sarif', '--fail-on', 'never']);
    const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string; message: { text: string }; codeFlows?: { threadFlows: { locations: { location: SarifLocation }[] }[] }[] }[];
    const sql = results.filter((r) => r.ruleId === 'PW401');
    assert.equal(sql.length, 1);
    assert.match(sql[0].message.text, /and 1 other source reach/);
    const sources = sql[0].codeFlows!.map((flow) => flow.threadFlows[0].locations[0].location.physicalLocation.region.startLine);
    assert.deepEqual(sources, [5, 6], 'one code flow from each source');
    const json = runCli(['audit', dir, '--format', 'json', '--fail-on', 'never']);
    const [finding] = (JSON.parse(json.stdout).findings as { ruleId: string; flow?: { line: number }[]; moreFlows?: { line: number }[][] }[]).filter((f) => f.ruleId === 'PW401');
    assert.equal(finding.flow![0].line, 5);
    assert.deepEqual(finding.moreFlows!.map((flow) => [flow[0].line, flow[flow.length - 1].line]), [[6, 7]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

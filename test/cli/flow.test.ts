// Data flow as a user of the command line sees it: the SARIF report's codeFlows (GitHub code
// scanning's "Show paths") and the JSON report's `flow`, across the files of a project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
  const ssrf = results.find((r) => r.ruleId === 'PWT001' && r.locations[0].physicalLocation.region.startLine === 25);
  assert.ok(ssrf?.codeFlows, 'the SSRF through fetch_preview has a code flow');
  const steps = ssrf.codeFlows[0].threadFlows[0].locations.map((l) => `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine}`);
  assert.equal(steps[0], 'shop/views.py:24', 'the source: request.args["url"]');
  assert.equal(steps[steps.length - 1], 'shop/helpers.py:9', 'the sink: requests.get in the helper');
  const untraced = results.filter((r) => !r.codeFlows);
  assert.ok(untraced.length > 0, 'pattern findings nobody traced have no code flow');
});

test('JSON: a traced finding lists its steps, source first, across files', () => {
  const run = runCli(['audit', app, '--format', 'json', '--fail-on', 'never']);
  const findings = JSON.parse(run.stdout).findings as { ruleId: string; startLine: number; path: string; severity: string; flow?: { path: string; line: number; message: string }[] }[];
  const sql = findings.find((f) => f.ruleId === 'PW401' && f.path === 'shop/views.py');
  assert.ok(sql?.flow, 'the SQL built in the helper from the view\'s input is traced');
  assert.equal(sql.severity, 'high');
  assert.deepEqual(sql.flow.map((step) => `${step.path}:${step.line}`), ['shop/views.py:41', 'shop/views.py:41', 'shop/views.py:42', 'shop/helpers.py:15', 'shop/helpers.py:16']);
});

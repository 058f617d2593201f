// The advisory rules' fixes and messages: the bump keeps the operator style, is declared unsafe,
// names the hashes to regenerate; lock entries get no edit (their tool rewrites them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSource } from '../../server/src/engine/index';
import type { FileKind } from '../../server/src/engine/file-kind';
import { applyEdits, registry } from '../helpers';
import { testAdvisoryCache } from '../support/advisory-cache';

process.env.PYWARD_CACHE_DIR = testAdvisoryCache();

async function fixesOf(text: string, kind: FileKind, path: string, ruleId: string) {
  const findings = (await analyzeSource(text, kind, registry, { file: { path, isTest: false }, withFixes: true })).filter((finding) => finding.ruleId === ruleId);
  return findings.map((finding) => ({ finding, fixes: finding.fixes ?? [] }));
}

test('PWD301 bumps an exact pin to the lowest release fixing every advisory, keeping == or ===', async () => {
  const text = 'PyYAML==3.12\nrequests===2.19.1\n';
  const [yaml, requests] = await fixesOf(text, 'requirements', 'requirements.txt', 'PWD301');
  assert.match(yaml.finding.message, /^`PyYAML` 3\.12 has a known vulnerability, PYSEC-\d+-\d+ \(CVE-\d+-\d+\) and 1 more: .*; upgrade to 5\.4\.$/);
  assert.equal(yaml.fixes.length, 1);
  assert.equal(yaml.fixes[0].applicability, 'unsafe');
  assert.equal(yaml.fixes[0].preferred, false);
  assert.match(yaml.fixes[0].title, /^Upgrade PyYAML to 5\.4 \(changes behaviour: the new release may differ in APIs and defaults\)$/);
  assert.equal(applyEdits(text, yaml.fixes[0].edits), 'PyYAML==5.4\nrequests===2.19.1\n');
  assert.match(applyEdits(text, requests.fixes[0].edits), /^requests===2\.\d+\.\d+\n$/m);
});

test('PWD301 on a hash-pinned line says the hashes must be regenerated', async () => {
  const text = 'urllib3==1.24.1 --hash=sha256:61bf29cada3fc2fbefad4fdf059ea4bd1b4a86d2b6d15e1c7c0b582b9752fe39\n';
  const [{ fixes }] = await fixesOf(text, 'requirements', 'requirements.txt', 'PWD301');
  assert.match(fixes[0].title, /regenerate its --hash values/);
  assert.match(applyEdits(text, fixes[0].edits), /^urllib3==1\.26\.\d+ --hash=/);
});

test('PWD301 rewrites a Poetry pin in place and reports a lock entry without an edit', async () => {
  const pyproject = '[tool.poetry.dependencies]\njinja2 = "==2.10"\n';
  const [poetry] = await fixesOf(pyproject, 'pyproject', 'pyproject.toml', 'PWD301');
  assert.equal(applyEdits(pyproject, poetry.fixes[0].edits), '[tool.poetry.dependencies]\njinja2 = "==2.11.3"\n');

  const lock = '[[package]]\nname = "jinja2"\nversion = "2.10"\n';
  const [locked] = await fixesOf(lock, 'lock', 'poetry.lock', 'PWD301');
  assert.equal(lock.slice(locked.finding.start, locked.finding.end), '2.10');
  assert.match(locked.finding.message, /update it to 2\.11\.3 with the lock's tool\.$/);
  assert.deepEqual(locked.fixes, []);
});

test('PWD301 severity follows the CVSS base score of the worst advisory', async () => {
  const [urllib3] = await fixesOf('urllib3==1.24.1\n', 'requirements', 'requirements.txt', 'PWD301');
  assert.match(urllib3.finding.message, /\(CVSS \d\.\d\)/);
  assert.equal(urllib3.finding.severity, 'high');
});

test('PWD302 raises a vulnerable >= bound when the rest of the range allows it, and never rewrites ~=', async () => {
  const text = 'requests>=2.19,<3\nrequests>=2.19,<2.20\njinja2~=2.10\n';
  const [raised, blocked, compatible] = await fixesOf(text, 'requirements', 'requirements.txt', 'PWD302');
  assert.equal(raised.finding.severity, 'low');
  assert.equal(raised.fixes[0].applicability, 'unsafe');
  assert.match(applyEdits(text, raised.fixes[0].edits), /^requests>=2\.\d\d\.\d,<3\n/);
  assert.deepEqual(blocked.fixes, []);
  assert.match(blocked.finding.message, /raise it past the fixed release/);
  assert.deepEqual(compatible.fixes, []);
  // Not a deployment manifest: a library's range is its own business.
  assert.deepEqual(await fixesOf('[project]\nname = "x"\nversion = "1"\ndependencies = ["requests>=2.19"]\n', 'pyproject', 'pyproject.toml', 'PWD302'), []);
});

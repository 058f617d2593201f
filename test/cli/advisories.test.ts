// The advisory features as a user runs them: `pyward advisories update` against a fake OSV
// bucket, audits that then use the downloaded export (malicious packages included), and
// `--online` look-ups against a fake OSV API, with their disk cache; offline stays the default.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers';
import { startFakeOsv, type FakeOsv, type OsvRecord } from '../support/fake-osv';
import { cliPath, type CliRun, type JsonReport } from './run-cli';

const MALWARE: OsvRecord = {
  id: 'MAL-2026-1234',
  summary: 'Malicious code in colourama (PyPI)',
  details: 'The package steals browser credentials on install.',
  affected: [{ package: { ecosystem: 'PyPI', name: 'colourama' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
};
const NEW_VULNERABILITY: OsvRecord = {
  id: 'GHSA-xxxx-yyyy-zzzz',
  aliases: ['CVE-2026-0001'],
  summary: 'Path traversal in fakeweb static routes allows reading any file',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
  affected: [{ package: { ecosystem: 'PyPI', name: 'fakeweb' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.1' }] }] }],
};
const ACTION: OsvRecord = {
  id: 'GHSA-aaaa-bbbb-cccc',
  summary: 'Command injection in example/deploy-action',
  affected: [{ package: { ecosystem: 'GitHub Actions', name: 'example/deploy-action' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.1.0' }] }] }],
};

let osv: FakeOsv;
let home: string;

before(async () => {
  osv = await startFakeOsv([MALWARE, NEW_VULNERABILITY, ACTION], { 'fakeweb@1.4.0': ['GHSA-xxxx-yyyy-zzzz'] });
  home = mkdtempSync(join(tmpdir(), 'pyward-advisories-'));
});

after(async () => {
  await osv.close();
  rmSync(home, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process, whose event loop serves the fake OSV. */
function run(args: readonly string[], cacheDir: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: repoRoot,
      env: { ...process.env, PYWARD_CACHE_DIR: cacheDir, PYWARD_OSV_URL: osv.url, PYWARD_OSV_DATA_URL: osv.url, PYWARD_ADVISORIES_ONLINE: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function project(name: string, files: Record<string, string>): string {
  const root = join(home, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function audit(root: string, cacheDir: string, extra: string[] = []): Promise<{ run: CliRun; report: JsonReport }> {
  const result = await run(['audit', root, '--format', 'json', '--fail-on', 'never', ...extra], cacheDir);
  assert.equal(result.status, 0, result.stderr);
  return { run: result, report: JSON.parse(result.stdout) as JsonReport };
}

function findings(report: JsonReport, ruleId: string) {
  return report.findings.filter((finding) => finding.ruleId === ruleId);
}

test('advisories update downloads both exports into the cache, and audits then use them', async () => {
  const cache = join(home, 'cache-update');
  const before = osv.requests.length;
  const update = await run(['advisories', 'update'], cache);
  assert.equal(update.status, 0, update.stderr);
  assert.match(update.stdout, /^PyPI: 2 records \(1 malicious-package\), 2 packages/m);
  assert.match(update.stdout, /^GitHub Actions: 1 records/m);
  assert.deepEqual(
    osv.requests.slice(before).map((request) => `${request.method} ${request.path}`),
    ['GET /PyPI/all.zip', 'GET /GitHub Actions/all.zip'],
  );

  const root = project('after-update', {
    'requirements.txt': 'colourama==0.1.6\nfakeweb==1.4.0\n',
    'app.py': 'import colourama\n',
    '.github/workflows/deploy.yml': 'on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: example/deploy-action@v3.0.2\n      - uses: example/deploy-action@v3.1.0\n',
  });
  const { run: audited, report } = await audit(root, cache);
  const malicious = findings(report, 'PWD303');
  assert.deepEqual(malicious.map((finding) => finding.path).sort(), ['app.py', 'requirements.txt']);
  assert.ok(malicious.every((finding) => finding.severity === 'high' && finding.confidence === 'high' && finding.message.includes('MAL-2026-1234')));
  // One finding per name: the malware record wins over the typosquat and not-on-PyPI rules.
  for (const rule of ['PWD101', 'PWD201', 'PWD204']) assert.deepEqual(findings(report, rule), [], rule);
  const vulnerable = findings(report, 'PWD301');
  assert.equal(vulnerable.length, 1);
  assert.match(vulnerable[0].message, /`fakeweb` 1\.4\.0 .*GHSA-xxxx-yyyy-zzzz \(CVE-2026-0001\) \(CVSS 7\.5\).*upgrade to 2\.0\.1/);
  const actions = findings(report, 'PWA101');
  assert.deepEqual(actions.map((finding) => finding.startLine), [6], 'v3.0.2 is affected, v3.1.0 is the fix');
  assert.match(audited.stderr, /checked against 2 advisories of \d{4}-\d\d-\d\d \(downloaded from OSV\)/);
});

test('offline by default: an audit asks the fake OSV nothing, and says how old its data is', async () => {
  const cache = join(home, 'cache-offline');
  const root = project('offline', { 'requirements.txt': 'fakeweb==1.4.0\nPyYAML==5.1\n' });
  const before = osv.requests.length;
  const { run: audited, report } = await audit(root, cache);
  assert.equal(osv.requests.length, before);
  assert.deepEqual(findings(report, 'PWD301').map((finding) => finding.message.split(' ')[0]), ['`PyYAML`']);
  assert.match(audited.stderr, /checked against 2651 advisories of 2024-10-10 \(shipped snapshot/);
  const sarif = await run(['audit', root, '--format', 'sarif', '--fail-on', 'never'], cache);
  assert.deepEqual(JSON.parse(sarif.stdout).runs[0].tool.driver.properties.advisoryData, {
    kind: 'shipped',
    source: 'Python Packaging Advisory Database (CC-BY 4.0), via OSV',
    date: '2024-10-10',
    advisories: 2651,
    packages: 660,
  });
});

test('--online asks querybatch for names and versions, fetches each record, and caches both', async () => {
  const cache = join(home, 'cache-online');
  const root = project('online', { 'requirements.txt': 'fakeweb==1.4.0\nrequests==2.32.3\n' });
  const before = osv.requests.length;
  const { report } = await audit(root, cache, ['--online']);
  const asked = osv.requests.slice(before);
  assert.deepEqual(asked.map((request) => `${request.method} ${request.path}`), ['POST /v1/querybatch', 'GET /v1/vulns/GHSA-xxxx-yyyy-zzzz']);
  assert.deepEqual(JSON.parse(asked[0].body), {
    queries: [
      { package: { name: 'fakeweb', ecosystem: 'PyPI' }, version: '1.4.0' },
      { package: { name: 'requests', ecosystem: 'PyPI' }, version: '2.32.3' },
    ],
  });
  assert.deepEqual(findings(report, 'PWD301').map((finding) => finding.startLine), [1]);

  const again = osv.requests.length;
  const { report: cached } = await audit(root, cache, ['--online']);
  assert.equal(osv.requests.length, again, 'answers come from the disk cache');
  assert.deepEqual(findings(cached, 'PWD301').map((finding) => finding.startLine), [1]);
});

test('a failed update says why and leaves the shipped data in use', async () => {
  const cache = join(home, 'cache-failed');
  const failed = await new Promise<CliRun>((resolve) => {
    const child = spawn(process.execPath, [cliPath, 'advisories', 'update'], { env: { ...process.env, PYWARD_CACHE_DIR: cache, PYWARD_OSV_DATA_URL: `${osv.url}/missing` } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout: '', stderr }));
  });
  assert.equal(failed.status, 2);
  assert.match(failed.stderr, /advisory update failed: .*HTTP 404/);
});

test('--online with OSV unreachable warns once and audits with local data', async () => {
  const cache = join(home, 'cache-unreachable');
  const root = project('unreachable', { 'requirements.txt': 'PyYAML==5.1\n', 'requirements-dev.txt': 'Jinja2==2.9.6\n' });
  const result = await new Promise<CliRun>((resolve) => {
    const child = spawn(process.execPath, [cliPath, 'audit', root, '--format', 'json', '--fail-on', 'never', '--online', '--jobs', '1'], {
      env: { ...process.env, PYWARD_CACHE_DIR: cache, PYWARD_OSV_URL: `${osv.url}/down` },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr.match(/online advisory look-up failed, local data only: .*HTTP 404/g)?.length, 1, result.stderr);
  assert.equal(findings(JSON.parse(result.stdout) as JsonReport, 'PWD301').length, 2);
});

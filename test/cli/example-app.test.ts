// The CLI on examples/vulnerable-app, run as a child process like a user would run it.
// The expectations come from the engine itself (analyzeSource on each file), so they keep
// holding while rules are added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ALL_RULES } from '../../server/src/rules/index';
import type { FileResult } from '../../server/src/workspace/audit';
import { deliverFlows } from '../../server/src/workspace/deliver-flows';
import { fileKindOf } from '../../server/src/engine/file-kind';
import { analyzeSource } from '../../server/src/engine/index';
import { Project } from '../../server/src/project/project';
import { lineOf, registry, repoRoot } from '../helpers';
import { auditJson, exampleApp, runCli } from './run-cli';

const TEXT_LINE = /^(\S+):(\d+):(\d+): (PW[SDA]?\d+) \[(low|medium|high)\/(low|medium|high)\] (.+) \(([a-z0-9-]+)\)$/;
const RANK: Record<string, number> = { low: 1, medium: 2, high: 3 };

/** The example's files that the walk must find (Python, manifests, workflows, configuration): all but ignored_by_git/ and caches. */
function exampleFiles(dir = exampleApp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'ignored_by_git' || entry.name === '__pycache__' ? [] : exampleFiles(path);
    const kind = fileKindOf(path);
    return kind !== undefined && kind !== 'notebook' && !path.endsWith('.pyi') ? [relative(exampleApp, path).split(sep).join('/')] : [];
  });
}

test('text output: path:line:col per finding, PW104 on the yaml.load line, nothing ignored, exit 1', () => {
  const run = runCli(['audit', 'examples/vulnerable-app']);
  assert.equal(run.status, 1, run.stderr);
  const lines = run.stdout.split('\n');
  const findings = lines.filter((line) => TEXT_LINE.test(line)).map((line) => TEXT_LINE.exec(line)!);
  assert.ok(findings.length >= 5, `expected findings, got:\n${run.stdout}`);
  for (const match of findings) {
    assert.ok(match[1].startsWith('examples/vulnerable-app/'), `paths are shown from the current folder: ${match[0]}`);
    assert.ok(existsSync(join(repoRoot, match[1])), match[1]);
  }
  assert.ok(!run.stdout.includes('ignored_by_git'), 'ignored_by_git/ is in .gitignore');

  const app = readFileSync(join(exampleApp, 'app.py'), 'utf8');
  const yamlLine = app.split('\n').findIndex((line) => line.includes('yaml.load(request.data)')) + 1;
  assert.ok(yamlLine > 0);
  const pw104 = findings.filter((match) => match[4] === 'PW104' && match[1] === 'examples/vulnerable-app/app.py');
  assert.equal(pw104.length, 1, run.stdout);
  assert.equal(Number(pw104[0][2]), yamlLine);
  assert.equal(Number(pw104[0][3]), app.split('\n')[yamlLine - 1].indexOf('yaml.load') + 1);
  assert.equal(pw104[0][5], 'high');
  assert.equal(pw104[0][8], 'yaml-unsafe-load');

  assert.match(run.stdout, new RegExp(`^Analysed ${exampleFiles().length} files \\(\\d+ lines\\): ${findings.length} findings \\(\\d+ high, \\d+ medium, \\d+ low\\)\\.$`, 'm'));
});

test('the ignored file exists (force-added to git) and would be flagged if named explicitly', (t) => {
  const scratch = join(exampleApp, 'ignored_by_git', 'scratch.py');
  if (!existsSync(scratch)) {
    t.skip('examples/vulnerable-app/ignored_by_git/scratch.py is missing (it is git-ignored: commit it with git add -f)');
    return;
  }
  assert.match(readFileSync(scratch, 'utf8'), /pickle\.loads/);
  const { run, report } = auditJson([scratch, '--fail-on', 'never']);
  assert.equal(run.status, 0);
  assert.deepEqual(report.files.map((file) => file.path), ['scratch.py']);
  assert.ok(report.findings.some((finding) => finding.ruleId === 'PW101'), 'a file named explicitly is analysed even if ignored');
});

test('--fail-on: never → 0; low/medium/high → 1 exactly when a finding is that severe', () => {
  const { report } = auditJson(['examples/vulnerable-app']);
  assert.equal(runCli(['audit', 'examples/vulnerable-app', '--fail-on', 'never']).status, 0);
  for (const level of ['low', 'medium', 'high']) {
    const expected = report.findings.some((finding) => RANK[finding.severity] >= RANK[level]) ? 1 : 0;
    assert.equal(runCli(['audit', 'examples/vulnerable-app', '--fail-on', level]).status, expected, `--fail-on ${level}`);
  }
  assert.ok(report.findings.some((finding) => finding.severity === 'high'), 'PW104 at least is high');
});

test('JSON output: same findings as analyzePython on each file', async () => {
  const { run, report } = auditJson(['examples/vulnerable-app']);
  assert.equal(run.status, 1);
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.tool.name, 'pyward');
  assert.equal(report.tool.version, JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
  assert.equal(report.root, exampleApp);
  assert.match(run.stderr, /^Analysed \d+ files/m, 'the summary goes to stderr');

  const expectedFiles = exampleFiles().sort();
  assert.deepEqual(report.files.map((file) => file.path).sort(), expectedFiles);
  assert.deepEqual(report.skipped, []);

  // Each file analysed alone, then the flows through helpers moved to their sinks, as the audit does.
  const project = new Project(exampleApp);
  const analysed: FileResult[] = [];
  for (const path of expectedFiles) {
    const text = readFileSync(join(exampleApp, path), 'utf8');
    const findings = await analyzeSource(text, fileKindOf(path)!, registry, { file: { path, isTest: false, project } });
    analysed.push({ path: join(exampleApp, path), relativePath: path, lines: 0, text, findings });
  }
  const delivered = deliverFlows(analysed, { registryFor: () => registry, readText: (path) => readFileSync(path, 'utf8') });
  assert.ok(delivered.some((file) => file.relativePath === 'db.py' && file.findings.some((finding) => finding.flow?.[0].path?.endsWith('app.py'))), 'app.py\'s flow into db.py is reported in db.py');
  const expected = delivered.flatMap((file) => file.findings.map((finding) => `${file.relativePath}:${lineOf(file.text!, finding.start)}:${finding.ruleId}:${finding.severity}:${finding.message}`));
  const actual = report.findings.map((finding) => `${finding.path}:${finding.startLine}:${finding.ruleId}:${finding.severity}:${finding.message}`);
  assert.deepEqual(actual.slice().sort(), expected.sort());
  assert.equal(report.summary.findings, report.findings.length);

  const byId = new Map(ALL_RULES.map((rule) => [rule.meta.id, rule.meta]));
  for (const finding of report.findings) {
    const meta = byId.get(finding.ruleId)!;
    assert.equal(finding.ruleName, meta.name);
    assert.equal(finding.cwe, `CWE-${meta.cwe}`);
    assert.equal(finding.bandit, meta.bandit ?? null);
    assert.equal(finding.ruff, meta.ruff ?? null);
    assert.match(finding.helpUri ?? '', new RegExp(`/${finding.ruleId}\\.md$`));
    assert.ok(finding.startLine >= 1 && finding.startColumn >= 1 && finding.endLine >= finding.startLine);
  }
});

test('SARIF output: valid 2.1.0 structure for GitHub code scanning, consistent with JSON', () => {
  const run = runCli(['audit', 'examples/vulnerable-app', '--format', 'sarif']);
  assert.equal(run.status, 1, run.stderr);
  const sarif = JSON.parse(run.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const [sarifRun] = sarif.runs;
  const { driver } = sarifRun.tool;
  assert.equal(driver.name, 'Pyward');
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
  assert.match(driver.informationUri, /^https:\/\//);

  const ids = driver.rules.map((rule: { id: string }) => rule.id);
  const { report } = auditJson(['examples/vulnerable-app']);
  const found = new Set(report.findings.map((finding) => finding.ruleId));
  assert.deepEqual(ids, ALL_RULES.map((rule) => rule.meta.id).filter((id) => found.has(id)), 'the rules with results, in registry order');
  for (const rule of driver.rules) {
    const meta = ALL_RULES.find((r) => r.meta.id === rule.id)!.meta;
    assert.equal(rule.name, meta.name);
    assert.ok(rule.shortDescription.text && rule.fullDescription.text);
    // Concise help; the examples and references are behind helpUri.
    assert.ok(rule.help.text && rule.help.markdown);
    assert.ok(rule.help.text.includes(rule.helpUri) && rule.help.markdown.includes(`(${rule.helpUri})`));
    assert.ok(!rule.help.text.includes(meta.docs.example), `${rule.id}: help.text repeats the documentation`);
    assert.ok(rule.help.text.length < 800, `${rule.id}: help.text is ${rule.help.text.length} characters`);
    assert.equal(rule.helpUri, `https://github.com/pyward-dev/pyward/blob/main/docs/rules/${rule.id}.md`);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    assert.ok(rule.properties.tags.includes('security'));
    assert.ok(rule.properties.tags.includes(`external/cwe/cwe-${meta.cwe}`));
    assert.match(rule.properties.cwe, /^CWE-\d+$/);
    assert.equal(typeof rule.properties['security-severity'], 'string');
    const severity = Number(rule.properties['security-severity']);
    assert.ok(Number.isFinite(severity) && severity > 0 && severity <= 10, rule.properties['security-severity']);
    assert.ok(['very-high', 'high', 'medium', 'low'].includes(rule.properties.precision));
  }

  assert.equal(sarifRun.originalUriBaseIds['%SRCROOT%'].uri, `file://${exampleApp.split(sep).join('/')}/`);
  assert.equal(sarifRun.results.length, report.findings.length);
  const fingerprints = new Set<string>();
  sarifRun.results.forEach((result: any, index: number) => {
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.ok(result.message.text);
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!location.artifactLocation.uri.includes('\\') && !location.artifactLocation.uri.startsWith('/'));
    assert.ok(!location.artifactLocation.uri.includes('ignored_by_git'));
    const finding = report.findings[index];
    assert.equal(result.ruleId, finding.ruleId);
    assert.equal(decodeURIComponent(location.artifactLocation.uri), finding.path);
    assert.deepEqual(location.region, {
      startLine: finding.startLine,
      startColumn: finding.startColumn,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
    });
    const fingerprint = result.partialFingerprints['pyward/v1'];
    assert.match(fingerprint, /^[0-9a-f]{32}:\d+$/);
    assert.ok(!fingerprints.has(fingerprint), 'fingerprints are unique');
    fingerprints.add(fingerprint);
    assert.equal(result.locations[0].physicalLocation.region.snippet, undefined, 'no source text in SARIF');
  });
});

test('--help, --version, rules, and usage errors', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: pyward audit/);
  assert.match(help.stdout, /--fail-on/);

  const version = runCli(['--version']);
  assert.equal(version.status, 0);
  assert.equal(version.stdout.trim(), `pyward ${JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version}`);

  const rules = runCli(['rules']);
  assert.equal(rules.status, 0);
  for (const { meta } of ALL_RULES) {
    const row = rules.stdout.split('\n').find((line) => line.startsWith(`${meta.id} `));
    assert.ok(row, `rules lists ${meta.id}`);
    assert.ok(row.includes(meta.name) && row.includes(`${meta.severity}/${meta.confidence}`) && row.includes(`CWE-${meta.cwe}`), row);
    if (meta.bandit) assert.ok(row.includes(meta.bandit), row);
    if (meta.ruff) assert.ok(row.includes(meta.ruff), row);
  }
  const rulesJson = JSON.parse(runCli(['rules', '--format', 'json']).stdout);
  assert.deepEqual(rulesJson.rules.map((rule: { id: string }) => rule.id), ALL_RULES.map((rule) => rule.meta.id));

  for (const args of [[], ['scan'], ['audit', '--format', 'xml'], ['audit', '--fail-on', 'critical'], ['audit', '--jobs', '0'], ['audit', '--max-file-size', '1MB'], ['audit', '--bogus']]) {
    const run = runCli(args);
    assert.equal(run.status, 2, `pyward ${args.join(' ')}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^pyward: error: /, run.stderr);
  }
});

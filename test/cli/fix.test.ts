// `pyward fix` and `pyward audit --fix`, run as a user runs them, on copies of the sample project
// and on small projects built for one behaviour each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGrammars, parseWith } from '../../server/src/engine/grammars';
import { auditJson, exampleApp, runCli, type JsonReport } from './run-cli';
import { git, snapshot, tempProject } from './temp-project';

const YAML_LOAD = 'import yaml\n\n\ndef read(stream):\n    return yaml.load(stream)\n';
const PICKLE = 'import pickle\n\n\ndef read(data):\n    return pickle.loads(data)\n';
const MD5_ETAG = 'import hashlib\n\n\ndef tag(body):\n    etag = hashlib.md5(body).hexdigest()\n    return etag\n';
const MD5_PASSWORD = 'import hashlib\n\n\ndef check(password, stored):\n    return hashlib.md5(password).hexdigest() == stored\n';

/** "Fixed 3 findings (PW104 ×2, PW506) in 2 files." → { PW104: 2, PW506: 1 }. */
function fixedByRule(output: string): Record<string, number> {
  const match = /(?:Fixed|Would fix) \d+ findings? \(([^)]*)\)/.exec(output);
  assert.ok(match, `no fix summary in:\n${output}`);
  const counts: Record<string, number> = {};
  for (const item of match[1].split(', ')) {
    const [id, times] = item.split(' ×');
    counts[id] = times === undefined ? 1 : Number(times);
  }
  return counts;
}

function countByRule(report: JsonReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of report.findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return counts;
}

function copyOfExample(): string {
  const copy = tempProject({});
  cpSync(exampleApp, copy, { recursive: true });
  return copy;
}

async function syntaxErrors(root: string): Promise<string[]> {
  await loadGrammars();
  const broken: string[] = [];
  for (const [path, bytes] of snapshot(root)) {
    const grammar = path.endsWith('.py') ? 'python' : /\.github\/workflows\/.*\.ya?ml$/.test(path) ? 'yaml' : undefined;
    if (!grammar) continue;
    const tree = parseWith(grammar, bytes.toString('utf8'));
    if (tree.rootNode.hasError) broken.push(path);
    tree.delete();
  }
  return broken;
}

test('fix --unsafe-fixes on the sample project: the fixed findings are gone, every file parses, a second run changes nothing', async () => {
  const root = copyOfExample();
  const before = countByRule(auditJson([root, '--fail-on', 'never']).report);
  const run = runCli(['fix', root, '--unsafe-fixes', '--format', 'json', '--fail-on', 'never']);
  assert.equal(run.status, 0, run.stderr);
  const fixed = fixedByRule(run.stderr);
  assert.ok(Object.keys(fixed).length >= 3, run.stderr);
  // The report is the audit after fixing: each applied fix's finding is no longer there.
  const after = countByRule(JSON.parse(run.stdout) as JsonReport);
  for (const [rule, count] of Object.entries(fixed)) {
    assert.ok((before[rule] ?? 0) - (after[rule] ?? 0) >= count, `${rule}: ${before[rule]} before, ${after[rule] ?? 0} after, ${count} fixed`);
  }
  assert.deepEqual(await syntaxErrors(root), []);

  const fixedTree = snapshot(root);
  const again = runCli(['fix', root, '--unsafe-fixes', '--fail-on', 'never']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^Nothing to fix\.$/m);
  assert.deepEqual(snapshot(root), fixedTree);
});

test('fix applies only safe fixes by default: yaml.load becomes yaml.safe_load, unsafe fixes are left for --unsafe-fixes', () => {
  const root = tempProject({ 'load.py': YAML_LOAD, 'fetch.py': 'import requests\n\n\ndef get(url):\n    return requests.get(url)\n' });
  const run = runCli(['fix', root]);
  assert.match(run.stdout, /^Fixed 1 finding \(PW104\) in 1 file\.$/m);
  assert.equal(readFileSync(join(root, 'load.py'), 'utf8'), YAML_LOAD.replace('yaml.load(', 'yaml.safe_load('));
  // Adding timeout= changes behaviour (a slow server now raises): not applied without --unsafe-fixes.
  assert.equal(readFileSync(join(root, 'fetch.py'), 'utf8'), 'import requests\n\n\ndef get(url):\n    return requests.get(url)\n');
  assert.equal(run.status, 1, 'the request without a timeout remains');
  assert.match(run.stdout, /fetch\.py:5:\d+: PW\d+/);
});

test('files where nothing applies are left byte-identical (BOM, CRLF and mtime kept); a fixed CRLF file keeps its BOM and line endings', () => {
  const untouched = Buffer.from(`\uFEFF${PICKLE.replace(/\n/g, '\r\n')}`, 'utf8');
  const crlf = Buffer.from(`\uFEFF${YAML_LOAD.replace(/\n/g, '\r\n')}`, 'utf8');
  const root = tempProject({ 'untouched.py': untouched, 'crlf.py': crlf });
  const mtime = statSync(join(root, 'untouched.py')).mtimeMs;
  runCli(['fix', root]);
  assert.deepEqual(readFileSync(join(root, 'untouched.py')), untouched);
  assert.equal(statSync(join(root, 'untouched.py')).mtimeMs, mtime);
  assert.deepEqual(readFileSync(join(root, 'crlf.py')), Buffer.from(`\uFEFF${YAML_LOAD.replace('yaml.load(', 'yaml.safe_load(').replace(/\n/g, '\r\n')}`, 'utf8'));
});

test('a fixed file keeps its permissions and no temporary file is left beside it', () => {
  const root = tempProject({ 'load.py': YAML_LOAD });
  chmodSync(join(root, 'load.py'), 0o640);
  runCli(['fix', root]);
  assert.match(readFileSync(join(root, 'load.py'), 'utf8'), /yaml\.safe_load\(/);
  assert.equal(statSync(join(root, 'load.py')).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(root), ['load.py']);
});

test('--diff prints a unified diff that git applies, writes nothing, and exits 1 only when there is something to fix', () => {
  const root = tempProject({ 'load.py': YAML_LOAD, 'clean.py': 'def add(a, b):\n    return a + b\n', 'sub/more.py': `${YAML_LOAD}\n\ndef again(s):\n    return yaml.load(s)\n` });
  git(root, 'init', '-q');
  const before = snapshot(root);
  const run = runCli(['fix', '.', '--diff'], { cwd: root });
  assert.equal(run.status, 1, run.stderr);
  assert.deepEqual(snapshot(root), before, '--diff writes nothing');
  assert.match(run.stdout, /^--- a\/load\.py\n\+\+\+ b\/load\.py\n@@ -2,4 \+2,4 @@\n/m);
  assert.match(run.stdout, /^-    return yaml\.load\(stream\)\n\+    return yaml\.safe_load\(stream\)$/m);
  assert.ok(!run.stdout.includes('clean.py'));
  assert.match(run.stderr, /Would fix 3 findings \(PW104 ×3\) in 2 files\./);
  // The diff is exactly what `pyward fix` would write.
  const patch = join(mkdtempSync(join(tmpdir(), 'pyward-eco-patch-')), 'fix.patch');
  writeFileSync(patch, run.stdout);
  git(root, 'apply', patch);
  const applied = snapshot(root);
  runCli(['fix', '.'], { cwd: root });
  assert.deepEqual(snapshot(root), applied, 'applying the diff leaves nothing to fix');

  const nothing = runCli(['fix', '.', '--diff'], { cwd: root });
  assert.equal(nothing.status, 0);
  assert.equal(nothing.stdout, '');
});

test('--enable/--disable limit what is fixed; audit --fix fixes like fix does', () => {
  const root = tempProject({ 'load.py': YAML_LOAD });
  const disabled = runCli(['audit', '--fix', root, '--disable', 'PW104']);
  assert.match(disabled.stdout, /^Nothing to fix\.$/m);
  assert.equal(readFileSync(join(root, 'load.py'), 'utf8'), YAML_LOAD);
  const disabledByName = runCli(['fix', root, '--profile', 'strict', '--disable', 'yaml-unsafe-load']);
  assert.equal(readFileSync(join(root, 'load.py'), 'utf8'), YAML_LOAD, disabledByName.stdout);
  const fixed = runCli(['audit', '--fix', root]);
  assert.match(fixed.stdout, /Fixed 1 finding \(PW104\)/);
  assert.equal(fixed.status, 0, fixed.stdout);
});

test('usedforsecurity=False on a digest named as non-security is safe; a password hash is not marked away; filter="data" (requires-python >= 3.12) needs --unsafe-fixes', () => {
  const root = tempProject({
    'pyproject.toml': '[project]\nname = "demo"\nversion = "1"\nrequires-python = ">=3.12"\n',
    'cache.py': MD5_ETAG,
    'password.py': MD5_PASSWORD,
    'unpack.py': 'import tarfile\n\n\ndef unpack(path, dest):\n    with tarfile.open(path) as archive:\n        archive.extractall(dest)\n',
  });
  runCli(['fix', root, '--profile', 'strict']);
  assert.match(readFileSync(join(root, 'cache.py'), 'utf8'), /hashlib\.md5\(body, usedforsecurity=False\)/);
  assert.equal(readFileSync(join(root, 'password.py'), 'utf8'), MD5_PASSWORD);
  // The data filter refuses links out of the folder and device files a legitimate archive may hold.
  assert.match(readFileSync(join(root, 'unpack.py'), 'utf8'), /archive\.extractall\(dest\)\n/);
  runCli(['fix', root, '--profile', 'strict', '--unsafe-fixes']);
  assert.match(readFileSync(join(root, 'unpack.py'), 'utf8'), /archive\.extractall\(dest, filter="data"\)/);
});

test('a file that does not parse is not fixed, and says so', () => {
  const broken = `${YAML_LOAD}\ndef broken(:\n    pass\n`;
  const root = tempProject({ 'broken.py': broken });
  const run = runCli(['fix', root]);
  assert.equal(readFileSync(join(root, 'broken.py'), 'utf8'), broken);
  assert.match(run.stderr, /broken\.py: not fixed: it has syntax errors/);
});

test('usage errors: --diff and --unsafe-fixes need fixing, --write-baseline does not go with it', () => {
  for (const args of [['audit', '--diff'], ['audit', '--unsafe-fixes'], ['fix', '--write-baseline', 'b.json'], ['fix', '--fix']]) {
    const run = runCli(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, /^pyward: error: /);
  }
});

test('a baseline covers fixing: audit --fix and fix leave the findings it records as they are', () => {
  const OLD = 'import yaml\n\n\ndef read(stream):\n    return yaml.load(stream)\n';
  const NEW = `${OLD}\n\ndef read_more(data):\n    return yaml.load(data)\n`;
  for (const how of [['audit', '--fix', '--baseline', 'baseline.json'], ['fix', '--baseline', 'baseline.json'], ['fix']] as const) {
    const root = tempProject({ 'load.py': OLD, 'other.py': OLD.replace('read', 'parse') });
    const written = runCli(['audit', '.', '--write-baseline', 'baseline.json'], { cwd: root });
    assert.equal(written.status, 0, written.stderr);
    if (how.length === 1) writeFileSync(join(root, 'pyproject.toml'), '[tool.pyward]\nbaseline = "baseline.json"\n');
    writeFileSync(join(root, 'load.py'), NEW);
    const run = runCli([...how, '.', '--fail-on', 'never'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Fixed 1 finding \(PW104\) in 1 file\.$/m, how.join(' '));
    assert.equal(readFileSync(join(root, 'load.py'), 'utf8'), NEW.replace('yaml.load(data)', 'yaml.safe_load(data)'), how.join(' '));
    assert.equal(readFileSync(join(root, 'other.py'), 'utf8'), OLD.replace('read', 'parse'), how.join(' '));
  }
});

test('fix with a baseline that cannot be read stops before changing anything', () => {
  const root = tempProject({ 'load.py': YAML_LOAD, 'baseline.json': '{"version": 1' });
  const run = runCli(['fix', '.', '--baseline', 'baseline.json'], { cwd: root });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^pyward: error: cannot read the baseline baseline\.json: not valid JSON/m);
  assert.equal(readFileSync(join(root, 'load.py'), 'utf8'), YAML_LOAD);
});

// File discovery and error handling, on folders built in a temporary directory.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { auditJson, runCli } from './run-cli';

const FLAGGED = 'import yaml\n\n\ndef load(stream):\n    return yaml.load(stream)\n';
const CLEAN = 'def add(a, b):\n    return a + b\n';

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) {
    try {
      chmodSync(join(dir, 'unreadable.py'), 0o644);
    } catch {
      // Not every folder has one.
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh folder holding `files` (path → content; a Buffer for raw bytes). */
function project(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'pyward-cli-'));
  temporary.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

test('.gitignore (root and nested, from the git root), venvs, caches and build outputs are skipped', () => {
  const root = project({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'generated/\n*_pb2.py\n/top_only.py\n',
    'main.py': FLAGGED,
    'top_only.py': FLAGGED,
    'generated/models.py': FLAGGED,
    'proto/api_pb2.py': FLAGGED,
    'pkg/__init__.py': CLEAN,
    'pkg/top_only.py': CLEAN,
    'pkg/.gitignore': 'local_*.py\n!local_keep.py\n',
    'pkg/local_settings.py': FLAGGED,
    'pkg/local_keep.py': CLEAN,
    '.venv/lib/site.py': FLAGGED,
    'venv/x.py': FLAGGED,
    'env-custom/pyvenv.cfg': 'home = /usr/bin\n',
    'env-custom/lib/python3.12/site-packages/yaml/__init__.py': FLAGGED,
    'lib/site-packages/x.py': FLAGGED,
    'node_modules/pkg/x.py': FLAGGED,
    '__pycache__/x.py': FLAGGED,
    '.tox/py312/x.py': FLAGGED,
    '.nox/x.py': FLAGGED,
    '.mypy_cache/x.py': FLAGGED,
    '.pytest_cache/x.py': FLAGGED,
    '.ruff_cache/x.py': FLAGGED,
    'build/lib/x.py': FLAGGED,
    'dist/x.py': FLAGGED,
    'mypkg.egg-info/x.py': FLAGGED,
    '.hg/x.py': FLAGGED,
    'stubs/types.pyi': FLAGGED,
    'notes.txt': FLAGGED,
  });
  const { report } = auditJson([root]);
  assert.deepEqual(report.files.map((file) => file.path), ['main.py', 'pkg/__init__.py', 'pkg/local_keep.py', 'pkg/top_only.py']);
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(report.findings.map((finding) => `${finding.path}:${finding.startLine}:${finding.ruleId}`), ['main.py:5:PW104']);

  // The .gitignore files above a sub-folder still apply when only the sub-folder is audited.
  const sub = auditJson([join(root, 'pkg')]).report;
  assert.deepEqual(sub.files.map((file) => file.path), ['__init__.py', 'local_keep.py', 'top_only.py']);

  // A file named explicitly is analysed even when ignored, and so is a folder.
  const explicit = auditJson([join(root, 'generated', 'models.py'), join(root, '.venv')]).report;
  assert.deepEqual(explicit.files.map((file) => file.path), ['.venv/lib/site.py', 'generated/models.py']);
});

test('binary, invalid UTF-8, oversize and non-regular files are skipped with their reasons', () => {
  const root = project({
    'ok.py': FLAGGED,
    'binary.py': Buffer.from([0x69, 0x6d, 0x70, 0x00, 0x01, 0x02]),
    'latin1.py': Buffer.from('name = "caf\xe9"\n', 'latin1'),
    'big.py': '# padding\n'.repeat(150_000),
    'bom.py': '\ufeff' + FLAGGED,
  });
  const { report } = auditJson([root]);
  assert.deepEqual(report.files.map((file) => file.path), ['bom.py', 'ok.py']);
  const reasons = Object.fromEntries(report.skipped.map((skipped) => [skipped.path, skipped.reason]));
  assert.deepEqual(Object.keys(reasons), ['big.py', 'binary.py', 'latin1.py']);
  assert.match(reasons['big.py'], /^too large \(1500000 bytes; the limit is 1048576/);
  assert.match(reasons['binary.py'], /^binary/);
  assert.match(reasons['latin1.py'], /^not valid UTF-8/);
  assert.equal(report.summary.filesSkipped, 3);

  // The byte order mark is dropped: positions are the same as without it.
  const positions = report.findings.map((finding) => `${finding.path}:${finding.startLine}:${finding.startColumn}-${finding.endLine}:${finding.endColumn}`);
  assert.deepEqual(positions, ['bom.py:5:12-5:29', 'ok.py:5:12-5:29']);

  // --max-file-size raises (or lowers) the limit.
  const larger = auditJson([root, '--max-file-size', '2000000']).report;
  assert.ok(larger.files.some((file) => file.path === 'big.py'));
  const smaller = auditJson([root, '--max-file-size', '10']).report;
  assert.deepEqual(smaller.files, []);

  // Skipped files show in the text summary but do not change the exit status.
  const text = runCli(['audit', join(root, 'binary.py'), join(root, 'latin1.py')]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Skipped 2 files:$/m);
  assert.match(text.stdout, /binary\.py: binary/);
  assert.match(text.stdout, /latin1\.py: not valid UTF-8/);
});

test('a file declaring its encoding (PEP 263) is decoded as declared and analysed', () => {
  const root = project({
    'latin1.py': Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\nimport yaml\nyaml.load(name)\n', 'latin1'),
    'cp1252.py': Buffer.concat([Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nquote = "'), Buffer.from([0x93, 0x94]), Buffer.from('"\nimport yaml\nyaml.load(quote)\n')]),
    'unknown.py': Buffer.from('# coding: no-such-codec\nx = 1\n'),
    'wrong.py': Buffer.from('# coding: utf-8\nname = "caf\xe9"\n', 'latin1'),
  });
  const { report } = auditJson([root]);
  assert.deepEqual(report.files.map((file) => file.path), ['cp1252.py', 'latin1.py']);
  // Columns count characters of the decoded text: é and the curly quotes are one each.
  const positions = report.findings.map((finding) => `${finding.path}:${finding.startLine}:${finding.startColumn}`);
  assert.deepEqual(positions, ['cp1252.py:5:1', 'latin1.py:4:1']);
  const reasons = Object.fromEntries(report.skipped.map((skipped) => [skipped.path, skipped.reason]));
  assert.match(reasons['unknown.py'], /declares an encoding this reader does not know \(no-such-codec\)/);
  assert.match(reasons['wrong.py'], /^not valid UTF-8, its declared encoding/);
});

test('an unreadable file is skipped with the reason', (t) => {
  const root = project({ 'ok.py': CLEAN, 'unreadable.py': CLEAN });
  const path = join(root, 'unreadable.py');
  chmodSync(path, 0o000);
  let readable = false;
  try {
    readFileSync(path);
    readable = true;
  } catch {
    // Expected for an ordinary user.
  }
  if (readable) {
    t.skip('running as root (or with CAP_DAC_OVERRIDE): a chmod 000 file is still readable');
    return;
  }
  const { report } = auditJson([root]);
  assert.deepEqual(report.files.map((file) => file.path), ['ok.py']);
  assert.equal(report.skipped.length, 1);
  assert.equal(report.skipped[0].path, 'unreadable.py');
  assert.match(report.skipped[0].reason, /^unreadable \(EACCES/);
});

test('a symlinked folder is not followed, so a loop does not hang', { skip: process.platform === 'win32' ? 'symlinks need privileges on Windows' : false }, () => {
  const root = project({ 'a/one.py': CLEAN, 'two.py': FLAGGED });
  symlinkSync(root, join(root, 'a', 'loop'), 'dir');
  symlinkSync(join(root, 'two.py'), join(root, 'a', 'linked.py'));
  const { report } = auditJson([root], { timeoutMs: 30_000 });
  assert.deepEqual(report.files.map((file) => file.path), ['a/linked.py', 'a/one.py', 'two.py']);
});

test('a path that does not exist: exit 2, naming it', () => {
  const root = project({ 'ok.py': CLEAN });
  const missing = join(root, 'no-such-folder');
  const run = runCli(['audit', root, missing]);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.ok(run.stderr.includes(missing), run.stderr);
});

test('--output writes the report; an unwritable --output exits 2 naming the file', () => {
  const root = project({ 'app.py': FLAGGED });
  const output = join(root, 'report.json');
  const run = runCli(['audit', root, '--format', 'json', '--output', output]);
  assert.equal(run.status, 1, run.stderr);
  assert.equal(run.stdout, '');
  assert.ok(run.stderr.includes(output), 'says where the report went');
  const report = JSON.parse(readFileSync(output, 'utf8'));
  assert.deepEqual(report.findings.map((finding: { ruleId: string }) => finding.ruleId), ['PW104']);

  const sarifOutput = join(root, 'report.sarif');
  assert.equal(runCli(['audit', root, '--format', 'sarif', '-o', sarifOutput, '--fail-on', 'never']).status, 0);
  assert.equal(JSON.parse(readFileSync(sarifOutput, 'utf8')).version, '2.1.0');

  for (const bad of [join(root, 'missing-folder', 'report.json'), root]) {
    const failed = runCli(['audit', root, '--output', bad]);
    assert.equal(failed.status, 2, `--output ${bad}`);
    assert.equal(failed.stdout, '');
    assert.equal(failed.stderr.trim().split('\n').length, 1);
    assert.ok(failed.stderr.includes(bad), failed.stderr);
  }
  assert.ok(!existsSync(join(root, 'missing-folder')));
});

test('--jobs 1 and --jobs 2 give identical JSON; SARIF URIs are percent-encoded', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    files[`pkg${i % 3}/module_${String(i).padStart(2, '0')}.py`] = i % 2 === 0 ? FLAGGED : CLEAN;
  }
  files['with space/é.py'] = FLAGGED;
  files['binary.py'] = '\0\0\0';
  const root = project(files);
  const one = runCli(['audit', root, '--format', 'json', '--jobs', '1']);
  const two = runCli(['audit', root, '--format', 'json', '--jobs', '2']);
  const many = runCli(['audit', root, '--format', 'json', '--jobs', '7']);
  assert.equal(one.status, 1, one.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.equal(many.stdout, one.stdout);
  const report = JSON.parse(one.stdout);
  assert.equal(report.files.length, 41);
  assert.equal(report.findings.length, 21);
  assert.deepEqual(report.skipped.map((skipped: { path: string }) => skipped.path), ['binary.py']);

  const sarif = JSON.parse(runCli(['audit', root, '--format', 'sarif', '--jobs', '2']).stdout);
  const uris: string[] = sarif.runs[0].results.map((result: any) => result.locations[0].physicalLocation.artifactLocation.uri);
  assert.ok(uris.includes('with%20space/%C3%A9.py'), uris.join(' '));
  assert.ok(uris.includes('pkg0/module_00.py'));
});

test('the text report shows paths from the current folder', () => {
  const root = project({ 'sub/app.py': FLAGGED });
  const run = runCli(['audit', 'sub'], { cwd: root });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /^sub\/app\.py:5:12: PW104 \[high\/high\] .+ \(yaml-unsafe-load\)$/m);
  const single = runCli(['audit', 'sub/app.py', '--fail-on', 'never'], { cwd: root });
  assert.equal(single.status, 0);
  assert.match(single.stdout, /^sub\/app\.py:5:12: PW104/m);
});

test('CRLF line breaks; SARIF fingerprints survive code moving', () => {
  const root = project({ 'crlf.py': FLAGGED.replace(/\n/g, '\r\n'), 'moved.py': FLAGGED });
  const before = auditJson([root]).report;
  assert.deepEqual(
    before.findings.map((finding) => `${finding.path}:${finding.startLine}:${finding.startColumn}-${finding.endLine}:${finding.endColumn}`),
    ['crlf.py:5:12-5:29', 'moved.py:5:12-5:29'],
  );
  const fingerprints = () => {
    const sarif = JSON.parse(runCli(['audit', root, '--format', 'sarif']).stdout);
    return sarif.runs[0].results.map((result: any) => `${result.locations[0].physicalLocation.region.startLine} ${result.partialFingerprints['pyward/v1']}`);
  };
  const first = fingerprints();
  writeFileSync(join(root, 'moved.py'), '"""A docstring."""\n\n' + FLAGGED);
  const second = fingerprints();
  assert.equal(first[0], second[0]);
  assert.equal(second[1].split(' ')[0], '7');
  assert.equal(first[1].split(' ')[1], second[1].split(' ')[1], 'the fingerprint does not depend on the line number');
  assert.notEqual(first[0].split(' ')[1], first[1].split(' ')[1], 'it depends on the path');
});

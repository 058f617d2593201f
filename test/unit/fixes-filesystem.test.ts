// The fixes and messages of the filesystem rules (PW951–PW956): narrower file modes,
// tempfile.mktemp → mkstemp where the file may exist early, filter="data" when the project's
// Python has it. Exact text, still valid Python, and the finding gone afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePython } from '../../server/src/engine/index';
import type { Finding } from '../../server/src/engine/finding';
import { applyEdits, assertFix, findingsOf, onlyFinding, parsesCleanly, registry, docsOf } from '../helpers';

// PW951 permissions

test('PW951: 0o777 becomes 0o755, group-writable 0o664 becomes 0o644', async () => {
  await assertFix('import os\nos.chmod(path, 0o777)\n', 'PW951', 'Use mode 0o755', 'import os\nos.chmod(path, 0o755)\n');
  await assertFix('from pathlib import Path\nPath(p).chmod(0o664)\n', 'PW951', 'Use mode 0o644', 'from pathlib import Path\nPath(p).chmod(0o644)\n');
});

test('PW951: a key readable by others becomes owner-only; stat constants get no fix', async () => {
  await assertFix('import os\nos.chmod(key_file, 0o644)\n', 'PW951', 'Use mode 0o600', 'import os\nos.chmod(key_file, 0o600)\n');
  const constants = await onlyFinding('import os, stat\nos.chmod(p, stat.S_IRWXU | stat.S_IRWXO)\n', 'PW951');
  assert.deepEqual(constants.fixes, []);
  assert.equal(constants.severity, 'high');
  const group = await onlyFinding('import os\nos.chmod(p, 0o770)\n', 'PW951');
  assert.equal(group.severity, 'medium');
});

test('PW951: execute bits alone, private modes and unknown modes are not reported', async () => {
  const source = 'import os\nos.chmod(script, 0o755)\nos.chmod(key_file, 0o600)\nos.chmod(p, mode)\nos.chmod("/home/me/.ssh/id_rsa.pub", 0o644)\n';
  assert.deepEqual(await findingsOf(source, 'PW951'), []);
});

// PW952 /tmp

test('PW952: a path in /tmp is reported once, with the literal as written', async () => {
  const finding = await onlyFinding('with open("/var/tmp/out.csv", "w") as f:\n    pass\n', 'PW952');
  assert.match(finding.message, /^`"\/var\/tmp\/out\.csv"` is a fixed path in a world-writable folder/);
  assert.deepEqual(finding.fixes, []);
});

// PW953 mktemp

const MKSTEMP = 'Use tempfile.mkstemp (closes _fd)';

test('PW953: path = tempfile.mktemp(...) becomes mkstemp, and the descriptor is closed', async () => {
  await assertFix(
    'import os\nimport tempfile\n\ndef build(report):\n    path = tempfile.mktemp(suffix=".json")\n    with open(path, "w") as out:\n        out.write(report)\n    os.remove(path)\n',
    'PW953',
    MKSTEMP,
    'import os\nimport tempfile\n\ndef build(report):\n    _fd, path = tempfile.mkstemp(suffix=".json")\n    os.close(_fd)\n    with open(path, "w") as out:\n        out.write(report)\n    os.remove(path)\n',
  );
});

test('PW953: from-imports and a missing `import os` are handled, trailing comments stay on their line', async () => {
  await assertFix(
    'from tempfile import mktemp\n\nname = mktemp()  # scratch\ndf.to_csv(name)\n',
    'PW953',
    MKSTEMP,
    'import os\nimport tempfile\nfrom tempfile import mktemp\n\n_fd, name = tempfile.mkstemp()  # scratch\nos.close(_fd)\ndf.to_csv(name)\n',
  );
});

test('PW953: no rewrite when the name must not exist yet, or is not assigned on its own line', async () => {
  for (const source of [
    'import tempfile, socket\naddress = tempfile.mktemp()\nsocket.socket(socket.AF_UNIX).bind(address)\n',
    'import tempfile, os\npath = tempfile.mktemp()\nos.mkdir(path)\n',
    'import tempfile\npath = tempfile.mktemp()\nwith open(path, "x") as f:\n    pass\n',
    'import tempfile, subprocess\nout = tempfile.mktemp()\nsubprocess.run(["tool", "-o", out])\n',
    'import tempfile\nrun(tempfile.mktemp())\n',
  ]) {
    const finding = await onlyFinding(source, 'PW953');
    assert.deepEqual(finding.fixes, [], source);
    assert.match(finding.message, /use `mkstemp` or `NamedTemporaryFile`/);
    assert.match(finding.details ?? '', /^Not rewritten automatically: /, source);
  }
});

// PW955 tarfile

async function withPython(source: string, minimumPython?: [number, number]): Promise<Finding[]> {
  const findings = await analyzePython(source, registry, { withFixes: true, file: { isTest: false, minimumPython } });
  return findings.filter((finding) => finding.ruleId === 'PW955');
}

const TAR = 'import tarfile\n\nwith tarfile.open(upload) as archive:\n    archive.extractall(dest)\n';

test('PW955: filter="data" is added when requires-python guarantees it (3.12+)', async () => {
  const [finding] = await withPython(TAR, [3, 12]);
  assert.deepEqual(finding.fixes?.map((fix) => [fix.title, fix.preferred]), [['Extract with filter="data" (changes behaviour: links leaving the folder, device files and absolute paths are refused; set-uid bits dropped)', false]]);
  const fixed = applyEdits(TAR, finding.fixes![0].edits);
  assert.equal(fixed, 'import tarfile\n\nwith tarfile.open(upload) as archive:\n    archive.extractall(dest, filter="data")\n');
  assert.ok(await parsesCleanly(fixed));
  assert.deepEqual(await withPython(fixed, [3, 12]), []);
});

test('PW955: filter="fully_trusted" is replaced', async () => {
  const source = 'import tarfile\ntarfile.open(p).extract(m, d, filter="fully_trusted")\n';
  const [finding] = await withPython(source, [3, 13]);
  assert.equal(applyEdits(source, finding.fixes![0].edits), 'import tarfile\ntarfile.open(p).extract(m, d, filter="data")\n');
});

test('PW955: no fix when the minimum Python is unknown or older, and the docs say which versions have the filter', async () => {
  const [unknown] = await withPython(TAR);
  assert.deepEqual(unknown.fixes, []);
  assert.match(unknown.message, /pass `filter="data"`/);
  assert.match(docsOf('PW955'), /Python 3\.12\+, 3\.11\.4\+, 3\.10\.12\+, 3\.9\.17\+/);
  const [older] = await withPython(TAR, [3, 9]);
  assert.deepEqual(older.fixes, []);
});

test('PW955: from Python 3.14 "data" is the default, so only fully_trusted is reported', async () => {
  assert.deepEqual(await withPython(TAR, [3, 14]), []);
  const trusting = await withPython('import tarfile\ntarfile.open(p).extractall(filter="fully_trusted")\n', [3, 14]);
  assert.equal(trusting.length, 1);
});

test('PW955: members= filtered by a comprehension or a function is accepted; an unknown list is medium', async () => {
  const source =
    'import tarfile\ntar = tarfile.open(p)\n' +
    'tar.extractall(d, members=[m for m in tar if ok(m)])\n' +
    'tar.extractall(d, members=check(tar))\n' +
    'def f(chosen):\n    tar.extractall(d, members=chosen)\n';
  const found = await withPython(source);
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'medium');
});

// PW956 zip slip

test('PW956: the message names the zip member name written to', async () => {
  const finding = await onlyFinding(
    'import os, zipfile\nwith zipfile.ZipFile(p) as z:\n    for info in z.infolist():\n        open(os.path.join(d, info.filename), "wb").write(z.read(info))\n',
    'PW956',
  );
  assert.match(finding.message, /^`info\.filename` is a zip member name: `\.\.\/` in it writes outside the destination/);
  assert.equal(finding.confidence, 'high');
});

// The PWD1xx rules beyond their fixtures: exact ranges, messages, fixes applied and re-analysed,
// and the project-wide manifest API.
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { FileKind } from '../../server/src/engine/file-kind';
import type { Finding } from '../../server/src/engine/finding';
import { analyzeSource } from '../../server/src/engine/index';
import type { ProjectContext } from '../../server/src/engine/project';
import { NO_PROJECT } from '../../server/src/engine/project';
import type { RuleRegistry } from '../../server/src/engine/registry';
import { analyzeText } from '../../server/src/engine/text-analysis';
import { hasLockFile, includeCycle, lockedVersion, projectManifests } from '../../server/src/manifests/project-manifests';
import { Project } from '../../server/src/project/project';
import { findTyposquat } from '../../server/src/supply-chain/typosquat';
import { applyEdits, fixturePath, registry, setupInWorkspace, strictRegistry, titled } from '../helpers';

interface Options {
  path?: string;
  project?: ProjectContext;
  rules?: RuleRegistry;
}

async function findings(text: string, kind: FileKind, ruleId: string, options: Options = {}): Promise<Finding[]> {
  const file = { path: options.path ?? defaultPath(kind), isTest: false, project: options.project ?? NO_PROJECT };
  const all = kind === 'python' ? await analyzeText(text, kind, options.rules ?? registry, { file, withFixes: true }) : await analyzeSource(text, kind, options.rules ?? registry, { file, withFixes: true });
  return all.filter((finding) => finding.ruleId === ruleId);
}

function defaultPath(kind: FileKind): string {
  return { requirements: 'requirements.txt', pyproject: 'pyproject.toml', pylock: 'pylock.toml', 'setup-cfg': 'setup.cfg', pipfile: 'Pipfile', python: 'setup.py' }[kind as string] ?? 'x';
}

const spans = (text: string, list: readonly Finding[]) => list.map((finding) => text.slice(finding.start, finding.end));

/** Applies the fix titled `title` of the only `ruleId` finding, checks the text, and that the finding is gone. */
async function assertFix(text: string, kind: FileKind, ruleId: string, title: string, expected: string, options: Options = {}): Promise<void> {
  const before = await findings(text, kind, ruleId, options);
  assert.equal(before.length, 1, `one ${ruleId} finding expected in:\n${text}`);
  const fix = before[0].fixes?.find((candidate) => titled(candidate, title));
  assert.ok(fix, `no fix "${title}" among ${before[0].fixes?.map((f) => f.title).join('; ')}`);
  const after = applyEdits(text, fix.edits);
  assert.equal(after, expected);
  assert.deepEqual(await findings(after, kind, ruleId, options), [], `${ruleId} still reported after the fix`);
}

test('PWD101: reports the name, names the intended package and its rank; the fix keeps extras, specifier and marker', async () => {
  const squat = findTyposquat('reqeusts');
  assert.ok(squat, 'the matcher knows reqeusts');
  const text = 'reqeusts[socks]>=2.31 ; python_version >= "3.9"\n';
  const [finding] = await findings(text, 'requirements', 'PWD101');
  assert.equal(text.slice(finding.start, finding.end), 'reqeusts');
  assert.match(finding.message, new RegExp(`\`${squat.intended}\` \\(#${squat.intendedRank} `));
  await assertFix(text, 'requirements', 'PWD101', `Replace with ${squat.intended}`, `${squat.intended}[socks]>=2.31 ; python_version >= "3.9"\n`);
  const toml = '[project]\ndependencies = ["reqeusts>=2"]\n[tool.poetry.dependencies]\nreqeusts = "^2"\n';
  assert.deepEqual(spans(toml, await findings(toml, 'pyproject', 'PWD101')), ['reqeusts', 'reqeusts']);
  assert.deepEqual(await findings('requests>=2\nPython.Dateutil==2.9\n', 'requirements', 'PWD101'), []);
});

test('PWD102: pins to the version installed in the virtual environment', async () => {
  const project = new Project(fixturePath('manifests', 'venv-project'));
  const text = 'Flask[async]>=2 ; python_version >= "3.9"\nrequests\n';
  const list = await findings(text, 'requirements', 'PWD102', { project });
  assert.deepEqual(spans(text, list), ['>=2', 'requests']);
  assert.match(list[0].message, /installed in the virtual environment \(`==3\.0\.3`\)/);
  assert.deepEqual(list[1].fixes, [], 'no version known for requests: no fix');
  const pinned = applyEdits(text, list[0].fixes!.find((fix) => fix.title === 'Pin to ==3.0.3 (installed)')!.edits);
  assert.equal(pinned, 'Flask[async]==3.0.3 ; python_version >= "3.9"\nrequests\n');
  assert.deepEqual(spans(pinned, await findings(pinned, 'requirements', 'PWD102', { project })), ['requests']);
});

test('PWD102: without an environment, pins to the locked version (inserting a specifier)', async () => {
  const project = new Project(fixturePath('manifests', 'locked-project'));
  assert.equal(lockedVersion(project, 'requests'), '2.31.0');
  await assertFix('requests  # http\n', 'requirements', 'PWD102', 'Pin to ==2.31.0 (locked)', 'requests==2.31.0  # http\n', { project });
});

test('PWD102: pip-tools inputs with a compiled output, and a Pipfile with its lock, are not deployments', async () => {
  const project = new Project(fixturePath('manifests', 'includes'));
  assert.deepEqual(await findings('click\n', 'requirements', 'PWD102', { project, path: 'constraints.in' }), []);
  assert.equal((await findings('click\n', 'requirements', 'PWD102', { project, path: 'other.in' })).length, 1);
  assert.equal((await findings('[packages]\nrequests = "*"\n', 'pipfile', 'PWD102')).length, 1);
});

test('PWD102: a requirements file is a CI or test one by its folders inside the workspace, not above it', async () => {
  // A repository checked out as `ci/` (no pyproject.toml: the file's path is absolute).
  const workspace = join(mkdtempSync(join(tmpdir(), 'pyward-pwd102-')), 'ci');
  mkdirSync(join(workspace, 'tests'), { recursive: true });
  const text = 'requests\nclick\n';
  for (const path of ['requirements.txt', 'tests/requirements.txt']) writeFileSync(join(workspace, path), text);
  const unpinned = async (path: string) => {
    const setup = setupInWorkspace(workspace, join(workspace, path));
    return (await analyzeSource(text, 'requirements', setup.registry, { file: setup.file })).filter((f) => f.ruleId === 'PWD102').length;
  };
  assert.equal(await unpinned('requirements.txt'), 2, 'deployed: one finding per line');
  assert.equal(await unpinned('tests/requirements.txt'), 1, 'a test suite\'s: one finding for the file');
});

test('PWD103: library ranges only without a lock file; build-system never', async () => {
  const text = '[build-system]\nrequires = ["setuptools"]\n[project]\ndependencies = ["requests>=2", "idna==3.7"]\n';
  const list = await findings(text, 'pyproject', 'PWD103');
  assert.deepEqual(spans(text, list), ['>=2']);
  assert.match(list[0].message, /no lock file/);
  const locked = new Project(fixturePath('manifests', 'locked-project'));
  assert.deepEqual(await findings(text, 'pyproject', 'PWD103', { project: locked }), []);
});

test('setup.py is read as a manifest by the dependency rules (kind python)', async () => {
  const text = 'from setuptools import setup\nsetup(install_requires=["reqeusts>=2", "idna==3.7"])\n';
  assert.deepEqual(spans(text, await findings(text, 'python', 'PWD103')), ['>=2']);
  assert.deepEqual(spans(text, await findings(text, 'python', 'PWD101')), ['reqeusts']);
  assert.deepEqual(await findings(text, 'python', 'PWD103', { path: 'src/app.py' }), []);
});

test('PWD104: every requirement without a hash once one has one', async () => {
  const text = 'a==1 --hash=sha256:00\nb==2\n-e ./local\nhttps://example.com/c-1.0.tar.gz\n';
  assert.deepEqual(spans(text, await findings(text, 'requirements', 'PWD104')), ['b', 'c']);
});

test('PWD105 and PWD106: pylock artifacts without hashes; one hint per unhashed file (strict)', async () => {
  const lock = '[[packages]]\nname = "a"\nversion = "1"\nsdist = { url = "https://f/a.tar.gz" }\n[packages.archive]\nurl = "https://f/a.zip"\nhashes = { sha256 = "00" }\n';
  assert.deepEqual(spans(lock, await findings(lock, 'pylock', 'PWD105')), ['https://f/a.tar.gz']);
  const text = 'a==1\nb==2\n';
  const hint = await findings(text, 'requirements', 'PWD106', { rules: strictRegistry });
  assert.deepEqual(spans(text, hint), ['a']);
  assert.match(hint[0].message, /None of the 2 requirements/);
  assert.deepEqual(await findings(text, 'requirements', 'PWD106'), [], 'strict only');
});

test('PWD107: the ref of a VCS URL, or the URL when there is none', async () => {
  const text = 'a @ git+https://github.com/o/a.git@release-1\nb @ git+ssh://git@github.com/o/b.git\nc @ git+https://github.com/o/c.git@0123456789abcdef0123456789abcdef01234567\n';
  const list = await findings(text, 'requirements', 'PWD107');
  assert.deepEqual(spans(text, list), ['release-1', 'git+ssh://git@github.com/o/b.git']);
  assert.match(list[0].message, /branch or tag `release-1`/);
  assert.match(list[1].message, /no revision/);
});

test('PWD108: http:// indexes and URLs, fixed to https://', async () => {
  await assertFix('--index-url http://pypi.example.com/simple\n', 'requirements', 'PWD108', 'Use https://', '--index-url https://pypi.example.com/simple\n');
  await assertFix('x @ git+http://example.com/x.git@0123456789abcdef0123456789abcdef01234567\n', 'requirements', 'PWD108', 'Use https://', 'x @ git+https://example.com/x.git@0123456789abcdef0123456789abcdef01234567\n');
  const toml = '[[tool.poetry.source]]\nname = "x"\nurl = "http://x.example.com/simple"\npriority = "explicit"\n';
  await assertFix(toml, 'pyproject', 'PWD108', 'Use https://', toml.replace('http:', 'https:'));
  assert.deepEqual(await findings('-f http://127.0.0.1:8000/\n--index-url https://ok/simple\n', 'requirements', 'PWD108'), []);
});

test('PWD109: --trusted-host removed with its line; verify_ssl turned back on', async () => {
  await assertFix('--index-url https://x/simple\r\n--trusted-host x  # corp proxy\r\nidna==3.7\r\n', 'requirements', 'PWD109', 'Remove --trusted-host', '--index-url https://x/simple\r\nidna==3.7\r\n');
  const pipfile = '[[source]]\nname = "pypi"\nurl = "https://pypi.org/simple"\nverify_ssl = false\n';
  await assertFix(pipfile, 'pipfile', 'PWD109', 'Set verify_ssl = true', pipfile.replace('false', 'true'));
  const uv = '[tool.uv]\nallow-insecure-host = ["x.example.com"]\n';
  assert.deepEqual(spans(uv, await findings(uv, 'pyproject', 'PWD109')), ['x.example.com']);
});

test('PWD110: names the risk and the safe alternatives; uv only with an unsafe strategy', async () => {
  const text = '--extra-index-url https://private.example.com/simple\n';
  const [finding] = await findings(text, 'requirements', 'PWD110');
  assert.equal(text.slice(finding.start, finding.end), 'https://private.example.com/simple');
  assert.match(finding.message, /higher version/);
  assert.match(finding.message, /single index that proxies PyPI/);
  assert.match(finding.message, /first-index/);
  const uv = (strategy: string) => `[tool.uv]\n${strategy}\n[[tool.uv.index]]\nname = "p"\nurl = "https://p/simple"\n`;
  assert.deepEqual(await findings(uv(''), 'pyproject', 'PWD110'), []);
  assert.deepEqual(await findings(uv('index-strategy = "first-index"'), 'pyproject', 'PWD110'), []);
  assert.equal((await findings(uv('index-strategy = "unsafe-best-match"'), 'pyproject', 'PWD110')).length, 1);
  const poetry = '[[tool.poetry.source]]\nname = "p"\nurl = "https://p/simple"\npriority = "supplemental"\n[[tool.poetry.source]]\nname = "q"\nurl = "https://q/simple"\n';
  assert.deepEqual(spans(poetry, await findings(poetry, 'pyproject', 'PWD110')), ['https://p/simple']);
});

test('PWD111: one finding per error, at its position, for every format', async () => {
  const toml = '[project]\nname = "x"\nname = "y"\ndependencies = ["a" "b"]\n';
  const list = await findings(toml, 'pyproject', 'PWD111');
  assert.equal(list.length, 1, 'one diagnostic for a malformed TOML file');
  assert.equal(toml.slice(list[0].start, list[0].end), 'name');
  assert.equal(list[0].start, toml.lastIndexOf('name ='));
  assert.match(list[0].message, /^Not valid TOML: .*pip, uv and Poetry will reject/);
  const cfg = '[options]\ninstall_requires =\n    requests>>2\n';
  assert.deepEqual(spans(cfg, await findings(cfg, 'setup-cfg', 'PWD111')), ['>>2']);
  const lock = '[[packages]]\nversion = "1"\n';
  assert.equal((await findings(lock, 'pylock', 'PWD111')).length, 1);
});

test('PWD112 and the project API: includes resolved relative to the including file, cycles named', async () => {
  const project = new Project(fixturePath('manifests', 'includes'));
  const manifests = projectManifests(project);
  assert.deepEqual(manifests.map((m) => m.path).sort(), ['constraints.txt', 'pyproject.toml', 'requirements.txt', 'sub/a.txt']);
  assert.deepEqual(includeCycle(project, 'requirements.txt', manifests.find((m) => m.path === 'requirements.txt')!.includes[0]), ['sub/a.txt', 'requirements.txt']);
  assert.equal(hasLockFile(project), true, 'constraints.txt is fully pinned');
  assert.equal(lockedVersion(project, 'Click'), '8.1.7');
  const text = project.readText('requirements.txt')!;
  const list = await findings(text, 'requirements', 'PWD112', { project });
  assert.deepEqual(spans(text, list), ['sub/a.txt']);
  assert.match(list[0].message, /requirements\.txt → sub\/a\.txt → requirements\.txt/);
  const missing = await findings('-r nope.txt\n', 'requirements', 'PWD112', { project, path: 'sub/b.txt' });
  assert.match(missing[0].message, /names `sub\/nope\.txt`, which does not exist/);
});

test('suppression comments silence manifest findings on their line', async () => {
  assert.deepEqual(await findings('--extra-index-url https://p/simple  # pyward: ignore[PWD110]\n', 'requirements', 'PWD110'), []);
});

// The manifest parsers: what each format declares, with the exact range of every part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGrammars } from '../../server/src/engine/grammars';
import type { Manifest, Range } from '../../server/src/manifests/model';
import { normalizeName } from '../../server/src/manifests/normalize';
import { parseManifest } from '../../server/src/manifests/parse';
import { parsePep508 } from '../../server/src/manifests/pep508';
import { SourceText } from '../../server/src/manifests/source-text';
import { parseNoxInstalls, parseToxDeps } from '../../server/src/manifests/task-runners';
import { fixturePath } from '../helpers';

const at = (text: string, range: Range | undefined) => (range ? text.slice(range.start, range.end) : undefined);

async function parse(text: string, kind: Parameters<typeof parseManifest>[1], path = 'x'): Promise<Manifest> {
  await loadGrammars();
  return parseManifest(text, kind, path);
}

test('PEP 503 normalization', () => {
  assert.equal(normalizeName('Python.Dateutil'), 'python-dateutil');
  assert.equal(normalizeName('python__dateutil'), 'python-dateutil');
  assert.equal(normalizeName('Zope.Interface-_x'), 'zope-interface-x');
});

test('PEP 508: every part with its range', () => {
  const text = 'Requests [ socks , security ] ( >= 2.0 , < 3 ) ; python_version < "3.12"';
  const { requirement } = parsePep508(SourceText.contiguous(text, 10));
  assert.ok(requirement);
  const shifted = ' '.repeat(10) + text;
  assert.equal(at(shifted, requirement.nameRange), 'Requests');
  assert.deepEqual(requirement.extras, ['socks', 'security']);
  assert.equal(at(shifted, requirement.specifierRange), '( >= 2.0 , < 3 )');
  assert.deepEqual(requirement.clauses.map((c) => [c.operator, c.version, at(shifted, c.range)]), [['>=', '2.0', '>= 2.0'], ['<', '3', '< 3']]);
  assert.equal(at(shifted, requirement.markerRange), 'python_version < "3.12"');
  assert.equal(requirement.specifierInsertAt, 10 + 'Requests [ socks , security ]'.length);
});

test('PEP 508: name @ url, and errors at their position', () => {
  const ok = parsePep508(SourceText.contiguous('pkg[x] @ https://e.org/p.whl ; os_name == "nt"', 0));
  assert.equal(ok.requirement?.url, 'https://e.org/p.whl');
  assert.equal(ok.requirement?.marker, 'os_name == "nt"');
  const bad = parsePep508(SourceText.contiguous('flask=>3.0', 0));
  assert.deepEqual([bad.error?.start, bad.error?.end], [5, 10]);
  assert.match(bad.error!.message, /`=>3.0` is not a version clause/);
  assert.match(parsePep508(SourceText.contiguous('-x', 0)).error!.message, /expected a package name/);
  assert.match(parsePep508(SourceText.contiguous('a[b', 0)).error!.message, /extras is not closed/);
  assert.match(parsePep508(SourceText.contiguous('a>=1;', 0)).error!.message, /expected an environment marker/);
  // An empty clause is shown on its comma: at the end of the text too (found by the fuzz loop,
  // seed 20261220), inside brackets, and between two commas.
  for (const [text, comma] of [['t==0,', 4], ['t (==0,)', 6], ['t==0,,<2', 5]] as const) {
    const empty = parsePep508(SourceText.contiguous(text, 0)).error!;
    assert.match(empty.message, /a version clause is empty/, text);
    assert.deepEqual([empty.start, empty.end], [comma, comma + 1], text);
  }
});

test('requirements: CRLF, continuation lines, hashes, comments', async () => {
  const text = '# top\r\nDjango==4.2.1 \\\r\n    --hash=sha256:abc \\\r\n    --hash sha256:def  # trailing\r\nflask  # not a #comment-only line\r\nurl#fragment-is-not-a-comment==1\r\n';
  const manifest = await parse(text, 'requirements');
  assert.deepEqual(manifest.problems.map((p) => p.message), ['`#fragment-is-not-a-comment==1` is not a version clause (expected an operator like `>=` and a version)']);
  const [django, flask] = manifest.requirements;
  assert.equal(at(text, django.nameRange), 'Django');
  assert.equal(at(text, django.specifierRange), '==4.2.1');
  assert.equal(django.pinnedVersion, '4.2.1');
  assert.deepEqual(django.hashes.map((h) => [h.value, at(text, h.range)]), [['sha256:abc', 'sha256:abc'], ['sha256:def', 'sha256:def']]);
  assert.equal(at(text, django.range), 'Django==4.2.1 \\\r\n    --hash=sha256:abc \\\r\n    --hash sha256:def');
  assert.equal(at(text, flask.nameRange), 'flask');
  assert.equal(flask.specifier, undefined);
  assert.equal(flask.specifierInsertAt, text.indexOf('flask') + 5);
});

test('requirements: a name split by a continuation maps back to both lines', async () => {
  const text = 'reque\\\nsts>=2\n';
  const [requirement] = (await parse(text, 'requirements')).requirements;
  assert.equal(requirement.name, 'requests');
  assert.deepEqual(requirement.nameRange, { start: 0, end: 10 });
  assert.equal(at(text, requirement.specifierRange), '>=2');
});

test('requirements: options, includes, URLs, VCS, env references', async () => {
  const text = [
    '-i https://${USER}:${TOKEN}@pypi.example.com/simple',
    '--extra-index-url=http://extra.example.com/simple',
    '-f ./wheels',
    '--trusted-host extra.example.com',
    '-r base.txt',
    '-cconstraints.txt',
    '--require-hashes',
    '-e git+https://github.com/o/r.git@v1.0#egg=mylib',
    'other[x] @ git+https://github.com/o/other.git@main ; python_version>"3"',
    'https://example.com/pkgs/Some_Pkg-1.0-py3-none-any.whl',
    '-e .',
  ].join('\n');
  const manifest = await parse(text, 'requirements');
  assert.deepEqual(manifest.problems, []);
  assert.deepEqual(manifest.indexes.map((i) => [i.role, i.url, at(text, i.range)]), [
    ['primary', 'https://${USER}:${TOKEN}@pypi.example.com/simple', 'https://${USER}:${TOKEN}@pypi.example.com/simple'],
    ['extra', 'http://extra.example.com/simple', 'http://extra.example.com/simple'],
    ['find-links', './wheels', './wheels'],
  ]);
  assert.deepEqual(manifest.trustedHosts.map((h) => [h.host, at(text, h.declarationRange)]), [['extra.example.com', '--trusted-host extra.example.com']]);
  assert.deepEqual(manifest.includes.map((i) => [i.type, i.target, at(text, i.range)]), [
    ['requirements', 'base.txt', 'base.txt'],
    ['constraints', 'constraints.txt', 'constraints.txt'],
  ]);
  assert.equal(manifest.requireHashes, true);
  const [mylib, other, wheel, local] = manifest.requirements;
  assert.equal(mylib.editable, true);
  assert.equal(mylib.name, 'mylib');
  assert.equal(at(text, mylib.nameRange), 'mylib');
  assert.equal(mylib.url?.vcs?.ref, 'v1.0');
  assert.equal(at(text, mylib.url?.vcs?.refRange), 'v1.0');
  assert.deepEqual(other.extras, ['x']);
  assert.equal(at(text, other.url?.vcs?.refRange), 'main');
  assert.equal(other.marker, 'python_version>"3"');
  assert.equal(wheel.normalized, 'some-pkg');
  assert.equal(at(text, wheel.nameRange), 'Some_Pkg');
  assert.equal(local.localPath, '.');
});

test('requirements: malformed lines give one problem each, at the token', async () => {
  const text = 'ok==1\n--bogus x\n-r\nflask=>3\n';
  const manifest = await parse(text, 'requirements');
  assert.deepEqual(manifest.problems.map((p) => [at(text, p), p.message]), [
    ['--bogus', '`--bogus` is not an option pip accepts in a requirements file'],
    ['-r', '`-r` needs a value'],
    ['=>3', '`=>3` is not a version clause (expected an operator like `>=` and a version)'],
  ]);
  assert.deepEqual(manifest.requirements.map((r) => r.name), ['ok']);
});

test('requirements: pip-compile output is recognised', async () => {
  const manifest = await parse('#\n# This file is autogenerated by pip-compile with Python 3.12\n#\nidna==3.7\n', 'requirements');
  assert.equal(manifest.compiled, true);
});

test('pyproject: PEP 621, extras, groups, build-system; escapes, literal and multi-line strings', async () => {
  const text = [
    '[build-system]',
    'requires = ["setuptools>=61"]',
    '[project]',
    'name = "demo"',
    'dependencies = [',
    '  "requ\\u0065sts>=2",  # escaped e',
    "  'Django[argon2]==4.2',",
    '  """click""",',
    '  """',
    'attrs>=23""",',
    ']',
    'optional-dependencies.dev = ["pytest>=8"]',
    '[dependency-groups]',
    'lint = ["ruff==0.4", { include-group = "dev" }]',
  ].join('\n');
  const manifest = await parse(text, 'pyproject');
  assert.deepEqual(manifest.problems, []);
  assert.deepEqual(
    manifest.requirements.map((r) => [r.group, r.name, at(text, r.nameRange), at(text, r.specifierRange) ?? null]),
    [
      ['dependencies', 'requests', 'requ\\u0065sts', '>=2'],
      ['dependencies', 'Django', 'Django', '==4.2'],
      ['dependencies', 'click', 'click', null],
      ['dependencies', 'attrs', 'attrs', '>=23'],
      ['optional:dev', 'pytest', 'pytest', '>=8'],
      ['group:lint', 'ruff', 'ruff', '==0.4'],
      ['build-system', 'setuptools', 'setuptools', '>=61'],
    ],
  );
  assert.equal(at(text, manifest.requirements[1].range), "'Django[argon2]==4.2'");
});

test('pyproject: Poetry dependencies and sources, uv indexes, sources and settings', async () => {
  const text = [
    '[tool.poetry.dependencies]',
    'python = "^3.10"',
    '"Typing.Extensions" = "^4.0"',
    'flask = { version = "3.0.3", extras = ["async"], markers = "python_version >= \'3.10\'" }',
    'lib = { git = "https://github.com/o/lib.git", tag = "v1" }',
    '[tool.poetry.group.test.dependencies]',
    'pytest = "*"',
    '[[tool.poetry.source]]',
    'name = "internal"',
    'url = "https://pypi.internal/simple"',
    'priority = "supplemental"',
    '[tool.uv]',
    'index-strategy = "unsafe-best-match"',
    'allow-insecure-host = ["pypi.internal"]',
    'dev-dependencies = ["mypy>=1"]',
    '[[tool.uv.index]]',
    'name = "private"',
    'url = "https://private/simple"',
    'explicit = true',
    '[tool.uv.sources]',
    'mine = { index = "private" }',
  ].join('\n');
  const manifest = await parse(text, 'pyproject');
  assert.deepEqual(manifest.problems, []);
  assert.deepEqual(
    manifest.requirements.map((r) => [r.group, r.normalized, at(text, r.nameRange), at(text, r.specifierRange) ?? null, r.pinnedVersion ?? null]),
    [
      ['poetry:main', 'typing-extensions', 'Typing.Extensions', '^4.0', null],
      ['poetry:main', 'flask', 'flask', '3.0.3', '3.0.3'],
      ['poetry:main', 'lib', 'lib', null, null],
      ['poetry:test', 'pytest', 'pytest', '*', null],
      ['uv:dev', 'mypy', 'mypy', '>=1', null],
    ],
  );
  const flask = manifest.requirements[1];
  assert.deepEqual(flask.extras, ['async']);
  assert.equal(flask.marker, "python_version >= '3.10'");
  assert.equal(at(text, manifest.requirements[2].url?.vcs?.refRange), 'v1');
  assert.deepEqual(manifest.indexes.map((i) => [i.origin, i.role, i.name, at(text, i.range)]), [
    ['[[tool.poetry.source]]', 'extra', 'internal', 'https://pypi.internal/simple'],
    ['[[tool.uv.index]]', 'explicit', 'private', 'https://private/simple'],
  ]);
  assert.equal(manifest.indexStrategy?.value, 'unsafe-best-match');
  assert.deepEqual(manifest.trustedHosts.map((h) => at(text, h.range)), ['pypi.internal']);
  assert.deepEqual(manifest.packageSources.map((s) => [s.name, s.index?.name, at(text, s.index?.range)]), [['mine', 'private', 'private']]);
});

test('TOML errors: one problem at the error, from smol-toml; the broken pair is left out', async () => {
  const text = '[project]\ndependencies = ["a==1" "b==2"]\n';
  const manifest = await parse(text, 'pyproject');
  assert.equal(manifest.problems.length, 1);
  const [problem] = manifest.problems;
  assert.equal(text.slice(0, problem.start).split('\n').length, 2);
  assert.match(problem.message, /^not valid TOML: /);
  assert.deepEqual(manifest.requirements, []);
  const duplicate = '[packages]\nrequests = "*"\r\nrequests = "==2"\r\n';
  const pipfile = await parse(duplicate, 'pipfile');
  assert.equal(pipfile.problems.length, 1);
  assert.equal(at(duplicate, pipfile.problems[0]), 'requests');
  assert.equal(pipfile.problems[0].start, duplicate.lastIndexOf('requests'));
  const bad = await parse('[project\n', 'pyproject');
  assert.equal(bad.problems.length, 1);
});

test('pyproject: a requirement that is not PEP 508 is a problem at its position', async () => {
  const text = '[project]\ndependencies = ["ok", "bad name"]\n';
  const manifest = await parse(text, 'pyproject');
  assert.deepEqual(manifest.problems.map((p) => at(text, p)), ['name']);
  assert.deepEqual(manifest.requirements.map((r) => r.name), ['ok']);
});

test('pylock: packages, artifacts with and without hashes, VCS commit', async () => {
  const text = [
    'lock-version = "1.0"',
    '[[packages]]',
    'name = "attrs"',
    'version = "25.1.0"',
    'index = "https://pypi.org/simple"',
    'wheels = [{ url = "https://f/attrs.whl", hashes = { sha256 = "aa" } }, { url = "https://f/attrs2.whl" }]',
    '[[packages]]',
    'name = "lib"',
    'version = "1.0"',
    '[packages.vcs]',
    'type = "git"',
    'url = "https://github.com/o/lib.git"',
    'commit-id = "0123456789abcdef0123456789abcdef01234567"',
    '[[packages]]',
    'name = "idna"',
    'version = "3.7"',
    '[packages.sdist]',
    'url = "https://f/idna.tar.gz"',
    'hashes = {sha256 = "bb"}',
  ].join('\n');
  const manifest = await parse(text, 'pylock');
  assert.deepEqual(manifest.problems, []);
  assert.deepEqual(manifest.requirements.map((r) => [r.name, r.pinnedVersion, at(text, r.nameRange), r.hashes.map((h) => h.value)]), [
    ['attrs', '25.1.0', 'attrs', ['sha256:aa']],
    ['lib', '1.0', 'lib', []],
    ['idna', '3.7', 'idna', ['sha256:bb']],
  ]);
  assert.deepEqual(manifest.artifacts.map((a) => [a.kind, a.packageName, a.hasHashes, at(text, a.url?.range)]), [
    ['wheel', 'attrs', true, 'https://f/attrs.whl'],
    ['wheel', 'attrs', false, 'https://f/attrs2.whl'],
    ['sdist', 'idna', true, 'https://f/idna.tar.gz'],
  ]);
  assert.equal(manifest.requirements[1].url?.vcs?.ref, '0123456789abcdef0123456789abcdef01234567');
  assert.equal(manifest.indexes[0].role, 'explicit');
});

test('setup.cfg: install_requires and extras_require continuation lines, CRLF', async () => {
  const text = '[metadata]\r\nname = x\r\n[options]\r\ninstall_requires =\r\n    requests>=2  # why\r\n    # a comment line\r\n    click ; python_version<"3.12"\r\npython_requires = >=3.9\r\n[options.extras_require]\r\ndev = pytest\r\n    ruff==0.4\r\n';
  const manifest = await parse(text, 'setup-cfg');
  assert.deepEqual(manifest.problems, []);
  assert.deepEqual(manifest.requirements.map((r) => [r.group, at(text, r.nameRange), at(text, r.specifierRange) ?? null, r.marker ?? null, at(text, r.range)]), [
    ['install_requires', 'requests', '>=2', null, 'requests>=2'],
    ['install_requires', 'click', null, 'python_version<"3.12"', 'click ; python_version<"3.12"'],
    ['extras:dev', 'pytest', null, null, 'pytest'],
    ['extras:dev', 'ruff', '==0.4', null, 'ruff==0.4'],
  ]);
});

test('setup.py: literal lists of a setup() call, never run', async () => {
  const text = [
    'from setuptools import setup',
    'import setuptools',
    'deps = open("requirements.txt").read().splitlines()',
    'setup(',
    '    name="x",',
    '    install_requires=["requests>=2", "Flask==3.0.3", f"dyn{1}"],',
    '    extras_require={"dev": ("pytest",)},',
    '    tests_require=deps,',
    ')',
    'setuptools.setup(setup_requires=["wheel"])',
  ].join('\n');
  const manifest = await parse(text, 'setup-py', 'setup.py');
  assert.deepEqual(manifest.requirements.map((r) => [r.group, at(text, r.nameRange), at(text, r.range)]), [
    ['install_requires', 'requests', '"requests>=2"'],
    ['install_requires', 'Flask', '"Flask==3.0.3"'],
    ['extras:dev', 'pytest', '"pytest"'],
    ['setup_requires', 'wheel', '"wheel"'],
  ]);
});

test('Pipfile: categories, table entries, sources, verify_ssl', async () => {
  const text = [
    '[[source]]',
    'name = "pypi"',
    'url = "https://pypi.org/simple"',
    'verify_ssl = true',
    '[[source]]',
    'name = "internal"',
    'url = "https://internal/simple"',
    'verify_ssl = false',
    '[packages]',
    'requests = "*"',
    'mine = { version = "==1.0", index = "internal" }',
    'lib = { git = "https://github.com/o/lib.git", ref = "main", editable = true }',
    '[dev-packages]',
    'pytest = ">=8"',
    '[requires]',
    'python_version = "3.12"',
  ].join('\n');
  const manifest = await parse(text, 'pipfile', 'Pipfile');
  assert.deepEqual(manifest.problems, []);
  assert.deepEqual(manifest.requirements.map((r) => [r.group, r.name, at(text, r.specifierRange) ?? null, r.pinnedVersion ?? null]), [
    ['packages', 'requests', '*', null],
    ['packages', 'mine', '==1.0', '1.0'],
    ['packages', 'lib', null, null],
    ['dev-packages', 'pytest', '>=8', null],
  ]);
  assert.equal(manifest.requirements[2].editable, true);
  assert.equal(at(text, manifest.requirements[2].url?.vcs?.refRange), 'main');
  assert.deepEqual(manifest.indexes.map((i) => [i.name, i.role]), [['pypi', 'primary'], ['internal', 'explicit']]);
  assert.deepEqual(manifest.trustedHosts.map((h) => [h.host, at(text, h.range)]), [['internal', 'false']]);
  const searchAll = await parse(`${text}\n[pipenv]\ninstall_search_all_sources = true\n`, 'pipfile', 'Pipfile');
  assert.deepEqual(searchAll.indexes.map((i) => i.role), ['primary', 'extra']);
});

test('parsing is linear: a long requirements file and a long dependency array', async () => {
  const lines = Array.from({ length: 20000 }, (_, i) => `pkg${i}[extra]>=1.${i},<2 ; python_version >= "3.9" --hash=sha256:${'a'.repeat(64)}`);
  const started = process.hrtime.bigint();
  const manifest = await parse(lines.join('\n'), 'requirements');
  const requirementsMs = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(manifest.requirements.length, 20000);
  const toml = `[project]\ndependencies = [\n${Array.from({ length: 20000 }, (_, i) => `  "pkg${i}>=1.${i}",`).join('\n')}\n]\n`;
  const tomlStarted = process.hrtime.bigint();
  const pyproject = await parse(toml, 'pyproject');
  const tomlMs = Number(process.hrtime.bigint() - tomlStarted) / 1e6;
  assert.equal(pyproject.requirements.length, 20000);
  console.log(`20,000 requirement lines: ${requirementsMs.toFixed(0)} ms; 20,000-item pyproject array: ${tomlMs.toFixed(0)} ms`);
});

test('mutated manifests never throw, and every range stays inside the text', async () => {
  await loadGrammars();
  const seeds: [string, Parameters<typeof parseManifest>[1]][] = [
    [fixturePath('rules', 'PWD108-insecure-index-url', 'requirements.txt'), 'requirements'],
    [fixturePath('rules', 'PWD107-vcs-unpinned-ref', 'pyproject.toml'), 'pyproject'],
    [fixturePath('rules', 'PWD105-pylock-artifact-without-hash', 'pylock.toml'), 'pylock'],
    [fixturePath('rules', 'PWD103-range-in-library-without-lock', 'setup.cfg'), 'setup-cfg'],
    [fixturePath('rules', 'PWD110-extra-index-url', 'Pipfile'), 'pipfile'],
  ];
  const pieces = ['"', "'", '[', ']', '{', '}', '=', ',', '\\', '\n', '\r\n', '#', '@', ';', ' ', '--hash=', '\\u00', '"""', '==', '.'];
  let state = 7;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  for (const [path, kind] of seeds) {
    const base = readFileSync(path, 'utf8');
    for (let i = 0; i < 300; i++) {
      let text = base;
      for (let k = 0; k <= random(3); k++) {
        const at = random(text.length + 1);
        text = random(2) === 0 ? text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + random(6));
      }
      const manifest = parseManifest(text, kind, path);
      const ranges = [...manifest.problems, ...manifest.requirements.flatMap((r) => [r.nameRange, r.range, r.specifierRange].filter((x): x is Range => !!x))];
      for (const range of ranges) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, `${JSON.stringify(range)} outside ${JSON.stringify(text)}`);
    }
  }
});

test('requirements: prose named constraints.txt is no manifest, a broken requirements.txt still is', async () => {
  const prose = Array.from({ length: 12 }, (_, i) => `This paragraph ${i} explains database constraints in words.`).join('\n');
  const docs = await parse(prose, 'requirements', 'docs/ref/constraints.txt');
  assert.deepEqual([docs.problems.length, docs.requirements.length], [0, 0]);
  const broken = await parse(prose, 'requirements', 'requirements.txt');
  assert.ok(broken.problems.length >= 10);
});

test('tox deps and nox installs are read as requirements at their offsets, with includes', () => {
  const tox = '[tox]\nenvlist = py311\n\n[testenv]\ndeps =\n    pytest>=8\n    py311: respx\n    -r{toxinidir}/requirements/test.txt\n    {env:EXTRA}\ncommands = pytest {posargs}\n';
  const fromTox = parseToxDeps(tox, 'tox.ini');
  assert.deepEqual(fromTox.requirements.map((r) => [r.name, r.group, tox.slice(r.nameRange.start, r.nameRange.end)]), [['pytest', 'tox', 'pytest'], ['respx', 'tox', 'respx']]);
  assert.deepEqual(fromTox.includes.map((i) => i.target), ['requirements/test.txt']);
  assert.deepEqual(fromTox.problems, []);
  const nox = 'import nox\n\n@nox.session\ndef tests(session):\n    session.install("-r", "requirements-dev.txt")\n    session.install("hypothesis", \'freezegun==1.4\')\n    session.run("pytest", "x")\n';
  const fromNox = parseNoxInstalls(nox, 'noxfile.py');
  assert.deepEqual(fromNox.requirements.map((r) => [r.name, r.pinnedVersion, nox.slice(r.nameRange.start, r.nameRange.end)]), [['hypothesis', undefined, 'hypothesis'], ['freezegun', '1.4', 'freezegun']]);
  assert.deepEqual(fromNox.includes.map((i) => i.target), ['requirements-dev.txt']);
});

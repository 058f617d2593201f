// The supply-chain import rules (PWD201–PWD204) and what they stand on: the environment's
// distributions, the project's own modules, the shipped standard-library and import-name data.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/engine/finding';
import { loadGrammars } from '../../server/src/engine/grammars';
import { analyzePython } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { DEFAULT_SELECTION, selectRules } from '../../server/src/engine/rule-selection';
import { distributionsForImport, installedDistributions, modulesFromRecord } from '../../server/src/project/environment';
import { firstPartyModules } from '../../server/src/project/first-party';
import { Project } from '../../server/src/project/project';
import { ALL_RULES } from '../../server/src/rules/index';
import { distributionsForModule, importNameOfDistribution, knownDistributionsForModule } from '../../server/src/supply-chain/import-names';
import { isPython2StdlibModule, isStdlibModule } from '../../server/src/supply-chain/stdlib';
import { applyEdits, fixturePath, readFixture, setupInWorkspace } from '../helpers';

const registry = new RuleRegistry(selectRules(ALL_RULES, DEFAULT_SELECTION, false));
/** PWD203 (no manifest at all) runs in the strict profile only. */
const strictRegistry = new RuleRegistry(selectRules(ALL_RULES, { ...DEFAULT_SELECTION, profile: 'strict' }, false));

// pyproject.toml and Pipfile are parsed with the TOML grammar, which a Python-only analysis
// does not load by itself: `analyzeSource` loads it only after the Python rules have run.
before(() => loadGrammars());
const IMPORT_RULES = ['PWD201', 'PWD202', 'PWD203', 'PWD204'];
const webapp = fixturePath('imports', 'webapp');

/** Import-rule findings for `text` analysed as `path` in the project at `root` (with unsaved files in `overlay`). */
async function importFindings(text: string, root: string | undefined, options: { overlay?: Map<string, string>; path?: string; strict?: boolean } = {}): Promise<Finding[]> {
  const project = root ? new Project(root, (path) => options.overlay?.get(path)) : undefined;
  const findings = await analyzePython(text, options.strict ? strictRegistry : registry, { file: { path: options.path ?? 'src/webapp/app.py', isTest: false, project }, withFixes: true });
  return findings.filter((f) => IMPORT_RULES.includes(f.ruleId));
}

function summary(text: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${text.slice(f.start, f.end)} ${f.severity}`);
}

test('environment: dist-info folders map import names to distributions, with versions', () => {
  const project = new Project(webapp);
  const installed = installedDistributions(project);
  assert.equal(installed.get('pyyaml')?.name, 'PyYAML');
  assert.equal(installed.get('pyyaml')?.version, '6.0.1');
  assert.equal(installed.get('python-dateutil')?.version, '2.9.0.post0');
  const expected: Record<string, string> = {
    yaml: 'pyyaml',
    _yaml: 'pyyaml',
    cv2: 'opencv-python',
    sklearn: 'scikit-learn',
    'sklearn.svm': 'scikit-learn',
    PIL: 'pillow',
    bs4: 'beautifulsoup4',
    dateutil: 'python-dateutil',
    jwt: 'pyjwt',
    'Crypto.Cipher.AES': 'pycryptodome',
    'google.protobuf': 'protobuf',
    'google.cloud.storage': 'google-cloud-storage',
    typing_extensions: 'typing-extensions',
  };
  for (const [module, distribution] of Object.entries(expected)) assert.deepEqual(distributionsForImport(project, module), [distribution], module);
  // `google` itself is a namespace both provide; a bin script is no module.
  assert.deepEqual(distributionsForImport(project, 'google').sort(), ['google-cloud-storage', 'protobuf']);
  assert.deepEqual(distributionsForImport(project, 'flask'), ['flask']);
  assert.deepEqual(distributionsForImport(project, 'numpy'), []);
});

test('environment: RECORD paths give packages, modules, extension modules and namespace parts', () => {
  const record = [
    'google/cloud/storage/__init__.py,sha256=a,1',
    'google/cloud/storage/blob.py,sha256=a,1',
    '_cffi_backend.cpython-312-x86_64-linux-gnu.so,sha256=a,1',
    'six.py,sha256=a,1',
    '"odd,name/__init__.py",sha256=a,1',
    '../../bin/tool,sha256=a,1',
    'pkg-1.0.dist-info/RECORD,,',
    '__pycache__/six.cpython-312.pyc,,',
    'mypkg/__init__.py,,',
    'mypkg/sub/__init__.py,,',
  ].join('\r\n');
  assert.deepEqual(modulesFromRecord(record).sort(), ['_cffi_backend', 'google', 'google.cloud', 'google.cloud.storage', 'mypkg', 'six']);
});

test('environment: no virtual environment, no distributions; a folder without pyvenv.cfg is not one', () => {
  assert.equal(installedDistributions(new Project(fixturePath('imports', 'poetry-app'))).size, 0);
  assert.equal(installedDistributions(new Project(join(webapp, 'src'))).size, 0);
});

test('first-party: root modules, src/ layout, namespace folders, the project name; not venvs or build folders', () => {
  const modules = firstPartyModules(new Project(webapp));
  for (const name of ['webapp', 'tasks', 'plugins', 'web_app']) assert.ok(modules.has(name), name);
  for (const name of ['yaml', 'flask', 'hidden_pkg', 'site_packages', 'views']) assert.ok(!modules.has(name), name);
  assert.ok(firstPartyModules(new Project(fixturePath('imports', 'library'))).has('mylib'));
});

test('stdlib: per-version lists from real interpreters, test helpers and Python 2 names', () => {
  assert.ok(isStdlibModule('asyncio'));
  assert.ok(isStdlibModule('xml.etree.ElementTree'));
  assert.ok(isStdlibModule('tomllib', [3, 11]));
  assert.ok(isStdlibModule('tomllib', [3, 10]), 'a project supporting 3.10 also runs on 3.11+');
  assert.ok(!isStdlibModule('distutils', [3, 12]), 'distutils left with 3.12');
  assert.ok(isStdlibModule('distutils', [3, 9]));
  assert.ok(isStdlibModule('msvcrt') && isStdlibModule('winreg'), 'other platforms count');
  assert.ok(isStdlibModule('_testcapi') && isStdlibModule('test'));
  assert.ok(!isStdlibModule('yaml') && !isStdlibModule('requests'));
  assert.ok(isPython2StdlibModule('urllib2') && isPython2StdlibModule('cPickle') && isPython2StdlibModule('Tkinter'));
  assert.ok(!isPython2StdlibModule('os'));
});

test('import names: the shipped mapping for popular projects whose names differ', () => {
  const expected: Record<string, string> = {
    yaml: 'PyYAML',
    cv2: 'opencv-python',
    sklearn: 'scikit-learn',
    PIL: 'Pillow',
    bs4: 'beautifulsoup4',
    dateutil: 'python-dateutil',
    jwt: 'PyJWT',
    Crypto: 'pycryptodome',
    'google.protobuf.message': 'protobuf',
    attr: 'attrs',
    dotenv: 'python-dotenv',
    serial: 'pyserial',
    OpenSSL: 'pyOpenSSL',
    zmq: 'pyzmq',
    win32api: 'pywin32',
  };
  for (const [module, distribution] of Object.entries(expected)) assert.equal(knownDistributionsForModule(module)?.[0], distribution, module);
  assert.equal(knownDistributionsForModule('requests'), undefined);
  assert.deepEqual(distributionsForModule('requests.adapters'), ['requests']);
  assert.equal(importNameOfDistribution('PyYAML'), 'yaml');
  assert.equal(importNameOfDistribution('matplotlib'), 'matplotlib');
  assert.equal(importNameOfDistribution('typing-extensions'), 'typing_extensions');
});

const APP = `from __future__ import annotations
import os
import json, sys
import flask
import requests
import yaml
import cv2
from sklearn import svm
from PIL import Image
import webapp.views
import plugins.extra
import tasks
from . import sibling
from .views import VIEWS
import reqeusts
import gpt_dataframe_autoloader
`;

test('rules: each import classified in a project with manifests and a .venv', async () => {
  const findings = await importFindings(APP, webapp);
  assert.deepEqual(summary(APP, findings), [
    'PWD202 yaml medium',
    'PWD202 cv2 medium',
    'PWD202 sklearn medium',
    'PWD202 PIL medium',
    'PWD201 reqeusts medium',
    'PWD204 gpt_dataframe_autoloader medium',
  ]);
  const byModule = new Map(findings.map((f) => [APP.slice(f.start, f.end), f]));
  assert.equal(
    byModule.get('yaml')!.message,
    '`yaml` comes from PyYAML 6.0.1, which no manifest of this project declares: installing it by name may fetch a different package (`pip install yaml` is not PyYAML). Add `PyYAML==6.0.1` to requirements.txt.',
  );
  assert.match(byModule.get('reqeusts')!.message, /^`reqeusts` looks like a typo of `requests`, two letters swapped/);
  assert.match(byModule.get('gpt_dataframe_autoloader')!.message, /^No project named `gpt_dataframe_autoloader` exists on PyPI.*anyone could register the name/);
});

test('PWD201: the fix renames the module and keeps the rest of the statement', async () => {
  const cases: [string, string][] = [
    ['import reqeusts as rq\nrq.get("https://example.com")\n', 'import requests as rq\nrq.get("https://example.com")\n'],
    ['from reqeusts.adapters import HTTPAdapter\n', 'from requests.adapters import HTTPAdapter\n'],
    ['import reqeusts\n\ndef fetch():\n    return reqeusts.get("https://example.com", timeout=5)\n', 'import requests\n\ndef fetch():\n    return requests.get("https://example.com", timeout=5)\n'],
    ['import os, numpyy\nprint(numpyy.zeros(3), "numpyy")\n', 'import os, numpy\nprint(numpy.zeros(3), "numpyy")\n'],
  ];
  for (const [before, after] of cases) {
    const findings = await importFindings(before, webapp);
    assert.equal(findings.length, 1, before);
    assert.equal(findings[0].ruleId, 'PWD201');
    const fix = findings[0].fixes![0];
    const fixed = applyEdits(before, fix.edits);
    assert.equal(fixed, after);
    assert.deepEqual(summary(fixed, await importFindings(fixed, webapp)).filter((s) => s.startsWith('PWD201')), []);
  }
});

test('PWD202: the fix adds the installed version to requirements.txt, and the finding goes', async () => {
  const text = 'import yaml\n';
  const [finding] = await importFindings(text, webapp);
  assert.equal(finding.ruleId, 'PWD202');
  const fix = finding.fixes![0];
  assert.equal(fix.title, 'Add `PyYAML==6.0.1` to requirements.txt');
  assert.equal(fix.otherFiles?.length, 1);
  const target = fix.otherFiles![0];
  assert.equal(target.path, join(webapp, 'requirements.txt'));
  const requirements = applyEdits(readFixture('imports', 'webapp', 'requirements.txt'), target.edits);
  assert.equal(requirements, 'flask==3.0.3\nrequests>=2.31\nPyYAML==6.0.1\n');
  const after = await importFindings(text, webapp, { overlay: new Map([[target.path, requirements]]) });
  assert.deepEqual(summary(text, after), []);
});

test('PWD202: the fix adds to [project].dependencies when pyproject.toml is the manifest', async () => {
  const root = fixturePath('imports', 'library');
  const text = 'import yaml\n';
  const [finding] = await importFindings(text, root, { path: 'src/mylib/io.py' });
  assert.equal(finding.ruleId, 'PWD202');
  const fix = finding.fixes![0];
  assert.equal(fix.title, 'Add `PyYAML==6.0.1` to [project].dependencies in pyproject.toml');
  const pyproject = applyEdits(readFixture('imports', 'library', 'pyproject.toml'), fix.otherFiles![0].edits);
  assert.match(pyproject, /dependencies = \[\n {4}"attrs==23\.2\.0",\n {4}"click==8\.1\.7",\n {4}"PyYAML==6\.0\.1"\n\]/);
  const after = await importFindings(text, root, { path: 'src/mylib/io.py', overlay: new Map([[join(root, 'pyproject.toml'), pyproject]]) });
  assert.deepEqual(summary(text, after), []);
});

test('PWD202: Poetry and Pipfile projects get an entry in their dependency table', async () => {
  for (const [folder, file, entry] of [
    ['poetry-app', 'pyproject.toml', 'click = "8.1.7"\nrequests = "*"'],
    ['pipfile-app', 'Pipfile', 'click = "==8.1.7"\nrequests = "*"'],
  ] as const) {
    const root = fixturePath('imports', folder);
    const text = 'import requests\n';
    const [finding] = await importFindings(text, root, { path: 'app.py' });
    assert.equal(finding?.ruleId, 'PWD202', folder);
    const edited = applyEdits(readFixture('imports', folder, file), finding.fixes![0].otherFiles![0].edits);
    assert.ok(edited.includes(entry), edited);
    const after = await importFindings(text, root, { path: 'app.py', overlay: new Map([[join(root, file), edited]]) });
    assert.deepEqual(summary(text, after).filter((s) => s.startsWith('PWD202')), [], folder);
  }
});

test('PWD203: only in a project with no manifest; a lock file that pins the distribution silences it', async () => {
  const text = 'import requests\nimport yaml\n';
  // webapp declares requests with a range: its requirements.txt line is the finding, not the import.
  assert.deepEqual(summary(text, await importFindings(text, webapp)).filter((s) => s.startsWith('PWD203')), []);
  const bare = fixturePath('imports', 'webapp', 'src');
  assert.deepEqual(summary(text, await importFindings(text, bare)), [], 'off in the recommended profile');
  const unpinned = await importFindings(text, bare, { strict: true });
  assert.deepEqual(summary(text, unpinned), ['PWD203 requests low', 'PWD203 yaml low']);
  assert.match(unpinned[0].message, /^`requests` comes from requests, and this project has no manifest pinning it: declare `requests==/);
  const lock = '[[package]]\nname = "requests"\nversion = "2.32.3"\n';
  const locked = await importFindings(text, bare, { strict: true, overlay: new Map([[join(bare, 'uv.lock'), lock]]) });
  assert.deepEqual(summary(text, locked), ['PWD203 yaml low']);
});

test('an undeclared import in a docs/ folder of the workspace is low; a docs/ folder above the workspace does not count', async () => {
  const text = 'import yaml\n';
  // As the CLI and the editor configure a file: no pyproject.toml, so its path is absolute.
  const undeclared = async (workspace: string, path: string) => {
    const setup = setupInWorkspace(workspace, path);
    return summary(text, (await analyzePython(text, setup.registry, { file: setup.file })).filter((f) => f.ruleId === 'PWD202'));
  };
  const checkout = join(mkdtempSync(join(tmpdir(), 'pyward-docs-')), 'docs', 'webapp');
  cpSync(webapp, checkout, { recursive: true });
  rmSync(join(checkout, 'pyproject.toml'));
  // Django's layout: the docs build is a project of its own (docs/requirements.txt).
  mkdirSync(join(checkout, 'docs', '_ext'), { recursive: true });
  writeFileSync(join(checkout, 'docs', 'requirements.txt'), 'sphinx\n');
  assert.deepEqual(await undeclared(checkout, join(checkout, 'docs', '_ext', 'ext.py')), ['PWD202 yaml low']);
  assert.deepEqual(await undeclared(checkout, join(checkout, 'src', 'webapp', 'app.py')), ['PWD202 yaml medium']);
});

test('guards: optional, type-checking and platform imports are not undeclared; a typo is still reported, low', async () => {
  const text = [
    'import sys',
    'from typing import TYPE_CHECKING',
    'try:',
    '    import yaml',
    'except ImportError:',
    '    yaml = None',
    'if TYPE_CHECKING:',
    '    import jwt',
    'if sys.platform == "win32":',
    '    import win32api',
    'else:',
    '    import dateutil',
    'try:',
    '    import ujson as json',
    'except (ImportError, AttributeError):',
    '    import simplejson as json',
    'try:',
    '    import reqeusts',
    'except ModuleNotFoundError:',
    '    reqeusts = None',
    '',
  ].join('\n');
  assert.deepEqual(summary(text, await importFindings(text, webapp)), ['PWD201 reqeusts low']);
});

test('guards: a lazy import inside a function is low, unless the function handles its ImportError', async () => {
  const text = [
    'def render(doc):',
    '    import yaml',
    '    return yaml.dump(doc)',
    '',
    'def fast_json():',
    '    try:',
    '        import ujson',
    '    except ImportError:',
    '        return None',
    '    return ujson',
    '',
  ].join('\n');
  assert.deepEqual(summary(text, await importFindings(text, webapp)), ['PWD202 yaml low']);
});

test('never reported: the standard library, __future__, relative imports, first-party code, Python 2 fallbacks', async () => {
  const text = [
    'from __future__ import annotations',
    'import asyncio, tomllib, xml.etree.ElementTree as ET',
    'import distutils.core',
    'from . import views',
    'from ..webapp import views as v',
    'import webapp',
    'from webapp.views import VIEWS',
    'import web_app',
    'import plugins.extra',
    'try:',
    '    import cPickle as pickle',
    'except ImportError:',
    '    import pickle',
    'import _private_helper',
    '',
  ].join('\n');
  assert.deepEqual(summary(text, await importFindings(text, webapp)), []);
});

test('without a project: typos are still reported; undeclared, unpinned and unknown names are not', async () => {
  const text = 'import reqeusts\nimport yaml\nimport gpt_dataframe_autoloader\nimport requests\n';
  assert.deepEqual(summary(text, await importFindings(text, undefined)), ['PWD201 reqeusts medium']);
});

test('a project without manifests gets no undeclared findings, only unpinned ones', async () => {
  const text = 'import yaml\nimport requests\n';
  const found = summary(text, await importFindings(text, fixturePath('imports', 'webapp', 'src')));
  assert.deepEqual(found.filter((s) => !s.startsWith('PWD203')), []);
});

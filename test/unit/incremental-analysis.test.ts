// Incremental analysis must always agree with analysing the edited text from scratch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PythonDocument } from '../../server/src/engine/document';
import { analyze, findingKeys, readFixture, registry } from '../helpers';

const BASE = `import yaml
from yaml import load as yl

def read(stream):
    data = yaml.load(stream)
    other = yl(stream)
    return data, other

def unrelated(x):
    return x + 1

result = yaml.load(open("c.yml"), Loader=yaml.SafeLoader)
`;

/** Offsets in text → an LSP range. */
function rangeOf(text: string, start: number, end: number) {
  const position = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  return { start: position(start), end: position(end) };
}

async function expectSameAsFresh(document: PythonDocument, label: string) {
  const incremental = findingKeys(document.text, document.analyze());
  const fresh = findingKeys(document.text, await analyze(document.text));
  assert.deepEqual(incremental, fresh, `after ${label}:\n${document.text}`);
}

test('editing an import changes the meaning of calls far away', async () => {
  const document = await PythonDocument.open('file:///a.py', 1, BASE, registry);
  assert.equal(document.analyze().length, 2);
  // `import yaml` → `import json as yaml`: yaml.load is no longer PyYAML's.
  const at = BASE.indexOf('yaml');
  document.applyChanges([{ range: rangeOf(document.text, at, at + 4), text: 'json as yaml' }], 2);
  await expectSameAsFresh(document, 'import edit');
  assert.equal(document.analyze().length, 1, 'only the `yl` alias is still yaml.load');
  document.dispose();
});

test('shadowing a name with a parameter, then removing the parameter', async () => {
  const document = await PythonDocument.open('file:///a.py', 1, BASE, registry);
  document.analyze();
  const at = BASE.indexOf('read(stream)') + 'read('.length;
  document.applyChanges([{ range: rangeOf(document.text, at, at), text: 'yl, ' }], 2);
  await expectSameAsFresh(document, 'adding parameter yl');
  const now = document.text.indexOf('yl, ');
  document.applyChanges([{ range: rangeOf(document.text, now, now + 4), text: '' }], 3);
  await expectSameAsFresh(document, 'removing parameter yl');
  document.dispose();
});

const SNIPPETS = [
  'yaml.load(x)', 'import yaml\n', 'yl', ' ', '\n', 'def f(yaml):\n    ', 'Loader=yaml.Loader', '(', ')', '#', '"', 'x = 1\n', '    ',
  'import pickle as yl\n', 'class K:\n    ', 'lambda yaml: ', '[yl(s) for yl in z]', 'global yl\n', 'sh = True\n', 'subprocess.run(c, shell=sh)',
  'import subprocess\n', 'eval(data)', 'requests.get(u, verify=False)', 'import requests\n', '"""', 'from os import system\n', 'system(cmd)',
];

for (const seed0 of [42, 7, 2026]) {
  test(`random edits (seed ${seed0}), batched and single, always match a fresh analysis`, async () => {
    let seed = seed0;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const document = await PythonDocument.open('file:///a.py', 1, readFixture('..', '..', 'examples', 'vulnerable-app', 'app.py'), registry);
    document.analyze();
    for (let step = 0; step < 200; step++) {
      const changes = [];
      const count = 1 + random(3);
      let text = document.text;
      for (let c = 0; c < count; c++) {
        const start = random(text.length + 1);
        const end = Math.min(text.length, start + (random(3) === 0 ? random(40) : 0));
        const inserted = random(4) === 0 ? '' : SNIPPETS[random(SNIPPETS.length)];
        changes.push({ range: rangeOf(text, start, end), text: inserted });
        text = text.slice(0, start) + inserted + text.slice(end);
      }
      document.applyChanges(changes, step + 2);
      assert.equal(document.text, text);
      await expectSameAsFresh(document, `step ${step}`);
    }
    document.dispose();
  });
}

test('editing the value a name is bound to re-checks the calls that use the name', async () => {
  const text = 'import yaml\nL = yaml.SafeLoader\ndata = yaml.load(stream, Loader=L)\n';
  const document = await PythonDocument.open('file:///a.py', 1, text, registry);
  assert.deepEqual(document.analyze(), []);
  const at = text.indexOf('yaml.SafeLoader');
  document.applyChanges([{ range: rangeOf(text, at, at + 'yaml.SafeLoader'.length), text: 'yaml.Loader' }], 2);
  await expectSameAsFresh(document, 'value edit');
  assert.equal(document.analyze().length, 1);
  document.dispose();
});

test('a name bound by `with … as` carries its value', async () => {
  const text = 'import requests\nwith requests.Session() as s:\n    s.get(url, verify=False)\n';
  const findings = await analyze(text);
  assert.deepEqual(findingKeys(text, findings), ['3:PW501']);
});

test('editing an interpolation inside an f-string re-checks the query that uses it', async () => {
  const text = 'CONST = 1\ndef f(cursor, name):\n    q = f"SELECT * FROM t WHERE a = {name}"\n    cursor.execute(q)\n';
  const document = await PythonDocument.open('file:///a.py', 1, text, registry);
  assert.equal(document.analyze().length, 1);
  const at = text.indexOf('{name}') + 1;
  document.applyChanges([{ range: rangeOf(text, at, at + 4), text: 'CONST' }], 2);
  await expectSameAsFresh(document, 'f-string edit');
  assert.equal(document.analyze().length, 0);
  document.dispose();
});

test('binding a name that a rule references is not a use of it', async () => {
  const text = 'from ssl import CERT_NONE\nCERT_NONE = 0\nclass K:\n    def _create_unverified_context(self):\n        pass\n';
  assert.deepEqual(findingKeys(text, await analyze(text)), []);
});

test('renaming what a call is assigned to re-checks the call (its statement is re-analysed)', async () => {
  const text = 'import random\n\ndef make(user, chars):\n    user.reset_token = random.choice(chars)\n';
  const document = await PythonDocument.open('file:///a.py', 1, text, registry);
  const before = findingKeys(text, document.analyze());
  const at = text.indexOf('reset_token');
  document.applyChanges([{ range: rangeOf(text, at, at + 'reset_token'.length), text: 'colour' }], 2);
  await expectSameAsFresh(document, 'target rename');
  assert.notDeepEqual(findingKeys(document.text, document.analyze()), before, 'a colour is not a secret');
  document.dispose();
});

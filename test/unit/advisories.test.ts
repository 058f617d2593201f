// PEP 440 ordering against the spec's own examples, OSV range evaluation, CVSS base scores,
// the store format, and lock files read with ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { affects, advisoriesFromOsv, type Advisory, lowestFixingAll } from '../../server/src/advisories/advisory';
import { cvssBaseScore } from '../../server/src/advisories/cvss';
import { compareVersionText, normalizeVersion, parseVersion } from '../../server/src/advisories/pep440';
import { AdvisoryStore, groupOsvRecords, serializeStore } from '../../server/src/advisories/store';
import { loadGrammars } from '../../server/src/engine/grammars';
import { parseManifest } from '../../server/src/manifests/parse';
import { fileKindOf } from '../../server/src/engine/file-kind';
import { manifestKindOf } from '../../server/src/manifests/model';

// PEP 440, "Summary of permitted suffixes and relative ordering" (with 1.dev0 and 1.0.15 as in
// the current text), then its example version schemes and epochs: each list is strictly ascending.
const PEP440_ORDERED: string[][] = [
  ['1.dev0', '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1'],
  ['0.9', '1.0.dev1', '1.0.dev2', '1.0.dev3', '1.0.dev4', '1.0c1', '1.0c2', '1.0', '1.0.post1', '1.1.dev1'],
  ['0.9', '1.0a1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.1a1'],
  ['2012.1', '2012.2', '2012.3', '2012.15', '2013.1', '2013.2'],
  ['1.0', '1.1', '2.0', '2013.10', '2014.04', '1!1.0', '1!1.1', '1!2.0'],
  ['0.1', '0.2', '0.3', '1.0', '1.1', '1.1.0', '1.1.1', '1.1.2', '1.2.0'].filter((v) => v !== '1.1.0'),
];

// PEP 440's normalization rules: each spelling equals its normal form.
const PEP440_EQUAL: [string, string][] = [
  ['1.0', '1.0.0'],
  ['1.0', '1.0.0.0'],
  ['1.1RC1', '1.1rc1'],
  ['1.0-a1', '1.0a1'],
  ['1.0alpha1', '1.0a1'],
  ['1.0beta2', '1.0b2'],
  ['1.0c1', '1.0rc1'],
  ['1.0pre1', '1.0rc1'],
  ['1.0preview1', '1.0rc1'],
  ['1.0a', '1.0a0'],
  ['1.0.a.1', '1.0a1'],
  ['1.0-post1', '1.0.post1'],
  ['1.0-1', '1.0.post1'],
  ['1.0.rev1', '1.0.post1'],
  ['1.0.r1', '1.0.post1'],
  ['1.0.post', '1.0.post0'],
  ['1.0-dev', '1.0.dev0'],
  ['1.0_dev_2', '1.0.dev2'],
  ['v1.0', '1.0'],
  ['  1.0\n', '1.0'],
  ['0!1.0', '1.0'],
  ['1.01', '1.1'],
  ['1.0+ubuntu-1', '1.0+ubuntu.1'],
  ['1.0+Ubuntu_1', '1.0+ubuntu.1'],
];

test('PEP 440: the spec\'s example lists are in ascending order, pairwise and transitively', () => {
  for (const list of PEP440_ORDERED) {
    for (let i = 0; i < list.length; i++) {
      for (let j = 0; j < list.length; j++) {
        const order = compareVersionText(list[i], list[j]);
        assert.equal(Math.sign(order!), Math.sign(i - j), `${list[i]} vs ${list[j]}`);
      }
    }
  }
});

test('PEP 440: normalized spellings compare equal and print their normal form', () => {
  for (const [spelling, normal] of PEP440_EQUAL) {
    assert.equal(compareVersionText(spelling, normal), 0, `${spelling} == ${normal}`);
  }
  assert.equal(normalizeVersion('1.0-A1'), '1.0a1');
  assert.equal(normalizeVersion('1!2.0.POST-3.dev'), '1!2.0.post3.dev0');
  assert.equal(normalizeVersion('1.0+Ubuntu-1'), '1.0+ubuntu.1');
});

test('PEP 440: property checks over a generated set (antisymmetric, transitive, numbers of any length)', () => {
  const parts = ['', 'a1', 'b2', 'rc1', '.post1', '.dev1', 'a1.dev2', '.post2.dev1', '+local.1', '+1'];
  const versions = ['0', '1', '1.0.1', '1.10', '1.9', '2!0.1', '99999999999999999999.1'].flatMap((release) => parts.map((part) => release + part));
  const sorted = [...versions].sort((a, b) => compareVersionText(a, b)!);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      assert.ok(compareVersionText(sorted[i], sorted[j])! <= 0 && compareVersionText(sorted[j], sorted[i])! >= 0, `${sorted[i]} <= ${sorted[j]}`);
    }
  }
  assert.ok(compareVersionText('1.9', '1.10')! < 0, 'release numbers compare as numbers');
  assert.ok(compareVersionText('99999999999999999999.1', '99999999999999999998.9')! > 0);
  for (const invalid of ['', 'latest', '1.0.x', '1..0', 'abc1.0']) assert.equal(parseVersion(invalid), undefined, invalid);
});

function advisory(events: Advisory['ranges'][number][], versions?: string[]): Advisory {
  return { id: 'TEST-1', aliases: [], summary: '', ranges: events, ...(versions ? { versions } : {}) };
}

test('OSV ranges: introduced/fixed, last_affected, several intervals, explicit versions', () => {
  const twoBranches = advisory([[{ introduced: '0' }, { fixed: '1.2.4' }, { introduced: '2.0' }, { fixed: '2.0.3' }]]);
  for (const version of ['0.1', '1.2.3', '1.2.4rc1', '2.0', '2.0.2.post1']) assert.ok(affects(twoBranches, version), version);
  for (const version of ['1.2.4', '1.3', '2.0.3', '2.0.dev1', '3.0']) assert.ok(!affects(twoBranches, version), version);
  const last = advisory([[{ introduced: '1.0' }, { last_affected: '1.5' }]]);
  assert.ok(affects(last, '1.5'));
  assert.ok(!affects(last, '1.5.post1'));
  assert.ok(!affects(last, '0.9'));
  const listed = advisory([], ['0.5', '0.6']);
  assert.ok(affects(listed, '0.5'));
  assert.ok(affects(listed, '0.5.0'), 'listed versions compare as PEP 440 versions');
  assert.ok(!affects(listed, '0.7'));
  // Unsorted events are sorted first, as OSV's evaluation requires.
  assert.ok(affects(advisory([[{ fixed: '2.0' }, { introduced: '1.0' }]]), '1.5'));
});

test('the lowest version fixing every advisory comes from their fixed events', () => {
  const a = advisory([[{ introduced: '0' }, { fixed: '5.1' }]]);
  const b = advisory([[{ introduced: '5.1' }, { fixed: '5.2b1' }]]);
  const c = advisory([[{ introduced: '0' }, { fixed: '5.4' }]]);
  assert.equal(lowestFixingAll([a, b, c], '3.12'), '5.4');
  assert.equal(lowestFixingAll([a], '3.12'), '5.1');
  assert.equal(lowestFixingAll([b], '5.1'), '5.2b1', 'a pre-release when it is the only fix');
  assert.equal(lowestFixingAll([advisory([[{ introduced: '0' }]])], '1.0'), undefined);
});

test('CVSS base scores from vectors (FIRST examples)', () => {
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
  assert.equal(cvssBaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'), 7.5);
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
  assert.equal(cvssBaseScore('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N'), 0);
  assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H'), 9.9);
  assert.equal(cvssBaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P'), 7.5, 'CVSS v2');
  assert.equal(cvssBaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), undefined);
  assert.equal(cvssBaseScore('CVSS:3.1/AV:X'), undefined);
});

test('OSV records: one advisory per PyPI package, summaries on one line, withdrawn and git ranges dropped', () => {
  const record = {
    id: 'PYSEC-2099-1',
    aliases: ['CVE-2099-1'],
    details: 'Example is a library.\nIn Example before 1.2, a crafted header allows request smuggling. More text.',
    affected: [
      { package: { ecosystem: 'PyPI', name: 'Example_Lib' }, ranges: [{ type: 'GIT', events: [{ introduced: 'abc' }] }, { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2' }] }] },
      { package: { ecosystem: 'npm', name: 'example' }, ranges: [] },
    ],
  };
  const byName = advisoriesFromOsv(record);
  assert.deepEqual([...byName.keys()], ['example-lib']);
  const found = byName.get('example-lib')!;
  assert.equal(found.summary, 'In Example before 1.2, a crafted header allows request smuggling');
  assert.deepEqual(found.ranges, [[{ introduced: '0' }, { fixed: '1.2' }]]);
  assert.equal(advisoriesFromOsv({ ...record, withdrawn: '2100-01-01' }).size, 0);
});

test('the store round-trips and parses a package only when asked', () => {
  const grouped = groupOsvRecords([
    { id: 'B-1', affected: [{ package: { ecosystem: 'PyPI', name: 'zeta' }, versions: ['1.0'] }] },
    { id: 'A-1', affected: [{ package: { ecosystem: 'PyPI', name: 'alpha' }, versions: ['2.0'] }, { package: { ecosystem: 'PyPI', name: 'zeta' }, versions: ['3.0'] }] },
  ]);
  const text = serializeStore({ source: 'test', date: '2026-01-02' }, grouped);
  const store = AdvisoryStore.parse(text);
  assert.deepEqual(store.header, { source: 'test', date: '2026-01-02', advisories: 2, packages: 2 });
  assert.deepEqual([...store.names], ['alpha', 'zeta']);
  assert.deepEqual(store.advisoriesOf('zeta').map((a) => a.id), ['A-1', 'B-1']);
  assert.deepEqual(store.advisoriesOf('missing'), []);
  assert.throws(() => AdvisoryStore.parse('something else\n'), /bad header/);
});

test('lock files are manifests of kind `lock` with the ranges of each entry', async () => {
  await loadGrammars();
  assert.equal(fileKindOf('sub/poetry.lock'), 'lock');
  assert.equal(fileKindOf('Pipfile.lock'), 'lock');
  assert.equal(fileKindOf('other.lock'), undefined);
  assert.equal(manifestKindOf('lock', 'a/uv.lock'), 'uv-lock');
  assert.equal(manifestKindOf('lock', 'Pipfile.lock'), 'pipfile-lock');

  const uv = 'version = 1\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\n\n[[package]]\nname = "PyYAML"\nversion = "5.1"\nsource = { registry = "https://pypi.org/simple" }\n';
  const manifest = parseManifest(uv, 'uv-lock', 'uv.lock');
  const [app, yaml] = manifest.requirements;
  assert.equal(app.localPath, '.');
  assert.equal(yaml.normalized, 'pyyaml');
  assert.equal(yaml.pinnedVersion, '5.1');
  assert.equal(uv.slice(yaml.nameRange.start, yaml.nameRange.end), 'PyYAML');
  assert.equal(uv.slice(yaml.specifierRange!.start, yaml.specifierRange!.end), '5.1');

  const pipfileLock = '{\n  "_meta": {"hash": {"sha256": "x"}},\n  "default": {\n    "jinja2": {"hashes": ["sha256:ab"], "version": "==2.9.6"}\n  },\n  "develop": {"local": {"path": "."}}\n}\n';
  const pipenv = parseManifest(pipfileLock, 'pipfile-lock', 'Pipfile.lock');
  const [jinja, local] = pipenv.requirements;
  assert.equal(pipfileLock.slice(jinja.nameRange.start, jinja.nameRange.end), 'jinja2');
  assert.equal(pipfileLock.slice(jinja.specifierRange!.start, jinja.specifierRange!.end), '2.9.6');
  assert.equal(jinja.group, 'default');
  assert.equal(local.localPath, '.');
  assert.match(parseManifest('{"default": ', 'pipfile-lock', 'Pipfile.lock').problems[0].message, /cannot be read: .*JSON/);
  const deep = `${'{"x": '.repeat(100)}1${'}'.repeat(100)}`;
  assert.match(parseManifest(`{"default": ${deep}}`, 'pipfile-lock', 'Pipfile.lock').problems[0].message, /nested deeper than 64 levels/);
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { NameSet, encodeNames } from '../../server/src/supply-chain/name-set';
import {
  dataDirectory,
  existsOnPyPI,
  isPopular,
  normalizeName,
  popularPackage,
  popularPackages,
  popularityRank,
  pypiNames,
} from '../../server/src/supply-chain/package-names';

describe('normalizeName (PEP 503)', () => {
  test('lowercases and turns runs of - _ . into one -', () => {
    assert.equal(normalizeName('Typing_Extensions'), 'typing-extensions');
    assert.equal(normalizeName('zope.interface'), 'zope-interface');
    assert.equal(normalizeName('Foo.-_Bar__baz'), 'foo-bar-baz');
    assert.equal(normalizeName('  PyYAML '), 'pyyaml');
  });
});

describe('popularity list', () => {
  test('is read from the data/ folder beside package.json', () => {
    assert.equal(basename(dataDirectory()), 'data');
    assert.ok(existsSync(join(dirname(dataDirectory()), 'package.json')));
  });

  test('ranks the most downloaded projects, whatever the spelling', () => {
    assert.equal(popularityRank('boto3'), 1);
    assert.equal(popularityRank('requests'), 6);
    assert.equal(popularityRank('Typing_Extensions'), 7);
    assert.equal(popularityRank('python.dateutil'), 13);
    assert.equal(isPopular('PyYAML'), true);
    assert.equal(popularityRank('reqeusts'), undefined);
    assert.equal(isPopular('django-cors-headers-but-not-really'), false);
  });

  test('holds every row of the snapshot, ranked in order, with versions', () => {
    const packages = popularPackages();
    assert.equal(packages.length, 14985);
    assert.ok(packages.every((entry, i) => i === 0 || entry.rank > packages[i - 1].rank));
    assert.ok(packages.every((entry) => entry.name === normalizeName(entry.name)));
    assert.equal(popularPackage('urllib3')?.latestVersion, '2.8.0');
    assert.match(popularPackage('boto3')?.latestReleaseMonth ?? '', /^\d{4}-\d{2}$/);
  });
});

describe('existsOnPyPI', () => {
  test('knows registered projects, in any spelling', () => {
    for (const name of ['requests', 'Django', 'zope.interface', 'python_dateutil', 'django-cors-headers', '0', '0-core-client']) {
      assert.equal(existsOnPyPI(name), true, name);
    }
  });

  test('does not know names nobody registered (hallucinated packages)', () => {
    for (const name of ['reqeusts', 'pyward-surely-not-a-real-package', 'huggingface-cli-tools-xyzzy', '', 'zzzzzzzzzzzzzzzzzzzz']) {
      assert.equal(existsOnPyPI(name), false, name);
    }
  });

  test('is exact: neighbours of real names in the sorted set are not members', () => {
    const names = pypiNames();
    assert.equal(names.size, 886323);
    let checked = 0;
    for (const name of names) {
      if (checked++ % 997 !== 0) continue;
      assert.equal(names.has(name), true, name);
      // Between a name and the next in byte order (or beyond the last) there is nothing.
      assert.equal(names.has(`${name}-`), false, `${name}-`);
      assert.equal(names.has(name.slice(0, -1) + '~'), false);
    }
    assert.equal(names.has('!'), false);
    assert.equal(names.has('{'), false);
  });

  test('every popular name is on PyPI', () => {
    assert.ok(popularPackages().every((entry) => existsOnPyPI(entry.name)));
  });
});

describe('NameSet encoding', () => {
  test('round-trips a sorted set with restarts and long shared prefixes', () => {
    const long = 'a'.repeat(150);
    const names = ['b', 'a', 'ab', 'abc', long, `${long}b`, `${long}c`, ...Array.from({ length: 100 }, (_, i) => `n${i}`)];
    const set = new NameSet(encodeNames(names));
    assert.equal(set.size, names.length);
    assert.deepEqual([...set], [...names].sort());
    for (const name of names) assert.equal(set.has(name), true, name);
    for (const name of ['', 'aa', 'abd', `${long}a`, 'n100', 'n5x', 'z']) assert.equal(set.has(name), false, name);
  });

  test('rejects names that are not printable ASCII', () => {
    assert.throws(() => encodeNames(['ok', 'café']), /printable ASCII/);
  });

  test('the shipped popular list has the generator\'s columns, most downloaded first', () => {
    const shipped = readFileSync(join(dataDirectory(), 'pypi-popular.tsv'), 'utf8');
    assert.ok(shipped.startsWith('rank\tname\tlatest_version\tlatest_release_month\n1\tboto3\t'));
  });
});

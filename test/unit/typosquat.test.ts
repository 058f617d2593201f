import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildRealNames, buildSquats } from '../../scripts/bench-typosquat';
import { dataDirectory, isPopular, popularPackages } from '../../server/src/supply-chain/package-names';
import { blocksSwapped, boundedEditDistance } from '../../server/src/supply-chain/edit-distance';
import { describeEdit, keyboardAdjacent } from '../../server/src/supply-chain/slips';
import { HashedIndex } from '../../server/src/supply-chain/hashed-index';
import { findTyposquat, matchTyposquat, prepareTyposquatIndexes, shareOneDeletion } from '../../server/src/supply-chain/typosquat';

const fixtures = join(dataDirectory(), '..', 'test', 'fixtures', 'typosquat');

function expectSquat(name: string, intended: string, reason: RegExp | string): void {
  const found = findTyposquat(name);
  assert.ok(found, `${name} should be flagged as a typosquat of ${intended}`);
  assert.equal(found.intended, intended, name);
  assert.equal(found.intendedRank, popularPackages().find((entry) => entry.name === intended)?.rank, name);
  if (typeof reason === 'string') assert.equal(found.reason, reason, name);
  else assert.match(found.reason, reason, name);
}

describe('findTyposquat flags one slip from a much more popular name', () => {
  test("the tracker's examples", () => {
    expectSquat('colourama', 'colorama', 'extra `u`');
    expectSquat('python3-dateutil', 'python-dateutil', '`python3-` instead of `python-`');
    expectSquat('jeIlyfish', 'jellyfish', '`I` looks like `l`');
    expectSquat('dateutil-python', 'python-dateutil', 'words swapped');
    expectSquat('requests3', 'requests', 'version digit appended');
    expectSquat('boto4', 'boto3', 'version digit changed (`4` for `3`)');
    expectSquat('requests-pandas', 'requests', 'two popular names glued together');
  });

  test('letters swapped, left out, repeated, or a neighbouring key', () => {
    expectSquat('reqeusts', 'requests', 'two letters swapped (`eu` for `ue`)');
    expectSquat('djnago', 'django', /two letters swapped/);
    expectSquat('reqests', 'requests', '`u` left out');
    expectSquat('urlib3', 'urllib3', 'double `l` written once');
    expectSquat('requestss', 'requests', '`s` repeated');
    expectSquat('pamdas', 'pandas', '`m` typed for the next key `n`');
    expectSquat('nunpy', 'numpy', '`n` typed for the next key `m`');
    expectSquat('djanga', 'django', '`a` instead of `o`');
    expectSquat('python-dateutils', 'python-dateutil', 'plural `s` added');
  });

  test('look-alike characters', () => {
    expectSquat('rnatplotlib', 'matplotlib', '`rn` looks like `m`');
    expectSquat('pyyam1', 'pyyaml', '`1` looks like `l`');
    expectSquat('b0to3', 'boto3', '`0` looks like `o`');
    expectSquat('CIick', 'click', '`I` looks like `l`');
  });

  test('separators, word order and py/python affixes', () => {
    expectSquat('pythondateutil', 'python-dateutil', 'separator left out');
    expectSquat('scikitlearn', 'scikit-learn', 'separator left out');
    expectSquat('py-yaml', 'pyyaml', 'separator added');
    expectSquat('extensions-typing', 'typing-extensions', 'words swapped');
    expectSquat('pyrequests', 'requests', '`py` prefix added');
    expectSquat('requests-python', 'requests', '`-python` suffix added');
    expectSquat('python-requests', 'requests', '`python-` prefix added');
    expectSquat('dotenv-python', 'python-dotenv', 'words swapped');
    expectSquat('matplotlib-3', 'matplotlib', 'version digit appended');
  });

  test('accepts raw spellings: case, underscores and dots normalize first', () => {
    expectSquat('Reqeusts', 'requests', /two letters swapped/);
    expectSquat('python3_dateutil', 'python-dateutil', '`python3-` instead of `python-`');
  });
});

describe('findTyposquat leaves legitimate relatives alone', () => {
  test('plugins and extensions of a popular name', () => {
    for (const name of ['django-cors-headers', 'pytest-xdist', 'types-requests', 'flask-login', 'django-pandas', 'pytest-requests', 'sphinx-click', 'flask-redis', 'requests-toolbelt-extras']) {
      assert.equal(findTyposquat(name), undefined, name);
    }
  });

  test('names that normalize to a popular project', () => {
    for (const name of ['Requests', 'PyYAML', 'typing_extensions', 'Python.Dateutil', 'ZOPE.interface', 'charset_normalizer']) {
      assert.equal(findTyposquat(name), undefined, name);
    }
  });

  test('every name in the popularity list', () => {
    const flagged = popularPackages().filter((entry) => findTyposquat(entry.name) !== undefined);
    assert.deepEqual(flagged, []);
  });

  test('short names need strong evidence', () => {
    // One substitution away from six, rich, but ordinary projects of their own.
    for (const name of ['sux', 'rick', 'h12x', 'to-uv']) assert.equal(findTyposquat(name), undefined, name);
    // Nobody registered `idma`: one key from idna (#5), it is a name waiting to be squatted.
    assert.match(findTyposquat('idma')?.reason ?? '', /no project has this name/);
    // A swap or a look-alike of a very popular short name still counts.
    expectSquat('sxi', 'six', /two letters swapped/);
  });

  test('the intended name must be much more popular: slips of the long tail are not flagged', () => {
    const tail = popularPackages().at(-1)!.name;
    assert.equal(findTyposquat(`${tail}x`), undefined);
    assert.equal(findTyposquat('x'), undefined);
    assert.equal(findTyposquat(''), undefined);
  });
});

describe('slip classification', () => {
  test('keyboard neighbours on QWERTY', () => {
    assert.ok(keyboardAdjacent('q', 'w') && keyboardAdjacent('a', 'q') && keyboardAdjacent('a', 'w') && keyboardAdjacent('b', 'n'));
    assert.ok(!keyboardAdjacent('a', 'p') && !keyboardAdjacent('q', 's') && !keyboardAdjacent('a', 'a'));
  });

  test('describeEdit names the one edit or nothing', () => {
    assert.equal(describeEdit('reqeusts', 'requests')?.kind, 'swapped');
    assert.equal(describeEdit('reqests', 'requests')?.kind, 'omitted');
    assert.equal(describeEdit('requessts', 'requests')?.kind, 'repeated');
    assert.equal(describeEdit('requests2', 'requests')?.kind, 'version-digit');
    assert.equal(describeEdit('requestp', 'requests')?.kind, 'changed');
    assert.equal(describeEdit('requestz', 'requests')?.kind, 'adjacent-key');
    assert.equal(describeEdit('rekuests', 'requests')?.kind, 'changed');
    assert.equal(describeEdit('raquests', 'requests')?.kind, 'vowel');
    assert.equal(describeEdit('python-dateutil', 'pythondateutil')?.kind, 'separator');
    assert.equal(describeEdit('rqeusts', 'requests'), undefined);
  });
});

describe('typosquat benchmark (test/fixtures/typosquat, from scripts/bench-typosquat)', () => {
  const squats = readFileSync(join(fixtures, 'squats.tsv'), 'utf8').trim().split('\n').slice(1).map((line) => {
    const [name, intended, kind] = line.split('\t');
    return { name, intended, kind };
  });
  const realNames = readFileSync(join(fixtures, 'real-names.txt'), 'utf8').trim().split('\n');

  test('the fixture lists are what the seeded generator builds', () => {
    assert.deepEqual(squats, buildSquats());
    assert.deepEqual(realNames, buildRealNames());
  });

  test('at least 300 typosquats of the top 1,000 across every slip kind, none popular; 2,000+ real names outside the list', () => {
    assert.ok(squats.length >= 300);
    assert.equal(new Set(squats.map((s) => s.kind)).size, 10);
    assert.ok(squats.every((s) => !isPopular(s.name)));
    assert.ok(realNames.length >= 2000);
    assert.ok(realNames.every((name) => !isPopular(name)));
  });

  test('flags at least 95 % of the typosquats and at most 1 % of the real names', () => {
    const caught = squats.filter((s) => findTyposquat(s.name) !== undefined).length;
    const falsePositives = realNames.filter((name) => matchTyposquat(name) !== undefined).length;
    assert.ok(caught / squats.length >= 0.95, `typosquats flagged: ${caught}/${squats.length}`);
    assert.ok(falsePositives / realNames.length <= 0.01, `real names flagged: ${falsePositives}/${realNames.length}`);
  });
});

describe('names nobody registered on PyPI', () => {
  test('within two edits of a top-1,000 name or one of a top-5,000 name, or with blocks swapped', () => {
    const expected: [string, string][] = [
      ['reeuests', 'requests'], ['pandar', 'pandas'], ['cryptographz', 'cryptography'], ['tiketoken', 'tiktoken'],
      ['aiohtpp', 'aiohttp'], ['urlllib', 'urllib3'], ['urllb', 'urllib3'], ['matlibplot', 'matplotlib'], ['sklearns', 'sklearn'],
    ];
    for (const [name, intended] of expected) {
      const match = matchTyposquat(name);
      assert.equal(match?.intended, intended, name);
      assert.match(match!.reason, /no project has this name/, name);
    }
  });

  test('a standard-library name, or a slip of requirements.txt, is a squat too', () => {
    assert.equal(matchTyposquat('pwd')?.kind, 'stdlib');
    assert.equal(matchTyposquat('telnet')?.intended, 'telnetlib');
    assert.equal(matchTyposquat('requiremetstx')?.intended, 'requirements.txt');
  });

  test('registered names need a real slip; junk letters after a very popular name count', () => {
    assert.equal(matchTyposquat('requestsaa')?.intended, 'requests');
    // Registered long-tail names two edits from a popular one are not squats by distance alone.
    assert.equal(findTyposquat('numpyro'), undefined);
    // Internal-looking names far from any popular name stay unregistered, not squats.
    assert.equal(findTyposquat('acme-billing-client'), undefined);
  });

  test('the bounded edit distance counts a swap as one edit and stops past the limit', () => {
    assert.equal(boundedEditDistance('aiohtpp', 'aiohttp', 2), 1);
    assert.equal(boundedEditDistance('urllb', 'urllib3', 2), 2);
    assert.equal(boundedEditDistance('flask', 'django', 2), 3);
    assert.equal(boundedEditDistance('abc', 'abcdef', 2), 3);
    assert.ok(blocksSwapped('matlibplot', 'matplotlib'));
    assert.ok(!blocksSwapped('matplotlob', 'matplotlib'));
  });
});

test('the pairwise test of a shared one-character deletion agrees with trying every deletion', () => {
  const deletions = (name: string) => new Set([name, ...Array.from(name, (_, i) => name.slice(0, i) + name.slice(i + 1))]);
  // Every pair of strings over a two-letter alphabet up to five letters long: every overlap of
  // prefix, suffix and shifted middle the pairwise test distinguishes.
  const words: string[] = [''];
  for (let length = 1; length <= 5; length++) for (let bits = 0; bits < 1 << length; bits++) words.push(Array.from({ length }, (_, i) => ((bits >> i) & 1 ? 'b' : 'a')).join(''));
  let shared = 0;
  for (const a of words) {
    const ofA = deletions(a);
    for (const b of words) {
      const expected = [...deletions(b)].some((key) => ofA.has(key));
      assert.equal(shareOneDeletion(a, b), expected, `${a} / ${b}`);
      if (expected) shared++;
    }
  }
  // Both answers occur, and not only for identical words.
  assert.ok(shared > 2 * words.length && shared < words.length ** 2, `${shared} pairs share one`);
});

test('the hashed index finds every position added under a key, and nothing under a key never added', () => {
  // Keys sharing prefixes and suffixes, as deletion variants do; positions under several keys, keys with several positions.
  const expected = new Map<string, number[]>();
  const index = new HashedIndex((add) => {
    for (let position = 0; position < 3000; position++) {
      for (const key of [`name-${position}`, `name-${position % 700}`, `${position % 13}-shared`]) {
        add(key, position);
        const list = expected.get(key) ?? [];
        if (!list.includes(position)) list.push(position);
        expected.set(key, list);
      }
    }
  });
  for (const [key, positions] of expected) {
    const found = new Set<number>();
    index.forEach(key, (position) => found.add(position));
    assert.deepEqual([...found].sort((a, b) => a - b), positions, key);
  }
  for (const absent of ['name-3000', 'name-', '', '13-shared', 'eman-1']) {
    const found: number[] = [];
    index.forEach(absent, (position) => found.push(position));
    assert.deepEqual(found, [], absent);
  }
  assert.throws(() => new HashedIndex((add) => add('too far', 2 ** 20)), RangeError);
  assert.throws(() => new HashedIndex((add) => add('negative', -1)), RangeError);
});

test('matches are the same before and after the deletion indexes are built (a scan answers the first names)', () => {
  const names = ['reqeusts', 'djnago', 'nunpy', 'pandsa', 'flaks', 'scikit-lern', 'boto4', 'pytohn-dateutil', 'urlib3', 'tensorflw', 'qwzxvk', 'requestsz'];
  const scanned = names.map((name) => JSON.stringify(matchTyposquat(`${name}`) ?? null));
  prepareTyposquatIndexes();
  // New spellings of the same slips (answers are remembered by name).
  const indexed = names.map((name) => JSON.stringify(matchTyposquat(`${name.toUpperCase()}`) ?? null));
  assert.deepEqual(indexed, scanned);
  assert.ok(scanned.filter((answer) => answer !== 'null').length >= 8);
});

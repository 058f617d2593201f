// Every fixture under test/fixtures/rules marks the findings it expects with `# expect: ID`;
// every other line must produce none. All rules of the fixture's profile run on every
// fixture, so a rule that fires where another rule's fixture does not expect it fails too.
//
// A fixture is a Python file (`PW101-pickle.py`) or a folder (`PWD101-typosquat/`) holding a
// small project: each file in it is analysed as its kind (requirements, pyproject.toml,
// workflows, .env…) with the folder as its project, so a `.venv` or manifests inside count.
// Files without a `# expect:` marker must produce nothing.
//
// A first-line comment can set the profile and the path the file is analysed as:
//   # pyward-fixture: profile=strict path=tests/test_views.py
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileKindOf } from '../../server/src/engine/file-kind';
import { analyzePython, analyzeSource } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import type { Profile } from '../../server/src/engine/rule';
import { DEFAULT_SELECTION, isTestPath, selectRules } from '../../server/src/engine/rule-selection';
import { Project } from '../../server/src/project/project';
import { ALL_RULES } from '../../server/src/rules/index';
import { expectedKeys, findingKeys, fixturePath, readFixture } from '../helpers';
import { testAdvisoryCache } from '../support/advisory-cache';

// Advisory data: the shipped snapshot plus fake malicious-package records, never the developer's cache.
process.env.PYWARD_CACHE_DIR = testAdvisoryCache();

const entries = readdirSync(fixturePath('rules')).sort();

function fixtureSettings(text: string, file: string): { profile: Profile; path: string } {
  const header = /^#\s*pyward-fixture:(.*)$/m.exec(text.split('\n', 1)[0]);
  const settings = Object.fromEntries((header?.[1] ?? '').trim().split(/\s+/).filter(Boolean).map((pair) => pair.split('=')));
  return { profile: settings.profile === 'strict' ? 'strict' : 'recommended', path: settings.path ?? `src/${file}` };
}

function registryFor(profile: Profile, isTest: boolean): RuleRegistry {
  return new RuleRegistry(selectRules(ALL_RULES, { ...DEFAULT_SELECTION, profile }, isTest));
}

/** Files of a fixture folder, `.venv` and other dot-folders included (they are part of the project). */
function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : [path];
  });
}

for (const entry of entries.filter((name) => name.endsWith('.py'))) {
  test(`fixture ${entry}: findings are exactly the expected ones`, async () => {
    const text = readFixture('rules', entry);
    const { profile, path } = fixtureSettings(text, entry);
    const isTest = isTestPath(path);
    const expected = expectedKeys(text);
    assert.ok(expected.length > 0, `${entry} expects no finding at all; fixtures must have positives`);
    const actual = findingKeys(text, await analyzePython(text, registryFor(profile, isTest), { file: { path, isTest } }));
    assert.deepEqual(actual, expected);
  });
}

for (const entry of entries.filter((name) => statSync(fixturePath('rules', name)).isDirectory())) {
  test(`fixture ${entry}/: findings in each file are exactly the expected ones`, async () => {
    const root = fixturePath('rules', entry);
    const project = new Project(root);
    let expectedTotal = 0;
    for (const absolute of filesIn(root).sort()) {
      const path = relative(root, absolute).split('\\').join('/');
      if (path.split('/').some((segment) => segment === '.venv' || segment === 'venv')) continue;
      const kind = fileKindOf(path);
      if (!kind || kind === 'notebook') continue;
      const text = readFileSync(absolute, 'utf8');
      const { profile } = fixtureSettings(text, path);
      const isTest = isTestPath(path);
      const expected = expectedKeys(text);
      expectedTotal += expected.length;
      const findings = await analyzeSource(text, kind, registryFor(profile, isTest), { file: { path, isTest, project } });
      assert.deepEqual(findingKeys(text, findings), expected, `${entry}/${path}`);
    }
    assert.ok(expectedTotal > 0, `${entry}/ expects no finding at all; fixtures must have positives`);
  });
}

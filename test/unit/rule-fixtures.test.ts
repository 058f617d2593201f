// Every fixture under test/fixtures/rules marks the findings it expects with `# expect: ID`;
// every other line must produce none. All rules of the fixture's profile run on every
// fixture, so a rule that fires where another rule's fixture does not expect it fails too.
//
// A first-line comment can set the profile and the path the file is analysed as:
//   # pyward-fixture: profile=strict path=tests/test_views.py
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { analyzePython } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import type { Profile } from '../../server/src/engine/rule';
import { DEFAULT_SELECTION, isTestPath, selectRules } from '../../server/src/engine/rule-selection';
import { ALL_RULES } from '../../server/src/rules/index';
import { expectedKeys, findingKeys, fixturePath, readFixture } from '../helpers';

const files = readdirSync(fixturePath('rules')).filter((name) => name.endsWith('.py')).sort();

function fixtureSettings(text: string, file: string): { profile: Profile; path: string } {
  const header = /^#\s*pyward-fixture:(.*)$/m.exec(text.split('\n', 1)[0]);
  const settings = Object.fromEntries((header?.[1] ?? '').trim().split(/\s+/).filter(Boolean).map((pair) => pair.split('=')));
  return { profile: settings.profile === 'strict' ? 'strict' : 'recommended', path: settings.path ?? `src/${file}` };
}

for (const file of files) {
  test(`fixture ${file}: findings are exactly the expected ones`, async () => {
    const text = readFixture('rules', file);
    const { profile, path } = fixtureSettings(text, file);
    const isTest = isTestPath(path);
    const registry = new RuleRegistry(selectRules(ALL_RULES, { ...DEFAULT_SELECTION, profile }, isTest));
    const expected = expectedKeys(text);
    assert.ok(expected.length > 0, `${file} expects no finding at all; fixtures must have positives`);
    const actual = findingKeys(text, await analyzePython(text, registry, { file: { path, isTest } }));
    assert.deepEqual(actual, expected);
  });
}

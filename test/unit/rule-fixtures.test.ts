// Every fixture under test/fixtures/rules marks the findings it expects with `# expect: ID`;
// every other line must produce none. All rules run on every fixture, so a rule that fires
// where another rule's fixture does not expect it fails too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { analyze, expectedKeys, findingKeys, fixturePath, readFixture } from '../helpers';

const files = readdirSync(fixturePath('rules')).filter((name) => name.endsWith('.py')).sort();

for (const file of files) {
  test(`fixture ${file}: findings are exactly the expected ones`, async () => {
    const text = readFixture('rules', file);
    const expected = expectedKeys(text);
    assert.ok(expected.length > 0, `${file} expects no finding at all; fixtures must have positives`);
    const actual = findingKeys(text, await analyze(text));
    assert.deepEqual(actual, expected);
  });
}

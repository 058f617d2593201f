import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFix, onlyFinding } from '../helpers';

test('an unused suppression comment is removed whole, with the spaces before it', async () => {
  await assertFix('import yaml\nx = yaml.safe_load(s)  # pyward: ignore[PW104]\n', 'PW001', 'Remove the unused suppression', 'import yaml\nx = yaml.safe_load(s)\n');
  await assertFix('import yaml\nx = yaml.safe_load(s)  # pyward: ignore\n', 'PW001', 'Remove the unused suppression', 'import yaml\nx = yaml.safe_load(s)\n');
});

test('an unused code is removed from a list whose other codes are used', async () => {
  await assertFix('import yaml\nx = yaml.load(s)  # pyward: ignore[PW101, PW104]\n', 'PW001', 'Remove PW101 from the suppression', 'import yaml\nx = yaml.load(s)  # pyward: ignore[PW104]\n');
  await assertFix('import yaml\nx = yaml.load(s)  # pyward: ignore[PW104, PW101]\n', 'PW001', 'Remove PW101 from the suppression', 'import yaml\nx = yaml.load(s)  # pyward: ignore[PW104]\n');
});

test('the report is on the unused code and says what to do', async () => {
  const source = 'import yaml\nx = yaml.safe_load(s)  # pyward: ignore[PW104]\n';
  const finding = await onlyFinding(source, 'PW001');
  assert.equal(source.slice(finding.start, finding.end), 'PW104');
  assert.equal(finding.severity, 'low');
  assert.match(finding.message, /Nothing on this line is reported as PW104/);
});

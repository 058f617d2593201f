// Every secrets detector stays linear on hostile input: a 1 MB single line of near misses (each
// format's keywords followed by almost-matching text, again and again) goes through every
// detector, in Python and in configuration files, and must finish — the test runner's ordinary
// timeout is the bound; `npm run build && node out/scripts/bench-secrets.js` prints the times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePython, analyzeSource } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { configValues } from '../../server/src/rules/secrets/detectors/config-values';
import { secretDetectors, secretsRules } from '../../server/src/rules/secrets/index';
import { nearMissLine } from './secrets-fakes';

const line = nearMissLine();

test('the near-miss line is one line of 1 MB', () => {
  assert.equal(line.length, 1 << 20);
  assert.ok(!line.includes('\n'));
});

for (const detector of secretDetectors) {
  test(`${detector.meta.id} (${detector.meta.name}) scans a 1 MB line of near misses and finds nothing`, () => {
    assert.deepEqual(detector.scan(line), []);
  });
}

test('the configuration tokenizer reads a 1 MB line', () => {
  assert.ok(Array.isArray(configValues(`key = ${line}`)));
  assert.ok(Array.isArray(configValues(`{"key": "${line.replace(/["\\]/g, '')}"}`)));
});

test('every secrets rule, file side: a 1 MB config line', async () => {
  const findings = await analyzeSource(`key: ${line}\n`, 'config', new RuleRegistry(secretsRules), { file: { path: 'settings.yaml', isTest: false } });
  assert.deepEqual(findings, []);
});

test('every secrets rule, Python side: a 1 MB string literal and a 1 MB comment', async () => {
  const source = `value = "${line.replace(/["\\]/g, '')}"\n# ${line}\n`;
  const findings = await analyzePython(source, new RuleRegistry(secretsRules));
  assert.deepEqual(findings.map((f) => f.ruleId), []);
});

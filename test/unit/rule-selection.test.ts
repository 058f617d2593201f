import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SELECTION, isTestPath, selectRules, severityOverrides } from '../../server/src/engine/rule-selection';
import { defineRule, type Rule } from '../../server/src/engine/rule';
import { ALL_RULES } from '../../server/src/rules/index';

const base = ALL_RULES[0].meta;
const strictRule: Rule = defineRule({ meta: { ...base, id: 'PW980', name: 'strict-one', bandit: 'B980', profile: 'strict', offInTests: false } });
const testShy: Rule = defineRule({ meta: { ...base, id: 'PW981', name: 'test-shy', ruff: 'S981', offInTests: true } });
const plain: Rule = defineRule({ meta: { ...base, id: 'PW982', name: 'plain', offInTests: false } });
const rules = [strictRule, testShy, plain];
const ids = (selected: Rule[]) => selected.map((r) => r.meta.id);

test('the recommended profile leaves strict rules out; strict runs everything', () => {
  assert.deepEqual(ids(selectRules(rules, DEFAULT_SELECTION, false)), ['PW981', 'PW982']);
  assert.deepEqual(ids(selectRules(rules, { ...DEFAULT_SELECTION, profile: 'strict' }, false)), ['PW980', 'PW981', 'PW982']);
});

test('rules usual in tests are off in test files unless asked for', () => {
  assert.deepEqual(ids(selectRules(rules, DEFAULT_SELECTION, true)), ['PW982']);
  assert.deepEqual(ids(selectRules(rules, { ...DEFAULT_SELECTION, allRulesInTests: true }, true)), ['PW981', 'PW982']);
});

test('enable and disable by ID, name, Bandit or Ruff code win over the profile', () => {
  assert.deepEqual(ids(selectRules(rules, { ...DEFAULT_SELECTION, enable: ['b980'], disable: ['plain'] }, false)), ['PW980', 'PW981']);
  assert.deepEqual(ids(selectRules(rules, { ...DEFAULT_SELECTION, disable: ['S981', 'PW982'] }, false)), []);
});

test('severity overrides are keyed by rule ID whatever name the user wrote', () => {
  assert.deepEqual([...severityOverrides(rules, { ...DEFAULT_SELECTION, severity: { 'test-shy': 'low', B980: 'high' } })].sort(), [['PW980', 'high'], ['PW981', 'low']]);
});

test('test files are recognised by their path', () => {
  for (const path of ['tests/test_app.py', 'pkg/tests/helpers.py', 'test_views.py', 'app/models_test.py', 'conftest.py', 'src\\test\\x.py']) assert.ok(isTestPath(path), path);
  for (const path of ['app/views.py', 'contest.py', 'latest_news.py', 'attestation/core.py']) assert.ok(!isTestPath(path), path);
});

// The settings VS Code shows: one checkbox per rule category, ticked by default, so that the
// Settings UI is true to what runs and unticking one changes that one alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userSettingsFrom } from '../../server/src/lsp/settings';
import { ALL_RULES } from '../../server/src/rules/index';
import { repoRoot } from '../helpers';

const properties = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { type: string; default: unknown }> } };
}).contributes.configuration.properties;

test('every rule category has its own boolean setting, on by default', () => {
  const categories = [...new Set(ALL_RULES.map((rule) => rule.meta.category))].sort();
  const settings = Object.keys(properties).filter((key) => key.startsWith('pyward.categories.')).map((key) => key.slice('pyward.categories.'.length)).sort();
  assert.deepEqual(settings, categories);
  for (const category of categories) {
    assert.equal(properties[`pyward.categories.${category}`].type, 'boolean');
    assert.equal(properties[`pyward.categories.${category}`].default, true);
  }
  // No object setting of the same name: its editor showed every box unticked.
  assert.equal(properties['pyward.categories'], undefined);
});

test('the categories reach the server as VS Code nests them, the old object form alike', () => {
  // What getConfiguration('pyward') gives for pyward.categories.secrets = false (the others at their default).
  const nested = Object.fromEntries(ALL_RULES.map((rule) => [rule.meta.category, rule.meta.category !== 'secrets']));
  assert.deepEqual(userSettingsFrom({ categories: nested }).disabledCategories, ['secrets']);
  assert.deepEqual(userSettingsFrom({ categories: { ci: false } }).disabledCategories, ['ci']);
  assert.equal(userSettingsFrom({ categories: nested.secrets === undefined ? {} : { secrets: true } }).disabledCategories, undefined);
});

// Every rule carries complete metadata, and the committed documentation is generated from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isFileRule, isPythonRule } from '../../server/src/engine/file-rule';
import { ALL_RULES } from '../../server/src/rules/index';
import { peerCodes, renderRuleDocs, rulesCovering } from '../../scripts/rule-docs';
import { RUFF_CHECKS } from '../../scripts/ruff-catalogue';
import { BANDIT_CHECKS } from '../../scripts/bandit-catalogue';
import { fixturePath, repoRoot } from '../helpers';

test('rule IDs are unique and names are kebab-case', () => {
  const ids = ALL_RULES.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const { meta } of ALL_RULES) {
    assert.match(meta.id, /^PW[SDAT]?\d{3}$/);
    assert.match(meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  }
});

test('every rule has severity, confidence, CWE, documentation and a trigger', () => {
  for (const rule of ALL_RULES) {
    const { meta } = rule;
    assert.ok(['low', 'medium', 'high'].includes(meta.severity), meta.id);
    assert.ok(['low', 'medium', 'high'].includes(meta.confidence), meta.id);
    assert.ok(Number.isInteger(meta.cwe) && meta.cwe > 0, meta.id);
    if (meta.bandit) assert.match(meta.bandit, /^B\d{3}$/, meta.id);
    if (meta.ruff) assert.match(meta.ruff, /^S\d{3}$/, meta.id);
    for (const field of ['what', 'why', 'example', 'safe'] as const) assert.ok(meta.docs[field].trim().length > 20, `${meta.id} docs.${field}`);
    assert.ok(meta.docs.references.some((r) => r.includes(`cwe.mitre.org/data/definitions/${meta.cwe}`)), `${meta.id} cites its CWE`);
    assert.ok(isPythonRule(rule) || (isFileRule(rule) && rule.kinds.length > 0), `${meta.id} has no trigger and reads no kind of file`);
  }
});

/** Text of every file under a fixture folder. */
function textsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? textsUnder(join(dir, entry.name)) : [readFileSync(join(dir, entry.name), 'utf8')]);
}

test('every rule has a fixture file; a flow-only rule (PWT) a marked flow in the flow fixtures', () => {
  const fixtures = readdirSync(fixturePath('rules'));
  const flowFixtures = textsUnder(fixturePath('flow')).join('\n');
  for (const { meta } of ALL_RULES) {
    if (meta.id.startsWith('PWT')) assert.ok(flowFixtures.includes(`# flow: ${meta.id}`), `no flow fixture for ${meta.id}`);
    else assert.ok(fixtures.some((f) => f.startsWith(`${meta.id}-`)), `no fixture for ${meta.id}`);
  }
});

test('docs/ is what `npm run docs` generates from the metadata', () => {
  for (const [path, content] of renderRuleDocs(ALL_RULES)) {
    const file = join(repoRoot, 'docs', path);
    assert.ok(existsSync(file), `${path} is missing: run npm run docs`);
    assert.equal(readFileSync(file, 'utf8'), content, `${path} is stale: run npm run docs`);
  }
  const pages = readdirSync(join(repoRoot, 'docs', 'rules'));
  assert.equal(pages.length, ALL_RULES.length, 'docs/rules has pages of removed rules: run npm run docs');
});

test('every active Bandit check is covered by a Pyward rule', () => {
  const missing = BANDIT_CHECKS.filter((check) => !check.retired && rulesCovering(ALL_RULES, check.id).length === 0).map((check) => check.id);
  assert.deepEqual(missing, []);
});

test('every Ruff S rule is covered, and every code a rule claims is a real Bandit or Ruff code', () => {
  const missing = RUFF_CHECKS.filter((check) => !check.removed && rulesCovering(ALL_RULES, check.id).length === 0).map((check) => check.id);
  assert.deepEqual(missing, []);
  const known = new Set([...BANDIT_CHECKS, ...RUFF_CHECKS].map((check) => check.id));
  for (const { meta } of ALL_RULES) {
    for (const code of [...peerCodes(meta, 'B'), ...peerCodes(meta, 'S')]) assert.ok(known.has(code), `${meta.id} claims ${code}`);
  }
});

test('the rules table shows every code a rule covers (S504 beside PW504, B320 beside PW708)', () => {
  const table = renderRuleDocs(ALL_RULES).get('rules.md')!;
  const row = (id: string) => table.split('\n').find((line) => line.startsWith(`| [${id}]`)) ?? '';
  assert.match(row('PW504'), /\| B502, B504 \| S502, S504 \|/);
  assert.match(row('PW708'), /\| B320 \| S320 \|/);
  assert.match(row('PW805'), /\| B703, B308 \| S308 \|/);
});

// Every fix declares whether it keeps behaviour (safe) or changes it (unsafe), consistently with
// its rule's metadata: the fixes each rule offers on every rule fixture are checked against
// `meta.fixApplicability`, unsafe ones are never preferred and say what changes in their title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Finding } from '../../server/src/engine/finding';
import { fileKindOf } from '../../server/src/engine/file-kind';
import { analyzeSource } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { DEFAULT_SELECTION, isTestPath, selectRules } from '../../server/src/engine/rule-selection';
import { Project } from '../../server/src/project/project';
import { ALL_RULES } from '../../server/src/rules/index';
import { fixturePath } from '../helpers';

const everyRule = new RuleRegistry(selectRules(ALL_RULES, { ...DEFAULT_SELECTION, profile: 'strict' }, false));
const everyRuleInTests = new RuleRegistry(selectRules(ALL_RULES, { ...DEFAULT_SELECTION, profile: 'strict' }, true));
const metaOf = new Map(ALL_RULES.map((rule) => [rule.meta.id, rule.meta]));

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : [path];
  });
}

/** Every finding, with its fixes, of every rule fixture (files and project folders). */
async function fixtureFindings(): Promise<{ where: string; finding: Finding }[]> {
  const found: { where: string; finding: Finding }[] = [];
  const root = fixturePath('rules');
  for (const entry of readdirSync(root).sort()) {
    const folder = statSync(join(root, entry)).isDirectory();
    const project = folder ? new Project(join(root, entry)) : undefined;
    for (const absolute of folder ? filesIn(join(root, entry)) : [join(root, entry)]) {
      const path = folder ? relative(join(root, entry), absolute).split('\\').join('/') : `src/${entry}`;
      if (path.split('/').some((segment) => segment === '.venv' || segment === 'venv')) continue;
      const kind = fileKindOf(path);
      if (!kind || kind === 'notebook') continue;
      const isTest = isTestPath(path);
      const findings = await analyzeSource(readFileSync(absolute, 'utf8'), kind, isTest ? everyRuleInTests : everyRule, { withFixes: true, file: { path, isTest, project } });
      for (const finding of findings) found.push({ where: `${entry}${folder ? `/${path}` : ''}`, finding });
    }
  }
  return found;
}

test('fixable rules declare their fixes\' applicability; the others declare none', () => {
  for (const { meta } of ALL_RULES) {
    if (meta.fixable) assert.ok(meta.fixApplicability && meta.fixApplicability.length > 0, `${meta.id} is fixable but declares no fixApplicability`);
    else assert.equal(meta.fixApplicability, undefined, `${meta.id} is not fixable but declares fixApplicability`);
  }
});

test('every fix offered on the fixtures matches its rule\'s declared applicability; unsafe ones are never preferred and say what changes', async () => {
  const seen = new Map<string, Set<string>>();
  for (const { where, finding } of await fixtureFindings()) {
    const meta = metaOf.get(finding.ruleId)!;
    for (const fix of finding.fixes ?? []) {
      const what = `${where}: ${finding.ruleId} "${fix.title}"`;
      assert.ok(fix.applicability === 'safe' || fix.applicability === 'unsafe', `${what} declares no applicability`);
      assert.ok(meta.fixApplicability?.includes(fix.applicability), `${what} is ${fix.applicability}, but ${meta.id} declares ${JSON.stringify(meta.fixApplicability)}`);
      if (fix.applicability === 'unsafe') {
        assert.equal(fix.preferred, false, `${what} is unsafe and preferred`);
        assert.match(fix.title, /\(changes behaviour: [^)]+\)$/, `${what} is unsafe and does not say what changes`);
      } else {
        assert.doesNotMatch(fix.title, /changes behaviour/, `${what} is safe but says it changes behaviour`);
      }
      if (!seen.has(meta.id)) seen.set(meta.id, new Set());
      seen.get(meta.id)!.add(fix.applicability);
    }
  }
  // The metadata is not wider than the rule: each declared applicability is offered somewhere in
  // the fixtures of a rule whose fixtures show fixes at all (PW953 and PW955 fix only shapes or
  // Python versions their fixtures lack; test/unit/fixes-filesystem covers them).
  assert.ok(seen.size > 80, `fixes of only ${seen.size} rules were seen`);
  for (const { meta } of ALL_RULES) {
    if (!seen.has(meta.id)) continue;
    for (const applicability of meta.fixApplicability ?? []) {
      assert.ok(seen.get(meta.id)!.has(applicability), `${meta.id} declares ${applicability} fixes, but its fixtures offer none`);
    }
  }
});

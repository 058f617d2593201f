// Which rules run on a file: the profile, the user's enable/disable lists and whether the file
// is a test. Severity overrides are applied to findings by the registry.
import type { Level, Profile, RuleMeta } from './rule';

/** Anything with rule metadata: a Python rule or a file rule. */
type WithMeta = { readonly meta: RuleMeta };

export interface RuleSelection {
  profile: Profile;
  /** Rule IDs or names (or Bandit/Ruff codes) turned on whatever the profile. */
  enable: readonly string[];
  /** Rule IDs or names (or Bandit/Ruff codes) turned off. */
  disable: readonly string[];
  /** In test files, also run the rules that are off there by default. */
  allRulesInTests: boolean;
  /** Severity per rule ID or name, replacing the rule's own for every finding. */
  severity: Readonly<Record<string, Level>>;
  /** Categories switched off (`secrets`, `ci`…): their rules do not run unless enabled by name. */
  disabledCategories?: readonly string[];
}

export const DEFAULT_SELECTION: RuleSelection = { profile: 'recommended', enable: [], disable: [], allRulesInTests: false, severity: {} };

/** Whether `rule` is named by `name`: its ID, its name, or its Bandit or Ruff code. */
export function ruleMatches(rule: WithMeta, name: string): boolean {
  const { id, name: ruleName, bandit, ruff, alsoCovers } = rule.meta;
  const wanted = name.trim();
  const code = wanted.toUpperCase();
  return wanted === id || wanted === ruleName || code === bandit || code === ruff || (alsoCovers ?? []).includes(code);
}

export function selectRules<R extends WithMeta>(rules: readonly R[], selection: RuleSelection, isTest: boolean): R[] {
  return rules.filter((rule) => {
    if (selection.disable.some((name) => ruleMatches(rule, name))) return false;
    if (selection.enable.some((name) => ruleMatches(rule, name))) return true;
    if (selection.disabledCategories?.includes(rule.meta.category)) return false;
    if ((rule.meta.profile ?? 'recommended') === 'strict' && selection.profile !== 'strict') return false;
    if (isTest && rule.meta.offInTests && !selection.allRulesInTests) return false;
    return true;
  });
}

/** The severity overrides keyed by rule ID. */
export function severityOverrides(rules: readonly WithMeta[], selection: RuleSelection): Map<string, Level> {
  const overrides = new Map<string, Level>();
  for (const [name, level] of Object.entries(selection.severity)) {
    for (const rule of rules) if (ruleMatches(rule, name)) overrides.set(rule.meta.id, level);
  }
  return overrides;
}

/** Test modules by path: `tests/` or `test/` folders, `test_*.py`, `*_test.py`, `conftest.py`. */
export function isTestPath(path: string): boolean {
  const segments = path.replace(/\\/g, '/').split('/');
  const file = segments[segments.length - 1];
  return (
    segments.slice(0, -1).some((s) => s === 'tests' || s === 'test' || s === 'testing') ||
    /^test_.*\.pyi?$/.test(file) ||
    /_test\.pyi?$/.test(file) ||
    file === 'conftest.py'
  );
}

// Shared by the tests: where the repo is, how to read fixtures, how to apply fixes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Configuration, type FileSetup } from '../server/src/engine/config/configuration';
import type { Finding } from '../server/src/engine/finding';
import type { Fix, TextEdit } from '../server/src/engine/fixer';
import { analyzePython } from '../server/src/engine/index';
import { RuleRegistry } from '../server/src/engine/registry';
import { ALL_RULES } from '../server/src/rules/index';
import { DEFAULT_SELECTION, selectRules } from '../server/src/engine/rule-selection';
import { loadPython, parse } from '../server/src/engine/python';
import { Projects } from '../server/src/project/project';

export const repoRoot = (() => {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    if (dirname(dir) === dir) throw new Error('repository root not found');
  }
})();

/** The rules that run by default: the recommended profile, outside test files. */
export const registry = new RuleRegistry(selectRules(ALL_RULES, DEFAULT_SELECTION, false));

/** A file's rules and context as the CLI and the editor set them up, in a workspace folder (default settings). */
export function setupInWorkspace(workspace: string, path: string): FileSetup {
  return new Configuration(ALL_RULES, {}, [workspace], new Projects([workspace])).forFile(path);
}

export function fixturePath(...parts: string[]): string {
  return join(repoRoot, 'test', 'fixtures', ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** `line:RULE` for each finding, 1-based lines, sorted. */
export function findingKeys(text: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${lineOf(text, f.start)}:${f.ruleId}`).sort(compareKeys);
}

/** The findings a fixture expects: `# expect: PW101, PW202` marks the line they start on. */
export function expectedKeys(text: string): string[] {
  const keys: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /#.*\bexpect:\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)/.exec(line);
    if (match) for (const id of match[1].split(',')) keys.push(`${index + 1}:${id.trim()}`);
  });
  return keys.sort(compareKeys);
}

function compareKeys(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
}

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Applies edits as LSP does: ranges refer to the original text, and inserts at the same
 * position appear in the order of the array.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.index - a.index).map(({ edit }) => edit);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

export async function analyze(text: string): Promise<Finding[]> {
  return analyzePython(text, registry);
}

export async function analyzeWithFixes(text: string): Promise<Finding[]> {
  return analyzePython(text, registry, { withFixes: true });
}

/** Whether text parses as Python without syntax errors. */
export async function parsesCleanly(text: string): Promise<boolean> {
  const python = await loadPython();
  const parser = python.createParser();
  const tree = parse(parser, text);
  const ok = !tree.rootNode.hasError;
  tree.delete();
  parser.delete();
  return ok;
}

/**
 * Whether a fix has this title: exactly, or (an unsafe fix) followed by what it changes,
 * `Add timeout=10 (seconds) (changes behaviour: …)` for `Add timeout=10 (seconds)`.
 */
export function titled(fix: Fix, title: string | RegExp): boolean {
  if (typeof title !== 'string') return title.test(fix.title);
  return fix.title === title || (fix.applicability === 'unsafe' && fix.title.startsWith(`${title} (changes behaviour: `));
}

/** Every rule, as the strict profile runs them. */
export const strictRegistry = new RuleRegistry(selectRules(ALL_RULES, { ...DEFAULT_SELECTION, profile: 'strict' }, false));

/** The fix-test helpers for one rule set: the default one below, `strict` for strict-only rules. */
export function fixChecks(rules: RuleRegistry) {
  const withFixes = (source: string) => analyzePython(source, rules, { withFixes: true });

  /** The findings of some rules only (others may report on the same lines), with their fixes. */
  async function findingsOf(source: string, ...ruleIds: string[]): Promise<Finding[]> {
    return (await withFixes(source)).filter((finding) => ruleIds.includes(finding.ruleId));
  }

  /** The one finding of `ruleId` in `source`, with its fixes; fails unless there is exactly one. */
  async function onlyFinding(source: string, ruleId: string): Promise<Finding> {
    const findings = await findingsOf(source, ruleId);
    assert.equal(findings.length, 1, `expected one ${ruleId} finding in:\n${source}`);
    return findings[0];
  }

  /**
   * Applies the fix titled `title` of the one `ruleId` finding in `source`, and returns the new
   * text; throws when there is not exactly one such finding or no such fix.
   */
  async function applyFix(source: string, ruleId: string, title: string | RegExp): Promise<string> {
    const findings = await findingsOf(source, ruleId);
    if (findings.length !== 1) throw new Error(`expected one ${ruleId} finding, got ${findings.length}`);
    const fixes: Fix[] = findings[0].fixes ?? [];
    const fix = fixes.find((f) => titled(f, title));
    if (!fix) throw new Error(`no fix ${title} among: ${fixes.map((f) => f.title).join('; ')}`);
    return applyEdits(source, fix.edits);
  }

  /**
   * Applies the fix titled `title` and checks the result: exactly `expected`, still valid
   * Python, and `ruleId` no longer reported.
   */
  async function assertFix(source: string, ruleId: string, title: string, expected: string): Promise<void> {
    const result = await applyFix(source, ruleId, title);
    assert.equal(result, expected);
    assert.ok(await parsesCleanly(result), `the fixed text does not parse:\n${result}`);
    const left = (await analyzePython(result, rules)).filter((finding) => finding.ruleId === ruleId);
    assert.deepEqual(left, [], `${ruleId} still reported after the fix:\n${result}`);
  }

  return { findingsOf, onlyFinding, applyFix, assertFix };
}

export const { findingsOf, onlyFinding, applyFix, assertFix } = fixChecks(registry);
export const strict = fixChecks(strictRegistry);

/** A rule's documentation (what, why, safe), where the explanation a message has no room for lives. */
export function docsOf(ruleId: string): string {
  const rule = ALL_RULES.find((candidate) => candidate.meta.id === ruleId);
  assert.ok(rule, `no rule ${ruleId}`);
  const { what, why, safe } = rule.meta.docs;
  return [what, why, safe].join('\n');
}

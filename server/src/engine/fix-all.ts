// Applying many fixes at once ("Fix all" in the editor, `pyward fix`): only safe fixes, each
// finding's preferred one, never two whose edits touch; the text is analysed again between
// rounds, so that fixes held back by a conflict (two adding `import os`) apply to the new text.
import type { Finding } from './finding';
import type { Fix, TextEdit } from './fixer';
import { applyEdits, conflictsWithAny } from './text-edits';

/**
 * The fix to apply to a finding without asking: its preferred safe fix that edits this file
 * only. Undefined when it has none (its fixes are unsafe, alternatives, or edit other files).
 */
export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes?.find((fix) => fix.applicability === 'safe' && fix.preferred && !fix.otherFiles?.length);
}

/**
 * The fixes, in order, that can be applied together: each is kept unless one of its edits
 * conflicts with an edit of a fix kept before it.
 */
export function compatibleFixes(fixes: readonly Fix[]): Fix[] {
  const taken: TextEdit[] = [];
  const kept: Fix[] = [];
  for (const fix of fixes) {
    if (conflictsWithAny(fix.edits, taken)) continue;
    taken.push(...fix.edits);
    kept.push(fix);
  }
  return kept;
}

export interface FixAllOptions {
  /** Only this rule's findings. */
  ruleId?: string;
  /** Rounds of analysis and fixing, at most (a fix that leaves its finding would loop). */
  maxRounds?: number;
}

export interface FixAllResult {
  text: string;
  /** Fixes applied, over all rounds. */
  applied: number;
  /** Per rule, the fixes applied. */
  byRule: Map<string, number>;
}

/**
 * Applies every finding's preferred safe fix to `text`, round after round until none is left.
 * `analyse` gives the findings, with their fixes, of a text of the same file.
 */
export async function fixAll(text: string, analyse: (text: string) => Promise<readonly Finding[]> | readonly Finding[], options: FixAllOptions = {}): Promise<FixAllResult> {
  const byRule = new Map<string, number>();
  let applied = 0;
  let current = text;
  for (let round = 0; round < (options.maxRounds ?? 10); round++) {
    const findings = (await analyse(current)).filter((finding) => options.ruleId === undefined || finding.ruleId === options.ruleId);
    const candidates = findings.flatMap((finding) => {
      const fix = preferredFix(finding);
      return fix ? [{ finding, fix }] : [];
    });
    const kept = new Set(compatibleFixes(candidates.map((c) => c.fix)));
    if (kept.size === 0) break;
    const next = applyEdits(current, [...kept].flatMap((fix) => fix.edits));
    if (next === current) break;
    current = next;
    for (const { finding, fix } of candidates) {
      if (!kept.has(fix)) continue;
      applied++;
      byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    }
  }
  return { text: current, applied, byRule };
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function differenceEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, end: before.length - end, newText: after.slice(start, after.length - end) };
}

// `pyward fix` and `pyward audit --fix`: the files with findings of fixable rules, fixed in memory
// by one FixSession, then written (each atomically) unless only a diff was asked for.
import { newFindingsFilter } from '../baseline/apply';
import { RuleRegistry } from '../engine/registry';
import { FixSession, type AppliedFix, type FileChange, type NotFixed } from '../fixing/fix-session';
import { ALL_RULES } from '../rules/index';
import type { AuditResult } from '../workspace/audit';
import type { Command, FixRequest } from './args';

export interface FixReport {
  applied: readonly AppliedFix[];
  notFixed: readonly NotFixed[];
  changes: readonly FileChange[];
}

/** Fixes the findings of `audit`, except those the baseline `baselineOf` names for a file records. */
export async function applyFixes(
  audit: AuditResult,
  request: FixRequest,
  command: Extract<Command, { kind: 'audit' }>,
  baselineOf: ((path: string) => string | undefined) | undefined,
): Promise<FixReport> {
  const rules = new RuleRegistry(ALL_RULES);
  const session = new FixSession([audit.root], command.settings, {
    unsafe: request.unsafe,
    maxFileSize: command.maxFileSize,
    ...(baselineOf ? { newFindings: newFindingsFilter(baselineOf) } : {}),
  });
  for (const file of audit.files) {
    if (file.findings.some((finding) => rules.rule(finding.ruleId)?.meta.fixable)) await session.fixFile(file.path);
  }
  if (!request.diff) session.write();
  return { applied: session.applied, notFixed: session.notFixed, changes: session.changes() };
}

// Applying baselines to an audit: each file's findings compared with the baseline that covers
// it (the one named on the command line, or its project's), each baseline file read once.
import { resolve } from 'node:path';
import type { Finding } from '../engine/finding';
import type { AuditResult } from '../workspace/audit';
import { Baseline, type BaselineEntry, type BaselineState } from './baseline';

export interface AbsentFinding extends BaselineEntry {
  /** Absolute path of the file the baselined finding was in. */
  absolutePath: string;
}

export interface BaselineOutcome {
  states: ReadonlyMap<Finding, BaselineState>;
  absent: readonly AbsentFinding[];
  /** The audit with only its new findings. */
  newOnly: AuditResult;
}

/**
 * Compares every file of `result` with the baseline `baselineOf` names for it (none: all new);
 * undefined when no file has a baseline.
 */
export function applyBaselines(result: AuditResult, baselineOf: (path: string) => string | undefined): BaselineOutcome | undefined {
  const filesOf = new Map<string, AuditResult['files']>();
  for (const file of result.files) {
    const baseline = baselineOf(file.path);
    if (baseline !== undefined) filesOf.set(baseline, [...(filesOf.get(baseline) ?? []), file]);
  }
  if (filesOf.size === 0) return undefined;
  const states = new Map<Finding, BaselineState>();
  const absent: AbsentFinding[] = [];
  for (const [path, files] of filesOf) {
    const baseline = Baseline.read(path);
    const comparison = baseline.compare({ ...result, files });
    for (const [finding, state] of comparison.states) states.set(finding, state);
    absent.push(...comparison.absent.map((entry) => ({ ...entry, absolutePath: resolve(baseline.folder, entry.path) })));
  }
  const newOnly: AuditResult = { ...result, files: result.files.map((file) => ({ ...file, findings: file.findings.filter((finding) => states.get(finding) !== 'unchanged') })) };
  return { states, absent, newOnly };
}

/** Keeps the findings of a file (its current text) that are not in its baseline. */
export type NewFindingsFilter = <T extends Finding>(path: string, text: string, findings: readonly T[]) => readonly T[];

/**
 * The filter bulk fixing uses so as to leave baselined findings alone: each baseline file is
 * read once, when a file it covers is first fixed (a malformed one throws BaselineError).
 */
export function newFindingsFilter(baselineOf: (path: string) => string | undefined): NewFindingsFilter {
  const read = new Map<string, Baseline>();
  return (path, text, findings) => {
    const baselinePath = baselineOf(path);
    if (baselinePath === undefined || findings.length === 0) return findings;
    let baseline = read.get(baselinePath);
    if (!baseline) read.set(baselinePath, (baseline = Baseline.read(baselinePath)));
    return baseline.newFindings(path, text, findings);
  };
}

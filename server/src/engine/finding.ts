// A finding is plain data: which rule, where (UTF-16 offsets), what to say, how sure we are.
import type { Fix } from './fixer';
import type { Level } from './rule';

export interface Finding {
  ruleId: string;
  start: number;
  end: number;
  message: string;
  severity: Level;
  confidence: Level;
  /** What does not fit the one-sentence message (the advisories behind a finding, say): Markdown, shown on hover. */
  details?: string;
  /** Present only when fixes were asked for. */
  fixes?: Fix[];
}

const RANK: Record<Level, number> = { low: 1, medium: 2, high: 3 };

export function levelRank(level: Level): number {
  return RANK[level];
}

export function isLevel(value: string): value is Level {
  return value === 'low' || value === 'medium' || value === 'high';
}

/** Orders findings by position, then rule, for stable output. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId);
}

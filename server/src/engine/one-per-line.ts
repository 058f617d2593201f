// One finding per rule per line: the Problems panel shows lines, and two entries of one rule on
// one line (two bidirectional characters, a call and its argument) say the same thing twice.
// Applied to a file's whole list of findings, so the editor and the audit agree.
import type { Finding } from './finding';
import { lineStartAt } from './lines';

/** Keeps the first finding (by position) of each rule on each line; the rest are fixed with it or after it. */
export function onePerRuleAndLine(findings: readonly Finding[], text: string): Finding[] {
  if (findings.length < 2) return [...findings];
  const ordered = [...findings].sort((a, b) => a.start - b.start);
  const kept: Finding[] = [];
  const seen = new Set<string>();
  for (const finding of ordered) {
    // A line is named by where it starts (found from the finding, not by counting from the top:
    // this runs on every keystroke).
    const key = `${finding.ruleId}:${lineStartAt(text, finding.start)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(finding);
  }
  return kept;
}

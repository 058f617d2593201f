// One finding per rule per line: the Problems panel shows lines, and two entries of one rule on
// one line (two bidirectional characters, a call and its argument) say the same thing twice.
// Applied to a file's whole list of findings, so the editor and the audit agree.
import type { Finding } from './finding';

/** Keeps the first finding (by position) of each rule on each line; the rest are fixed with it or after it. */
export function onePerRuleAndLine(findings: readonly Finding[], text: string): Finding[] {
  if (findings.length < 2) return [...findings];
  const ordered = [...findings].sort((a, b) => a.start - b.start);
  const kept: Finding[] = [];
  const seen = new Set<string>();
  let line = 0;
  let scanned = 0;
  for (const finding of ordered) {
    // Offsets only grow, so counting newlines up to each finding is linear overall.
    for (; scanned < finding.start && scanned < text.length; scanned++) if (text.charCodeAt(scanned) === 10) line++;
    const key = `${finding.ruleId}:${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(finding);
  }
  return kept;
}

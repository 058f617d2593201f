// Stable fingerprints of findings: what SARIF's partialFingerprints and baselines match on.
// A fingerprint is a hash of the rule, the file's path and the flagged line's trimmed text, plus
// ":N" for the Nth finding of that rule on an identical line of the file. It never holds a line
// number (inserting lines above a finding keeps it) nor any source text in clear (a secret on
// the line stays out of reports and baseline files).
import { createHash } from 'node:crypto';
import type { Finding } from '../engine/finding';
import { LineIndex } from '../report/location';

/** The hash part of a fingerprint: 32 hex digits of SHA-256. */
export function lineHash(ruleId: string, path: string, lineText: string): string {
  return createHash('sha256').update(`${ruleId}\n${path}\n${lineText.trim()}`).digest('hex').slice(0, 32);
}

/**
 * Fingerprints of a file's findings, in their order, counting occurrences from the top of the
 * file. `path` is the file's path as the fingerprints should know it (forward slashes).
 */
export function fingerprintsOf(findings: readonly Finding[], text: string | undefined, path: string): string[] {
  const index = text !== undefined ? new LineIndex(text) : undefined;
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const hash = lineHash(finding.ruleId, path, index ? index.lineText(index.position(finding.start).line) : '');
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

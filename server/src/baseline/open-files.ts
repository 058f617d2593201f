// The editor's side of baselines: the findings of one file that its baseline does not have.
// Each baseline file is read once and again only when it changes on disk.
import { statSync } from 'node:fs';
import type { Finding } from '../engine/finding';
import { Baseline } from './baseline';

const cache = new Map<string, { stamp: string; baseline: Baseline | undefined }>();

/**
 * The findings of the file at `path` (its current `text`) that are not in the baseline at
 * `baselinePath`. A baseline that is missing or unreadable filters nothing: the editor shows
 * every finding rather than hide some on a broken file.
 */
export function notInBaseline<T extends Finding>(findings: readonly T[], text: string, path: string | undefined, baselinePath: string | undefined): readonly T[] {
  if (baselinePath === undefined || path === undefined || findings.length === 0) return findings;
  const baseline = load(baselinePath);
  if (!baseline) return findings;
  return baseline.newFindings(path, text, findings);
}

function load(path: string): Baseline | undefined {
  let stamp: string;
  try {
    const stat = statSync(path);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
  const cached = cache.get(path);
  if (cached?.stamp === stamp) return cached.baseline;
  let baseline: Baseline | undefined;
  try {
    baseline = Baseline.read(path);
  } catch {
    baseline = undefined;
  }
  cache.set(path, { stamp, baseline });
  return baseline;
}

// What the advisory rules (PWD301–PWD303) share: the versions a manifest puts in use, the online
// look-up before a check, and how an advisory is named in a message.
import type { FileKind } from '../../engine/file-kind';
import type { FileRuleContext } from '../../engine/file-rule';
import type { TextEdit } from '../../engine/fixer';
import type { Level } from '../../engine/rule';
import { type Advisory, advisoryScore, firstFixedAfter } from '../../advisories/advisory';
import { advisoryDataInfo } from '../../advisories/database';
import { onlineLookups } from '../../advisories/config';
import { lookUpOnline } from '../../advisories/online';
import type { Requirement } from '../../manifests/model';
import { projectManifests } from '../../manifests/project-manifests';
import { installedDistributions } from '../../project/environment';
import { MANIFEST_RULE_KINDS, manifestOf } from './shared';

/** Every manifest kind and the other tools' lock files. */
export const ADVISORY_RULE_KINDS: readonly FileKind[] = [...MANIFEST_RULE_KINDS, 'lock'];

export interface VersionInUse {
  requirement: Requirement;
  version: string;
  /** `pinned` in this file, or `installed` in the project's environment (the file has a range). */
  how: 'pinned' | 'installed';
}

/** The named requirements of the checked file with the version each puts in use, where known. */
export function versionsInUse(context: FileRuleContext): VersionInUse[] {
  return context.memo('advisories:versions', () => {
    const manifest = manifestOf(context);
    if (!manifest) return [];
    // A lock entry the project's own manifests pin to the same version is reported there, once.
    const pinnedElsewhere = manifest.kind.endsWith('-lock')
      ? new Set(projectManifests(context.project).flatMap((declared) => declared.requirements.map((requirement) => `${requirement.normalized}@${requirement.pinnedVersion}`)))
      : new Set<string>();
    const out: VersionInUse[] = [];
    for (const requirement of manifest.requirements) {
      if (!requirement.name || requirement.url || requirement.localPath) continue;
      if (pinnedElsewhere.has(`${requirement.normalized}@${requirement.pinnedVersion}`)) continue;
      if (requirement.pinnedVersion) out.push({ requirement, version: requirement.pinnedVersion, how: 'pinned' });
      else {
        const installed = installedDistributions(context.project).get(requirement.normalized)?.version;
        if (installed) out.push({ requirement, version: installed, how: 'installed' });
      }
    }
    return out;
  });
}

let warnedOffline = false;

/**
 * With online look-ups on, asks OSV about the file's versions (once per file and analysis). When
 * the service cannot be reached the audit goes on with local data, and says so once per process
 * on stderr (the CLI's terminal, the editor's output channel).
 */
export function lookUpFileOnline(context: FileRuleContext): Promise<void> {
  if (!onlineLookups()) return Promise.resolve();
  return context.memo('advisories:online', async () => {
    const problem = await lookUpOnline(versionsInUse(context).map(({ requirement, version }) => ({ name: requirement.normalized, version })));
    if (problem && !warnedOffline) {
      warnedOffline = true;
      process.stderr.write(`pyward: warning: ${problem}\n`);
    }
  });
}

/** `PYSEC-2021-142 (CVE-2020-14343)`: the ID and its CVE alias, the ID people search for. */
export function advisoryLabel(advisory: Advisory): string {
  const cve = advisory.aliases.find((alias) => alias.startsWith('CVE-'));
  const ghsa = advisory.aliases.find((alias) => alias.startsWith('GHSA-'));
  const alias = advisory.id.startsWith('CVE-') ? ghsa : (cve ?? ghsa);
  return alias ? `${advisory.id} (${alias})` : advisory.id;
}

/** "CVSS 9.8" from the vector, else the database's rating, else nothing. */
export function severityLabel(advisory: Advisory): string | undefined {
  const score = advisoryScore(advisory);
  if (score !== undefined) return `CVSS ${score.toFixed(1)}`;
  return advisory.rating ? advisory.rating.toLowerCase() : undefined;
}

/** The finding's severity: from the worst CVSS score (or rating); medium when none is given. */
export function findingSeverity(advisories: readonly Advisory[]): Level {
  let worst: Level | undefined;
  const rank = { low: 1, medium: 2, high: 3 } as const;
  for (const advisory of advisories) {
    const score = advisoryScore(advisory);
    const level: Level | undefined =
      score !== undefined ? (score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low') : advisory.rating ? (/CRITICAL|HIGH/.test(advisory.rating) ? 'high' : advisory.rating === 'LOW' ? 'low' : 'medium') : undefined;
    if (level && (!worst || rank[level] > rank[worst])) worst = level;
  }
  return worst ?? 'medium';
}

/** The advisory to name first: the highest CVSS score, then the newest. */
export function worstFirst(advisories: readonly Advisory[]): Advisory[] {
  return [...advisories].sort((a, b) => (advisoryScore(b) ?? -1) - (advisoryScore(a) ?? -1) || (b.published ?? '').localeCompare(a.published ?? ''));
}

/**
 * The edit that moves an exact pin to `version`, keeping how it is written (`==`, `===`, a
 * Poetry or Pipfile string); none for lock files, which their tool regenerates.
 */
export function bumpPinEdit(requirement: Requirement, version: string): TextEdit | undefined {
  if (requirement.syntax === 'lock' || requirement.syntax === 'pylock' || !requirement.pinnedVersion) return undefined;
  const clause = requirement.clauses.find((candidate) => candidate.operator === '==' || candidate.operator === '===');
  if (clause) return { start: clause.range.end - clause.version.length, end: clause.range.end, newText: version };
  if (!requirement.specifierRange || requirement.specifier === undefined) return undefined;
  const at = requirement.specifier.lastIndexOf(requirement.pinnedVersion);
  if (at === -1) return undefined;
  return { ...requirement.specifierRange, newText: requirement.specifier.slice(0, at) + version + requirement.specifier.slice(at + requirement.pinnedVersion.length) };
}

/** "(its --hash values must be regenerated)" for hash-pinned lines, for fix titles. */
export function hashNote(requirement: Requirement): string {
  return requirement.hashes.length > 0 ? '; regenerate its --hash values' : '';
}

/** An advisory's summary cut to fit a one-sentence message (about 60 characters, at a word). */
export function shortSummary(summary: string, length = 60): string {
  const plain = summary.replace(/…$/, '');
  if (plain.length <= length) return summary;
  return `${plain.slice(0, plain.lastIndexOf(' ', length)).replace(/[,;:]$/, '')}…`;
}

/**
 * The hover's account of a finding: every advisory with its aliases, severity, first fix and
 * summary, and which data (and of when) it came from.
 */
export function advisoryDetails(subject: string, version: string | undefined, advisories: readonly Advisory[]): string {
  const info = advisoryDataInfo();
  const lines = [`**${subject}: ${advisories.length} advisor${advisories.length === 1 ? 'y' : 'ies'}** (data of ${info.date}, ${info.kind === 'shipped' ? 'shipped snapshot' : 'downloaded from OSV'})`, ''];
  for (const advisory of advisories) {
    const fixed = version ? firstFixedAfter(advisory, version) : undefined;
    const parts = [
      advisory.url ? `[${advisory.id}](${advisory.url})` : advisory.id,
      advisory.aliases.length ? advisory.aliases.join(', ') : undefined,
      severityLabel(advisory),
      version ? (fixed ? `fixed in ${fixed}` : 'no fix known') : undefined,
    ].filter(Boolean);
    lines.push(`- ${parts.join(' · ')}: ${advisory.summary.replace(/[\r\n]+/g, ' ')}`);
  }
  return lines.join('\n');
}

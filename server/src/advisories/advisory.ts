// One advisory as Pyward keeps it (the parts of an OSV record the rules need, for one package),
// converted from OSV records, and the questions the rules ask: does it affect this version,
// which release fixes it, which single version fixes several at once.
import { cvssBaseScore } from './cvss';
import { compareVersions, parseVersion, type Version } from './pep440';
import { normalizeName } from '../supply-chain/normalize';

/** An OSV `ECOSYSTEM` range event. */
export type RangeEvent = { introduced: string } | { fixed: string } | { last_affected: string };

export interface Advisory {
  /** `PYSEC-2021-142`, `GHSA-…`, `MAL-2024-…`. */
  id: string;
  /** Other IDs for the same issue: CVE, GHSA, PYSEC. */
  aliases: string[];
  /** One line: OSV's `summary`, else the first sentence of `details`. */
  summary: string;
  /** CVSS vectors (v3 first) where the record gives them. */
  cvss?: string;
  /** The database's own rating where it gives one (GHSA: LOW, MODERATE, HIGH, CRITICAL). */
  rating?: string;
  /** Each `ECOSYSTEM` range's events. */
  ranges: RangeEvent[][];
  /** Versions listed explicitly as affected. */
  versions?: string[];
  published?: string;
  /** One reference, for the docs: the advisory's own page where there is one. */
  url?: string;
}

/** OSV records of malicious packages are `MAL-` IDs (the OpenSSF malicious-packages feed). */
export function isMalicious(advisory: Advisory): boolean {
  return advisory.id.startsWith('MAL-') || advisory.aliases.some((alias) => alias.startsWith('MAL-'));
}

/** A malicious record covering every version of its package (the name itself is the threat). */
export function coversEveryVersion(advisory: Advisory): boolean {
  if (advisory.ranges.length === 0 && !advisory.versions?.length) return true;
  return advisory.ranges.some((events) => events.length === 1 && 'introduced' in events[0] && events[0].introduced === '0');
}

/** Whether `version` is affected: listed explicitly, or inside one of the ranges. */
export function affects(advisory: Advisory, version: string): boolean {
  const { listedText, listed, ranges } = compiled(advisory);
  if (listedText.has(version)) return true;
  const parsed = parseVersion(version);
  if (!parsed) return false;
  for (const other of listed) if (compareVersions(other, parsed) === 0) return true;
  for (const events of ranges) if (inRange(events, parsed)) return true;
  return false;
}

/**
 * OSV's evaluation of one range: events in version order (`introduced: "0"` first); an
 * introduction at or below the version opens it, a fix at or below closes it, a
 * `last_affected` strictly below closes it.
 */
function inRange(events: readonly SortedEvent[], version: Version): boolean {
  let affected = false;
  for (const event of events) {
    const order = event.at === undefined ? 1 : compareVersions(version, event.at);
    if (order < 0) break;
    if (event.kind === INTRODUCED) affected = true;
    else if (event.kind === FIXED || order > 0) affected = false;
  }
  return affected;
}

const INTRODUCED = 0;
const FIXED = 1;
const LAST_AFFECTED = 2;

interface SortedEvent {
  kind: typeof INTRODUCED | typeof FIXED | typeof LAST_AFFECTED;
  /** Undefined for `introduced: "0"` (before everything). */
  at?: Version;
}

/** An advisory's versions parsed and its events sorted, once per advisory object. */
interface Compiled {
  listedText: ReadonlySet<string>;
  listed: readonly Version[];
  ranges: readonly SortedEvent[][];
}

const compiledCache = new WeakMap<Advisory, Compiled>();

function compiled(advisory: Advisory): Compiled {
  let found = compiledCache.get(advisory);
  if (!found) {
    const listed = (advisory.versions ?? []).map((text) => parseVersion(text)).filter((version): version is Version => version !== undefined);
    found = { listedText: new Set(advisory.versions ?? []), listed, ranges: advisory.ranges.map(sortEvents) };
    compiledCache.set(advisory, found);
  }
  return found;
}

function sortEvents(events: RangeEvent[]): SortedEvent[] {
  const sorted: SortedEvent[] = [];
  for (const event of events) {
    const [kind, text] = 'introduced' in event ? [INTRODUCED, event.introduced] : 'fixed' in event ? [FIXED, event.fixed] : [LAST_AFFECTED, event.last_affected];
    if (kind === INTRODUCED && text === '0') {
      sorted.push({ kind });
      continue;
    }
    const at = parseVersion(text);
    if (at) sorted.push({ kind: kind as SortedEvent['kind'], at });
  }
  // Before everything first; at equal versions, apply `introduced` before `fixed`.
  return sorted.sort((a, b) => (a.at && b.at ? compareVersions(a.at, b.at) : a.at ? 1 : b.at ? -1 : 0) || a.kind - b.kind);
}

/** Every `fixed` event of the advisory, as written. */
export function fixedVersions(advisory: Advisory): string[] {
  return advisory.ranges.flatMap((events) => events.flatMap((event) => ('fixed' in event ? [event.fixed] : [])));
}

/** The first release after `version` that fixes the advisory (from its own events), if any. */
export function firstFixedAfter(advisory: Advisory, version: string): string | undefined {
  return lowestFixingAll([advisory], version);
}

/**
 * The lowest of the advisories' `fixed` versions above `version` that none of them affects:
 * the smallest bump that clears them all. Final releases are preferred to pre-releases.
 */
export function lowestFixingAll(advisories: readonly Advisory[], version: string): string | undefined {
  const current = parseVersion(version);
  if (!current) return undefined;
  // No version below every advisory's own next fix can clear them all: start there.
  let floor = current;
  for (const advisory of advisories) {
    const next = compiled(advisory)
      .ranges.flat()
      .find((event) => event.kind === FIXED && event.at && compareVersions(event.at, current) > 0)?.at;
    if (next && compareVersions(next, floor) > 0) floor = next;
  }
  const candidates = advisories
    .flatMap(fixedVersions)
    .map((text) => ({ text, parsed: parseVersion(text) }))
    .filter((candidate): candidate is { text: string; parsed: Version } => !!candidate.parsed && compareVersions(candidate.parsed, current) > 0 && compareVersions(candidate.parsed, floor) >= 0)
    .sort((a, b) => Number(isPreRelease(a.parsed)) - Number(isPreRelease(b.parsed)) || compareVersions(a.parsed, b.parsed));
  return candidates.find((candidate) => advisories.every((advisory) => !affects(advisory, candidate.text)))?.text;
}

function isPreRelease(version: Version): boolean {
  return version.pre !== undefined || version.dev !== undefined;
}

/** The CVSS base score of the advisory's vector, if it has one that can be scored. */
export function advisoryScore(advisory: Advisory): number | undefined {
  return advisory.cvss ? cvssBaseScore(advisory.cvss) : undefined;
}

// ---- From OSV records ----

interface OsvRecord {
  id?: unknown;
  aliases?: unknown;
  summary?: unknown;
  details?: unknown;
  severity?: { type?: unknown; score?: unknown }[];
  affected?: {
    package?: { ecosystem?: unknown; name?: unknown };
    ranges?: { type?: unknown; events?: Record<string, unknown>[] }[];
    versions?: unknown;
  }[];
  published?: unknown;
  withdrawn?: unknown;
  references?: { type?: unknown; url?: unknown }[];
  database_specific?: { severity?: unknown };
}

const SUMMARY_LENGTH = 110;
const FLAW_WORDS = /vulnerab|allows?|attack|inject|execut|bypass|denial|overflow|disclos|travers|XSS|CSRF|forgery|leak|arbitrary|crash|expos|malicious|unauthori|spoof|smuggl|redos|exhaust/i;

/**
 * The advisories an OSV record makes, one per package of `ecosystem` it affects, keyed by
 * normalized name. Withdrawn records and non-`ECOSYSTEM` ranges (git commits) give nothing.
 */
export function advisoriesFromOsv(raw: unknown, ecosystem = 'PyPI'): Map<string, Advisory> {
  const out = new Map<string, Advisory>();
  const record = raw as OsvRecord;
  if (!record || typeof record.id !== 'string' || record.withdrawn || !Array.isArray(record.affected)) return out;
  const base = {
    id: record.id,
    aliases: Array.isArray(record.aliases) ? record.aliases.filter((alias): alias is string => typeof alias === 'string') : [],
    summary: oneLine(typeof record.summary === 'string' && record.summary.trim() ? record.summary : typeof record.details === 'string' ? record.details : ''),
    ...severityOf(record),
    ...(typeof record.published === 'string' ? { published: record.published.slice(0, 10) } : {}),
    ...referenceOf(record),
  };
  for (const affected of record.affected) {
    if (affected?.package?.ecosystem !== ecosystem || typeof affected.package.name !== 'string') continue;
    const name = ecosystem === 'PyPI' ? normalizeName(affected.package.name) : affected.package.name.toLowerCase();
    const advisory = out.get(name) ?? { ...base, ranges: [] };
    for (const range of affected.ranges ?? []) {
      if (range?.type !== 'ECOSYSTEM' || !Array.isArray(range.events)) continue;
      const events = range.events.flatMap(toEvent);
      if (events.length > 0) advisory.ranges.push(events);
    }
    if (Array.isArray(affected.versions)) {
      const versions = affected.versions.filter((version): version is string => typeof version === 'string');
      if (versions.length > 0) advisory.versions = [...(advisory.versions ?? []), ...versions];
    }
    out.set(name, advisory);
  }
  return out;
}

function toEvent(event: Record<string, unknown>): RangeEvent[] {
  if (typeof event?.introduced === 'string') return [{ introduced: event.introduced }];
  if (typeof event?.fixed === 'string') return [{ fixed: event.fixed }];
  if (typeof event?.last_affected === 'string') return [{ last_affected: event.last_affected }];
  return [];
}

function severityOf(record: OsvRecord): Pick<Advisory, 'cvss' | 'rating'> {
  const vectors = (record.severity ?? []).filter((entry) => typeof entry?.score === 'string' && typeof entry.type === 'string');
  const preferred = ['CVSS_V3', 'CVSS_V2', 'CVSS_V4'].map((type) => vectors.find((entry) => entry.type === type)).find(Boolean);
  const rating = record.database_specific?.severity;
  return { ...(preferred ? { cvss: preferred.score as string } : {}), ...(typeof rating === 'string' ? { rating: rating.toUpperCase() } : {}) };
}

function referenceOf(record: OsvRecord): Pick<Advisory, 'url'> {
  const references = (record.references ?? []).filter((reference) => typeof reference?.url === 'string');
  const advisory = references.find((reference) => reference.type === 'ADVISORY') ?? references[0];
  return advisory ? { url: advisory.url as string } : {};
}

/** The first sentence of a text on one line, cut at a word near SUMMARY_LENGTH characters. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // Many records open with what the project is ("Flask is a web framework."): the sentence
  // naming the flaw says more.
  const sentences = flat.split(/(?<=[.!?])\s+(?=[A-Z`"'(])/);
  const sentence = sentences.find((candidate) => FLAW_WORDS.test(candidate)) ?? sentences[0] ?? flat;
  if (sentence.length <= SUMMARY_LENGTH) return sentence.replace(/[.!?]$/, '');
  const cut = sentence.slice(0, SUMMARY_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).replace(/[,;:]$/, '')}…`;
}

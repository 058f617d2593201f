// Typosquat matching: is a package name one slip away from a much more popular one?
//
// Candidates come from the popularity list (names within one edit: a scan for the first names
// asked about, then a symmetric-delete index once enough are asked to repay building it; names
// without separators; names' sorted words), and from targeted rewrites of the candidate
// (py/python affixes, version digits, `rn`→`m`, splitting at a `-`). Each match is classified
// (which slip it is) and kept only if the intended name is popular enough for that kind of slip:
// the weaker the evidence, the more popular the intended name must be.
import { HashedIndex } from './hashed-index';
import { blocksSwapped, boundedEditDistance } from './edit-distance';
import { type PopularPackage, existsOnPyPI, normalizeName, popularPackages, popularRanks } from './package-names';
import { isStdlibModule } from './stdlib';
import { LOOK_ALIKE_SEQUENCES, type SlipKind, describeEdit } from './slips';

export type { SlipKind } from './slips';

export interface Typosquat {
  /** The normalized name the user most likely meant. */
  intended: string;
  intendedRank: number;
  /** A short phrase: "two letters swapped", "`I` looks like `l`"… */
  reason: string;
}

export interface TyposquatMatch extends Typosquat {
  kind: SlipKind;
}
type Match = TyposquatMatch;

/** When two slips lead to the same name, the more specific explanation wins. */
const SPECIFICITY: readonly SlipKind[] = [
  'affix', 'word-order', 'version-digit', 'look-alike', 'separator', 'swapped', 'repeated',
  'omitted', 'adjacent-key', 'inserted', 'vowel', 'changed', 'glued', 'unregistered', 'stdlib',
];

/**
 * The most popular rank an intended name may have for each slip kind; a lower bound means
 * stronger evidence is needed. Tuned with scripts/bench-typosquat.ts (see data/README.md).
 */
const MAX_RANK: Record<SlipKind, number> = {
  omitted: 3000,
  repeated: 5000,
  inserted: 2000,
  swapped: 5000,
  'adjacent-key': 3000,
  'look-alike': 5000,
  vowel: 1000,
  changed: 0,
  'version-digit': 3000,
  separator: 5000,
  'word-order': 5000,
  affix: 3000,
  glued: 300,
  // Ranks for names absent from PyPI are checked by unregisteredSlip itself.
  unregistered: 5000,
  stdlib: 0,
};

/**
 * A name absent from PyPI is a squat waiting to be registered (or a slopsquat an assistant
 * invented) when it is within two edits of a top-1,000 name or one edit of a top-5,000 name:
 * nothing legitimate can be installed under it, so the weaker evidence is enough.
 */
const UNREGISTERED_TWO_EDITS_RANK = 1000;
const UNREGISTERED_ONE_EDIT_RANK = 5000;
/**
 * Shortest names the distance test applies to (one more for a one-edit slip of a name below the
 * top 1,000): below, everything is an edit or two from something.
 */
const UNREGISTERED_MIN_LENGTH = { oneEdit: 4, twoEdits: 5 };

/** Names typed by mistake for a file rather than a package. */
const COMMAND_SLIPS = [{ name: 'requirements.txt', squashed: 'requirementstxt', reason: 'looks like `requirements.txt`, installed by name when `-r` is left out' }];

/** Junk letters appended count only after a name this popular. */
const TRAILING_RUN_MAX_RANK = 1000;

/** Names this short (either side) collide by chance; only these slips, to very popular names, count. */
const SHORT_NAME = 4;
const SHORT_NAME_KINDS = new Set<SlipKind>(['swapped', 'look-alike', 'repeated', 'version-digit', 'affix', 'glued']);
const SHORT_NAME_MAX_RANK = 300;

/**
 * A popular name with this many popular `name-…` projects is a plugin namespace (django, pytest,
 * types); with this many `…-name` projects, a common integration target (redis, mcp).
 */
const NAMESPACE_PLUGINS = 30;

const PREFIXES = ['python3-', 'python-', 'python3', 'python', 'py3-', 'py-', 'py3', 'py'];
const SUFFIXES = ['-python3', '-python', '-py3', '-py', 'python3', 'python', 'py3', 'py'];

interface Indexes {
  /** Popular name without `-` → the popular names. */
  unseparated: Map<string, string[]>;
  /** The words of a popular name, sorted and joined with `-` → the popular names. */
  wordSets: Map<string, string[]>;
  /** Popular names most often extended as `name-…`. */
  namespaces: Set<string>;
  /** Popular names most often extending others as `…-name`. */
  targets: Set<string>;
}

let indexes: Indexes | undefined;
let ranks: ReadonlyMap<string, number> | undefined;

/** Rank of an already-normalized name. */
function popularityRank(name: string): number | undefined {
  ranks ??= popularRanks();
  return ranks.get(name);
}

function buildIndexes(): Indexes {
  const unseparated = new Map<string, string[]>();
  const wordSets = new Map<string, string[]>();
  const prefixCounts = new Map<string, number>();
  const suffixCounts = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const add = (map: Map<string, string[]>, key: string, name: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [name]);
    else if (!list.includes(name)) list.push(name);
  };
  for (const { name, rank } of popularPackages()) {
    for (let i = name.indexOf('-'); i > 0; i = name.indexOf('-', i + 1)) {
      count(prefixCounts, name.slice(0, i));
      count(suffixCounts, name.slice(i + 1));
    }
    if (rank > MAX_SLIP_RANK) continue;
    const words = name.split('-');
    if (words.length > 1) add(wordSets, [...words].sort().join('-'), name);
    if (name.includes('-')) add(unseparated, name.replace(/-/g, ''), name);
  }
  const frequent = (counts: Map<string, number>) => new Set([...counts].filter(([, n]) => n >= NAMESPACE_PLUGINS).map(([word]) => word));
  return { unseparated, wordSets, namespaces: frequent(prefixCounts), targets: frequent(suffixCounts) };
}

/** The least popular rank any slip may point to. */
const MAX_SLIP_RANK = Math.max(...Object.values(MAX_RANK));

/**
 * Names asked about before a deletion index is built: a scan of the popular names costs a
 * fraction of a millisecond a name, the indexes about 200 milliseconds once. An audit asks about a
 * few dozen names (Django's: 32), a language server builds the indexes while idle.
 */
const SCANS_BEFORE_INDEX = 200;

/** An index that scans answer for until SCANS_BEFORE_INDEX lookups have asked, then built once. */
class IndexAfterScans {
  private index: HashedIndex | undefined;
  private scans = 0;

  constructor(private readonly build: () => HashedIndex) {}

  /** The index for this lookup, or undefined while a scan should answer it (each call counts). */
  forLookup(): HashedIndex | undefined {
    if (!this.index && ++this.scans <= SCANS_BEFORE_INDEX) return undefined;
    return this.prepare();
  }

  prepare(): HashedIndex {
    this.index ??= this.build();
    return this.index;
  }
}

/** Popular names, each also with one character deleted → their positions in the popularity list. */
const deletionIndex = new IndexAfterScans(() =>
  new HashedIndex((add) => {
    popularPackages().forEach(({ name, rank }, position) => {
      if (rank > MAX_SLIP_RANK) return;
      for (const key of withDeletions(name, 1, new Set())) add(key, position);
    });
  }),
);

/**
 * The popular package `name` is probably a slip for, or undefined. Popular names, and
 * plugins that add a word to a popular name (`pytest-xdist`), are never typosquats.
 */
export function findTyposquat(name: string): Typosquat | undefined {
  const match = matchTyposquat(name);
  return match && { intended: match.intended, intendedRank: match.intendedRank, reason: match.reason };
}

/**
 * Answers by name: two rules ask about every requirement, and a project names the same packages
 * in several files. Bounded, so a generated manifest cannot grow it without end.
 */
const answers = new Map<string, TyposquatMatch | undefined>();
const MAX_ANSWERS = 20_000;

/** `findTyposquat` with the kind of slip, for the benchmark and tests. */
export function matchTyposquat(name: string): TyposquatMatch | undefined {
  if (answers.has(name)) return answers.get(name);
  const match = computeMatch(name);
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(name, match);
  return match;
}

function computeMatch(name: string): TyposquatMatch | undefined {
  const candidate = normalizeName(name);
  if (candidate.length < 2 || popularityRank(candidate) !== undefined) return undefined;
  indexes ??= buildIndexes();
  let best: Match | undefined;
  const consider = (match: Match | undefined) => {
    if (!match || !acceptable(match, candidate)) return;
    if (!best || match.intendedRank < best.intendedRank) best = match;
    else if (match.intendedRank === best.intendedRank && SPECIFICITY.indexOf(match.kind) < SPECIFICITY.indexOf(best.kind)) best = match;
  };
  for (const intended of editNeighbours(candidate)) {
    const slip = describeEdit(candidate, intended, name);
    if (slip) consider(withRank(intended, slip.kind, slip.reason));
  }
  consider(lookAlikeSequence(candidate, name));
  consider(versionDigit(candidate));
  consider(trailingRun(candidate));
  consider(separatorChange(candidate, indexes));
  consider(wordOrder(candidate, indexes));
  for (const match of affixChanges(candidate)) consider(match);
  if (!best) consider(gluedNames(candidate, indexes));
  return best ?? unregisteredSlip(candidate);
}

/**
 * Popular names (top 5,000) and each with one character deleted, the top 1,000 also with two:
 * two names within k edits (an adjacent swap counting as one) share a string reached by at most
 * k deletions from each, so looking the candidate's own deletions up here finds every name the
 * edit-distance test can accept, without computing the distance to thousands of names.
 */
const unregisteredIndex = new IndexAfterScans(() =>
  new HashedIndex((add) => {
    popularPackages().forEach(({ name, rank }, position) => {
      if (rank > UNREGISTERED_ONE_EDIT_RANK) return;
      for (const key of withDeletions(name, rank <= UNREGISTERED_TWO_EDITS_RANK ? 2 : 1, new Set())) add(key, position);
    });
  }),
);

function withDeletions(name: string, depth: number, into: Set<string>): Set<string> {
  into.add(name);
  if (depth > 0) for (let i = 0; i < name.length; i++) withDeletions(name.slice(0, i) + name.slice(i + 1), depth - 1, into);
  return into;
}

/** Popular names that may lie within two edits of `candidate`, most popular first (a superset: the caller measures). */
function unregisteredNeighbours(candidate: string): PopularPackage[] {
  const popular = popularPackages();
  const index = unregisteredIndex.forLookup();
  // The caller measures each name's distance: without the index, every name near enough in length will do.
  if (!index) return popular.filter(({ name, rank }) => rank <= UNREGISTERED_ONE_EDIT_RANK && Math.abs(name.length - candidate.length) <= 2);
  const positions = new Set<number>();
  for (const key of withDeletions(candidate, 2, new Set())) index.forEach(key, (position) => positions.add(position));
  return [...positions].sort((a, b) => a - b).map((position) => popular[position]);
}

/**
 * Builds every lookup table now rather than on the first name that needs one: a language
 * server does it while idle, so that typing `import n…` does not pause for them (about a fifth of a
 * second). An audit builds them only if a name needs them.
 */
export function prepareTyposquatIndexes(): void {
  indexes ??= buildIndexes();
  deletionIndex.prepare();
  unregisteredIndex.prepare();
  existsOnPyPI('requests');
}

/** For a name nobody registered on PyPI: a standard-library name, or near a very popular name. */
function unregisteredSlip(candidate: string): Match | undefined {
  if (existsOnPyPI(candidate)) return undefined;
  const module = candidate.replace(/-/g, '_');
  if (isStdlibModule(module)) return { intended: module, intendedRank: 0, reason: 'a standard-library module, which nothing needs to install', kind: 'stdlib' };
  if (module.length >= 4 && isStdlibModule(`${module}lib`)) return { intended: `${module}lib`, intendedRank: 0, reason: `the standard library's \`${module}lib\` without \`lib\``, kind: 'stdlib' };
  // `pip install requirements.txt` (without -r) fetches a project of that name: its slips are squatted.
  for (const command of COMMAND_SLIPS) {
    if (boundedEditDistance(candidate.replace(/-/g, ''), command.squashed, 2) <= 2) return { intended: command.name, intendedRank: 0, reason: command.reason, kind: 'stdlib' };
  }
  let best: { name: string; rank: number; distance: number } | undefined;
  for (const { name, rank } of unregisteredNeighbours(candidate)) {
    const shorter = Math.min(name.length, candidate.length);
    const limit = rank <= UNREGISTERED_TWO_EDITS_RANK && shorter >= UNREGISTERED_MIN_LENGTH.twoEdits ? 2 : 1;
    if (shorter < UNREGISTERED_MIN_LENGTH.oneEdit + (rank > UNREGISTERED_TWO_EDITS_RANK ? 1 : 0) || Math.abs(name.length - candidate.length) > limit) continue;
    const distance = boundedEditDistance(candidate, name, limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { name, rank, distance };
  }
  if (best) {
    const reason = describeEdit(candidate, best.name)?.reason ?? 'two letters off';
    return { intended: best.name, intendedRank: best.rank, reason: `${reason}, and no project has this name`, kind: 'unregistered' };
  }
  for (const { name, rank } of popularPackages()) {
    if (rank > UNREGISTERED_TWO_EDITS_RANK) break;
    if (blocksSwapped(candidate, name)) return { intended: name, intendedRank: rank, reason: 'parts of the name swapped, and no project has this name', kind: 'unregistered' };
  }
  return undefined;
}

function acceptable(match: Match, candidate: string): boolean {
  if (match.intendedRank > MAX_RANK[match.kind]) return false;
  const letters = (name: string) => name.length - (name.match(/-/g)?.length ?? 0);
  if (Math.min(letters(match.intended), letters(candidate)) <= SHORT_NAME) {
    return SHORT_NAME_KINDS.has(match.kind) && match.intendedRank <= SHORT_NAME_MAX_RANK;
  }
  return true;
}

function withRank(intended: string, kind: SlipKind, reason: string): Match | undefined {
  const intendedRank = popularityRank(intended);
  return intendedRank === undefined ? undefined : { intended, intendedRank, reason, kind };
}

/**
 * Popular names at edit distance 1 (or one adjacent swap) from the candidate: those sharing a
 * string with it that each reaches by deleting at most one character (describeEdit tells which
 * slip it is, if any).
 */
function editNeighbours(candidate: string): Set<string> {
  const index = deletionIndex.forLookup();
  const found = new Set<string>();
  if (!index) {
    for (const { name, rank } of popularPackages()) {
      if (rank > MAX_SLIP_RANK) break;
      if (name !== candidate && shareOneDeletion(candidate, name)) found.add(name);
    }
    return found;
  }
  const popular = popularPackages();
  // The index answers by hash: each name it gives is checked.
  const lookUp = (key: string) =>
    index.forEach(key, (position) => {
      const { name } = popular[position];
      if (name !== candidate && shareOneDeletion(candidate, name)) found.add(name);
    });
  // The candidate left a character out of a popular name.
  lookUp(candidate);
  for (let i = 0; i < candidate.length; i++) {
    if (i > 0 && candidate[i] === candidate[i - 1]) continue;
    // The candidate added a character to a popular name (the index holds the names themselves),
    // or both lost one: a substitution or an adjacent swap (describeEdit tells which).
    lookUp(candidate.slice(0, i) + candidate.slice(i + 1));
  }
  return found;
}

/**
 * Whether `a` and `b`, each as it is or with one character deleted, can be the same string: what
 * the deletion index answers, for one pair.
 */
export function shareOneDeletion(a: string, b: string): boolean {
  const lengthDifference = a.length - b.length;
  if (lengthDifference > 1 || lengthDifference < -1) return false;
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  // The longer is the shorter with one character more.
  if (lengthDifference !== 0) return prefix + suffix >= shorter;
  // Same length, differing in one place at most.
  if (prefix + suffix >= shorter - 1) return true;
  // Each lost a different character: between them, one reads as the other shifted by one.
  const last = a.length - 2 - suffix;
  let aShifted = true;
  let bShifted = true;
  for (let k = prefix; k <= last && (aShifted || bShifted); k++) {
    if (a.charCodeAt(k + 1) !== b.charCodeAt(k)) aShifted = false;
    if (b.charCodeAt(k + 1) !== a.charCodeAt(k)) bShifted = false;
  }
  return aShifted || bShifted;
}

/** `rn` written for `m` (or the other way round), `vv` for `w`, `cl` for `d`. */
function lookAlikeSequence(candidate: string, raw: string): Match | undefined {
  for (const pair of LOOK_ALIKE_SEQUENCES) {
    for (const [typed, meant] of [pair, [pair[1], pair[0]]]) {
      for (let i = candidate.indexOf(typed); i >= 0; i = candidate.indexOf(typed, i + 1)) {
        const name = candidate.slice(0, i) + meant + candidate.slice(i + typed.length);
        const written = raw.length === candidate.length ? raw.slice(i, i + typed.length) : typed;
        const match = withRank(name, 'look-alike', `\`${written}\` looks like \`${meant}\``);
        if (match) return match;
      }
    }
  }
  return undefined;
}

/** A version number added or changed at the end: `requests3`, `requests-2`, `boto4` for `boto3`. */
function versionDigit(candidate: string): Match | undefined {
  const parts = /^(.*?[a-z])(-?)(\d+)$/.exec(candidate);
  if (!parts) return undefined;
  const [, stem, , digits] = parts;
  const appended = withRank(stem, 'version-digit', 'version digit appended');
  if (appended) return appended;
  for (let digit = 0; digit <= 9; digit++) {
    const name = `${stem}${digit}`;
    if (name !== candidate && `${digit}` !== digits) {
      const changed = withRank(name, 'version-digit', `version digit changed (\`${digits}\` for \`${digit}\`)`);
      if (changed) return changed;
    }
  }
  return undefined;
}

/** A run of one letter appended to a popular name: `requestsaa`, `numpyyy`. */
function trailingRun(candidate: string): Match | undefined {
  const parts = /^(.*?)(([a-z])\3+)$/.exec(candidate);
  if (!parts || parts[1].length < 5) return undefined;
  const match = withRank(parts[1], 'repeated', `\`${parts[2]}\` appended`) ?? withRank(parts[1] + parts[3], 'repeated', `\`${parts[3]}\` repeated`);
  return match && match.intendedRank <= TRAILING_RUN_MAX_RANK ? match : undefined;
}

/** `-` added, dropped or moved: `python-dateutil` → `pythondateutil`, `py-yaml`. */
function separatorChange(candidate: string, { unseparated }: Indexes): Match | undefined {
  const squashed = candidate.replace(/-/g, '');
  const intended = popularityRank(squashed) !== undefined ? [squashed] : unseparated.get(squashed) ?? [];
  for (const name of intended) {
    if (name === candidate) continue;
    const reason = !candidate.includes('-') ? 'separator left out' : !name.includes('-') ? 'separator added' : 'separator moved';
    return withRank(name, 'separator', reason);
  }
  return undefined;
}

/** The words of a popular name in another order: `dateutil-python`. */
function wordOrder(candidate: string, { wordSets }: Indexes): Match | undefined {
  const words = candidate.split('-');
  if (words.length < 2) return undefined;
  for (const name of wordSets.get(words.sort().join('-')) ?? []) {
    if (name !== candidate) return withRank(name, 'word-order', 'words swapped');
  }
  return undefined;
}

/** `py`/`python`/`python3` prefixes and suffixes added, dropped or exchanged. */
function affixChanges(candidate: string): Match[] {
  const matches: Match[] = [];
  const stems: { stem: string; removed: string; at: 'prefix' | 'suffix' }[] = [];
  for (const prefix of PREFIXES) {
    if (candidate.startsWith(prefix) && candidate.length - prefix.length >= 3) {
      stems.push({ stem: candidate.slice(prefix.length), removed: prefix, at: 'prefix' });
    }
  }
  for (const suffix of SUFFIXES) {
    if (candidate.endsWith(suffix) && candidate.length - suffix.length >= 3) {
      stems.push({ stem: candidate.slice(0, -suffix.length).replace(/-$/, ''), removed: suffix, at: 'suffix' });
    }
  }
  for (const { stem, removed, at } of stems) {
    const added = withRank(stem, 'affix', `\`${removed}\` ${at} added`);
    if (added) matches.push(added);
    const affixes = at === 'prefix' ? PREFIXES : SUFFIXES;
    for (const affix of affixes) {
      // `python` for `python-` is a separator change, found as such.
      if (affix.replace('-', '') === removed.replace('-', '')) continue;
      const name = at === 'prefix' ? affix + stem : stem + affix;
      const swapped = withRank(name, 'affix', `\`${removed}\` instead of \`${affix}\``);
      if (swapped) matches.push(swapped);
    }
  }
  if (stems.length === 0 && candidate.length >= 3) {
    for (const prefix of PREFIXES) {
      const dropped = withRank(prefix + candidate, 'affix', `\`${prefix}\` prefix left out`);
      if (dropped) matches.push(dropped);
    }
    for (const suffix of SUFFIXES) {
      const dropped = withRank(candidate + suffix, 'affix', `\`${suffix}\` suffix left out`);
      if (dropped) matches.push(dropped);
    }
  }
  return matches;
}

/**
 * Two very popular names joined (`requests-pandas`), unless the first is a plugin namespace
 * (`django-…`) or the second a common integration target (`…-redis`). Both must be within
 * MAX_RANK.glued: integrations of less popular projects are common and legitimate.
 */
function gluedNames(candidate: string, { namespaces, targets }: Indexes): Match | undefined {
  for (let i = candidate.indexOf('-'); i > 0; i = candidate.indexOf('-', i + 1)) {
    const first = candidate.slice(0, i);
    const second = candidate.slice(i + 1);
    if (first.length < 3 || second.length < 3 || namespaces.has(first) || targets.has(second)) continue;
    const firstRank = popularityRank(first);
    const secondRank = popularityRank(second);
    if (firstRank === undefined || secondRank === undefined || Math.max(firstRank, secondRank) > MAX_RANK.glued) continue;
    const intended = firstRank <= secondRank ? first : second;
    return withRank(intended, 'glued', 'two popular names glued together');
  }
  return undefined;
}

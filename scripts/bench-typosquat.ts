// The typosquat matcher's benchmark: prints figures, asserts nothing.
//
//   node out/scripts/bench-typosquat.js [--write-fixtures] [--all] [--show N]
//
// 1. Typosquats: at least 300 plausible slips of the top-1,000 names, built with a seeded
//    generator across every slip kind, none of them in the popularity list. Share flagged.
// 2. Real names: 3,000 PyPI projects outside the popularity list, sampled with a seed from the
//    shipped name set (half plugin-like names that extend a popular name, half any long-tail
//    name). Share flagged: these are false positives, unless the project is itself a squat.
// 3. Reported squats: names from public reports (PyPI's 2017 takedown, vendors' write-ups),
//    listed with their sources in scripts/bench/reported-squats.tsv. Share flagged.
// 4. Timing: name-set load, index build, and time per name.
// --write-fixtures writes both lists to test/fixtures/typosquat/ (the unit test reads them);
// --all also runs every non-popular PyPI name through the matcher and counts flags per kind.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isPopular, popularPackages, pypiNames } from '../server/src/supply-chain/package-names';
import { LOOK_ALIKE_SEQUENCES } from '../server/src/supply-chain/slips';
import { type SlipKind, matchTyposquat } from '../server/src/supply-chain/typosquat';
import { random as seededRandom } from './bench/stats';

export const SQUATS_PER_KIND = 30;
export const REAL_NAMES = 3000;
const TOP = 1000;
const GLUED_TOP = 300;

export type GeneratedKind =
  | 'omitted'
  | 'repeated'
  | 'swapped'
  | 'adjacent-key'
  | 'look-alike'
  | 'separator'
  | 'word-order'
  | 'affix'
  | 'version-digit'
  | 'glued';

export interface Squat {
  name: string;
  intended: string;
  kind: GeneratedKind;
}

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
function neighbourKeys(key: string): string[] {
  const row = KEYBOARD_ROWS.findIndex((r) => r.includes(key));
  if (row < 0) return [];
  const column = KEYBOARD_ROWS[row].indexOf(key);
  const near = [KEYBOARD_ROWS[row][column - 1], KEYBOARD_ROWS[row][column + 1]];
  if (row > 0) near.push(KEYBOARD_ROWS[row - 1][column], KEYBOARD_ROWS[row - 1][column + 1]);
  if (row < 3) near.push(KEYBOARD_ROWS[row + 1][column - 1], KEYBOARD_ROWS[row + 1][column]);
  return near.filter((k): k is string => k !== undefined && /[a-z]/.test(k));
}

const AFFIX_SLIPS: readonly ((name: string) => string | undefined)[] = [
  (name) => `py${name}`,
  (name) => `python-${name}`,
  (name) => `python3-${name}`,
  (name) => `${name}-py`,
  (name) => `${name}-python`,
  (name) => (name.startsWith('python-') ? `python3-${name.slice(7)}` : undefined),
  (name) => (name.startsWith('python-') ? name.slice(7) : undefined),
  (name) => (name.startsWith('py') && name.length > 5 ? name.slice(2) : undefined),
];

/** One slip of `kind` applied to `name` at a random place, or undefined when it does not apply. */
function slip(kind: GeneratedKind, name: string, random: () => number, top: readonly string[]): string | undefined {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const letters = [...name].map((char, i) => ({ char, i })).filter(({ char }) => /[a-z]/.test(char));
  const at = pick(letters)?.i ?? -1;
  switch (kind) {
    case 'omitted':
      return at < 0 ? undefined : name.slice(0, at) + name.slice(at + 1);
    case 'repeated':
      return at < 0 ? undefined : name.slice(0, at + 1) + name.slice(at);
    case 'swapped': {
      const pairs = letters.filter(({ i }) => i + 1 < name.length && /[a-z]/.test(name[i + 1]) && name[i] !== name[i + 1]);
      const i = pick(pairs)?.i;
      return i === undefined ? undefined : name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    }
    case 'adjacent-key': {
      const key = at < 0 ? undefined : pick(neighbourKeys(name[at]));
      return key === undefined ? undefined : name.slice(0, at) + key + name.slice(at + 1);
    }
    case 'look-alike': {
      const options: string[] = [];
      [...name].forEach((char, i) => {
        if (char === 'l') options.push(name.slice(0, i) + 'I' + name.slice(i + 1), name.slice(0, i) + '1' + name.slice(i + 1));
        if (char === 'i') options.push(name.slice(0, i) + 'l' + name.slice(i + 1));
        if (char === 'o') options.push(name.slice(0, i) + '0' + name.slice(i + 1));
      });
      for (const [typed, meant] of LOOK_ALIKE_SEQUENCES) {
        for (let i = name.indexOf(meant); i >= 0; i = name.indexOf(meant, i + 1)) {
          options.push(name.slice(0, i) + typed + name.slice(i + meant.length));
        }
      }
      return pick(options);
    }
    case 'separator': {
      const hyphens = [...name].flatMap((char, i) => (char === '-' ? [i] : []));
      if (hyphens.length > 0 && random() < 0.6) {
        const i = pick(hyphens)!;
        return name.slice(0, i) + name.slice(i + 1);
      }
      const inner = letters.filter(({ i }) => i > 1 && i < name.length - 1 && name[i - 1] !== '-');
      const i = pick(inner)?.i;
      return i === undefined ? undefined : `${name.slice(0, i)}-${name.slice(i)}`;
    }
    case 'word-order': {
      const words = name.split('-');
      return words.length < 2 ? undefined : [...words.slice(1), words[0]].join('-');
    }
    case 'affix':
      return pick(AFFIX_SLIPS)?.(name);
    case 'version-digit': {
      if (/\d$/.test(name) && random() < 0.5) return name.slice(0, -1) + String((Number(name.at(-1)) + 1) % 10);
      return name + pick(['2', '3', '4', '5']);
    }
    case 'glued': {
      // Squatters glue the names people search for most: both from the top 300.
      if (top.indexOf(name) >= GLUED_TOP) return undefined;
      const other = pick(top.slice(0, GLUED_TOP));
      return other === undefined || other === name ? undefined : random() < 0.5 ? `${name}-${other}` : `${other}-${name}`;
    }
  }
}

export const GENERATED_KINDS: readonly GeneratedKind[] = [
  'omitted', 'repeated', 'swapped', 'adjacent-key', 'look-alike', 'separator', 'word-order', 'affix', 'version-digit', 'glued',
];

/** SQUATS_PER_KIND slips of each kind, of top-1,000 names, none of them a popular name. */
export function buildSquats(seed = 2026): Squat[] {
  const random = seededRandom(seed);
  const top = popularPackages().slice(0, TOP).map((entry) => entry.name);
  const seen = new Set<string>();
  const squats: Squat[] = [];
  for (const kind of GENERATED_KINDS) {
    let made = 0;
    for (let attempt = 0; made < SQUATS_PER_KIND && attempt < 5000; attempt++) {
      const intended = top[Math.floor(random() * top.length)];
      const name = slip(kind, intended, random, top);
      if (!name || isPopular(name) || seen.has(name.toLowerCase()) || name.toLowerCase() === intended) continue;
      seen.add(name.toLowerCase());
      squats.push({ name, intended, kind });
      made++;
    }
  }
  return squats;
}

/**
 * REAL_NAMES PyPI names outside the popularity list: half plugin-like (a popular name plus a
 * word, `django-…`, `…-pytest`), half any long-tail project; each half a seeded sample.
 */
export function buildRealNames(seed = 2026): string[] {
  const popularWords = new Set(popularPackages().slice(0, TOP).map((entry) => entry.name));
  const pluginLike: string[] = [];
  const others: string[] = [];
  for (const name of pypiNames()) {
    if (isPopular(name)) continue;
    const words = name.split('-');
    const extendsPopular = words.length > 1 && (popularWords.has(words[0]) || popularWords.has(words.at(-1)!));
    (extendsPopular ? pluginLike : others).push(name);
  }
  const random = seededRandom(seed);
  const sample = (names: string[], count: number) => {
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (names.length - i));
      [names[i], names[j]] = [names[j], names[i]];
    }
    return names.slice(0, count);
  };
  return [...sample(pluginLike, REAL_NAMES / 2), ...sample(others, REAL_NAMES / 2)].sort();
}

export interface ReportedSquat {
  name: string;
  intended: string;
  source: string;
}

/** The reported squat names, with the project each imitates and its source. */
export function reportedSquats(): ReportedSquat[] {
  const file = join(dirname(fixturesDirectory()), '..', '..', 'scripts', 'bench', 'reported-squats.tsv');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .slice(1)
    .map((line) => {
      const [name, intended, source] = line.split('\t');
      return { name, intended, source };
    });
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(2)} %`;
}

function fixturesDirectory(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test'))) return join(dir, 'test', 'fixtures', 'typosquat');
    if (dirname(dir) === dir) throw new Error('repository root not found');
  }
}

function main(argv: string[]): void {
  const show = Number(argv[argv.indexOf('--show') + 1]) || 15;
  const memoryBefore = process.memoryUsage();
  let started = performance.now();
  const names = pypiNames();
  const loadMs = performance.now() - started;
  const memoryAfter = process.memoryUsage();

  started = performance.now();
  matchTyposquat('warm-up-the-indexes');
  const indexMs = performance.now() - started;

  const squats = buildSquats();
  const realNames = buildRealNames();

  started = performance.now();
  const squatResults = squats.map((squat) => ({ squat, match: matchTyposquat(squat.name) }));
  const realResults = realNames.map((name) => ({ name, match: matchTyposquat(name) }));
  const matchMs = performance.now() - started;
  started = performance.now();
  for (const name of [...squats.map((squat) => squat.name), ...realNames]) matchTyposquat(name);
  const warmMs = performance.now() - started;

  console.log(`PyPI name set: ${names.size} names, loaded in ${loadMs.toFixed(0)} ms, ` +
    `+${((memoryAfter.rss - memoryBefore.rss) / 1e6).toFixed(1)} MB RSS; typosquat indexes built in ${indexMs.toFixed(0)} ms`);
  const flagged = squatResults.filter((r) => r.match);
  const right = flagged.filter((r) => r.match!.intended === r.squat.intended);
  console.log(`\nTyposquats of the top ${TOP}: ${flagged.length}/${squats.length} flagged (${percent(flagged.length, squats.length)}), ` +
    `${right.length} naming the package they were made from`);
  for (const kind of GENERATED_KINDS) {
    const ofKind = squatResults.filter((r) => r.squat.kind === kind);
    const hit = ofKind.filter((r) => r.match).length;
    console.log(`  ${kind.padEnd(14)} ${String(hit).padStart(3)}/${ofKind.length}  ${percent(hit, ofKind.length)}`);
  }
  const missed = squatResults.filter((r) => !r.match).slice(0, show);
  if (missed.length) console.log(`  missed: ${missed.map((r) => `${r.squat.name} (${r.squat.intended})`).join(', ')}`);

  const reported = reportedSquats().map((squat) => ({ squat, match: matchTyposquat(squat.name) }));
  const reportedFlagged = reported.filter((r) => r.match);
  console.log(`\nReported squats (scripts/bench/reported-squats.tsv): ${reportedFlagged.length}/${reported.length} flagged (${percent(reportedFlagged.length, reported.length)})`);
  const reportedKinds = new Map<string, number>();
  for (const r of reportedFlagged) reportedKinds.set(r.match!.kind, (reportedKinds.get(r.match!.kind) ?? 0) + 1);
  console.log(`  by kind: ${[...reportedKinds].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  const reportedMissed = reported.filter((r) => !r.match);
  if (reportedMissed.length) console.log(`  missed: ${reportedMissed.map((r) => `${r.squat.name} (${r.squat.intended})`).join(', ')}`);
  const allSquats = squatResults.length + reported.length;
  console.log(`All squats, generated and reported: ${flagged.length + reportedFlagged.length}/${allSquats} (${percent(flagged.length + reportedFlagged.length, allSquats)})`);

  const falsePositives = realResults.filter((r) => r.match);
  console.log(`\nReal PyPI names outside the top 15,000: ${falsePositives.length}/${realNames.length} flagged (${percent(falsePositives.length, realNames.length)})`);
  const kinds = new Map<string, number>();
  for (const r of falsePositives) kinds.set(r.match!.kind, (kinds.get(r.match!.kind) ?? 0) + 1);
  console.log(`  by kind: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  for (const r of falsePositives.slice(0, show)) {
    console.log(`  ${r.name} → ${r.match!.intended} (#${r.match!.intendedRank}, ${r.match!.reason})`);
  }

  const checked = squats.length + realNames.length;
  const perName = (ms: number) => `${((1000 * ms) / checked).toFixed(1)} µs`;
  console.log(`\nMatching: ${checked} names, ${perName(matchMs)} per name on the first pass, ${perName(warmMs)} on the second`);

  if (argv.includes('--all')) countAll(show);
  if (argv.includes('--write-fixtures')) {
    const dir = fixturesDirectory();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'squats.tsv'), `name\tintended\tkind\n${squats.map((s) => `${s.name}\t${s.intended}\t${s.kind}`).join('\n')}\n`);
    writeFileSync(join(dir, 'real-names.txt'), `${realNames.join('\n')}\n`);
    console.log(`\nwrote ${dir}/squats.tsv and real-names.txt`);
  }
}

/** Every non-popular PyPI name through the matcher: how often real names are flagged, per kind. */
function countAll(show: number): void {
  const perKind = new Map<SlipKind, string[]>();
  let total = 0;
  const started = performance.now();
  for (const name of pypiNames()) {
    if (isPopular(name)) continue;
    total++;
    const match = matchTyposquat(name);
    if (!match) continue;
    const list = perKind.get(match.kind) ?? [];
    list.push(`${name}→${match.intended}`);
    perKind.set(match.kind, list);
  }
  const ms = performance.now() - started;
  const flagged = [...perKind.values()].reduce((sum, list) => sum + list.length, 0);
  console.log(`\nAll ${total} non-popular PyPI names: ${flagged} flagged (${percent(flagged, total)}) in ${(ms / 1000).toFixed(1)} s`);
  for (const [kind, list] of [...perKind].sort((a, b) => b[1].length - a[1].length)) {
    const random = seededRandom(list.length);
    const examples = Array.from({ length: Math.min(show, list.length) }, () => list[Math.floor(random() * list.length)]);
    console.log(`  ${kind.padEnd(14)} ${String(list.length).padStart(6)}  e.g. ${examples.join(', ')}`);
  }
}

if (require.main === module) main(process.argv.slice(2));

// What Pyward knows about PyPI project names, offline: the popularity list (top 15,000 by
// downloads) and the set of every registered name, both a November 2026 snapshot shipped in
// data/ (see data/README.md). Loaded lazily, once per process.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { NameSet } from './name-set';
import { normalizeName } from './normalize';

export { normalizeName } from './normalize';

export interface PopularPackage {
  /** 1 = most downloaded. */
  rank: number;
  /** PEP 503-normalized. */
  name: string;
  /** Empty when unknown. */
  latestVersion: string;
  /** `YYYY-MM`; empty when unknown. */
  latestReleaseMonth: string;
}

const POPULAR_FILE = 'pypi-popular.tsv';
const NAMES_FILE = 'pypi-names.fc.deflate';

let popular: Map<string, PopularPackage> | undefined;
let byRank: readonly PopularPackage[] | undefined;
let ranks: Map<string, number> | undefined;
let allNames: NameSet | undefined;

/** The repository's (or installed extension's) `data/` folder: beside `package.json`, above this file. */
export function dataDirectory(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data', NAMES_FILE))) return join(dir, 'data');
    if (dirname(dir) === dir) {
      throw new Error(`data/${NAMES_FILE} not found beside a package.json above the server; run scripts/generate-pypi-data`);
    }
  }
}

function popularIndex(): Map<string, PopularPackage> {
  if (!popular) {
    const packages: PopularPackage[] = [];
    const lines = readFileSync(join(dataDirectory(), POPULAR_FILE), 'utf8').split('\n');
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const [rank, name, latestVersion = '', latestReleaseMonth = ''] = line.split('\t');
      packages.push({ rank: Number(rank), name, latestVersion, latestReleaseMonth });
    }
    packages.sort((a, b) => a.rank - b.rank);
    byRank = packages;
    popular = new Map(packages.map((entry) => [entry.name, entry]));
  }
  return popular;
}

/** The popularity list, most downloaded first. */
export function popularPackages(): readonly PopularPackage[] {
  popularIndex();
  return byRank!;
}

/** Normalized popular name → rank, for callers that normalize once and look up many times. */
export function popularRanks(): ReadonlyMap<string, number> {
  ranks ??= new Map(popularPackages().map((entry) => [entry.name, entry.rank]));
  return ranks;
}

export function popularPackage(name: string): PopularPackage | undefined {
  return popularIndex().get(normalizeName(name));
}

/** The download rank (1 = most downloaded) of a top-15,000 project, else undefined. */
export function popularityRank(name: string): number | undefined {
  return popularPackage(name)?.rank;
}

export function isPopular(name: string): boolean {
  return popularPackage(name) !== undefined;
}

/** Every PyPI project name of the snapshot, as an exact set (normalized names). */
export function pypiNames(): NameSet {
  allNames ??= new NameSet(inflateRawSync(readFileSync(join(dataDirectory(), NAMES_FILE))));
  return allNames;
}

/** Whether a project of this name (after normalization) was registered on PyPI at the snapshot. */
export function existsOnPyPI(name: string): boolean {
  const normalized = normalizeName(name);
  return normalized !== '' && (pypiNames().has(normalized) || popularIndex().has(normalized));
}

// The advisory file format, shipped (`data/osv-pypi.tsv`) and downloaded (the user's cache): a
// header line, then one line per package, sorted by normalized name:
//
//   pyward-advisories 1\t{"source":"…","date":"2024-10-10","advisories":2651,"packages":660}
//   django\t[{advisory},{advisory},…]
//
// Reading only indexes the lines (name → offsets); a package's JSON is parsed the first time it
// is asked for. So loading a full OSV export costs one file read and one pass over its lines.
import { readFileSync } from 'node:fs';
import { type Advisory, advisoriesFromOsv } from './advisory';

export const STORE_MAGIC = 'pyward-advisories 1';

export interface StoreHeader {
  /** Where the data comes from, for people: "Python Packaging Advisory Database (shipped)". */
  source: string;
  /** When the data was taken, `YYYY-MM-DD`. */
  date: string;
  advisories: number;
  packages: number;
}

/** Writes advisories by normalized name into the store format (deterministic: sorted). */
export function serializeStore(header: Omit<StoreHeader, 'advisories' | 'packages'>, byPackage: Map<string, Advisory[]>): string {
  const names = [...byPackage.keys()].sort();
  const ids = new Set<string>();
  for (const advisories of byPackage.values()) for (const advisory of advisories) ids.add(advisory.id);
  const full: StoreHeader = { ...header, advisories: ids.size, packages: names.length };
  const lines = [`${STORE_MAGIC}\t${JSON.stringify(full)}`];
  for (const name of names) {
    const advisories = [...byPackage.get(name)!].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    lines.push(`${name}\t${JSON.stringify(advisories)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Groups the advisories of OSV records by normalized package name. */
export function groupOsvRecords(records: Iterable<unknown>, ecosystem = 'PyPI'): Map<string, Advisory[]> {
  const byPackage = new Map<string, Advisory[]>();
  for (const record of records) {
    for (const [name, advisory] of advisoriesFromOsv(record, ecosystem)) {
      const list = byPackage.get(name);
      if (list) list.push(advisory);
      else byPackage.set(name, [advisory]);
    }
  }
  return byPackage;
}

export class AdvisoryStore {
  private readonly offsets = new Map<string, number>();
  private readonly parsed = new Map<string, Advisory[]>();

  private constructor(
    readonly header: StoreHeader,
    private readonly text: string,
  ) {
    let at = text.indexOf('\n') + 1;
    while (at > 0 && at < text.length) {
      const tab = text.indexOf('\t', at);
      const end = text.indexOf('\n', at);
      if (tab === -1) break;
      this.offsets.set(text.slice(at, tab), tab + 1);
      at = end === -1 ? text.length : end + 1;
    }
  }

  /** Reads a store file; throws with a reason when it is not one. */
  static read(path: string): AdvisoryStore {
    return AdvisoryStore.parse(readFileSync(path, 'utf8'));
  }

  static parse(text: string): AdvisoryStore {
    const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')));
    const [magic, json] = firstLine.split('\t');
    if (magic !== STORE_MAGIC || !json) throw new Error('not a Pyward advisory file (bad header)');
    return new AdvisoryStore(JSON.parse(json) as StoreHeader, text);
  }

  /** The package names (normalized) with at least one advisory. */
  get names(): IterableIterator<string> {
    return this.offsets.keys();
  }

  /** The advisories of a package by normalized name (empty when it has none). */
  advisoriesOf(name: string): readonly Advisory[] {
    const cached = this.parsed.get(name);
    if (cached) return cached;
    const start = this.offsets.get(name);
    if (start === undefined) return [];
    const end = this.text.indexOf('\n', start);
    let advisories: Advisory[];
    try {
      advisories = JSON.parse(this.text.slice(start, end === -1 ? undefined : end)) as Advisory[];
    } catch {
      advisories = [];
    }
    this.parsed.set(name, advisories);
    return advisories;
  }
}

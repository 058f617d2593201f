// The advisory data the rules read: the newest of the shipped snapshot (`data/osv-pypi.tsv`) and
// the export the user downloaded (`pyward advisories update`, in the cache folder), plus what
// online look-ups brought in this process. Loaded lazily on first use, once per process, and
// again when the downloaded file changes.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory } from '../supply-chain/package-names';
import { normalizeName } from '../supply-chain/normalize';
import { affects, type Advisory, coversEveryVersion, isMalicious } from './advisory';
import { cacheDirectory } from './config';
import { AdvisoryStore } from './store';

export const SHIPPED_FILE = 'osv-pypi.tsv';
export const DOWNLOADED_PYPI_FILE = 'osv-pypi.tsv';
export const DOWNLOADED_ACTIONS_FILE = 'osv-github-actions.tsv';

export interface AdvisoryDataInfo {
  /** `shipped` (the snapshot in the extension) or `downloaded` (the user's update). */
  kind: 'shipped' | 'downloaded';
  /** For people: "Python Packaging Advisory Database snapshot". */
  source: string;
  /** `YYYY-MM-DD`: how old the data is. */
  date: string;
  advisories: number;
  packages: number;
}

interface Loaded {
  store: AdvisoryStore;
  kind: AdvisoryDataInfo['kind'];
  /** The downloaded file's modification time when it was checked (0: none). */
  downloadedStamp: number;
}

let loaded: Loaded | undefined;
let checkedAt = 0;
const online = new Map<string, Advisory[]>();

/** Which data is in use and how old it is: for the status bar, the audit summary and SARIF. */
export function advisoryDataInfo(): AdvisoryDataInfo {
  const { store, kind } = current();
  return { kind, ...store.header };
}

/** "advisories of 2024-10-10 (shipped snapshot)": how reports name the data. */
export function describeAdvisoryData(info = advisoryDataInfo()): string {
  return `${info.advisories} advisories of ${info.date} (${info.kind === 'shipped' ? 'shipped snapshot; `pyward advisories update` for newer' : 'downloaded from OSV'})`;
}

/** Every advisory known for a package (normalized name), local and online. */
export function packageAdvisories(name: string): readonly Advisory[] {
  const key = normalizeName(name);
  const local = current().store.advisoriesOf(key);
  const fetched = online.get(key);
  if (!fetched?.length) return local;
  const ids = new Set(local.map((advisory) => advisory.id));
  return [...local, ...fetched.filter((advisory) => !ids.has(advisory.id))];
}

/** The vulnerability advisories (malicious-package records aside) affecting `version` of a package. */
export function vulnerabilitiesOf(name: string, version: string): Advisory[] {
  return packageAdvisories(name).filter((advisory) => !isMalicious(advisory) && affects(advisory, version));
}

/**
 * Malicious-package records for a name: those covering every version, and, when a version is
 * given, those listing it.
 */
export function maliciousRecordsOf(name: string, version?: string): Advisory[] {
  return packageAdvisories(name).filter((advisory) => isMalicious(advisory) && (coversEveryVersion(advisory) || (version !== undefined && affects(advisory, version))));
}

/** Whether local data (shipped or downloaded) has any advisory for the package. */
export function hasLocalAdvisories(name: string): boolean {
  return current().store.advisoriesOf(normalizeName(name)).length > 0;
}

/** Adds advisories fetched online (by normalized package name) for the rest of the process. */
export function addOnlineAdvisories(byPackage: Map<string, Advisory[]>): void {
  for (const [name, advisories] of byPackage) {
    const known = online.get(name) ?? [];
    const ids = new Set(known.map((advisory) => advisory.id));
    online.set(name, [...known, ...advisories.filter((advisory) => !ids.has(advisory.id))]);
  }
}

/** Loads the data now (rules call it from `prepare`, so the first check does not pay for it). */
export function loadAdvisories(): void {
  current();
}

/** Forget the loaded data (after an update), so the next question reads the newest. */
export function reloadAdvisories(): void {
  loaded = undefined;
  checkedAt = 0;
}

function current(): Loaded {
  const now = Date.now();
  // A downloaded update replaces the data at most a second after it lands.
  if (loaded && now - checkedAt < 1000) return loaded;
  checkedAt = now;
  const stamp = downloadedStamp();
  if (loaded && loaded.downloadedStamp === stamp) return loaded;
  const shipped = AdvisoryStore.read(join(dataDirectory(), SHIPPED_FILE));
  let chosen: Loaded = { store: shipped, kind: 'shipped', downloadedStamp: stamp };
  if (stamp) {
    try {
      const downloaded = AdvisoryStore.read(downloadedPath());
      if (downloaded.header.date >= shipped.header.date) chosen = { store: downloaded, kind: 'downloaded', downloadedStamp: stamp };
    } catch {
      // A damaged download: the shipped data stays in use until the next update.
    }
  }
  loaded = chosen;
  return chosen;
}

export function downloadedPath(file = DOWNLOADED_PYPI_FILE): string {
  return join(cacheDirectory(), file);
}

function downloadedStamp(): number {
  try {
    return statSync(downloadedPath()).mtimeMs;
  } catch {
    return 0;
  }
}

// Compromised and vulnerable GitHub Actions: a small shipped list of public incidents
// (`data/compromised-actions.json`, OSV records) and, after `pyward advisories update`, OSV's
// GitHub Actions export. A `uses:` reference matches by tag (`v45` is 45 in the records'
// ranges) or by the commit SHA a record lists as affected.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory } from '../supply-chain/package-names';
import { affects, type Advisory } from './advisory';
import { DOWNLOADED_ACTIONS_FILE, downloadedPath } from './database';
import { AdvisoryStore, groupOsvRecords } from './store';

export const SHIPPED_ACTIONS_FILE = 'compromised-actions.json';

let shipped: Map<string, Advisory[]> | undefined;
let downloaded: { stamp: number; store: AdvisoryStore | undefined } | undefined;

/** The advisories affecting `owner/repo@ref` (repository lower-cased). */
export function actionAdvisories(repository: string, ref: string): Advisory[] {
  if (!ref) return [];
  const key = repository.toLowerCase();
  const candidates = [...(shippedAdvisories().get(key) ?? []), ...(downloadedStore()?.advisoriesOf(key) ?? [])];
  const seen = new Set<string>();
  const version = ref.replace(/^v(?=\d)/, '');
  return candidates.filter((advisory) => {
    const ids = [advisory.id, ...advisory.aliases];
    if (ids.some((id) => seen.has(id))) return false;
    if (!affects(advisory, ref) && !affects(advisory, version)) return false;
    for (const id of ids) seen.add(id);
    return true;
  });
}

export function loadActionAdvisories(): void {
  shippedAdvisories();
}

function shippedAdvisories(): Map<string, Advisory[]> {
  shipped ??= groupOsvRecords(JSON.parse(readFileSync(join(dataDirectory(), SHIPPED_ACTIONS_FILE), 'utf8')) as unknown[], 'GitHub Actions');
  return shipped;
}

function downloadedStore(): AdvisoryStore | undefined {
  let stamp = 0;
  try {
    stamp = statSync(downloadedPath(DOWNLOADED_ACTIONS_FILE)).mtimeMs;
  } catch {
    // Never downloaded.
  }
  if (downloaded?.stamp !== stamp) {
    let store: AdvisoryStore | undefined;
    try {
      store = stamp ? AdvisoryStore.read(downloadedPath(DOWNLOADED_ACTIONS_FILE)) : undefined;
    } catch {
      store = undefined;
    }
    downloaded = { stamp, store };
  }
  return downloaded.store;
}

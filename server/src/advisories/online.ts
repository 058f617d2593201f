// Online look-ups (opt-in: `pyward.advisories.online`, `--online`): OSV's `/v1/querybatch` for
// exact pins, then `/v1/vulns/{id}` for each record it names (querybatch answers with IDs only).
// Only package names and versions leave the machine. Answers are cached on disk for a day, so an
// audit of an unchanged project asks nothing.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { advisoriesFromOsv, type Advisory } from './advisory';
import { cacheDirectory, osvApiUrl } from './config';
import { addOnlineAdvisories, advisoryDataInfo } from './database';
import { request } from './http';

export interface Pin {
  /** Normalized. */
  name: string;
  version: string;
}

const FRESH_MS = 24 * 60 * 60 * 1000;
const BATCH = 1000;
const PARALLEL = 8;

interface QueryCache {
  [pin: string]: { at: number; ids: string[] };
}

/**
 * Asks OSV about the pins (unless local data was downloaded today, which covers them), adds what
 * it finds to the advisories the rules read, and returns the problem when the service could not
 * be reached (the audit goes on with local data).
 */
export async function lookUpOnline(pins: readonly Pin[]): Promise<string | undefined> {
  const info = advisoryDataInfo();
  if (info.kind === 'downloaded' && info.date === new Date().toISOString().slice(0, 10)) return undefined;
  const folder = join(cacheDirectory(), 'osv-online');
  const cache = readQueryCache(folder);
  const now = Date.now();
  const unique = [...new Map(pins.map((pin) => [key(pin), pin])).values()];
  const stale = unique.filter((pin) => !(cache[key(pin)] && now - cache[key(pin)].at < FRESH_MS));
  try {
    for (let i = 0; i < stale.length; i += BATCH) {
      const batch = stale.slice(i, i + BATCH);
      const answer = (await (
        await request(`${osvApiUrl()}/v1/querybatch`, { method: 'POST', json: { queries: batch.map((pin) => ({ package: { name: pin.name, ecosystem: 'PyPI' }, version: pin.version })) } })
      ).json()) as { results?: { vulns?: { id?: unknown }[] }[] };
      batch.forEach((pin, index) => {
        const ids = (answer.results?.[index]?.vulns ?? []).map((vuln) => vuln.id).filter((id): id is string => typeof id === 'string');
        cache[key(pin)] = { at: now, ids };
      });
    }
    if (stale.length > 0) writeAtomically(join(folder, 'queries.json'), JSON.stringify(cache));
    const ids = [...new Set(unique.flatMap((pin) => cache[key(pin)]?.ids ?? []))];
    const records = await mapParallel(ids, (id) => vulnerabilityRecord(folder, id));
    const byPackage = new Map<string, Advisory[]>();
    for (const record of records) {
      for (const [name, advisory] of advisoriesFromOsv(record)) byPackage.set(name, [...(byPackage.get(name) ?? []), advisory]);
    }
    addOnlineAdvisories(byPackage);
    return undefined;
  } catch (error) {
    return `online advisory look-up failed, local data only: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function key(pin: Pin): string {
  return `${pin.name}@${pin.version}`;
}

async function vulnerabilityRecord(folder: string, id: string): Promise<unknown> {
  const safeId = id.replace(/[^A-Za-z0-9._-]/g, '_');
  const path = join(folder, 'records', `${safeId}.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // Not cached yet.
  }
  const record: unknown = await (await request(`${osvApiUrl()}/v1/vulns/${encodeURIComponent(id)}`)).json();
  writeAtomically(path, JSON.stringify(record));
  return record;
}

function readQueryCache(folder: string): QueryCache {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(folder, 'queries.json'), 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as QueryCache) : {};
  } catch {
    return {};
  }
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

async function mapParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, run));
  return results;
}

// `pyward advisories update` / "Pyward: Update Advisory Database": downloads OSV's PyPI export
// (`PyPI/all.zip` of OSV's public bucket, one JSON record per file) and its GitHub Actions
// export, converts them to Pyward's store format and writes them into the cache folder, where
// the rules find them (the newest of shipped and downloaded data is used). Opt-in only.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as Fflate from 'fflate';
import { cacheDirectory, osvDataUrl } from './config';
import { DOWNLOADED_ACTIONS_FILE, DOWNLOADED_PYPI_FILE, downloadedPath, reloadAdvisories } from './database';
import { request } from './http';
import { groupOsvRecords, serializeStore } from './store';

export interface ExportResult {
  ecosystem: string;
  url: string;
  /** Size of the zip downloaded. */
  bytes: number;
  records: number;
  packages: number;
  malicious: number;
  path: string;
}

export interface UpdateResult {
  exports: ExportResult[];
  /** Exports that failed (the GitHub Actions one is optional), with why. */
  failures: string[];
  milliseconds: number;
  cacheDir: string;
}

/** Zip entries inflated at a time. */
const ZIP_BATCH = 2000;

const EXPORTS = [
  { ecosystem: 'PyPI', file: DOWNLOADED_PYPI_FILE, required: true },
  { ecosystem: 'GitHub Actions', file: DOWNLOADED_ACTIONS_FILE, required: false },
];

/** Downloads and installs the exports; throws when the PyPI one fails. */
export async function updateAdvisories(): Promise<UpdateResult> {
  const started = Date.now();
  const exports: ExportResult[] = [];
  const failures: string[] = [];
  for (const { ecosystem, file, required } of EXPORTS) {
    try {
      exports.push(await downloadExport(ecosystem, file));
    } catch (error) {
      if (required) throw error;
      failures.push(`${ecosystem}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  reloadAdvisories();
  return { exports, failures, milliseconds: Date.now() - started, cacheDir: cacheDirectory() };
}

async function downloadExport(ecosystem: string, file: string): Promise<ExportResult> {
  const url = `${osvDataUrl()}/${encodeURIComponent(ecosystem)}/all.zip`;
  const zip = new Uint8Array(await (await request(url, { timeoutMs: 120_000 })).arrayBuffer());
  const records = readZipRecords(zip);
  const byPackage = groupOsvRecords(records, ecosystem);
  const malicious = records.filter((record) => String((record as { id?: unknown })?.id ?? '').startsWith('MAL-')).length;
  const text = serializeStore({ source: `OSV ${ecosystem} export (osv.dev)`, date: new Date().toISOString().slice(0, 10) }, byPackage);
  const path = downloadedPath(file);
  mkdirSync(dirname(path), { recursive: true });
  // Readers (other windows, the audit's workers) never see a half-written file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  return { ecosystem, url, bytes: zip.byteLength, records: records.length, packages: byPackage.size, malicious, path };
}

/**
 * The JSON records of an OSV export zip. fflate's synchronous reader is fast but inflates what it
 * is given all at once, so entries are read in batches (its filter picks them): memory holds one
 * batch of inflated JSON, not the whole export.
 */
export function readZipRecords(zip: Uint8Array): unknown[] {
  const { unzipSync } = require('fflate') as typeof Fflate;
  let total = 0;
  unzipSync(zip, {
    filter: () => {
      total++;
      return false;
    },
  });
  const records: unknown[] = [];
  let problem: string | undefined;
  for (let first = 0; first < total; first += ZIP_BATCH) {
    let index = 0;
    const batch = unzipSync(zip, {
      filter: (file) => {
        const at = index++;
        return at >= first && at < first + ZIP_BATCH && file.name.endsWith('.json');
      },
    });
    for (const [name, data] of Object.entries(batch)) {
      try {
        records.push(JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')));
      } catch {
        problem ??= `${name}: not JSON`;
      }
    }
  }
  if (records.length === 0) throw new Error(`the export holds no OSV records${problem ? ` (${problem})` : ''}`);
  return records;
}

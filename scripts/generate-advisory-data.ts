// Regenerates the advisory data Pyward ships (data/osv-pypi.tsv) from the OSV snapshot of the
// Python Packaging Advisory Database in the shared data folder:
//
//   node out/scripts/generate-advisory-data.js [SHARED_DATA_DIR]   (default: ../shared/data from the repo)
//
// Reads osv-pypi-2024-10-10.jsonl (one OSV record a line). The output depends only on the input
// (packages and advisories sorted). The product never reads the snapshot folder: only this script.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { groupOsvRecords, serializeStore } from '../server/src/advisories/store';

const INPUT = 'osv-pypi-2024-10-10.jsonl';
const SNAPSHOT_DATE = '2024-10-10';
export const SHIPPED_SOURCE = 'Python Packaging Advisory Database (CC-BY 4.0), via OSV';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    if (dirname(dir) === dir) throw new Error('repository root not found');
  }
}

function main(): void {
  const root = repoRoot();
  const source = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data'));
  const lines = readFileSync(join(source, INPUT), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const records = lines.map((line, index) => {
    try {
      return JSON.parse(line) as unknown;
    } catch (error) {
      throw new Error(`${INPUT}:${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const byPackage = groupOsvRecords(records);
  const text = serializeStore({ source: SHIPPED_SOURCE, date: SNAPSHOT_DATE }, byPackage);
  const output = join(root, 'data', 'osv-pypi.tsv');
  writeFileSync(output, text);
  process.stdout.write(`${records.length} records → ${byPackage.size} packages, ${Buffer.byteLength(text)} bytes in ${output}\n`);
}

main();

// Regenerates the PyPI name data Pyward ships in data/ from a snapshot folder:
//
//   node out/scripts/generate-pypi-data.js [SHARED_DATA_DIR]   (default: ../shared/data from the repo)
//
// Reads pypi-top-15000.tsv and pypi-names-2026-11.txt; writes data/pypi-popular.tsv and
// data/pypi-names.fc.deflate. The output depends only on the input (sorted, fixed deflate settings).
// The product never reads the snapshot folder: only this script does.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { encodeNames } from '../server/src/supply-chain/name-set';
import { normalizeName } from '../server/src/supply-chain/normalize';

const POPULAR_INPUT = 'pypi-top-15000.tsv';
const NAMES_INPUT = 'pypi-names-2026-11.txt';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    if (dirname(dir) === dir) throw new Error('repository root not found');
  }
}

function popularTsv(text: string): { tsv: string; rows: number } {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = lines.shift();
  if (!header?.startsWith('rank\tname')) throw new Error(`${POPULAR_INPUT}: unexpected header ${header}`);
  const rows = lines.map((line) => {
    const [rank, name, version = '', month = ''] = line.split('\t');
    if (!/^\d+$/.test(rank) || !name) throw new Error(`${POPULAR_INPUT}: bad row ${line}`);
    return { rank: Number(rank), name: normalizeName(name), version: version.trim(), month: month.trim() };
  });
  rows.sort((a, b) => a.rank - b.rank);
  const body = rows.map((row) => `${row.rank}\t${row.name}\t${row.version}\t${row.month}`).join('\n');
  return { tsv: `rank\tname\tlatest_version\tlatest_release_month\n${body}\n`, rows: rows.length };
}

function main(): void {
  const root = repoRoot();
  const source = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data'));
  const out = join(root, 'data');
  mkdirSync(out, { recursive: true });

  const popular = popularTsv(readFileSync(join(source, POPULAR_INPUT), 'utf8'));
  writeFileSync(join(out, 'pypi-popular.tsv'), popular.tsv);

  const names = [...new Set(readFileSync(join(source, NAMES_INPUT), 'utf8').split('\n').filter(Boolean).map(normalizeName))];
  const encoded = encodeNames(names);
  // Raw deflate rather than brotli: 15 % larger, but it inflates in a quarter of the time
  // (25 ms, not 100), which every process and audit thread pays once at start.
  const compressed = deflateRawSync(encoded, { level: 9, memLevel: 9 });
  writeFileSync(join(out, 'pypi-names.fc.deflate'), compressed);

  console.log(`${source} → ${out}`);
  console.log(`pypi-popular.tsv: ${popular.rows} names`);
  console.log(`pypi-names.fc.deflate: ${names.length} names, ${encoded.length} bytes front-coded, ${compressed.length} bytes compressed`);
}

main();

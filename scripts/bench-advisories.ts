// Advisory benchmark: prints what issue 14's closing note asks for.
//   1. Loading the shipped data (data/osv-pypi.tsv): advisories, time, memory (a fresh process).
//   2. Loading an export the size of OSV's full PyPI one (generated: --export-records N, 40,000
//      by default, about twice the real one), the same way.
//   3. Matching a manifest of 300 pins: first and warm runs.
//   4. Findings on the real-world manifests of scripts/bench/advisory-manifests/.
//   5. `pyward advisories update` against a fake OSV bucket on 127.0.0.1 serving that export.
// Usage: node out/scripts/bench-advisories.js [--export-records N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lowestFixingAll } from '../server/src/advisories/advisory';
import { advisoryDataInfo, loadAdvisories, packageAdvisories, vulnerabilitiesOf } from '../server/src/advisories/database';
import { AdvisoryStore } from '../server/src/advisories/store';
import { updateAdvisories } from '../server/src/advisories/update';
import { parseRequirements } from '../server/src/manifests/requirements';
import { startFakeOsv, type OsvRecord } from '../test/support/fake-osv';

const EXPORT_RECORDS = numberArg('--export-records', 40_000);
const ROOT = join(__dirname, '..', '..');

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

/** Child mode: load the data in use, print JSON figures. */
function measureLoad(): void {
  global.gc?.();
  const rss = process.memoryUsage().rss;
  const heap = process.memoryUsage().heapUsed;
  const start = performance.now();
  const usage = process.cpuUsage();
  loadAdvisories();
  const info = advisoryDataInfo();
  const used = process.cpuUsage(usage);
  const first = performance.now();
  packageAdvisories('django');
  const lookup = performance.now() - first;
  global.gc?.();
  const memory = process.memoryUsage();
  process.stdout.write(JSON.stringify({ ...info, ms: first - start, cpuMs: (used.user + used.system) / 1000, lookupMs: lookup, rssMb: (memory.rss - rss) / 1e6, heapMb: (memory.heapUsed - heap) / 1e6 }));
}

function loadInChild(cacheDir: string): Record<string, number | string> {
  const out = execFileSync(process.execPath, ['--expose-gc', __filename, '--measure-load'], { env: { ...process.env, PYWARD_CACHE_DIR: cacheDir }, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, number | string>;
}

/** An export the size of OSV's: shipped records repeated under made-up names, a third of them MAL- records. */
function syntheticRecords(count: number): OsvRecord[] {
  const shipped = readFileSync(join(ROOT, 'data', 'osv-pypi.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
  const templates = shipped.flatMap((line) => JSON.parse(line.slice(line.indexOf('\t') + 1)) as { id: string; summary: string; ranges: unknown[]; aliases: string[] }[]);
  const records: OsvRecord[] = [];
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length];
    const malicious = i % 3 === 2;
    const name = malicious ? `evil-package-${i}` : `package-${Math.floor(i / 3)}`;
    records.push({
      id: malicious ? `MAL-2026-${i}` : `GHSA-${i}`,
      modified: '2026-11-01T00:00:00Z',
      aliases: template.aliases,
      summary: malicious ? `Malicious code in ${name} (PyPI)` : template.summary,
      details: `${template.summary} `.repeat(6),
      affected: [{ package: { ecosystem: 'PyPI', name }, ranges: malicious ? [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] : template.ranges.map((events) => ({ type: 'ECOSYSTEM', events })) }],
      references: [{ type: 'ADVISORY', url: `https://osv.dev/vulnerability/${i}` }],
    });
  }
  records.push({
    id: 'GHSA-mrrh-fwg8-r2c3',
    affected: [{ package: { ecosystem: 'GitHub Actions', name: 'tj-actions/changed-files' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '46.0.1' }] }] }],
  });
  return records;
}

function pinsOfShippedData(count: number): { name: string; version: string }[] {
  const store = AdvisoryStore.read(join(ROOT, 'data', 'osv-pypi.tsv'));
  const pins: { name: string; version: string }[] = [];
  for (const name of store.names) {
    const fixed = store.advisoriesOf(name).flatMap((advisory) => advisory.ranges.flat()).find((event) => 'fixed' in event) as { fixed: string } | undefined;
    pins.push({ name, version: pins.length % 2 ? (fixed?.fixed ?? '1.0') : '0.1' });
    if (pins.length === count) break;
  }
  return pins;
}

async function main(): Promise<void> {
  if (process.argv.includes('--measure-load')) return measureLoad();
  const empty = mkdtempSync(join(tmpdir(), 'pyward-bench-empty-'));
  const shipped = loadInChild(empty);
  console.log(`shipped data: ${shipped.advisories} advisories, ${shipped.packages} packages, of ${shipped.date}; load ${Number(shipped.ms).toFixed(1)} ms wall (${Number(shipped.cpuMs).toFixed(1)} ms CPU), +${Number(shipped.rssMb).toFixed(1)} MB RSS (+${Number(shipped.heapMb).toFixed(1)} MB heap); first lookup (django) ${Number(shipped.lookupMs).toFixed(2)} ms`);

  // 5 before 2: the update writes the full-size store the load is measured on.
  const records = syntheticRecords(EXPORT_RECORDS);
  const osv = await startFakeOsv(records);
  osv.prepareExport('PyPI');
  osv.prepareExport('GitHub Actions');
  const cache = mkdtempSync(join(tmpdir(), 'pyward-bench-cache-'));
  process.env.PYWARD_OSV_DATA_URL = osv.url;
  process.env.PYWARD_CACHE_DIR = cache;
  const usage = process.cpuUsage();
  const update = await updateAdvisories();
  const used = process.cpuUsage(usage);
  await osv.close();
  for (const item of update.exports) console.log(`update (fake OSV on 127.0.0.1): ${item.ecosystem} ${(item.bytes / 1e6).toFixed(1)} MB zip, ${item.records} records (${item.malicious} MAL-), ${item.packages} packages`);
  for (const failure of update.failures) console.log(`update: ${failure}`);
  console.log(`update took ${(update.milliseconds / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU (download, unzip, convert, write)`);
  const full = loadInChild(cache);
  console.log(`full-size export: ${full.advisories} advisories, ${full.packages} packages; load ${Number(full.ms).toFixed(1)} ms wall (${Number(full.cpuMs).toFixed(1)} ms CPU), +${Number(full.rssMb).toFixed(1)} MB RSS (+${Number(full.heapMb).toFixed(1)} MB heap)`);

  process.env.PYWARD_CACHE_DIR = empty;
  const pins = pinsOfShippedData(300);
  const match = () => {
    let found = 0;
    for (const pin of pins) {
      const advisories = vulnerabilitiesOf(pin.name, pin.version);
      if (advisories.length) {
        found++;
        lowestFixingAll(advisories, pin.version);
      }
    }
    return found;
  };
  loadAdvisories();
  const start = performance.now();
  const vulnerable = match();
  const first = performance.now() - start;
  // The machine is shared: CPU time of this process says more than wall time.
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 60; i++) {
    const at = performance.now();
    const usage = process.cpuUsage();
    match();
    const used = process.cpuUsage(usage);
    wall.push(performance.now() - at);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => [...values.slice(10)].sort((a, b) => a - b)[(values.length - 10) >> 1];
  console.log(`matching 300 pins (${vulnerable} vulnerable, fixes computed): first run ${first.toFixed(2)} ms (parses each package's JSON, compiles its ranges, JIT cold); then median ${median(wall).toFixed(2)} ms wall, ${median(cpu).toFixed(2)} ms CPU`);
  console.log(`load average during the run: ${loadavg().map((value) => value.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);

  const folder = join(ROOT, 'scripts', 'bench', 'advisory-manifests');
  for (const file of readdirSync(folder).sort()) {
    const manifest = parseRequirements(readFileSync(join(folder, file), 'utf8'), file);
    const hits = manifest.requirements.flatMap((requirement) => {
      const version = requirement.pinnedVersion;
      const advisories = version ? vulnerabilitiesOf(requirement.normalized, version) : [];
      return advisories.length ? [`${requirement.name} ${version} (${advisories.length}, fix ${lowestFixingAll(advisories, version!) ?? 'none'})`] : [];
    });
    console.log(`${file}: ${hits.length}/${manifest.requirements.length} pins vulnerable: ${hits.join('; ')}`);
  }
  rmSync(cache, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
  writeFileSync(join(tmpdir(), 'pyward-bench-advisories.done'), '');
}

void main();

// An advisory cache folder for tests: the shipped data plus the fake malicious-package records
// of test/fixtures/advisories (the shipped snapshot has none), written as a "downloaded" export
// of the same date. Pointing PYWARD_CACHE_DIR at it also keeps a developer's own downloaded
// data out of the tests.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Advisory } from '../../server/src/advisories/advisory';
import { DOWNLOADED_PYPI_FILE, SHIPPED_FILE } from '../../server/src/advisories/database';
import { AdvisoryStore, groupOsvRecords, serializeStore } from '../../server/src/advisories/store';
import { fixturePath, repoRoot } from '../helpers';

export function testAdvisoryCache(): string {
  const shipped = AdvisoryStore.read(join(repoRoot, 'data', SHIPPED_FILE));
  const byPackage = new Map<string, Advisory[]>();
  for (const name of shipped.names) byPackage.set(name, [...shipped.advisoriesOf(name)]);
  const fakes = groupOsvRecords(JSON.parse(readFileSync(fixturePath('advisories', 'malicious.json'), 'utf8')) as unknown[]);
  for (const [name, advisories] of fakes) byPackage.set(name, [...(byPackage.get(name) ?? []), ...advisories]);
  const folder = mkdtempSync(join(tmpdir(), 'pyward-advisory-cache-'));
  writeFileSync(join(folder, DOWNLOADED_PYPI_FILE), serializeStore({ source: 'shipped data and test records', date: shipped.header.date }, byPackage));
  return folder;
}

// Our own supply chain, checked offline on every run: exact versions, a lock entry with an
// integrity hash for every package, and no install script that could run on `npm ci`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers';

interface LockEntry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  hasInstallScript?: boolean;
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const installed = Object.entries(lock.packages).filter(([path]) => path !== '');

test('direct dependencies are pinned to exact versions', () => {
  for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
    assert.match(range, /^\d+\.\d+\.\d+$/, `${name}@${range} is not an exact version`);
  }
});

test('every locked package has an integrity hash', () => {
  assert.ok(installed.length > 10);
  for (const [path, entry] of installed) assert.match(entry.integrity ?? '', /^sha512-/, `${path} has no sha512 integrity`);
});

test('no production dependency has an install script; dev ones that do are denied in allowScripts', () => {
  for (const [path, entry] of installed) {
    if (!entry.hasInstallScript) continue;
    assert.equal(entry.dev, true, `${path} is a production dependency with an install script`);
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    assert.equal(manifest.allowScripts?.[name], false, `${name}'s install script is not denied in package.json allowScripts`);
  }
});

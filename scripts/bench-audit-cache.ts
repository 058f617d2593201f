// Measures the workspace audit's content-hash cache: a first audit (empty cache, which it
// fills and saves), then a second one of the unchanged tree with the cache read back from disk,
// as after a reload of VS Code. Prints figures; asserts nothing.
//
//   node out-<name>/scripts/bench-audit-cache.js [FOLDER]   (default bench-corpus/python3-django)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditContentCache, CACHE_FILE_NAME } from '../server/src/lsp/audit-cache';
import { toolInfo } from '../server/src/report/common';
import { ALL_RULES } from '../server/src/rules/index';
import { auditPaths } from '../server/src/workspace/audit';

async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? join(__dirname, '..', '..', 'bench-corpus', 'python3-django'));
  const storage = mkdtempSync(join(tmpdir(), 'pyward-bench-cache-'));
  try {
    const run = async (label: string, cache?: AuditContentCache) => {
      const started = performance.now();
      const result = await auditPaths([folder], { boundaries: [folder], ...(cache ? { cache } : {}) });
      cache?.save();
      const ms = performance.now() - started;
      const findings = result.files.reduce((sum, file) => sum + file.findings.length, 0);
      const reuse = cache ? `, reused ${cache.statistics.hits}, analysed ${cache.statistics.misses}` : '';
      console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  (${result.files.length} files, ${findings} findings${reuse})`);
      return ms;
    };
    console.log(`audit of ${folder}, ${ALL_RULES.length} rules, Pyward ${toolInfo().version}`);
    await run('without a cache');
    await run('first audit (empty cache)', AuditContentCache.open(storage, ALL_RULES, toolInfo().version));
    const size = statSync(join(storage, CACHE_FILE_NAME)).size;
    console.log(`cache file: ${(size / 1024).toFixed(0)} KiB`);
    await run('second audit (cache read from disk)', AuditContentCache.open(storage, ALL_RULES, toolInfo().version));
    await run('third audit (cache read again)', AuditContentCache.open(storage, ALL_RULES, toolInfo().version));
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
}

void main();

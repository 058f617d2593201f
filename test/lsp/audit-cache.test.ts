// The workspace audit's content-hash cache and cancellation: a second audit of an unchanged
// workspace analyses nothing and finds the same; what changed is analysed again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleRegistry } from '../../server/src/engine/registry';
import { AuditContentCache, CACHE_FILE_NAME } from '../../server/src/lsp/audit-cache';
import { renderSarif } from '../../server/src/report/sarif';
import { ALL_RULES } from '../../server/src/rules/index';
import { auditPaths, type AuditResult } from '../../server/src/workspace/audit';
import { repoRoot } from '../helpers';
import { LspClient } from './lsp-client';

let workspace: string;
let storage: string;

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-cache-ws-'));
  storage = mkdtempSync(join(tmpdir(), 'pyward-cache-store-'));
  cpSync(join(repoRoot, 'examples', 'vulnerable-app'), workspace, { recursive: true });
});
after(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(storage, { recursive: true, force: true });
});

const open = () => AuditContentCache.open(storage, ALL_RULES, 'test');
const audit = (cache?: AuditContentCache, jobs = 1) => auditPaths([workspace], { jobs, boundaries: [workspace], ...(cache ? { cache } : {}) });
/** Everything a report shows, comparable across audits. */
const shape = (result: AuditResult) => result.files.map((f) => ({ path: f.relativePath, lines: f.lines, findings: f.findings, text: f.text }));

test('a second audit reuses every unchanged file, persisted across restarts, with the same result', async () => {
  const fresh = await audit();
  const first = open();
  const firstResult = await audit(first);
  assert.equal(first.statistics.hits, 0);
  assert.ok(first.statistics.misses >= 5);
  assert.deepEqual(shape(firstResult), shape(fresh));
  first.save(); // as the server does after each audit
  assert.ok(existsSync(join(storage, CACHE_FILE_NAME)));

  const reopened = open(); // as after a reload of the window
  const second = await audit(reopened);
  assert.equal(reopened.statistics.misses, 0);
  assert.equal(reopened.statistics.hits, first.statistics.misses);
  assert.deepEqual(shape(second), shape(fresh));
});

test('a changed file is analysed again, the others are not', async () => {
  const cache = open();
  await audit(cache);
  appendFileSync(join(workspace, 'app.py'), '\n\ndef later(code):\n    return eval(code)\n');
  const result = await audit(cache);
  assert.equal(cache.statistics.misses, 1);
  assert.ok(result.files.find((f) => f.relativePath === 'app.py')!.findings.some((f) => f.ruleId === 'PW202'));
  assert.deepEqual(shape(result), shape(await audit()));
});

test('a changed manifest or setting invalidates every file (their findings depend on it)', async () => {
  const cache = open();
  await audit(cache);
  appendFileSync(join(workspace, 'requirements.txt'), '\nreqeusts==2.31.0\n');
  await audit(cache);
  assert.equal(cache.statistics.hits, 0);
  await audit(cache);
  assert.equal(cache.statistics.misses, 0);
  await auditPaths([workspace], { jobs: 1, boundaries: [workspace], cache, settings: { profile: 'strict' } });
  assert.equal(cache.statistics.hits, 0);
});

test('a file whose data flow goes through a helper in another file is analysed again when only the helper changes', async () => {
  const project = mkdtempSync(join(tmpdir(), 'pyward-cache-flow-'));
  try {
    cpSync(join(repoRoot, 'test', 'fixtures', 'flow-editor'), project, { recursive: true });
    const flowAudit = (cache: AuditContentCache) => auditPaths([project], { jobs: 1, boundaries: [project], cache });
    // Reported at the sink in helpers.py: helpers.py alone holds no source, so the flow needs views.py's analysis.
    const traced = (result: AuditResult) => result.files.find((f) => f.relativePath === 'app/helpers.py')!.findings.filter((f) => f.traced);
    const cache = AuditContentCache.open(undefined, ALL_RULES, 'test');
    assert.deepEqual(traced(await flowAudit(cache)), [], 'the helper quotes its argument');
    // Only helpers.py changes (it stops quoting); views.py, unchanged, now sends it a flow.
    const helpers = join(project, 'app', 'helpers.py');
    writeFileSync(helpers, readFileSync(helpers, 'utf8').replace('shlex.quote(folder)', 'folder'));
    const after = await flowAudit(cache);
    assert.equal(traced(after).length, 1);
    assert.equal(cache.statistics.misses, 2, 'helpers.py, which changed, and views.py, which read it');
    // Nothing changed since: everything comes from the cache, the flow finding included.
    assert.equal(traced(await flowAudit(cache)).length, 1);
    assert.equal(cache.statistics.misses, 0);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('a corrupt cache file is ignored', async () => {
  writeFileSync(join(storage, CACHE_FILE_NAME), '{ not json');
  const cache = open();
  assert.deepEqual(shape(await audit(cache)), shape(await audit()));
  assert.equal(cache.statistics.hits, 0);
});

test('an aborted audit stops dispatching files and says it was cancelled', async () => {
  const controller = new AbortController();
  controller.abort();
  const result = await auditPaths([workspace], { jobs: 1, signal: controller.signal });
  assert.equal(result.cancelled, true);
  assert.equal(result.files.length, 0);
  let seen = 0;
  const stopping = new AbortController();
  const partial = await auditPaths([workspace], {
    jobs: 1,
    signal: stopping.signal,
    onProgress: () => {
      if (++seen === 2) stopping.abort();
    },
  });
  assert.equal(partial.cancelled, true);
  assert.equal(partial.files.length + partial.skipped.length, 2);
  assert.equal((await auditPaths([workspace], { jobs: 1 })).cancelled, undefined);
});

test('through the server: the second audit reports every file reused, and the SARIF export is the CLI\'s', async () => {
  const client = await LspClient.start('ipc', workspace); // no storage folder: the cache is kept in memory
  try {
    const first = (await client.executeCommand('pyward.server.auditWorkspace', [{ notify: false }])) as { files: number; reused: number; cancelled: boolean };
    const second = (await client.executeCommand('pyward.server.auditWorkspace', [{ notify: false }])) as { files: number; reused: number };
    assert.equal(first.cancelled, false);
    assert.ok(second.reused >= second.files && second.files >= 5, JSON.stringify(second));
    assert.deepEqual(client.messages, [], 'notify: false must leave the summary to the client');
    const sarif = JSON.parse((await client.executeCommand('pyward.server.sarif')) as string) as { runs: { results: unknown[] }[] };
    assert.deepEqual(sarif, JSON.parse(renderSarif(await audit(), new RuleRegistry(ALL_RULES))));
  } finally {
    await client.stop();
  }
});

// "Pyward: Audit Workspace" through the protocol: findings for files nobody opened.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { findingKeys, registry, repoRoot } from '../helpers';
import { analyzePython } from '../../server/src/engine/index';
import { Project } from '../../server/src/project/project';
import { LspClient } from './lsp-client';
import { readFileSync } from 'node:fs';

let workspace: string;
let client: LspClient;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-audit-'));
  cpSync(join(repoRoot, 'examples', 'vulnerable-app'), workspace, { recursive: true });
  client = await LspClient.start('ipc', workspace);
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('the audit publishes each unopened file\'s findings, the same as the engine finds', async () => {
  const appUri = URI.file(join(workspace, 'app.py')).toString();
  const published = client.diagnostics(appUri);
  const summary = (await client.executeCommand('pyward.server.auditWorkspace')) as { files: number; findings: number };
  const diagnostics = await published;
  const text = readFileSync(join(workspace, 'app.py'), 'utf8');
  // The engine given the same project: data flow follows calls into the project's other files.
  // Flows into the workspace's other files are reported at their sinks there, not in app.py.
  const found = await analyzePython(text, registry, { file: { path: join(workspace, 'app.py'), isTest: false, project: new Project(workspace) } });
  const expected = findingKeys(text, found.filter((finding) => !finding.atSink));
  const sent = found.filter((finding) => finding.atSink);
  assert.ok(sent.length > 0, 'app.py passes request input to a helper in db.py');
  const dbPublished = client.published(URI.file(join(workspace, 'db.py')).toString()) ?? [];
  for (const finding of sent) assert.ok(dbPublished.some((d) => d.code === finding.ruleId && d.relatedInformation?.length), `${finding.ruleId} published at its sink in db.py`);
  assert.ok(expected.length > 0);
  assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`).sort(), [...expected].sort());
  assert.ok(summary.files >= 5, `audited ${summary.files} files`);
  assert.ok(summary.findings >= expected.length);
  assert.match(client.messages.at(-1) ?? '', /^Pyward audited \d+ files: \d+ findings.* Advisory data of \d{4}-\d\d-\d\d \((shipped|downloaded)\)\.$/);
  assert.equal(client.published(URI.file(join(workspace, 'ignored_by_git', 'scratch.py')).toString()), undefined);
});

test('a second audit clears the findings of a file that was fixed or deleted', async () => {
  const dbUri = URI.file(join(workspace, 'db.py')).toString();
  await client.executeCommand('pyward.server.auditWorkspace');
  assert.ok((client.published(dbUri) ?? []).length > 0);
  unlinkSync(join(workspace, 'db.py'));
  writeFileSync(join(workspace, 'clean.py'), 'print("nothing to see")\n');
  const cleared = client.diagnostics(dbUri, (p) => p.diagnostics.length === 0);
  await client.executeCommand('pyward.server.auditWorkspace');
  await cleared;
});

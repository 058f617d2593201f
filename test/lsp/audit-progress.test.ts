// One progress per audit: a client that passes a work-done token (and says it shows progress)
// gets the audit's progress on that token, and the server opens no progress of its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers';
import { LspClient } from './lsp-client';

let workspace: string;
let client: LspClient;
const created: unknown[] = [];
const progress: { token: unknown; kind: string }[] = [];

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-progress-'));
  cpSync(join(repoRoot, 'examples', 'vulnerable-app'), workspace, { recursive: true });
  client = await LspClient.start('ipc', workspace, undefined, [], process.env, { windowCapabilities: { workDoneProgress: true } });
  client.connection.onRequest('window/workDoneProgress/create', (params: { token: unknown }) => {
    created.push(params.token);
    return null;
  });
  client.connection.onNotification('$/progress', (params: unknown) => {
    const { token, value } = params as { token: unknown; value: { kind: string } };
    progress.push({ token, kind: value.kind });
  });
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test("the client's token carries the progress; the server creates none", async () => {
  await client.connection.sendRequest('workspace/executeCommand', { command: 'pyward.server.auditWorkspace', arguments: [{ notify: false, progress: true }], workDoneToken: 'client-token' });
  assert.deepEqual(created, []);
  const kinds = progress.filter((p) => p.token === 'client-token').map((p) => p.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds.at(-1), 'end');
  assert.ok(progress.every((p) => p.token === 'client-token'));
});

test('without a client progress, the server opens exactly one', async () => {
  progress.length = 0;
  await client.executeCommand('pyward.server.auditWorkspace', [{ notify: false }]);
  assert.equal(created.length, 1);
  assert.ok(progress.length > 0 && progress.every((p) => p.token === created[0]));
});

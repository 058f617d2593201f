// The output channel says what ran and on what: version, rules, data dates, configuration
// sources at start-up; per audit the configuration files, the excluded and skipped files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/rules/index';
import { LspClient } from './lsp-client';

let workspace: string;
let client: LspClient;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pyward-log-'));
  writeFileSync(join(workspace, 'pyproject.toml'), '[tool.pyward]\nexclude = ["vendor/"]\ndisable = ["PW104"]\n');
  writeFileSync(join(workspace, 'app.py'), 'eval(input())\n');
  mkdirSync(join(workspace, 'vendor'));
  writeFileSync(join(workspace, 'vendor', 'lib.py'), 'eval(input())\n');
  client = await LspClient.start('ipc', workspace, { rules: { disable: ['PW506'] } });
});

after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

async function logged(pattern: RegExp): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const line = client.logs.find((l) => pattern.test(l));
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`nothing logged matches ${pattern}; logged:\n${client.logs.join('\n')}`);
}

test('start-up: version, rule count, data dates, settings and the project configuration', async () => {
  await logged(new RegExp(`^Pyward \\d+\\.\\d+\\.\\d+: ${ALL_RULES.length} rules$`));
  await logged(/^data: PyPI names and popularity: \d+ popular projects, latest release seen \d{4}-\d{2}$/);
  await logged(/^data: standard-library modules of Python 3\.\d+–3\.\d+$/);
  await logged(/^settings: disable PW506$/);
  await logged(/^configuration: .*pyproject\.toml: disable PW104; exclude vendor\/$/);
});

test('per audit: the configuration files that applied and the files they excluded', async () => {
  await client.executeCommand('pyward.server.auditWorkspace', [{ notify: false }]);
  await logged(/^audit of .*: 2 files analysed, 1 findings, 0 skipped, 1 excluded, in \d+ ms$/);
  await logged(/^audit: excluded vendor\/lib\.py \(exclude patterns\)$/);
});

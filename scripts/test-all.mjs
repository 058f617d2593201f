// `npm test`: the node:test suites, then the end-to-end suite inside a real VS Code
// (code-server, headless; installed into .vscode-test/ on first use). Ends with one line
// counting both: `total: N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'pyward-tests-'));
const tapFile = join(scratch, 'summary.tap');

const unit = spawnSync(process.execPath, [join(here, 'run-tests.mjs')], { stdio: 'inherit', env: { ...process.env, PYWARD_TEST_COUNTS: tapFile } });
const count = (tap, word) => Number(new RegExp(`^# ${word} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
let tap = '';
try {
  tap = readFileSync(tapFile, 'utf8');
} catch {
  // The runner died before writing its summary: counted as a failure below.
}
let passed = count(tap, 'pass');
let failed = count(tap, 'fail') + count(tap, 'cancelled') + (unit.status === 0 ? 0 : tap ? 0 : 1);
const skipped = count(tap, 'skipped');

console.log('\n── end-to-end tests in VS Code (code-server, headless) ──');
const install = spawnSync('bash', [join(here, 'vscode-test', 'install.sh')], { stdio: 'inherit' });
if (install.status !== 0) {
  console.log('installing the VS Code test harness failed');
  failed += 1;
} else {
  const e2e = spawnSync(process.execPath, [join(here, 'vscode-test', 'run.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(e2e.stdout ?? '');
  const line = /^(\d+) passed, (\d+) failed$/m.exec(e2e.stdout ?? '');
  if (line) {
    passed += Number(line[1]);
    failed += Number(line[2]);
  }
  if (!line || (e2e.status !== 0 && Number(line[2]) === 0)) failed += 1;
}

rmSync(scratch, { recursive: true, force: true });
console.log(`\ntotal: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || unit.status !== 0 ? 1 : 0);

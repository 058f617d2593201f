// Load benchmark: a generated workspace of N Python files (20,000 by default).
//   1. The CLI's audit engine (worker threads on every core): wall time and peak memory.
//   2. The language server: "Audit Workspace" on the same folder while the user types in a
//      large open file; how long each keystroke waits for its diagnostics during the audit,
//      and the server's peak memory.
// Usage: node out/scripts/bench-load.js [--files N] [--keep DIR]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { auditPaths } from '../server/src/workspace/audit';

const FILES = numberArg('--files', 20_000);
const LARGE_FILE_LINES = 6_000;

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

/** A plausible module: imports, a class, functions; one in ten has a finding. */
function moduleText(index: number): string {
  const risky = index % 10 === 0 ? `\ndef load_{i}(blob):\n    return pickle.loads(blob)\n` : '';
  return `"""Module ${index}."""\nimport json\nimport pickle\nfrom pathlib import Path\n\n\nclass Store${index}:\n    def __init__(self, root):\n        self.root = Path(root)\n\n    def read(self, name):\n        with open(self.root / name) as handle:\n            return json.load(handle)\n\n    def write(self, name, value):\n        (self.root / name).write_text(json.dumps(value))\n\n\ndef helper_${index}(values):\n    total = 0\n    for value in values:\n        if value > ${index % 97}:\n            total += value\n    return total\n${risky.replaceAll('{i}', String(index))}`;
}

function generateWorkspace(root: string): string {
  for (let i = 0; i < FILES; i++) {
    const dir = join(root, `pkg_${Math.floor(i / 500)}`);
    if (i % 500 === 0) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '__init__.py'), '');
    }
    writeFileSync(join(dir, `module_${i}.py`), moduleText(i));
  }
  writeFileSync(join(root, 'requirements.txt'), 'requests==2.32.3\nPyYAML==6.0.2\n');
  const large = join(root, 'large.py');
  const lines = ['import subprocess', 'import yaml', ''];
  while (lines.length < LARGE_FILE_LINES) lines.push(`def f${lines.length}(x):`, `    return subprocess.run(["echo", str(x)])`, '');
  writeFileSync(large, `${lines.join('\n')}\n`);
  return large;
}

function peakRssMiB(pid: number | 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function benchAudit(root: string): Promise<void> {
  const started = performance.now();
  const result = await auditPaths([root]);
  const seconds = (performance.now() - started) / 1000;
  const findings = result.files.reduce((sum, file) => sum + file.findings.length, 0);
  console.log(`audit engine: ${result.files.length} files, ${findings} findings in ${seconds.toFixed(1)} s on ${availableParallelism()} cores; peak RSS ${peakRssMiB('self')} MiB`);
}

async function benchServer(root: string, large: string): Promise<void> {
  const server = spawn(process.execPath, [join(__dirname, '..', 'server', 'src', 'lsp', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const uri = URI.file(large).toString();
  const waiting = new Map<number, (at: number) => void>();
  let published = 0;
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => {
    published++;
    if (params.uri === uri && params.version !== undefined) waiting.get(params.version)?.(performance.now());
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('$/progress', () => undefined);
  connection.onNotification('window/showMessage', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const rootUri = URI.file(root).toString();
  const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'load' }], capabilities: { window: { workDoneProgress: true } } })) as {
    capabilities: { executeCommandProvider?: { commands: string[] } };
  };
  await connection.sendNotification('initialized', {});
  let text = readFileSync(large, 'utf8');
  let version = 1;
  const firstDiagnostics = new Promise<number>((resolve) => waiting.set(1, resolve));
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  await firstDiagnostics;

  const command = init.capabilities.executeCommandProvider?.commands.find((name) => name.toLowerCase().includes('audit')) ?? 'pyward.auditWorkspace';
  const auditStarted = performance.now();
  let auditDone = false;
  const audit = connection.sendRequest('workspace/executeCommand', { command, arguments: [] }).then(() => {
    auditDone = true;
  });
  const latencies: number[] = [];
  // Type at the end of the file, one character every 50 ms, for as long as the audit runs.
  const line = text.split('\n').length - 1;
  while (!auditDone) {
    const position = { line, character: text.length - text.lastIndexOf('\n') - 1 };
    version++;
    const sent = performance.now();
    const answered = new Promise<number>((resolve) => waiting.set(version, resolve));
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: position }, text: 'x' }],
    });
    text += 'x';
    latencies.push((await answered) - sent);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await audit;
  const auditSeconds = (performance.now() - auditStarted) / 1000;
  const peak = peakRssMiB(server.pid!);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  server.kill();
  const sorted = latencies.sort((a, b) => a - b);
  console.log(`language server: audit of the workspace took ${auditSeconds.toFixed(1)} s (${published} diagnostics notifications); server peak RSS ${peak} MiB`);
  console.log(
    `keystrokes in a ${LARGE_FILE_LINES}-line open file during the audit: ${sorted.length}, diagnostics after p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
  );
}

async function main(): Promise<void> {
  const keep = process.argv.indexOf('--keep');
  const root = keep === -1 ? mkdtempSync(join(tmpdir(), 'pyward-load-')) : process.argv[keep + 1];
  mkdirSync(root, { recursive: true });
  const started = performance.now();
  const large = generateWorkspace(root);
  console.log(`generated ${FILES} Python files (+ one of ${LARGE_FILE_LINES} lines) in ${((performance.now() - started) / 1000).toFixed(1)} s under ${root}`);
  try {
    await benchAudit(root);
    await benchServer(root, large);
  } finally {
    if (keep === -1) rmSync(root, { recursive: true, force: true });
  }
}

void main();

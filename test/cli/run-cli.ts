// Runs the compiled `pyward` CLI as a user would: a child process of this Node.js.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { JsonFinding, JsonReport } from '../../server/src/report/json';
import { repoRoot } from '../helpers';

export const cliPath = join(repoRoot, 'out', 'server', 'src', 'cli', 'main.js');
export const exampleApp = join(repoRoot, 'examples', 'vulnerable-app');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Options for Node.js itself, before the script (`--require` a test guard). */
  nodeArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export function runCli(args: readonly string[], options: RunOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `pyward audit … --format json` and parses the report. */
export function auditJson(args: readonly string[], options: RunOptions = {}): { run: CliRun; report: JsonReport } {
  const run = runCli(['audit', '--format', 'json', ...args], options);
  if (run.status !== 0 && run.status !== 1) throw new Error(`pyward exited with ${run.status}: ${run.stderr}`);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

export type { JsonFinding, JsonReport };

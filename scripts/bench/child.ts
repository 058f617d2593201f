// Runs a benchmark script in a child process and reads the JSON it prints.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ChildRun<T> {
  output: T;
  /** From spawning the process to its exit, as the parent saw it. */
  processWallMs: number;
}

export function runChild<T>(script: string, args: readonly string[], nodeFlags: readonly string[] = []): ChildRun<T> {
  const started = performance.now();
  const child = spawnSync(process.execPath, [...nodeFlags, script, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 30 * 60 * 1000 });
  const processWallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${script} ${nodeFlags.join(' ')} failed (${child.status ?? child.signal}): ${child.stderr.slice(-2000)}`);
  if (child.stderr.trim()) process.stderr.write(child.stderr);
  return { output: JSON.parse(child.stdout) as T, processWallMs };
}

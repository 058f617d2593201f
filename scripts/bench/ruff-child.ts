// Ruff's flake8-bandit rules over a list of files, in a process of its own (the parent decides
// the V8 flags: `--liftoff-only` or none): prints JSON with Ruff's figures and this process's
// CPU seconds and peak memory.
//   node [--liftoff-only] out/scripts/bench/ruff-child.js FILES.json
import { readFileSync } from 'node:fs';
import { runRuff, type RuffResult } from './ruff';

export type RuffChildOutput = Omit<RuffResult, 'byCode'> & { byCode: Record<string, number>; cpuMs: number; maxRssBytes: number };

const files = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { path: string; lines: number }[];
const result = runRuff(files);
const usage = process.resourceUsage();
const output: RuffChildOutput = {
  ...result,
  byCode: Object.fromEntries(result.byCode),
  cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  maxRssBytes: usage.maxRSS * 1024,
};
process.stdout.write(JSON.stringify(output));

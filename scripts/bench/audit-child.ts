// One Pyward audit in a process of its own (no special V8 flags), as users run it: prints JSON
// with the wall time, CPU seconds and peak memory of this process, and the time per phase.
//   node out/scripts/bench/audit-child.js '{"paths":[...],"jobs":2,"flow":true}'
import { performance } from 'node:perf_hooks';
import { RuleRegistry } from '../../server/src/engine/registry';
import { renderJson } from '../../server/src/report/json';
import { ALL_RULES } from '../../server/src/rules/index';
import { auditPaths } from '../../server/src/workspace/audit';

export interface AuditChildInput {
  paths: string[];
  jobs?: number;
  flow: boolean;
}

export interface AuditChildOutput {
  /** auditPaths plus rendering the JSON report. */
  wallMs: number;
  /** CPU of the whole process (every thread), start-up included. */
  cpuMs: number;
  maxRssBytes: number;
  files: number;
  lines: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  findings: number;
  findingsByRule: Record<string, number>;
  /** Milliseconds per phase, summed over threads; `report` is rendering the JSON report. */
  phases: Record<string, number>;
  /** The Python files analysed, for the Ruff comparison. */
  pythonFiles: { path: string; lines: number }[];
  largest: { path: string; lines: number }[];
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as AuditChildInput;
  const started = performance.now();
  const result = await auditPaths(input.paths, { jobs: input.jobs, flow: input.flow, phases: true, analyzeOnMainThread: true });
  const reporting = performance.now();
  renderJson(result, new RuleRegistry(ALL_RULES));
  const ended = performance.now();
  const usage = process.resourceUsage();
  const findingsByRule: Record<string, number> = {};
  let findings = 0;
  let lines = 0;
  for (const file of result.files) {
    lines += file.lines;
    findings += file.findings.length;
    for (const finding of file.findings) findingsByRule[finding.ruleId] = (findingsByRule[finding.ruleId] ?? 0) + 1;
  }
  const skippedByReason: Record<string, number> = {};
  for (const skip of result.skipped) {
    const reason = skip.reason.split(/[:(]/)[0].trim() || skip.reason;
    skippedByReason[reason] = (skippedByReason[reason] ?? 0) + 1;
  }
  const pythonFiles = result.files.filter((file) => file.path.endsWith('.py')).map(({ path, lines }) => ({ path, lines }));
  const output: AuditChildOutput = {
    wallMs: ended - started,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssBytes: usage.maxRSS * 1024,
    files: result.files.length,
    lines,
    skipped: result.skipped.length,
    skippedByReason,
    findings,
    findingsByRule,
    phases: { ...(result.phases ?? {}), report: ended - reporting },
    pythonFiles,
    largest: [...pythonFiles].sort((a, b) => b.lines - a.lines).slice(0, 10),
  };
  process.stdout.write(JSON.stringify(output));
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

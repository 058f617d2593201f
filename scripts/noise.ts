// `node out/scripts/noise.js REPORT.json… [--sample 30] [--seed N] [--only PREFIX]`: how noisy Pyward is on mature
// code. Each REPORT is `pyward audit DIR --format json --fail-on never` over a real project; the
// script prints findings per 1,000 lines (test files apart), each rule's count, and a seeded random
// sample of findings with their line of code, to review by hand (docs/noise-review.md). Prints
// figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestPath } from '../server/src/engine/rule-selection';
import { seededSample } from './lib/sample';

interface ReportFinding {
  ruleId: string;
  severity: string;
  path: string;
  startLine: number;
  message: string;
}

interface Report {
  root: string;
  summary: { filesAnalyzed: number; linesAnalyzed: number; findings: number };
  files: { path: string; lines: number }[];
  findings: ReportFinding[];
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args.splice(at, 2)[1];
}

function perThousand(findings: number, lines: number): string {
  return lines === 0 ? '—' : ((findings * 1000) / lines).toFixed(2);
}

function lineOf(root: string, finding: ReportFinding): string {
  try {
    return readFileSync(join(root, finding.path), 'utf8').split(/\r?\n/)[finding.startLine - 1]?.trim() ?? '';
  } catch {
    return '';
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const sampleSize = Number(option(args, '--sample') ?? 30);
  const seed = Number(option(args, '--seed') ?? 20261206);
  // `--only PW` keeps the code rules (`PW` and three digits), leaving out secrets, dependency and workflow rules.
  const only = option(args, '--only');
  const kept = (finding: ReportFinding) => only === undefined || (only === 'PW' ? /^PW\d/.test(finding.ruleId) : finding.ruleId.startsWith(only));
  if (args.length === 0) throw new Error('usage: noise REPORT.json… [--sample 30] [--seed N]');
  const pooled: { report: Report; finding: ReportFinding }[] = [];
  let totalLines = 0;
  let totalFindings = 0;
  for (const file of args) {
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    report.findings = report.findings.filter(kept);
    report.summary.findings = report.findings.length;
    const testLines = report.files.filter((f) => isTestPath(f.path)).reduce((sum, f) => sum + f.lines, 0);
    const testFindings = report.findings.filter((f) => isTestPath(f.path)).length;
    const { linesAnalyzed: lines, findings } = report.summary;
    totalLines += lines;
    totalFindings += findings;
    console.log(`${file}: ${report.summary.filesAnalyzed} files, ${lines} lines, ${findings} findings = ${perThousand(findings, lines)} per 1,000 lines`);
    console.log(`  tests: ${testLines} lines, ${testFindings} findings (${perThousand(testFindings, testLines)}); ` +
      `other code: ${lines - testLines} lines, ${findings - testFindings} findings (${perThousand(findings - testFindings, lines - testLines)})`);
    const byRule = new Map<string, number>();
    for (const finding of report.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    const counts = [...byRule.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    console.log(`  per rule: ${counts.map(([rule, count]) => `${rule} ${count}`).join(', ') || 'none'}`);
    for (const finding of report.findings) pooled.push({ report, finding });
  }
  if (args.length > 1) console.log(`all: ${totalLines} lines, ${totalFindings} findings = ${perThousand(totalFindings, totalLines)} per 1,000 lines`);
  const sample = seededSample(pooled, sampleSize, seed);
  console.log('');
  console.log(`Sample of ${sample.length} findings (seed ${seed}) to review:`);
  sample.forEach(({ report, finding }, index) => {
    console.log(`${String(index + 1).padStart(2)}. ${finding.ruleId} ${finding.severity} ${join(report.root, finding.path)}:${finding.startLine}`);
    console.log(`    ${lineOf(report.root, finding).slice(0, 160)}`);
    console.log(`    → ${finding.message.slice(0, 200)}`);
  });
}

main();

#!/usr/bin/env node
// The `pyward` command: `pyward audit [PATH...]`, `pyward rules`, `--help`, `--version`.
// Exit status: 0 nothing at or above --fail-on, 1 something, 2 usage or I/O error.
import { closeSync, openSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { levelRank } from '../engine/finding';
import { RuleRegistry } from '../engine/registry';
import { RULE_DOCS_BASE } from '../engine/rule';
import { ALL_RULES } from '../rules/index';
import { toolInfo } from '../report/common';
import { renderJson } from '../report/json';
import { renderSarif } from '../report/sarif';
import { renderSummary, renderText } from '../report/text';
import { ruleMatches } from '../engine/rule-selection';
import { auditPaths, type AuditResult } from '../workspace/audit';
import { describeError, PathError, toPosix } from '../workspace/walk';
import { parseCommandLine, USAGE, UsageError, type Command, type FailOn } from './args';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Something the user can fix (a missing path, an unwritable file): one line on stderr, status 2. */
class CliError extends Error {}

export async function main(argv: readonly string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`pyward: error: ${error.message}\nRun 'pyward --help' for usage.\n`);
    return EXIT_ERROR;
  }

  try {
    switch (command.kind) {
      case 'help':
        process.stdout.write(USAGE);
        return EXIT_CLEAN;
      case 'version':
        process.stdout.write(`pyward ${toolInfo().version}\n`);
        return EXIT_CLEAN;
      case 'rules':
        process.stdout.write(command.format === 'json' ? rulesJson(new RuleRegistry(ALL_RULES)) : rulesTable(new RuleRegistry(ALL_RULES)));
        return EXIT_CLEAN;
      case 'audit':
        return await audit(command);
    }
  } catch (error) {
    if (error instanceof CliError || error instanceof PathError) {
      process.stderr.write(`pyward: error: ${error.message}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(`pyward: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_ERROR;
  }
}

async function audit(command: Extract<Command, { kind: 'audit' }>): Promise<number> {
  // Check what the user named before the (possibly long) analysis.
  for (const path of command.paths) {
    try {
      statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`${path}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : describeError(error)}`);
    }
  }
  if (command.output !== undefined) checkWritable(command.output);

  const registry = new RuleRegistry(ALL_RULES);
  const progress = progressReporter();
  let result: AuditResult;
  try {
    result = await auditPaths(command.paths, {
      maxFileSize: command.maxFileSize,
      ...(command.jobs !== undefined ? { jobs: command.jobs } : {}),
      settings: command.settings,
      onProgress: progress.update,
      analyzeOnMainThread: true,
    });
  } finally {
    progress.clear();
  }

  for (const problem of result.configurationProblems) process.stderr.write(`pyward: warning: ${problem}\n`);
  for (const name of [...(command.settings.enable ?? []), ...(command.settings.disable ?? [])]) {
    if (!ALL_RULES.some((rule) => ruleMatches(rule, name))) process.stderr.write(`pyward: warning: no rule is called '${name}' (see \`pyward rules\`)\n`);
  }

  const cwd = process.cwd();
  // From the current folder, like compilers print paths (terminals and editors open them); absolute outside it.
  const displayPath = (file: { path: string }) => {
    const fromCwd = relative(cwd, file.path);
    return fromCwd === '' ? '.' : fromCwd === '..' || fromCwd.startsWith(`..${sep}`) || isAbsolute(fromCwd) ? toPosix(file.path) : toPosix(fromCwd);
  };
  const report =
    command.format === 'json' ? renderJson(result, registry) : command.format === 'sarif' ? renderSarif(result, registry) : renderText(result, registry, { displayPath });

  if (command.output !== undefined) {
    try {
      writeFileSync(command.output, report);
    } catch (error) {
      throw new CliError(`cannot write the report to ${command.output}: ${describeError(error)}`);
    }
    process.stderr.write(renderSummary(result, { displayPath }));
    process.stderr.write(`Report written to ${command.output}\n`);
  } else {
    process.stdout.write(report);
    if (command.format !== 'text') process.stderr.write(renderSummary(result, { displayPath }));
  }
  return failed(result, command.failOn) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** Whether a finding at or above `failOn` severity was found. */
export function failed(result: AuditResult, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = levelRank(failOn);
  return result.files.some((file) => file.findings.some((finding) => levelRank(finding.severity) >= threshold));
}

/** Fails early, naming the file, when the report could not be written there. */
function checkWritable(output: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(output).isDirectory();
  } catch {
    // Does not exist yet: opening it below tells whether it can be created.
  }
  if (isDirectory) throw new CliError(`cannot write the report to ${output}: it is a folder`);
  try {
    // Append mode creates a missing file without truncating an existing one.
    closeSync(openSync(resolve(output), 'a'));
  } catch (error) {
    throw new CliError(`cannot write the report to ${output}: ${describeError(error)}`);
  }
}

/** "Analysing 120/480 files" on stderr while it runs, only when stderr is a terminal. */
function progressReporter(): { update(done: number, total: number): void; clear(): void } {
  const stderr = process.stderr;
  if (!stderr.isTTY) return { update() {}, clear() {} };
  let shown = false;
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      stderr.write(`\rAnalysing ${done}/${total} files`);
      shown = true;
    },
    clear() {
      if (shown) stderr.write('\r\x1b[K');
    },
  };
}

function rulesTable(registry: RuleRegistry): string {
  const header = ['ID', 'NAME', 'SEVERITY/CONFIDENCE', 'PROFILE', 'CWE', 'BANDIT', 'RUFF'];
  const rows = registry.rules.map(({ meta }) => [
    meta.id,
    meta.name,
    `${meta.severity}/${meta.confidence}`,
    `${meta.profile ?? 'recommended'}${meta.offInTests ? ' (not tests)' : ''}`,
    `CWE-${meta.cwe}`,
    meta.bandit ?? '-',
    meta.ruff ?? '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + `\n\n${registry.rules.length} rules; each is documented at ${RULE_DOCS_BASE}<ID>.md\n`;
}

function rulesJson(registry: RuleRegistry): string {
  const rules = registry.rules.map(({ meta }) => ({
    id: meta.id,
    name: meta.name,
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    confidence: meta.confidence,
    cwe: `CWE-${meta.cwe}`,
    bandit: meta.bandit ?? null,
    ruff: meta.ruff ?? null,
    fixable: meta.fixable,
  }));
  return JSON.stringify({ tool: { name: 'pyward', version: toolInfo().version }, rules }, null, 2) + '\n';
}

if (require.main === module) {
  // A reader that goes away (`pyward audit | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`pyward: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}

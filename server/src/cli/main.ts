#!/usr/bin/env node
// The `pyward` command: `pyward audit [PATH...]`, `pyward rules`, `--help`, `--version`.
// Exit status: 0 nothing at or above --fail-on, 1 something, 2 usage or I/O error.
import { closeSync, openSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { cacheDirectory, configureAdvisories } from '../advisories/config';
import { describeAdvisoryData } from '../advisories/database';
import { updateAdvisories } from '../advisories/update';
import { levelRank } from '../engine/finding';
import { RuleRegistry } from '../engine/registry';
import { RULE_DOCS_BASE } from '../engine/rule';
import { ALL_RULES } from '../rules/index';
import { plural, summarize, toolInfo } from '../report/common';
import { renderJson } from '../report/json';
import { renderSarif } from '../report/sarif';
import { renderSummary, renderText } from '../report/text';
import { ruleMatches } from '../engine/rule-selection';
import { auditPaths, type AuditResult } from '../workspace/audit';
import { describeError, PathError, toPosix } from '../workspace/walk';
import { parseCommandLine, USAGE, UsageError, type Command, type FailOn } from './args';
import { Configuration } from '../engine/config/configuration';
import { applyBaselines, type BaselineOutcome } from '../baseline/apply';
import { BaselineError, renderBaseline } from '../baseline/baseline';
import { changedLines, DiffBaseError, onChangedLines, type ChangedLines } from '../diff-base/changed-lines';
import { unifiedDiff } from '../fixing/unified-diff';
import { applyFixes, type FixReport } from './fix';

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
      case 'advisories-update':
        return await updateAdvisoryData();
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

async function audit(command: AuditCommand): Promise<number> {
  // Check what the user named before the (possibly long) analysis.
  for (const path of command.paths) {
    try {
      statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`${path}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : describeError(error)}`);
    }
  }
  if (command.output !== undefined) checkWritable(command.output, 'the report');
  if (command.writeBaseline !== undefined) checkWritable(command.writeBaseline, 'the baseline');

  // Before the workers start: they inherit it.
  if (command.online) configureAdvisories({ online: true });
  const registry = new RuleRegistry(ALL_RULES);
  const cwd = process.cwd();
  // From the current folder, like compilers print paths (terminals and editors open them); absolute outside it.
  const displayPath = (file: { path: string }) => {
    const fromCwd = relative(cwd, file.path);
    return fromCwd === '' ? '.' : fromCwd === '..' || fromCwd.startsWith(`..${sep}`) || isAbsolute(fromCwd) ? toPosix(file.path) : toPosix(fromCwd);
  };

  // Asked of git before the analysis, so that a missing ref fails at once.
  let changed: ChangedLines | undefined;
  if (command.diffBase !== undefined) {
    try {
      changed = await changedLines(folderOf(command.paths[0]), command.diffBase);
    } catch (error) {
      if (error instanceof DiffBaseError) throw new CliError(error.message);
      throw error;
    }
  }

  // A baseline covers fixing too: what it records is left as it is.
  const baselineOf = baselineChooser(command);
  let fixed: FixReport | undefined;
  if (command.fix) {
    const first = await runAudit(command);
    fixed = await readingBaselines(() => applyFixes(first, command.fix!, command, baselineOf));
    for (const { path, reason } of fixed.notFixed) process.stderr.write(`pyward: ${displayPath({ path })}: not fixed: ${reason}\n`);
    if (command.fix.diff) {
      for (const change of fixed.changes) process.stdout.write(unifiedDiff(displayPath(change), change.before, change.after));
      process.stderr.write(`${describeFixes(fixed, 'Would fix')}\n`);
      return fixed.applied.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
    }
  }

  const result = await runAudit(command);
  for (const problem of result.configurationProblems) process.stderr.write(`pyward: warning: ${problem}\n`);
  for (const name of [...(command.settings.enable ?? []), ...(command.settings.disable ?? [])]) {
    if (!ALL_RULES.some((rule) => ruleMatches(rule, name))) process.stderr.write(`pyward: warning: no rule is called '${name}' (see \`pyward rules\`)\n`);
  }

  if (command.writeBaseline !== undefined) {
    writeReport(command.writeBaseline, renderBaseline(result, command.writeBaseline), 'the baseline');
    process.stderr.write(renderSummary(result, { displayPath }));
    process.stderr.write(`Baseline of ${plural(summarize(result).findings, 'finding')} written to ${command.writeBaseline}\n`);
    return EXIT_CLEAN;
  }

  // The baseline sees every finding (what it lacks is "absent"); the report, only changed lines.
  let baseline: BaselineOutcome | undefined;
  if (baselineOf) baseline = await readingBaselines(() => applyBaselines(result, baselineOf));
  const inScope = (audit: AuditResult) => (changed ? onChangedLines(audit, changed) : audit);
  const all = inScope(result);
  const reported = baseline ? inScope(baseline.newOnly) : all;
  const baselined = summarize(all).findings - summarize(reported).findings;

  const report =
    command.format === 'json'
      ? renderJson(reported, registry)
      : command.format === 'sarif'
        ? renderSarif(all, registry, baseline ? { baseline } : {})
        : renderText(reported, registry, { displayPath });
  const notes = [
    ...(baselined > 0 ? [`${plural(baselined, 'finding')} in the baseline not reported.`] : []),
    ...(fixed ? [describeFixes(fixed, 'Fixed')] : []),
  ].map((note) => `${note}\n`).join('');

  if (command.output !== undefined) {
    writeReport(command.output, report, 'the report');
    process.stderr.write(renderSummary(reported, { displayPath }) + notes);
    process.stderr.write(`Report written to ${command.output}\n`);
  } else {
    process.stdout.write(report);
    if (command.format !== 'text') process.stderr.write(renderSummary(reported, { displayPath }) + notes);
    else process.stdout.write(notes);
  }
  return failed(reported, command.failOn) ? EXIT_FINDINGS : EXIT_CLEAN;
}

type AuditCommand = Extract<Command, { kind: 'audit' }>;

/** Runs `work`, turning a baseline that cannot be read into the user's error. */
async function readingBaselines<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BaselineError) throw new CliError(error.message);
    throw error;
  }
}

/** The folder of a path the user named (itself, if a folder). */
function folderOf(path: string): string {
  const absolute = resolve(path);
  return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
}

function runAudit(command: AuditCommand): Promise<AuditResult> {
  const progress = progressReporter();
  return auditPaths(command.paths, {
    maxFileSize: command.maxFileSize,
    ...(command.jobs !== undefined ? { jobs: command.jobs } : {}),
    settings: command.settings,
    onProgress: progress.update,
    analyzeOnMainThread: true,
  }).finally(progress.clear);
}

/** Which baseline covers a file: the one named by --baseline, else its project's; none when the project's suppressions are ignored. */
function baselineChooser(command: AuditCommand): ((path: string) => string | undefined) | undefined {
  if (command.settings.ignoreProjectSuppressions) {
    if (command.baseline !== undefined) process.stderr.write(`pyward: warning: --ignore-project-suppressions: the baseline ${command.baseline} is not applied\n`);
    return undefined;
  }
  if (command.baseline !== undefined) {
    const explicit = command.baseline;
    return () => explicit;
  }
  const configuration = new Configuration(ALL_RULES, command.settings);
  return (path) => configuration.forFile(path).baseline;
}

/** "Fixed 3 findings (PW104 ×2, PW506) in 2 files." */
function describeFixes(fixed: FixReport, verb: string): string {
  const byRule = new Map<string, number>();
  for (const { ruleId } of fixed.applied) byRule.set(ruleId, (byRule.get(ruleId) ?? 0) + 1);
  const rules = [...byRule].sort(([a], [b]) => a.localeCompare(b)).map(([id, count]) => (count === 1 ? id : `${id} ×${count}`));
  const files = new Set(fixed.applied.map((fix) => fix.path)).size;
  return fixed.applied.length === 0 ? 'Nothing to fix.' : `${verb} ${plural(fixed.applied.length, 'finding')} (${rules.join(', ')}) in ${plural(files, 'file')}.`;
}

function writeReport(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`cannot write ${what} to ${path}: ${describeError(error)}`);
  }
}

/** `pyward advisories update`: downloads OSV's exports into the cache and says what it got. */
async function updateAdvisoryData(): Promise<number> {
  process.stderr.write(`Downloading OSV's advisory exports into ${cacheDirectory()}…\n`);
  let result;
  try {
    result = await updateAdvisories();
  } catch (error) {
    throw new CliError(`advisory update failed: ${describeError(error)}`);
  }
  for (const item of result.exports) {
    process.stdout.write(`${item.ecosystem}: ${item.records} records (${item.malicious} malicious-package), ${item.packages} packages, ${(item.bytes / 1e6).toFixed(1)} MB downloaded → ${item.path}\n`);
  }
  for (const failure of result.failures) process.stderr.write(`pyward: warning: ${failure}\n`);
  process.stdout.write(`Updated in ${(result.milliseconds / 1000).toFixed(1)} s; audits now use ${describeAdvisoryData()}.\n`);
  return EXIT_CLEAN;
}

/** Whether a finding at or above `failOn` severity was found. */
export function failed(result: AuditResult, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = levelRank(failOn);
  return result.files.some((file) => file.findings.some((finding) => levelRank(finding.severity) >= threshold));
}

/** Fails early, naming the file, when the report could not be written there. */
function checkWritable(output: string, what: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(output).isDirectory();
  } catch {
    // Does not exist yet: opening it below tells whether it can be created.
  }
  if (isDirectory) throw new CliError(`cannot write ${what} to ${output}: it is a folder`);
  try {
    // Append mode creates a missing file without truncating an existing one.
    closeSync(openSync(resolve(output), 'a'));
  } catch (error) {
    throw new CliError(`cannot write ${what} to ${output}: ${describeError(error)}`);
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

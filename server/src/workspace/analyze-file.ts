// Analysing one file on disk: what the in-process audit and each worker thread run per file.
import { Configuration, type UserSettings } from '../engine/config/configuration';
import { fileKindOf } from '../engine/file-kind';
import type { AnyRule } from '../engine/file-rule';
import type { Finding } from '../engine/finding';
import { analyzeSource } from '../engine/index';
import { phaseClock } from '../engine/phases';
import { Projects } from '../project/project';
import { ALL_RULES } from '../rules/index';
import { readSourceText } from './walk';

export type FileOutcome =
  | { kind: 'analyzed'; lines: number; findings: Finding[]; text?: string; problems?: readonly string[]; otherFilesRead?: string[] }
  | { kind: 'skipped'; reason: string }
  | { kind: 'excluded' };

/** What every file of one audit shares; sent to each worker thread. */
export interface AuditSetup {
  maxFileSize: number;
  settings: UserSettings;
  /** Folders no project extends above (the audited root). */
  boundaries: readonly string[];
  /** Whether the data-flow analysis runs (AnalysisOptions.flow); true when absent. */
  flow?: boolean;
}

let configuration: { key: string; value: Configuration } | undefined;

/**
 * The configuration for an audit's setup, built once per thread and audit: it caches pyproject
 * files, the projects' facts (manifests, environment), which every file of a project shares,
 * and the texts of the files the projects read (an audit sees no changes).
 */
export function configurationFor(setup: AuditSetup): Configuration {
  const key = JSON.stringify(setup);
  if (configuration?.key !== key) {
    // An audit sees no changes: its projects read each file once (the next audit starts afresh).
    const projects = new Projects(setup.boundaries, undefined, setup.maxFileSize, true);
    configuration = { key, value: new Configuration(ALL_RULES, setup.settings, setup.boundaries, projects) };
  }
  return configuration.value;
}

/** Drops this thread's configuration, so that the next audit reads the projects afresh (`auditPaths` does, first). */
export function forgetConfiguration(): void {
  configuration = undefined;
}

/**
 * Reads and analyses one file. Never throws: a file that cannot be read or analysed is
 * skipped with the reason. The text is kept only when there are findings (for line hashes
 * and snippets), so that memory stays proportional to what is reported.
 */
export async function analyzeFile(path: string, audit: AuditSetup): Promise<FileOutcome> {
  const kind = fileKindOf(path) ?? 'python';
  const setup = configurationFor(audit).forFile(path);
  if (setup.excluded) return { kind: 'excluded' };
  const reading = phaseClock.enabled ? performance.now() : 0;
  const source = readSourceText(path, audit.maxFileSize);
  if (phaseClock.enabled) phaseClock.add('read', performance.now() - reading);
  if ('skipped' in source) return { kind: 'skipped', reason: source.skipped };
  const { text } = source;
  const failedRules = new Set<string>();
  let findings: Finding[];
  const otherFilesRead = new Set<string>();
  try {
    findings = await analyzeSource(text, kind, setup.registry, {
      file: setup.file,
      flow: audit.flow,
      otherFilesRead,
      onRuleError(rule: AnyRule, error: unknown) {
        // A rule bug must not hide the other rules' findings; say it once per rule and file.
        if (failedRules.has(rule.meta.id)) return;
        failedRules.add(rule.meta.id);
        process.stderr.write(`pyward: internal error in rule ${rule.meta.id} on ${path}: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    });
  } catch (error) {
    return { kind: 'skipped', reason: `analysis failed (${error instanceof Error ? error.message : String(error)})` };
  }
  const outcome: FileOutcome = { kind: 'analyzed', lines: countLines(text), findings };
  if (setup.problems.length > 0) outcome.problems = setup.problems;
  if (findings.length > 0) outcome.text = text;
  if (otherFilesRead.size > 0) outcome.otherFilesRead = [...otherFilesRead].sort();
  return outcome;
}

/** Lines as an editor numbers them: a final line without a line break counts; an empty file has none. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 13) {
      lines++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  const last = text.charCodeAt(text.length - 1);
  return last === 10 || last === 13 ? lines : lines + 1;
}

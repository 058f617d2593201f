// Analysing one file on disk: what the in-process audit and each worker thread run per file.
import { Configuration, type UserSettings } from '../engine/config/configuration';
import type { Finding } from '../engine/finding';
import { analyzePython } from '../engine/index';
import { ALL_RULES } from '../rules/index';
import { readSourceText } from './walk';

export type FileOutcome =
  | { kind: 'analyzed'; lines: number; findings: Finding[]; text?: string; problems?: readonly string[] }
  | { kind: 'skipped'; reason: string }
  | { kind: 'excluded' };

let configuration: { settings: string; value: Configuration } | undefined;

/** The configuration for these user settings, built once per thread (it caches pyproject files). */
export function configurationFor(settings: UserSettings): Configuration {
  const key = JSON.stringify(settings);
  if (configuration?.settings !== key) configuration = { settings: key, value: new Configuration(ALL_RULES, settings) };
  return configuration.value;
}

/**
 * Reads and analyses one file. Never throws: a file that cannot be read or analysed is
 * skipped with the reason. The text is kept only when there are findings (for line hashes
 * and snippets), so that memory stays proportional to what is reported.
 */
export async function analyzeFile(path: string, maxFileSize: number, settings: UserSettings = {}): Promise<FileOutcome> {
  const setup = configurationFor(settings).forFile(path);
  if (setup.excluded) return { kind: 'excluded' };
  const source = readSourceText(path, maxFileSize);
  if ('skipped' in source) return { kind: 'skipped', reason: source.skipped };
  const { text } = source;
  const failedRules = new Set<string>();
  let findings: Finding[];
  try {
    findings = await analyzePython(text, setup.registry, {
      file: setup.file,
      onRuleError(rule, error) {
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

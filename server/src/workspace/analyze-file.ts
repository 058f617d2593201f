// Analysing one file on disk: what the in-process audit and each worker thread run per file.
import type { Finding } from '../engine/finding';
import { analyzePython } from '../engine/index';
import { RuleRegistry } from '../engine/registry';
import { ALL_RULES } from '../rules/index';
import { readPythonSource } from './walk';

export type FileOutcome =
  | { kind: 'analyzed'; lines: number; findings: Finding[]; text?: string }
  | { kind: 'skipped'; reason: string };

let registry: RuleRegistry | undefined;

/** Every rule Pyward ships, indexed once per thread. */
export function defaultRegistry(): RuleRegistry {
  registry ??= new RuleRegistry(ALL_RULES);
  return registry;
}

/**
 * Reads and analyses one file. Never throws: a file that cannot be read or analysed is
 * skipped with the reason. The text is kept only when there are findings (for line hashes
 * and snippets), so that memory stays proportional to what is reported.
 */
export async function analyzeFile(path: string, maxFileSize: number): Promise<FileOutcome> {
  const source = readPythonSource(path, maxFileSize);
  if ('skipped' in source) return { kind: 'skipped', reason: source.skipped };
  const { text } = source;
  const failedRules = new Set<string>();
  let findings: Finding[];
  try {
    findings = await analyzePython(text, defaultRegistry(), {
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

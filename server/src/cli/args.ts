// Command-line parsing for `pyward`: turns argv into a command, or a usage error.
import { parseArgs } from 'node:util';
import type { UserSettings } from '../engine/config/configuration';
import type { Level } from '../engine/rule';
import { DEFAULT_MAX_FILE_SIZE } from '../workspace/walk';

export type Format = 'text' | 'json' | 'sarif';
export type FailOn = Level | 'never';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'rules'; format: 'text' | 'json' }
  | { kind: 'advisories-update' }
  | {
      kind: 'audit';
      paths: string[];
      format: Format;
      output?: string;
      failOn: FailOn;
      maxFileSize: number;
      jobs?: number;
      settings: UserSettings;
      /** Apply fixes first (`pyward fix`, `audit --fix`). */
      fix?: FixRequest;
      /** Report only findings not in this baseline file. */
      baseline?: string;
      /** Write every finding to this baseline file. */
      writeBaseline?: string;
      /** Report only findings on lines changed since this git ref. */
      diffBase?: string;
      /** Ask OSV's API about pins local advisory data does not cover (`--online`). */
      online: boolean;
    };

export interface FixRequest {
  /** Print a unified diff instead of writing the files. */
  diff: boolean;
  /** Also apply unsafe fixes and fixes that edit other files. */
  unsafe: boolean;
}

/** A mistake in the command line: exit status 2, message on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: pyward audit [PATH...] [options]
       pyward fix [PATH...] [--diff] [--unsafe-fixes] [options]
       pyward rules [--format text|json]
       pyward advisories update
       pyward --help | --version

Flags risky Python code (unsafe deserialization, code execution, shell and SQL
injection, disabled TLS verification…), hardcoded secrets, risky dependencies and
GitHub Actions workflows. Runs offline; nothing it reads is executed.

Commands:
  audit [PATH...]          Analyse the Python files, dependency manifests, workflows
                           and configuration files under each PATH, a file or a
                           folder (default: the current folder). Folders are walked
                           honouring .gitignore and skipping virtual environments,
                           caches, build outputs and symlinked folders; files named
                           explicitly are always analysed.
  fix [PATH...]            Apply each finding's safe fix (the one an editor prefers),
                           again until nothing changes, then audit as above. Fixes
                           never add suppressions; files that do not parse are left
                           alone; each changed file is replaced atomically.
  rules                    List the rules: ID, name, severity/confidence, CWE, and the
                           equivalent Bandit and Ruff checks.
  advisories update        Download OSV's current advisory exports (PyPI, GitHub
                           Actions) into $XDG_CACHE_HOME/pyward (or ~/.cache/pyward,
                           or $PYWARD_CACHE_DIR); audits then use them instead of the
                           shipped 2024-10-10 snapshot. The only command that needs
                           the network.

Options for audit:
  -f, --format FORMAT      text (default), json or sarif (SARIF 2.1.0)
  -o, --output FILE        Write the report to FILE instead of standard output
      --fail-on LEVEL      Exit with status 1 when a finding of this severity or
                           higher is found: low (default), medium, high or never
      --max-file-size BYTES
                           Skip files larger than this (default ${DEFAULT_MAX_FILE_SIZE}, 1 MiB)
  -j, --jobs N             Analyse on N threads (default: the number of CPUs)
      --profile PROFILE    recommended (default: high-signal rules) or strict (all)
      --enable RULES       Comma-separated rule IDs, names, or Bandit/Ruff codes to run
                           whatever the profile
      --disable RULES      Comma-separated rules not to run
      --all-rules-in-tests Also run in test files the rules that are off there by
                           default (assert, verify=False, no timeout, /tmp…)
      --baseline FILE      Report only findings that are not in FILE (written by
                           --write-baseline); SARIF marks each result new, unchanged
                           or absent. [tool.pyward] baseline = "FILE" does the same.
      --write-baseline FILE
                           Record every finding in FILE (by fingerprint: rule, file
                           and a hash of the flagged line; no source text) and exit 0
      --diff-base REF      Report only findings on lines changed since the git REF
                           (committed, staged or not, and untracked files)
      --ignore-project-suppressions
                           Apply nothing the audited repository says to silence
                           findings (for reviewing code you do not trust): its
                           [tool.pyward]/[tool.bandit] excludes, disables, lowered
                           severities and profile, its suppression comments
                           (# pyward: ignore, # nosec, # noqa, allow-list pragmas)
                           and its .gitignore files. What they would hide is
                           reported, marked as suppressed by the repository,
                           and counts for --fail-on; its baseline is not
                           applied either.
      --fix                Apply safe fixes first (as \`pyward fix\`)

Options for fix (and audit --fix):
      --diff               Print the fixes as a unified diff instead of writing them;
                           exit status 1 when there is something to fix
      --unsafe-fixes       Also apply fixes that change behaviour or need a human
                           choice (move a secret to .env), and fixes to other files
      --online             Also ask OSV's API (api.osv.dev, or $PYWARD_OSV_URL) about
                           pinned versions: sends package names and versions only,
                           cached for a day. Off by default: audits are offline.

Configuration: each project's pyproject.toml can set [tool.pyward] (profile, enable,
disable, severity, exclude, tests = "relaxed" | "all"); Bandit's [tool.bandit] skips and
exclude_dirs are honoured too. The project's rule settings win over these options.

  -h, --help               Show this help
  -V, --version            Show the version

Exit status: 0 when nothing at or above --fail-on was found, 1 when something was,
2 on a usage error or an I/O error. Skipped files are reported but do not change it.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  'max-file-size': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  profile: { type: 'string' },
  enable: { type: 'string', multiple: true },
  disable: { type: 'string', multiple: true },
  'all-rules-in-tests': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'diff-base': { type: 'string' },
  'ignore-project-suppressions': { type: 'boolean' },
  fix: { type: 'boolean' },
  diff: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  online: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

const AUDIT_ONLY = [
  'output',
  'fail-on',
  'max-file-size',
  'jobs',
  'profile',
  'enable',
  'disable',
  'all-rules-in-tests',
  'baseline',
  'write-baseline',
  'diff-base',
  'ignore-project-suppressions',
  'fix',
  'diff',
  'unsafe-fixes',
  'online',
] as const;

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('no command given: use `pyward audit [PATH...]`, `pyward fix [PATH...]` or `pyward rules`');

  if (command === 'rules') {
    if (rest.length > 0) throw new UsageError(`\`pyward rules\` takes no argument, got '${rest[0]}'`);
    for (const name of AUDIT_ONLY) if (values[name] !== undefined) throw new UsageError(`--${name} applies to \`pyward audit\` only`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format for \`pyward rules\` must be text or json, not '${format}'`);
    return { kind: 'rules', format };
  }

  if (command === 'advisories') {
    if (rest.length !== 1 || rest[0] !== 'update') throw new UsageError(`\`pyward advisories\` takes one subcommand, \`update\`${rest[0] ? `, not '${rest[0]}'` : ''}`);
    for (const name of [...AUDIT_ONLY, 'format'] as const) if (values[name] !== undefined) throw new UsageError(`--${name} does not apply to \`pyward advisories update\``);
    return { kind: 'advisories-update' };
  }

  if (command !== 'audit' && command !== 'fix') throw new UsageError(`unknown command '${command}': use \`pyward audit [PATH...]\`, \`pyward fix [PATH...]\` or \`pyward rules\``);
  if (command === 'fix' && values.fix) throw new UsageError('--fix is for `pyward audit`; `pyward fix` always fixes');
  const fixing = command === 'fix' || values.fix === true;
  for (const name of ['diff', 'unsafe-fixes'] as const) if (values[name] && !fixing) throw new UsageError(`--${name} applies to \`pyward fix\` and \`pyward audit --fix\` only`);
  for (const name of ['baseline', 'write-baseline', 'diff-base'] as const) if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  if (values.baseline !== undefined && values['write-baseline'] !== undefined) throw new UsageError('--baseline and --write-baseline cannot be used together');
  if (fixing && values['write-baseline'] !== undefined) throw new UsageError('--write-baseline records findings as they are: run it without fixing');

  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const failOn = values['fail-on'] ?? 'low';
  if (failOn !== 'low' && failOn !== 'medium' && failOn !== 'high' && failOn !== 'never') {
    throw new UsageError(`--fail-on must be low, medium, high or never, not '${failOn}'`);
  }
  const maxFileSize = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : integer('--max-file-size', values['max-file-size'], 0);
  const jobs = values.jobs === undefined ? undefined : integer('--jobs', values.jobs, 1);
  if (values.output !== undefined && values.output === '') throw new UsageError('--output needs a file name');
  for (const path of rest) if (path === '') throw new UsageError('an empty PATH was given');
  const profile = values.profile;
  if (profile !== undefined && profile !== 'recommended' && profile !== 'strict') throw new UsageError(`--profile must be recommended or strict, not '${profile}'`);
  const list = (option: string[] | undefined) => (option ?? []).flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
  const settings: UserSettings = {
    ...(profile !== undefined ? { profile } : {}),
    enable: list(values.enable),
    disable: list(values.disable),
    allRulesInTests: values['all-rules-in-tests'] ?? false,
    ...(values['ignore-project-suppressions'] ? { ignoreProjectSuppressions: true } : {}),
  };

  return {
    kind: 'audit',
    paths: rest.length > 0 ? rest : ['.'],
    format,
    ...(values.output !== undefined ? { output: values.output } : {}),
    failOn,
    maxFileSize,
    ...(jobs !== undefined ? { jobs } : {}),
    settings,
    ...(fixing ? { fix: { diff: values.diff ?? false, unsafe: values['unsafe-fixes'] ?? false } } : {}),
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    ...(values['write-baseline'] !== undefined ? { writeBaseline: values['write-baseline'] } : {}),
    ...(values['diff-base'] !== undefined ? { diffBase: values['diff-base'] } : {}),
    online: values.online ?? false,
  };
}

function integer(option: string, value: string, minimum: number): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} must be a whole number${minimum > 0 ? ` of at least ${minimum}` : ''}, not '${value}'`);
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < minimum) throw new UsageError(`${option} must be a whole number of at least ${minimum}, not '${value}'`);
  return number;
}

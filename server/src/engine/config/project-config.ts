// What a project says about Pyward in its pyproject.toml: `[tool.pyward]`, Bandit's
// `[tool.bandit]` (so projects moving from Bandit keep their scope), and `requires-python`.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };

// smol-toml ships CommonJS too; only its type declarations are ECMAScript-module-only.
const { parse: parseToml, TomlError } = require('smol-toml') as typeof SmolToml;
import { isLevel } from '../finding';
import type { Level, Profile } from '../rule';
import { minimumPython, type PythonVersion } from './python-version';

export interface ProjectConfig {
  /** The folder of the pyproject.toml; exclude patterns are relative to it. */
  root: string;
  path: string;
  profile?: Profile;
  enable: string[];
  disable: string[];
  severity: Record<string, Level>;
  /** gitignore-style patterns, relative to `root`. */
  exclude: string[];
  allRulesInTests?: boolean;
  minimumPython?: PythonVersion;
  /** `[tool.pyward] baseline`, made absolute from `root`. */
  baseline?: string;
  /** Data-flow additions: `sources`, `sinks`, `sanitizers` (qualified names), `untrusted-environment`. */
  flow: { sources: string[]; sinks: string[]; sanitizers: string[]; environment?: boolean };
  /** What could not be understood, for people: "tool.pyward.profile must be …". */
  problems: string[];
  /** Where each `disable` name and `exclude` pattern was written (`tool.bandit.skips`…). */
  origins: Map<string, string>;
}

/**
 * The repository-controlled settings through which a project can make Pyward report less:
 * exclude files, switch rules off, lower severities, narrow the profile, relax test files.
 * With `ignoreProjectSuppressions` (an untrusted workspace, `--ignore-project-suppressions`)
 * the configuration uses this view to choose what runs, and reports what the full
 * configuration would hide, marked. A new `[tool.pyward]` key that can hide a finding (custom
 * sanitizers, a baseline) must be emptied here too.
 */
export function withoutProjectSuppressions(config: ProjectConfig): ProjectConfig {
  return {
    ...config,
    profile: config.profile === 'strict' ? 'strict' : undefined,
    disable: [],
    severity: {},
    exclude: [],
    allRulesInTests: config.allRulesInTests === true ? true : undefined,
  };
}

/** Reads a pyproject.toml. Never throws: unreadable or malformed files come back with problems. */
export function readProjectConfig(path: string): ProjectConfig {
  const config: ProjectConfig = { root: dirname(path), path, enable: [], disable: [], severity: {}, exclude: [], flow: { sources: [], sinks: [], sanitizers: [] }, problems: [], origins: new Map() };
  let document: Record<string, unknown>;
  try {
    document = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    config.problems.push(`${path}: not valid TOML${where} (${reason}); its [tool.pyward] settings are ignored`);
    return config;
  }
  const project = table(document.project);
  const requiresPython = project?.['requires-python'] ?? table(table(table(document.tool)?.poetry)?.dependencies)?.python;
  if (typeof requiresPython === 'string') config.minimumPython = minimumPython(requiresPython);

  const bandit = table(table(document.tool)?.bandit);
  if (bandit) {
    add(config.disable, strings(bandit.skips, 'tool.bandit.skips', config), 'tool.bandit.skips', config);
    add(config.exclude, strings(bandit.exclude_dirs, 'tool.bandit.exclude_dirs', config).map((dir) => `${dir.replace(/^\.\//, '').replace(/\/$/, '')}/`), 'tool.bandit.exclude_dirs', config);
  }

  const pyward = table(table(document.tool)?.pyward);
  if (!pyward) return config;
  const known = new Set(['profile', 'enable', 'disable', 'severity', 'exclude', 'tests', 'baseline', 'sources', 'sinks', 'sanitizers', 'untrusted-environment']);
  for (const key of Object.keys(pyward)) if (!known.has(key)) config.problems.push(`${path}: unknown setting tool.pyward.${key}`);
  if (pyward.profile !== undefined) {
    if (pyward.profile === 'recommended' || pyward.profile === 'strict') config.profile = pyward.profile;
    else config.problems.push(`${path}: tool.pyward.profile must be "recommended" or "strict"`);
  }
  config.enable.push(...strings(pyward.enable, 'tool.pyward.enable', config));
  add(config.disable, strings(pyward.disable, 'tool.pyward.disable', config), 'tool.pyward.disable', config);
  add(config.exclude, strings(pyward.exclude, 'tool.pyward.exclude', config), 'tool.pyward.exclude', config);
  const severity = table(pyward.severity);
  for (const [rule, level] of Object.entries(severity ?? {})) {
    if (typeof level === 'string' && isLevel(level)) config.severity[rule] = level;
    else config.problems.push(`${path}: tool.pyward.severity.${rule} must be "low", "medium" or "high"`);
  }
  if (pyward.baseline !== undefined) {
    if (typeof pyward.baseline === 'string' && pyward.baseline !== '') config.baseline = resolve(config.root, pyward.baseline);
    else config.problems.push(`${path}: tool.pyward.baseline must be a file name`);
  }
  config.flow.sources.push(...strings(pyward.sources, 'tool.pyward.sources', config));
  config.flow.sinks.push(...strings(pyward.sinks, 'tool.pyward.sinks', config));
  config.flow.sanitizers.push(...strings(pyward.sanitizers, 'tool.pyward.sanitizers', config));
  if (pyward['untrusted-environment'] !== undefined) {
    if (typeof pyward['untrusted-environment'] === 'boolean') config.flow.environment = pyward['untrusted-environment'];
    else config.problems.push(`${path}: tool.pyward.untrusted-environment must be true or false`);
  }
  if (pyward.tests !== undefined) {
    if (pyward.tests === 'all' || pyward.tests === 'relaxed') config.allRulesInTests = pyward.tests === 'all';
    else config.problems.push(`${path}: tool.pyward.tests must be "relaxed" or "all"`);
  }
  return config;
}

function add(list: string[], values: readonly string[], key: string, config: ProjectConfig): void {
  list.push(...values);
  for (const value of values) config.origins.set(value, key);
}

function table(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function strings(value: unknown, key: string, config: ProjectConfig): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  config.problems.push(`${config.path}: ${key} must be a list of strings`);
  return [];
}

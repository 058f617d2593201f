// Which rules run on a file, and how: the user's settings (editor or command line), then the
// project's pyproject.toml, which wins for rules. One registry per distinct rule set, so that
// queries compile once.
import { flowConfigFrom } from '../flow/config';
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { type ProjectSuppressions, RuleRegistry } from '../registry';
import type { AnyRule } from '../file-rule';
import type { FileContext, Profile, Level } from '../rule';
import { DEFAULT_SELECTION, isTestPath, ruleMatches, type RuleSelection, selectRules, severityOverrides } from '../rule-selection';
import type { Projects } from '../../project/project';
import { type ProjectConfig, readProjectConfig, withoutProjectSuppressions } from './project-config';

/** Settings that come from the user rather than the project. */
export interface UserSettings {
  profile?: Profile;
  enable?: readonly string[];
  disable?: readonly string[];
  severity?: Readonly<Record<string, Level>>;
  exclude?: readonly string[];
  allRulesInTests?: boolean;
  /** Rule categories switched off (the editor's `pyward.categories`). */
  disabledCategories?: readonly string[];
  /** A baseline file (absolute path; the editor's `pyward.baseline`): findings in it are not reported. */
  baseline?: string;
  /**
   * Nothing the repository says may silence Pyward (an untrusted workspace, the CLI's
   * `--ignore-project-suppressions`): its `[tool.pyward]`/`[tool.bandit]` excludes, disables,
   * lowered severities and profile, its suppression comments and baseline are not applied, and
   * the findings they would hide are reported with `Finding.projectSuppression` saying how.
   */
  ignoreProjectSuppressions?: boolean;
}

export interface FileSetup {
  registry: RuleRegistry;
  file: FileContext;
  /** Excluded by the user's or the project's `exclude` patterns (the user's only when project suppressions are ignored). */
  excluded: boolean;
  /** Problems with the project's configuration, to show once. */
  problems: readonly string[];
  /**
   * The baseline file whose findings are not reported (absolute): the user's, else the
   * project's `[tool.pyward] baseline`; none when project suppressions are ignored.
   */
  baseline?: string;
}

interface CachedProject {
  config: ProjectConfig;
  stamp: string;
  excludes: Ignore;
  /** The exclude patterns by where they were written (`tool.pyward.exclude`…), to say which hid a file. */
  excludesByOrigin: Map<string, Ignore>;
  /** What the project silences, for test and other files, when project suppressions are ignored. */
  silenced: Map<boolean, Pick<ProjectSuppressions, 'rules' | 'severity'>>;
}

export class Configuration {
  private readonly projects = new Map<string, CachedProject>();
  /** Folder → its nearest pyproject.toml (null: none up to the boundary). */
  private readonly nearest = new Map<string, string | null>();
  private readonly registries = new Map<string, RuleRegistry>();

  constructor(
    private readonly rules: readonly AnyRule[],
    private settings: UserSettings = {},
    /** Where to stop looking for pyproject.toml (workspace folders); the filesystem root otherwise. */
    private boundaries: readonly string[] = [],
    /** Gives each file its project; without it files know only themselves. */
    private readonly workspaceProjects?: Projects,
  ) {}

  /** The repository's suppressions are not applied (an untrusted workspace): suppression comments do nothing. */
  get ignoresProjectSuppressions(): boolean {
    return this.settings.ignoreProjectSuppressions === true;
  }

  updateSettings(settings: UserSettings): void {
    this.settings = settings;
    for (const project of this.projects.values()) project.silenced.clear();
  }

  /** The workspace folders changed: projects stop at the new ones. */
  setBoundaries(boundaries: readonly string[]): void {
    this.boundaries = boundaries;
    this.workspaceProjects?.setBoundaries(boundaries);
    this.invalidate();
  }

  /** Forget cached pyproject.toml files (one changed). */
  invalidate(): void {
    this.projects.clear();
    this.nearest.clear();
  }

  /**
   * A path outside any project, from the innermost workspace folder (or audited folder) holding
   * it, else its name alone: whether it is a test or a docs build's depends on the folders inside
   * the workspace, not on where the checkout happens to live (`/home/ci/tests/repo/app.py`).
   */
  private pathInWorkspace(path: string): string {
    let from: string | undefined;
    for (const boundary of this.boundaries) {
      const inside = relative(boundary, path);
      if (inside && !inside.startsWith('..') && !isAbsolute(inside) && (from === undefined || boundary.length > from.length)) from = boundary;
    }
    return (from === undefined ? basename(path) : relative(from, path)).split(sep).join('/');
  }

  /** The rules, context and exclusion of a file at an absolute path (or none, for unsaved files). */
  forFile(path: string | undefined): FileSetup {
    const project = path ? this.projectFor(path) : undefined;
    const config = project?.config;
    const ignoring = this.settings.ignoreProjectSuppressions === true;
    const selection = this.selection(config && ignoring ? withoutProjectSuppressions(config) : config);
    const displayPath = path && config ? relative(config.root, path).split(sep).join('/') : path;
    const localPath = path === undefined ? undefined : config ? displayPath : this.pathInWorkspace(path);
    const isTest = localPath !== undefined && isTestPath(localPath);
    const file: FileContext = { path: displayPath, localPath, isTest, minimumPython: config?.minimumPython, flow: config && flowConfigFrom(config.flow) };
    if (path !== undefined && this.workspaceProjects) file.project = this.workspaceProjects.forFile(path);
    const userExcluded = path !== undefined && this.settings.exclude !== undefined && this.settings.exclude.length > 0 && matches(ignore().add([...this.settings.exclude]), path, config?.root ?? dirname(path));
    const projectExcluded = path !== undefined && config !== undefined && matches(project!.excludes, path, config.root);
    const problems = config?.problems ?? [];
    if (!ignoring) {
      const baseline = this.settings.baseline ?? config?.baseline;
      return { registry: this.registryFor(selection, isTest), file, excluded: userExcluded || projectExcluded, problems, ...(baseline !== undefined ? { baseline } : {}) };
    }
    const suppressions: ProjectSuppressions = project ? { ...this.silencedBy(project, isTest) } : { rules: new Map(), severity: new Map() };
    if (projectExcluded) suppressions.file = `\`${exclusionOrigin(project!, path!)}\` in pyproject.toml excludes this file`;
    return { registry: this.registryFor(selection, isTest, suppressions), file, excluded: userExcluded, problems };
  }

  /**
   * The rules a project switches off and the severities it sets, compared with what runs when
   * its suppressions are ignored (which runs every rule the full configuration runs, and more).
   */
  private silencedBy(project: CachedProject, isTest: boolean): Pick<ProjectSuppressions, 'rules' | 'severity'> {
    let silenced = project.silenced.get(isTest);
    if (silenced) return silenced;
    const { config } = project;
    const full = this.selection(config);
    const applied = new Set(selectRules(this.rules, full, isTest).map((rule) => rule.meta.id));
    const rules = new Map<string, string>();
    for (const rule of selectRules(this.rules, this.selection(withoutProjectSuppressions(config)), isTest)) {
      if (applied.has(rule.meta.id)) continue;
      const name = config.disable.find((disabled) => ruleMatches(rule, disabled));
      const how =
        name !== undefined
          ? `\`${config.origins.get(name) ?? 'tool.pyward.disable'}\` in pyproject.toml switches it off`
          : full.profile !== 'strict' && rule.meta.profile === 'strict'
            ? '`tool.pyward.profile = "recommended"` in pyproject.toml switches it off'
            : '`tool.pyward.tests = "relaxed"` in pyproject.toml switches it off in test files';
      rules.set(rule.meta.id, how);
    }
    const severity = new Map<string, { level: Level; how: string }>();
    for (const [name, level] of Object.entries(config.severity)) {
      for (const rule of this.rules) if (ruleMatches(rule, name)) severity.set(rule.meta.id, { level, how: `\`tool.pyward.severity\` in pyproject.toml lowers it to ${level}` });
    }
    silenced = { rules, severity };
    project.silenced.set(isTest, silenced);
    return silenced;
  }

  private selection(config: ProjectConfig | undefined): RuleSelection {
    const enable = new Set(this.settings.enable ?? []);
    const disable = new Set(this.settings.disable ?? []);
    for (const name of config?.disable ?? []) {
      disable.add(name);
      enable.delete(name);
    }
    for (const name of config?.enable ?? []) {
      enable.add(name);
      disable.delete(name);
    }
    return {
      profile: config?.profile ?? this.settings.profile ?? DEFAULT_SELECTION.profile,
      enable: [...enable],
      disable: [...disable],
      allRulesInTests: config?.allRulesInTests ?? this.settings.allRulesInTests ?? false,
      severity: { ...this.settings.severity, ...config?.severity },
      ...(this.settings.disabledCategories?.length ? { disabledCategories: this.settings.disabledCategories } : {}),
    };
  }

  private registryFor(selection: RuleSelection, isTest: boolean, suppressions?: ProjectSuppressions): RuleRegistry {
    const key = JSON.stringify([selection, isTest, suppressions && [suppressions.file, [...suppressions.rules], [...suppressions.severity]]]);
    let registry = this.registries.get(key);
    if (!registry) {
      registry = new RuleRegistry(selectRules(this.rules, selection, isTest), severityOverrides(this.rules, selection), suppressions);
      this.registries.set(key, registry);
    }
    return registry;
  }

  /** The nearest pyproject.toml above `path`, re-read when it changes on disk. */
  private projectFor(path: string): CachedProject | undefined {
    let candidate = this.nearestPyproject(dirname(path));
    let stamp = candidate === undefined ? undefined : fileStamp(candidate);
    if (candidate !== undefined && stamp === undefined) {
      // Deleted since it was found: look again, once.
      this.nearest.clear();
      candidate = this.nearestPyproject(dirname(path));
      stamp = candidate === undefined ? undefined : fileStamp(candidate);
    }
    if (candidate === undefined || stamp === undefined) return undefined;
    let cached = this.projects.get(candidate);
    if (!cached || cached.stamp !== stamp) {
      const config = readProjectConfig(candidate);
      const excludesByOrigin = new Map<string, Ignore>();
      for (const pattern of config.exclude) {
        const origin = config.origins.get(pattern) ?? 'tool.pyward.exclude';
        excludesByOrigin.set(origin, (excludesByOrigin.get(origin) ?? ignore()).add(pattern));
      }
      cached = { config, stamp, excludes: ignore().add(config.exclude), excludesByOrigin, silenced: new Map() };
      this.projects.set(candidate, cached);
    }
    return cached;
  }

  /** The pyproject.toml nearest above a folder, remembered per folder (a workspace has thousands of files). */
  private nearestPyproject(dir: string): string | undefined {
    const known = this.nearest.get(dir);
    if (known !== undefined) return known ?? undefined;
    const candidate = join(dir, 'pyproject.toml');
    let found: string | undefined;
    if (fileStamp(candidate) !== undefined) found = candidate;
    else if (!this.boundaries.includes(dir) && dirname(dir) !== dir) found = this.nearestPyproject(dirname(dir));
    this.nearest.set(dir, found ?? null);
    return found;
  }
}

/** Which of the project's settings excludes a file it excludes. */
function exclusionOrigin(project: CachedProject, path: string): string {
  for (const [origin, patterns] of project.excludesByOrigin) if (matches(patterns, path, project.config.root)) return origin;
  return 'tool.pyward.exclude';
}

function fileStamp(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? `${stat.mtimeMs}:${stat.size}` : undefined;
  } catch {
    return undefined;
  }
}

function matches(patterns: Ignore, path: string, root: string): boolean {
  const relativePath = relative(root, path).split(sep).join('/');
  if (relativePath === '' || relativePath.startsWith('..')) return false;
  return patterns.ignores(relativePath);
}


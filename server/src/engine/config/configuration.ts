// Which rules run on a file, and how: the user's settings (editor or command line), then the
// project's pyproject.toml, which wins for rules. One registry per distinct rule set, so that
// queries compile once.
import { flowConfigFrom } from '../flow/config';
import { statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { RuleRegistry } from '../registry';
import type { AnyRule } from '../file-rule';
import type { FileContext, Profile, Level } from '../rule';
import { DEFAULT_SELECTION, isTestPath, type RuleSelection, selectRules, severityOverrides } from '../rule-selection';
import type { Projects } from '../../project/project';
import { type ProjectConfig, readProjectConfig } from './project-config';

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
}

export interface FileSetup {
  registry: RuleRegistry;
  file: FileContext;
  /** Excluded by the user's or the project's `exclude` patterns. */
  excluded: boolean;
  /** Problems with the project's configuration, to show once. */
  problems: readonly string[];
}

interface CachedProject {
  config: ProjectConfig | undefined;
  stamp: string;
  excludes: Ignore;
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

  updateSettings(settings: UserSettings): void {
    this.settings = settings;
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

  /** The rules, context and exclusion of a file at an absolute path (or none, for unsaved files). */
  forFile(path: string | undefined): FileSetup {
    const project = path ? this.projectFor(path) : undefined;
    const config = project?.config;
    const selection = this.selection(config);
    const displayPath = path && config ? relative(config.root, path).split(sep).join('/') : path;
    const isTest = displayPath !== undefined && isTestPath(displayPath);
    const file: FileContext = { path: displayPath, isTest, minimumPython: config?.minimumPython, flow: config && flowConfigFrom(config.flow) };
    if (path !== undefined && this.workspaceProjects) file.project = this.workspaceProjects.forFile(path);
    const userExcluded = path !== undefined && this.settings.exclude !== undefined && this.settings.exclude.length > 0 && matches(ignore().add([...this.settings.exclude]), path, config?.root ?? dirname(path));
    const projectExcluded = path !== undefined && config !== undefined && matches(project!.excludes, path, config.root);
    return { registry: this.registryFor(selection, isTest), file, excluded: userExcluded || projectExcluded, problems: config?.problems ?? [] };
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

  private registryFor(selection: RuleSelection, isTest: boolean): RuleRegistry {
    const key = JSON.stringify([selection, isTest]);
    let registry = this.registries.get(key);
    if (!registry) {
      registry = new RuleRegistry(selectRules(this.rules, selection, isTest), severityOverrides(this.rules, selection));
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
      cached = { config, stamp, excludes: ignore().add(config.exclude) };
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


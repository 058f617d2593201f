// What the server writes to the editor's output channel ("Pyward"), so a user can see what ran
// and on what: at start-up the version, the rules, the shipped data's dates, the settings and
// trust; per audit the configuration files that applied and the files they excluded.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { UserSettings } from '../engine/config/configuration';
import { type ProjectConfig, readProjectConfig } from '../engine/config/project-config';
import { popularPackages } from '../supply-chain/package-names';
import { stdlibVersions } from '../supply-chain/stdlib';
import type { AuditResult } from '../workspace/audit';

/** The shipped data and how recent it is (data/README.md). Never throws: missing data is said. */
export function dataDates(): string[] {
  const lines: string[] = [];
  try {
    const months = popularPackages().map((p) => p.latestReleaseMonth).filter((month) => month !== '');
    lines.push(`PyPI names and popularity: ${popularPackages().length} popular projects, latest release seen ${months.reduce((a, b) => (a > b ? a : b), '') || 'unknown'}`);
  } catch (error) {
    lines.push(`PyPI data unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const versions = stdlibVersions();
    lines.push(`standard-library modules of Python ${versions[0]}–${versions[versions.length - 1]}`);
  } catch (error) {
    lines.push(`standard-library data unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
  return lines;
}

export function startupLines(version: string, ruleCount: number, folders: readonly string[], ignoreProjectSuppressions: boolean): string[] {
  return [
    `Pyward ${version}: ${ruleCount} rules`,
    ...dataDates().map((line) => `data: ${line}`),
    `workspace: ${folders.length === 0 ? 'no folder open' : folders.join(', ')}${ignoreProjectSuppressions ? ' (untrusted: the repository’s own suppressions are not applied)' : ''}`,
    ...folders.flatMap((folder) => (existsSync(join(folder, 'pyproject.toml')) ? [projectConfigLine(readProjectConfig(join(folder, 'pyproject.toml')), ignoreProjectSuppressions)] : [])),
  ];
}

/** The user's settings that differ from the defaults, in one line. */
export function settingsLine(settings: UserSettings): string {
  const parts: string[] = [];
  if (settings.profile) parts.push(`profile ${settings.profile}`);
  if (settings.enable?.length) parts.push(`enable ${settings.enable.join(', ')}`);
  if (settings.disable?.length) parts.push(`disable ${settings.disable.join(', ')}`);
  if (settings.severity && Object.keys(settings.severity).length > 0) parts.push(`severity ${Object.entries(settings.severity).map(([rule, level]) => `${rule}=${level}`).join(', ')}`);
  if (settings.exclude?.length) parts.push(`exclude ${settings.exclude.join(', ')}`);
  if (settings.allRulesInTests) parts.push('all rules in tests');
  if (settings.disabledCategories?.length) parts.push(`categories off: ${settings.disabledCategories.join(', ')}`);
  return `settings: ${parts.length === 0 ? 'defaults' : parts.join('; ')}`;
}

/** What one pyproject.toml says to Pyward. */
export function projectConfigLine(config: ProjectConfig, ignored: boolean): string {
  const parts: string[] = [];
  if (config.profile) parts.push(`profile ${config.profile}`);
  if (config.enable.length > 0) parts.push(`enable ${config.enable.join(', ')}`);
  if (config.disable.length > 0) parts.push(`disable ${config.disable.join(', ')}`);
  if (Object.keys(config.severity).length > 0) parts.push(`severity ${Object.entries(config.severity).map(([rule, level]) => `${rule}=${level}`).join(', ')}`);
  if (config.exclude.length > 0) parts.push(`exclude ${config.exclude.join(', ')}`);
  if (config.allRulesInTests !== undefined) parts.push(`tests ${config.allRulesInTests ? 'all' : 'relaxed'}`);
  for (const problem of config.problems) parts.push(`problem: ${problem}`);
  const said = parts.length === 0 ? 'no Pyward or Bandit settings' : parts.join('; ');
  return `configuration: ${config.path}: ${said}${ignored && parts.length > 0 ? ' (suppressions not applied: untrusted workspace)' : ''}`;
}

/** Per audit: its settings, the configuration files found, the files they excluded, what was skipped. */
export function auditLines(result: AuditResult, settings: UserSettings, milliseconds: number): string[] {
  const findings = result.files.reduce((sum, file) => sum + file.findings.length, 0);
  const lines = [`audit of ${result.root}: ${result.files.length} files analysed, ${findings} findings, ${result.skipped.length} skipped, ${result.excluded?.length ?? 0} excluded, in ${milliseconds} ms`, settingsLine(settings)];
  const ignored = settings.ignoreProjectSuppressions === true;
  for (const file of result.files) if (file.relativePath.split('/').pop() === 'pyproject.toml') lines.push(projectConfigLine(readProjectConfig(file.path), ignored));
  for (const excluded of result.excluded ?? []) lines.push(`audit: excluded ${excluded} (exclude patterns)`);
  for (const skipped of result.skipped) lines.push(`audit: skipped ${skipped.relativePath}: ${skipped.reason}`);
  for (const problem of result.configurationProblems) lines.push(`configuration problem: ${problem}`);
  return lines;
}

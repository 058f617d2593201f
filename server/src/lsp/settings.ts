// The `pyward.*` settings of the editor, read defensively: a wrong value is ignored, not fatal.
import type { UserSettings } from '../engine/config/configuration';
import { isLevel } from '../engine/finding';
import type { Level } from '../engine/rule';

export const SETTINGS_SECTION = 'pyward';

/** `pyward.profile`, `pyward.rules.enable|disable|severity`, `pyward.exclude`, `pyward.testFiles`, `pyward.categories`. */
export function userSettingsFrom(raw: unknown): UserSettings {
  const settings: UserSettings = {};
  if (!isObject(raw)) return settings;
  if (raw.profile === 'recommended' || raw.profile === 'strict') settings.profile = raw.profile;
  const rules = isObject(raw.rules) ? raw.rules : {};
  const enable = stringList(rules.enable);
  const disable = stringList(rules.disable);
  if (enable.length > 0) settings.enable = enable;
  if (disable.length > 0) settings.disable = disable;
  if (isObject(rules.severity)) {
    const severity: Record<string, Level> = {};
    for (const [rule, level] of Object.entries(rules.severity)) if (typeof level === 'string' && isLevel(level)) severity[rule] = level;
    settings.severity = severity;
  }
  const exclude = stringList(raw.exclude);
  if (exclude.length > 0) settings.exclude = exclude;
  if (raw.testFiles === 'all') settings.allRulesInTests = true;
  // `pyward.categories.secrets`, … (one boolean setting each, which VS Code hands over as the
  // object `categories: { secrets: false, … }`, as the older object setting wrote it too), or a
  // list of the categories to switch off.
  const off = Array.isArray(raw.categories)
    ? stringList(raw.categories)
    : isObject(raw.categories)
      ? Object.entries(raw.categories).filter(([, on]) => on === false).map(([category]) => category)
      : [];
  if (off.length > 0) settings.disabledCategories = off;
  // `pyward.baseline`: a baseline file; the server makes a relative one absolute from the workspace folder.
  if (typeof raw.baseline === 'string' && raw.baseline.trim() !== '') settings.baseline = raw.baseline.trim();
  return settings;
}

/** `pyward.advisories.online`: ask OSV's API about pinned versions (off unless set to true). */
export function onlineAdvisoriesFrom(raw: unknown): boolean {
  return isObject(raw) && isObject(raw.advisories) && raw.advisories.online === true;
}

/** `pyward.maxFileSize`: bytes, above which the workspace audit skips a file; undefined for the default. */
export function maxFileSizeFrom(raw: unknown): number | undefined {
  if (!isObject(raw)) return undefined;
  const value = raw.maxFileSize;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

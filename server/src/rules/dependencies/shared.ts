// What the dependency rules share: the kinds of file they read, the manifest of the checked
// file, and the version a fix pins a dependency to.
import type { FileKind } from '../../engine/file-kind';
import type { FileRuleContext } from '../../engine/file-rule';
import type { TextEdit } from '../../engine/fixer';
import type { Manifest, Requirement } from '../../manifests/model';
import { fileManifest } from '../../manifests/parse';
import { lockedVersion, projectPath } from '../../manifests/project-manifests';
import { installedDistributions } from '../../project/environment';

/**
 * Every manifest kind, and Python for `setup.py` (the manifest parser ignores other Python
 * files; the engine runs file rules on Python files once it is wired to).
 */
export const MANIFEST_RULE_KINDS: readonly FileKind[] = ['requirements', 'pyproject', 'pylock', 'setup-cfg', 'pipfile', 'python'];

/** The checked file's manifest, with its path made project-relative. */
export function manifestOf(context: FileRuleContext): Manifest | undefined {
  return fileManifest(context);
}

export function filePath(context: FileRuleContext): string {
  return projectPath(context.project, context.file.path ?? '');
}

/** `requests` or `requests[socks]`: how messages name a requirement. */
export function displayName(requirement: Requirement): string {
  return requirement.name || requirement.url?.url || requirement.localPath || 'this requirement';
}

export interface KnownVersion {
  version: string;
  /** For fix titles and messages: "installed in the virtual environment", "locked". */
  source: string;
}

/** The version to pin to: the one installed in the project's environment, else the locked one. */
export function knownVersion(context: FileRuleContext, normalized: string): KnownVersion | undefined {
  const installed = installedDistributions(context.project).get(normalized);
  if (installed?.version) return { version: installed.version, source: 'installed' };
  const locked = lockedVersion(context.project, normalized);
  if (locked) return { version: locked, source: 'locked' };
  return undefined;
}

/** The edit that pins a requirement to `==version`, replacing its specifier or adding one. */
export function pinEdit(requirement: Requirement, version: string): TextEdit | undefined {
  if (requirement.specifierRange) return { ...requirement.specifierRange, newText: `==${version}` };
  if (requirement.specifierInsertAt !== undefined) return { start: requirement.specifierInsertAt, end: requirement.specifierInsertAt, newText: `==${version}` };
  return undefined;
}

// The manifests of a whole project, for rules that need more than the file they check: is there
// a lock file, which version does it lock, what does the project declare (the import rules ask).
//
// API (kept stable for other rules):
//   projectManifests(project)          every manifest found on disk, parsed, cached per project
//   hasLockFile(project)               whether installs are reproducible from a lock
//   lockedVersion(project, normalized) the version a lock file (or a fully pinned file) pins
//   projectPath(project, path)         a file path as the manifests name it (project-relative)
import { type Dirent, readdirSync } from 'node:fs';
import { isAbsolute, posix, relative } from 'node:path';
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { fileKindOf, LOCK_FILE_NAMES } from '../engine/file-kind';
import type { ProjectContext } from '../engine/project';
import { isExcludedDirectory } from '../workspace/walk';
import { type Include, type Manifest, manifestKindOf } from './model';
import { normalizeName } from './normalize';
import { parseManifest } from './parse';
import { parseNoxInstalls, parseToxDeps } from './task-runners';

const { parse: parseToml } = require('smol-toml') as typeof SmolToml;

/** Lock files by name, besides `pylock*.toml` and pinned requirements files. */
const LOCK_FILES: readonly string[] = LOCK_FILE_NAMES;

/**
 * Every manifest of the project: those at its root (requirements*.txt, *.in, pyproject.toml,
 * pylock*.toml, setup.cfg, setup.py, Pipfile), requirements files one folder down
 * (`docs/requirements.txt`, `ci/requirements-dev.txt`), those in a `requirements/` folder at
 * the root or one folder down (`tests/requirements/py3.txt`), the dependencies tox.ini and
 * noxfile.py install, and every file reached from them through `-r`/`-c`. Paths are
 * project-relative with forward slashes.
 * Files that cannot be read are left out; parse problems are in each manifest's `problems`.
 */
export function projectManifests(project: ProjectContext): Manifest[] {
  return project.fact('manifests', discoverManifests);
}

/** One manifest of the project by project-relative path (parsed once per project state). */
export function manifestAt(project: ProjectContext, path: string): Manifest | undefined {
  const cache = project.fact('manifests:by-path', () => new Map<string, Manifest | null>());
  if (!cache.has(path)) cache.set(path, readManifest(project, path) ?? null);
  return cache.get(path) ?? undefined;
}

/** Whether the project pins what it installs in a lock file (so ranges elsewhere are resolved from it). */
export function hasLockFile(project: ProjectContext): boolean {
  return project.fact('manifests:has-lock', (p) => {
    if (rootEntries(p).some((name) => LOCK_FILES.includes(name) || /^pylock(\.[^.]+)?\.toml$/i.test(name))) return true;
    return projectManifests(p).some(isLockLike);
  });
}

/** The version of a distribution (normalized name) pinned by the project's lock files, if any. */
export function lockedVersion(project: ProjectContext, normalizedName: string): string | undefined {
  return project.fact('manifests:locked-versions', readLockedVersions).get(normalizeName(normalizedName));
}

/** A requirements file whose every requirement is `==`-pinned, or a pip-compile output: a lock. */
export function isLockLike(manifest: Manifest): boolean {
  if (manifest.kind === 'pylock' || manifest.kind.endsWith('-lock')) return true;
  if (manifest.kind !== 'requirements') return false;
  if (manifest.compiled) return true;
  const named = manifest.requirements.filter((requirement) => !requirement.localPath && !requirement.url);
  return named.length > 0 && named.every((requirement) => requirement.pinnedVersion !== undefined);
}

/** `path` relative to the project root, with forward slashes (as manifests name files). */
export function projectPath(project: ProjectContext, path: string): string {
  const slashed = path.replace(/\\/g, '/');
  if (project.root && isAbsolute(path)) {
    const inside = relative(project.root, path).replace(/\\/g, '/');
    if (!inside.startsWith('../')) return inside;
  }
  return slashed;
}

/** The project-relative path an include names, resolved against the including file's folder. */
export function resolveInclude(from: string, include: Include): string {
  if (isAbsolute(include.target) || /^[A-Za-z]:[\\/]/.test(include.target)) return include.target.replace(/\\/g, '/');
  return posix.normalize(posix.join(posix.dirname(from), include.target.replace(/\\/g, '/')));
}

/** An include pip cannot follow offline: a URL, or a path with `${VAR}` in it. */
export function isUncheckableInclude(include: Include): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(include.target) || include.target.includes('${');
}

/**
 * The chain of files by which `include` (in the file at `from`) leads back to `from`, or
 * undefined when it does not: `["b.txt", "c.txt", "a.txt"]`.
 */
export function includeCycle(project: ProjectContext, from: string, include: Include): string[] | undefined {
  const start = resolveInclude(from, include);
  const seen = new Set<string>();
  const walk = (path: string, chain: string[]): string[] | undefined => {
    if (path === from) return chain;
    if (seen.has(path)) return undefined;
    seen.add(path);
    const manifest = manifestAt(project, path);
    for (const next of manifest?.includes ?? []) {
      if (isUncheckableInclude(next)) continue;
      const target = resolveInclude(path, next);
      const found = walk(target, [...chain, target]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

function readManifest(project: ProjectContext, path: string): Manifest | undefined {
  const kind = manifestKindOf(fileKindOf(path) ?? 'requirements', path) ?? (path.endsWith('.py') ? undefined : 'requirements');
  if (!kind) return undefined;
  const text = project.readText(path);
  if (text === undefined) return undefined;
  try {
    return parseManifest(text, kind, path);
  } catch {
    // A grammar not loaded yet (outside a rule run): the file is skipped, not fatal.
    return undefined;
  }
}

function rootEntries(project: ProjectContext): string[] {
  if (!project.root) return [];
  try {
    return readdirSync(project.root, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

function discoverManifests(project: ProjectContext): Manifest[] {
  const candidates: string[] = [];
  for (const name of rootEntries(project)) {
    const kind = fileKindOf(name);
    // Lock files hold the whole resolved tree, not what the project declares: read on their own.
    if (kind && kind !== 'lock' && manifestKindOf(kind, name)) candidates.push(name);
  }
  candidates.push(...requirementsFolder(project, 'requirements'));
  for (const folder of subfolders(project)) {
    for (const entry of listFolder(project, folder)) {
      if (entry.isFile() && /requirements.*\.(txt|in)$/i.test(entry.name)) candidates.push(`${folder}/${entry.name}`);
    }
    candidates.push(...requirementsFolder(project, `${folder}/requirements`));
  }
  const manifests: Manifest[] = [];
  const seen = new Set<string>();
  const visit = (path: string, manifest = manifestAt(project, path)) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (!manifest) return;
    manifests.push(manifest);
    for (const include of manifest.includes) if (!isUncheckableInclude(include)) visit(resolveInclude(path, include));
  };
  for (const path of candidates.sort()) visit(path);
  const tox = project.readText('tox.ini');
  if (tox !== undefined) visit('tox.ini', parseToxDeps(tox, 'tox.ini'));
  const nox = project.readText('noxfile.py');
  if (nox !== undefined) visit('noxfile.py', parseNoxInstalls(nox, 'noxfile.py'));
  return manifests;
}

/** The requirements files in a `requirements/` folder (project-relative), if there is one. */
function requirementsFolder(project: ProjectContext, folder: string): string[] {
  return listFolder(project, folder)
    .filter((entry) => entry.isFile() && fileKindOf(`requirements/${entry.name}`) === 'requirements')
    .map((entry) => `${folder}/${entry.name}`);
}

/** The root's folders that may hold manifests (not environments, VCS or build output). */
function subfolders(project: ProjectContext): string[] {
  return listFolder(project, '')
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !isExcludedDirectory(entry.name) && entry.name !== 'requirements')
    .map((entry) => entry.name)
    .slice(0, 200);
}

function listFolder(project: ProjectContext, folder: string): Dirent[] {
  if (!project.root) return [];
  try {
    return readdirSync(folder ? posix.join(project.root.replace(/\\/g, '/'), folder) : project.root, { withFileTypes: true });
  } catch {
    return [];
  }
}

function readLockedVersions(project: ProjectContext): Map<string, string> {
  const versions = new Map<string, string>();
  const set = (name: unknown, version: unknown) => {
    if (typeof name !== 'string' || typeof version !== 'string' || version === '') return;
    const key = normalizeName(name);
    if (!versions.has(key)) versions.set(key, version.replace(/^==/, ''));
  };
  for (const file of ['poetry.lock', 'uv.lock', 'pdm.lock']) {
    const text = project.readText(file);
    if (text === undefined) continue;
    try {
      const document = parseToml(text) as { package?: { name?: unknown; version?: unknown }[] };
      for (const entry of Array.isArray(document.package) ? document.package : []) set(entry?.name, entry?.version);
    } catch {
      // A malformed lock file locks nothing.
    }
  }
  const pipfileLock = project.readText('Pipfile.lock');
  if (pipfileLock !== undefined) {
    try {
      const document = JSON.parse(pipfileLock) as Record<string, unknown>;
      for (const section of ['default', 'develop']) {
        const packages = document[section];
        if (packages && typeof packages === 'object') for (const [name, entry] of Object.entries(packages as Record<string, { version?: unknown }>)) set(name, entry?.version);
      }
    } catch {
      // Not JSON: nothing locked.
    }
  }
  const manifests = projectManifests(project);
  for (const manifest of [...manifests.filter((m) => m.kind === 'pylock'), ...manifests.filter((m) => m.kind === 'requirements')]) {
    for (const requirement of manifest.requirements) set(requirement.name, requirement.pinnedVersion);
  }
  return versions;
}

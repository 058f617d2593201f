// The project's virtual environment: which distributions are installed and which import names
// each provides. Read from `*.dist-info` (and legacy `*.egg-info`) folders in site-packages:
// `METADATA` for the name and version, `top_level.txt` and `RECORD` for the modules. Nothing
// is executed; files are only read.
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ProjectContext } from '../engine/project';

export interface InstalledDistribution {
  /** The name as its METADATA spells it ("PyYAML"). */
  name: string;
  version: string;
  /**
   * Top-level import names it provides ("yaml", "_yaml"); through a namespace package without
   * an `__init__.py` (`google`), also the dotted names down to its packages ("google.protobuf").
   */
  importNames: string[];
}

/** Folder names of virtual environments looked for at the project's root, in this order. */
const VENV_NAMES = ['.venv', 'venv', 'env', '.env', 'virtualenv'];

/** A marker file that makes its folder a virtual environment. */
const VENV_MARKER = 'pyvenv.cfg';

/** How deep namespace folders are followed (`azure.keyvault.secrets`). */
const MAX_NAMESPACE_DEPTH = 4;

const TOP_LEVEL_FILE = /^([A-Za-z_]\w*)(?:\.[\w-]+)*\.(?:py|pyc|pyd|so|pyi)$/;
const INIT_FILE = /^__init__\.(py|pyc|pyi|so|pyd)$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** RECORD files above this size are not read (the huge ones list thousands of files of one package). */
const MAX_RECORD_SIZE = 16 * 1024 * 1024;

/** PEP 503 normalization: lower case, runs of `-`, `_` and `.` become one `-`. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The installed distributions of the project's environment, by normalized name (empty without one). */
export function installedDistributions(project: ProjectContext): Map<string, InstalledDistribution> {
  return project.fact('environment', readEnvironment);
}

/**
 * The normalized names of the distributions that provide `module` (a top-level name, or a
 * dotted one, matched by its longest installed prefix: "google.protobuf" to protobuf even when
 * several distributions share the `google` namespace). Empty when nothing installed provides it.
 */
export function distributionsForImport(project: ProjectContext, module: string): string[] {
  const index = project.fact('environment-import-index', buildImportIndex);
  const parts = module.split('.');
  for (let length = Math.min(parts.length, MAX_NAMESPACE_DEPTH); length > 0; length--) {
    const found = index.get(parts.slice(0, length).join('.'));
    if (found) return found;
  }
  return [];
}

/** Whether the project has a virtual environment we could read. */
export function hasEnvironment(project: ProjectContext): boolean {
  return project.fact('environment-site-packages', findSitePackages).length > 0;
}

function buildImportIndex(project: ProjectContext): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [normalized, distribution] of installedDistributions(project)) {
    for (const name of distribution.importNames) {
      const list = index.get(name);
      if (!list) index.set(name, [normalized]);
      else if (!list.includes(normalized)) list.push(normalized);
    }
  }
  return index;
}

function readEnvironment(project: ProjectContext): Map<string, InstalledDistribution> {
  const installed = new Map<string, InstalledDistribution>();
  for (const sitePackages of project.fact('environment-site-packages', findSitePackages)) {
    for (const entry of listDirectory(sitePackages)) {
      if (!entry.isDirectory()) continue;
      const folder = join(sitePackages, entry.name);
      const distribution = entry.name.endsWith('.dist-info')
        ? readDistInfo(folder, 'METADATA')
        : entry.name.endsWith('.egg-info')
          ? readDistInfo(folder, 'PKG-INFO')
          : undefined;
      if (!distribution) continue;
      const key = normalize(distribution.name);
      // The first environment found wins, as the first site-packages on sys.path would.
      if (!installed.has(key)) installed.set(key, distribution);
    }
  }
  return installed;
}

/** The site-packages folders of the project's virtual environments. */
function findSitePackages(project: ProjectContext): string[] {
  const root = project.root;
  if (!root) return [];
  const environments: string[] = [];
  const selected = selectedInterpreterEnvironment(project);
  if (selected) environments.push(selected);
  for (const name of VENV_NAMES) environments.push(join(root, name));
  // Any other folder at the root that is a virtual environment (`.venv-3.12`, `py312`).
  for (const entry of listDirectory(root)) if (entry.isDirectory()) environments.push(join(root, entry.name));
  const found: string[] = [];
  for (const environment of new Set(environments)) {
    if (!isFile(join(environment, VENV_MARKER))) continue;
    for (const sitePackages of sitePackagesOf(environment)) if (!found.includes(sitePackages)) found.push(sitePackages);
  }
  return found;
}

/** `lib/python3.X/site-packages` (POSIX, also `lib64`) and `Lib/site-packages` (Windows). */
function sitePackagesOf(environment: string): string[] {
  const folders: string[] = [];
  for (const lib of ['lib', 'lib64']) {
    for (const entry of listDirectory(join(environment, lib))) {
      if (entry.isDirectory() && /^(python|pypy)3/.test(entry.name)) {
        const candidate = join(environment, lib, entry.name, 'site-packages');
        if (isDirectory(candidate)) folders.push(candidate);
      }
    }
  }
  const windows = join(environment, 'Lib', 'site-packages');
  if (isDirectory(windows) && !folders.includes(windows)) folders.push(windows);
  return folders;
}

/**
 * The environment of the interpreter chosen in `.vscode/settings.json`
 * (`python.defaultInterpreterPath`, or the older `python.pythonPath`), when it is a venv's
 * `bin/python` or `Scripts\python.exe`.
 */
function selectedInterpreterEnvironment(project: ProjectContext): string | undefined {
  const root = project.root;
  if (!root) return undefined;
  const settings = project.readText(join(root, '.vscode', 'settings.json'));
  if (!settings) return undefined;
  const match = /"python\.(?:defaultInterpreterPath|pythonPath)"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(settings);
  if (!match) return undefined;
  let interpreter = match[1].replace(/\\\\/g, '\\').replace(/\$\{workspaceFolder\}/g, root);
  if (!isAbsolute(interpreter)) interpreter = resolve(root, interpreter);
  const environment = interpreter.replace(/[\\/](?:bin|Scripts)[\\/][^\\/]+$/, '');
  return environment === interpreter ? undefined : environment;
}

function readDistInfo(folder: string, metadataFile: string): InstalledDistribution | undefined {
  const metadata = readSmallText(join(folder, metadataFile), 4 * 1024 * 1024);
  if (metadata === undefined) return undefined;
  const { name, version } = parseMetadataHeaders(metadata);
  if (!name) return undefined;
  const importNames = new Set<string>();
  const topLevel = readSmallText(join(folder, 'top_level.txt'), 1024 * 1024);
  if (topLevel !== undefined) {
    for (const line of topLevel.split(/\r?\n/)) {
      const module = line.trim().replace(/[\\/]/g, '.');
      if (/^[A-Za-z_][\w.]*$/.test(module)) importNames.add(module);
    }
  }
  // RECORD is the whole file list (megabytes for some): read only when top_level.txt is missing
  // or names a namespace folder, whose dotted parts it then lists.
  const sitePackages = dirname(folder);
  const needsRecord = topLevel === undefined || importNames.size === 0 || [...importNames].some((module) => isNamespaceFolder(join(sitePackages, module)));
  const record = needsRecord ? (readSmallText(join(folder, 'RECORD'), MAX_RECORD_SIZE) ?? readSmallText(join(folder, 'installed-files.txt'), MAX_RECORD_SIZE)) : undefined;
  if (record !== undefined) for (const module of modulesFromRecord(record)) importNames.add(module);
  return { name, version: version ?? '', importNames: [...importNames] };
}

/** `Name:` and `Version:` from the RFC 822 headers of METADATA / PKG-INFO. */
export function parseMetadataHeaders(text: string): { name?: string; version?: string } {
  let name: string | undefined;
  let version: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    const header = /^(Name|Version):\s*(.*?)\s*$/i.exec(line);
    if (!header) continue;
    if (header[1].toLowerCase() === 'name') name ??= header[2];
    else version ??= header[2];
  }
  return { name, version };
}

/**
 * The import names a RECORD's paths install: `pkg/__init__.py` → `pkg`, `mod.py` → `mod`,
 * `_ext.cpython-312-x86_64-linux-gnu.so` → `_ext`; through namespace folders (no `__init__.py`
 * directly in them), every prefix down to the first real package or module:
 * `google/cloud/storage/__init__.py` → `google`, `google.cloud`, `google.cloud.storage`.
 * Paths outside site-packages (`../../bin/x`), metadata folders and caches are ignored.
 */
export function modulesFromRecord(record: string): string[] {
  const modules = new Set<string>();
  /** Folder prefixes ("google", "google/cloud") down to MAX_NAMESPACE_DEPTH. */
  const folders = new Set<string>();
  const packages = new Set<string>();
  for (const line of record.split('\n')) {
    const path = recordPath(line);
    if (!path || path.startsWith('../') || path.startsWith('__pycache__/')) continue;
    let slash = path.indexOf('/');
    if (slash === -1) {
      const module = TOP_LEVEL_FILE.exec(path)?.[1];
      if (module && module !== '__init__') modules.add(module);
      continue;
    }
    for (let depth = 1; slash !== -1 && depth <= MAX_NAMESPACE_DEPTH; depth++) {
      folders.add(path.slice(0, slash));
      const next = path.indexOf('/', slash + 1);
      if (next === -1 && INIT_FILE.test(path.slice(slash + 1))) packages.add(path.slice(0, slash));
      slash = next;
    }
  }
  for (const folder of folders) {
    const segments = folder.split('/');
    if (!segments.every((segment) => IDENTIFIER.test(segment)) || segments[0] === '__pycache__') continue;
    // A folder counts when every folder above it is a namespace (has no __init__.py).
    let parent = '';
    let reachable = true;
    for (const segment of segments.slice(0, -1)) {
      parent = parent ? `${parent}/${segment}` : segment;
      if (packages.has(parent)) reachable = false;
    }
    if (reachable) modules.add(segments.join('.'));
  }
  return [...modules];
}

/** The path field of a RECORD line (CSV: path,hash,size; a path with a comma is quoted). */
function recordPath(line: string): string | undefined {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!trimmed) return undefined;
  if (trimmed.startsWith('"')) {
    const end = trimmed.indexOf('"', 1);
    return end > 0 ? trimmed.slice(1, end) : undefined;
  }
  const comma = trimmed.indexOf(',');
  const path = comma >= 0 ? trimmed.slice(0, comma) : trimmed;
  return path.includes('\\') ? path.replace(/\\/g, '/') : path;
}

function listDirectory(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A folder in site-packages without `__init__.py`: shared by several distributions. */
function isNamespaceFolder(path: string): boolean {
  return isDirectory(path) && !isFile(join(path, '__init__.py'));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readSmallText(path: string, maxSize: number): string | undefined {
  try {
    if (statSync(path).size > maxSize) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

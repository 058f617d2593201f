// File discovery: which files a path names (Python source, manifests, workflows, configuration
// that may hold secrets), and reading one safely.
//
// Folders are walked without following symlinked directories (no loops, no escaping the tree),
// skipping version-control folders, virtual environments, caches, build outputs and whatever
// `.gitignore` files ignore: those of the enclosing git repository from its root down (plus
// `.git/info/exclude`), and the nested ones met on the way. Outside a git repository the
// `.gitignore` files from the walked folder down still apply. A path named explicitly is always
// taken: a file is analysed whatever its name and even if ignored, and a folder is walked even if
// it is ignored or excluded by name (the rules still apply to what is inside it). A repository
// under review (`ignoreProjectSuppressions`) could hide a file with its own ignore files, so then
// the files they ignore are taken and listed (`Discovery.ignoredByRepository`); the built-in
// exclusions (virtual environments, node_modules…) still apply.
import { closeSync, constants, type Dirent, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore = require('ignore');
import type { UserSettings } from '../engine/config/configuration';
import { type FileKind, fileKindOf, TEXT_KINDS } from '../engine/file-kind';
import { decodePythonSource } from './source-encoding';

/** Files larger than this are skipped unless `--max-file-size` says otherwise: 1 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** How much of a file is searched for a NUL byte to tell it is binary. */
const BINARY_PROBE = 8 * 1024;

/** Folder names never walked into (unless named explicitly). */
const EXCLUDED_DIRECTORIES = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  'site-packages',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  // Jupyter's autosaved copies of the notebooks beside it.
  '.ipynb_checkpoints',
  'build',
  'dist',
]);

/** The kinds a workspace walk picks up. */
const AUDITED_KINDS: ReadonlySet<FileKind> = new Set(['python', 'notebook', ...TEXT_KINDS]);

/** A marker file that makes its folder a virtual environment. */
const VENV_MARKER = 'pyvenv.cfg';

export interface SkippedPath {
  /** Absolute path. */
  path: string;
  reason: string;
}

export interface Discovery {
  /** The deepest folder holding every path given; reports are relative to it. */
  root: string;
  /** Absolute paths of the files to analyse, deduplicated, sorted by their path from `root`. */
  files: string[];
  /** Files and folders left out for a reason other than ignore rules and excluded folders. */
  skipped: SkippedPath[];
  /** Files taken although ignore files ignore them (`DiscoveryOptions.gitignore` false). */
  ignoredByRepository: ReadonlySet<string>;
}

/** A path named on the command line does not exist (or cannot be looked at). */
export class PathError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'PathError';
  }
}

interface Matcher {
  /** The folder the .gitignore sits in (the git root for `.git/info/exclude`). */
  base: string;
  rules: ignore.Ignore;
}

export interface DiscoveryOptions {
  /** Whether `.gitignore` files and `.git/info/exclude` leave files out (default true); when false, the files they ignore are taken and listed. */
  gitignore?: boolean;
}

/** A repository under review (`ignoreProjectSuppressions`) cannot hide files with its ignore files. */
export function discoveryOptions(settings: UserSettings | undefined): DiscoveryOptions {
  return { gitignore: settings?.ignoreProjectSuppressions !== true };
}

/** Finds the files Pyward reads (see `fileKindOf`) under `paths` (files or folders). */
export async function discoverFiles(paths: readonly string[], options: DiscoveryOptions = {}): Promise<Discovery> {
  if (paths.length === 0) paths = ['.'];
  const walk: Walk = { files: new Set(), skipped: new Map(), honourIgnoreFiles: options.gitignore !== false, ignored: new Set() };
  const { files, skipped } = walk;
  const anchors: string[] = [];
  const walks: string[] = [];

  for (const given of paths) {
    const absolute = resolve(given);
    let stats;
    try {
      stats = await stat(absolute);
    } catch (error) {
      const code = errorCode(error);
      const what = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : describeError(error);
      throw new PathError(given, code, `${given}: ${what}`);
    }
    if (stats.isDirectory()) {
      anchors.push(absolute);
      walks.push(absolute);
    } else {
      anchors.push(dirname(absolute));
      if (stats.isFile()) files.add(absolute);
      else skipped.set(absolute, 'not a regular file');
    }
  }

  for (const folder of walks) {
    await walkFolder(folder, await ancestorMatchers(folder), true, false, walk);
  }

  const root = commonFolder(anchors);
  const sortKey = (path: string) => relative(root, path).split(sep);
  return {
    root,
    files: [...files].map((path) => ({ path, key: sortKey(path) })).sort((a, b) => compareSegments(a.key, b.key)).map((entry) => entry.path),
    skipped: [...skipped]
      .map(([path, reason]) => ({ path, reason, key: sortKey(path) }))
      .sort((a, b) => compareSegments(a.key, b.key))
      .map(({ path, reason }) => ({ path, reason })),
    ignoredByRepository: walk.ignored,
  };
}

interface Walk {
  files: Set<string>;
  skipped: Map<string, string>;
  /** Whether ignore files leave files out; when not, the files they ignore are listed in `ignored`. */
  honourIgnoreFiles: boolean;
  ignored: Set<string>;
}

/** Walks a folder; `ignoredAbove`: an ignore file ignores the folder itself (only when they are not honoured). */
async function walkFolder(folder: string, inherited: readonly Matcher[], explicit: boolean, ignoredAbove: boolean, walk: Walk): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    walk.skipped.set(folder, `folder unreadable (${describeError(error)})`);
    return;
  }
  if (!explicit && entries.some((entry) => entry.name === VENV_MARKER && !entry.isDirectory())) return;

  let matchers = inherited;
  const ignoreFile = entries.find((entry) => entry.name === '.gitignore' && (entry.isFile() || entry.isSymbolicLink()));
  if (ignoreFile) {
    const rules = await loadIgnoreFile(join(folder, '.gitignore'));
    if (rules) matchers = [...inherited, { base: folder, rules }];
  }

  // The subfolders are read side by side (the order found does not matter: the files are sorted).
  const subfolders: Promise<void>[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (isExcludedDirectory(entry.name)) continue;
      const ignored = ignoredAbove || isIgnored(matchers, path, true);
      if (ignored && walk.honourIgnoreFiles) continue;
      subfolders.push(walkFolder(path, matchers, false, ignored, walk));
    } else if (isAnalysedFile(path)) {
      const ignored = ignoredAbove || isIgnored(matchers, path, false);
      if (ignored && walk.honourIgnoreFiles) continue;
      if (!(await isFileOrLinkToOne(entry, path))) continue;
      walk.files.add(path);
      if (ignored) walk.ignored.add(path);
    }
  }
  await Promise.all(subfolders);
}

/** A link to a file is taken; a link to a folder is never followed, a dangling one has nothing to analyse. */
async function isFileOrLinkToOne(entry: Dirent, path: string): Promise<boolean> {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Whether a file found in a walk is one we analyse: a kind we read, that the audit supports. */
function isAnalysedFile(path: string): boolean {
  const kind = fileKindOf(path);
  return kind !== undefined && AUDITED_KINDS.has(kind);
}

export function isExcludedDirectory(name: string): boolean {
  return EXCLUDED_DIRECTORIES.has(name) || name.endsWith('.egg-info');
}

/**
 * Whether the .gitignore files in `matchers` (outermost first) ignore `path`. A deeper file
 * overrides a shallower one, as in git: the last matcher with an opinion decides.
 */
function isIgnored(matchers: readonly Matcher[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { base, rules } of matchers) {
    const relativePath = relative(base, path);
    if (relativePath === '' || relativePath.startsWith('..')) continue;
    const result = rules.test(toPosix(relativePath) + (isDirectory ? '/' : ''));
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * The ignore rules that apply to `folder` from above it: the git root's `.git/info/exclude`
 * and the `.gitignore` files from the git root down to the folder's parent. When these ignore
 * the folder itself, it was named explicitly anyway, so they are dropped.
 */
async function ancestorMatchers(folder: string): Promise<Matcher[]> {
  const gitRoot = findGitRoot(folder);
  if (gitRoot === undefined) return [];
  const matchers: Matcher[] = [];
  const exclude = await loadIgnoreFile(join(gitRoot, '.git', 'info', 'exclude'));
  if (exclude) matchers.push({ base: gitRoot, rules: exclude });
  if (folder !== gitRoot) {
    const chain: string[] = [];
    for (let dir = dirname(folder); ; dir = dirname(dir)) {
      chain.unshift(dir);
      if (dir === gitRoot || dirname(dir) === dir) break;
    }
    for (const dir of chain) {
      const rules = await loadIgnoreFile(join(dir, '.gitignore'));
      if (rules) matchers.push({ base: dir, rules });
    }
  }
  // The folder was named on purpose: if these rules ignore it, only the rules inside it count.
  return isIgnored(matchers, folder, true) ? [] : matchers;
}

/** The nearest folder at or above `folder` holding `.git` (a folder, or a file for worktrees). */
export function findGitRoot(folder: string): string | undefined {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

async function loadIgnoreFile(path: string): Promise<ignore.Ignore | undefined> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  return ignore({ allowRelativePaths: true }).add(content);
}

/** The deepest folder containing every folder in `folders` (absolute paths). */
export function commonFolder(folders: readonly string[]): string {
  if (folders.length === 0) return resolve('.');
  let common = folders[0].split(sep);
  for (const folder of folders.slice(1)) {
    const parts = folder.split(sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  const joined = common.join(sep);
  // On POSIX the root splits into ['', ...]; on Windows a drive ('C:') needs its separator.
  return joined === '' || /^[A-Za-z]:$/.test(joined) ? joined + sep : joined;
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Compares code unit by code unit: the same order in every locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders paths folder by folder, so that a folder's files stay together. */
export function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const order = compareStrings(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

export type SourceRead = { text: string } | { skipped: string };

/**
 * Reads a Python file for analysis, or says why it is skipped: larger than `maxFileSize`,
 * binary (a NUL byte in its first 8 KiB), not valid in its encoding (UTF-8 unless a PEP 263
 * `# coding:` line declares another), unreadable or not a regular file. A UTF-8 byte order
 * mark is dropped, so offsets count from the first character after it.
 */
export function readSourceText(path: string, maxFileSize: number = DEFAULT_MAX_FILE_SIZE): SourceRead {
  let fd: number;
  try {
    // Non-blocking, so that a FIFO put in place of the file cannot hang the read.
    fd = openSync(path, constants.O_NONBLOCK === undefined ? 'r' : constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { skipped: `unreadable (${describeError(error)})` };
  }
  let data: Buffer;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { skipped: 'not a regular file' };
    if (stats.size > maxFileSize) {
      return { skipped: `too large (${stats.size} bytes; the limit is ${maxFileSize}, see --max-file-size)` };
    }
    data = readFileSync(fd);
  } catch (error) {
    return { skipped: `unreadable (${describeError(error)})` };
  } finally {
    closeSync(fd);
  }
  if (data.length > maxFileSize) return { skipped: `too large (${data.length} bytes; the limit is ${maxFileSize}, see --max-file-size)` };
  if (data.subarray(0, BINARY_PROBE).includes(0)) return { skipped: 'binary (NUL byte in the first 8 KiB)' };
  return decodePythonSource(data);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** "EACCES: permission denied" from a Node.js system error, without the path it repeats. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = errorCode(error);
    const message = error.message.replace(/, \w+ '.*'$/, '');
    return code && !message.startsWith(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}

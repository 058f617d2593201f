// The project's own modules: top-level import names that resolve to code in the workspace, so
// that importing them can never fetch anything from PyPI. Found by a bounded walk of the
// project's folders (never into virtual environments, node_modules, VCS or build folders):
// every package root (a folder with `__init__.py` whose parent has none), every module beside
// a script (a `.py` file outside any package, whose folder is on `sys.path` when it runs),
// every namespace package (a folder of `.py` files without `__init__.py`), at the root, under
// `src/` or deeper; plus the project's own name from its metadata. Separately, every module
// and package name found at any depth: code that puts a folder on `sys.path` (a conftest, a
// test runner, a script) imports those by bare name, so such a name is never a dependency to add.
import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectContext } from '../engine/project';
import { isExcludedDirectory } from '../workspace/walk';

/** How deep below the root the walk goes. */
const MAX_DEPTH = 8;
/** How many folders the walk reads at most: a huge monorepo gets a partial (but still useful) answer. */
const MAX_FOLDERS = 20_000;

const PYTHON_SOURCE = /^([A-Za-z_]\w*)\.(py|pyi|pyx|pyw)$/;
const EXTENSION_MODULE = /^([A-Za-z_]\w*)\.(?:[\w-]+\.)?(so|pyd)$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

interface ProjectModules {
  /** Importable by their bare name from the project's roots. */
  topLevel: Set<string>;
  /** Every module and package name at any depth (`tests/helpers.py` → `helpers`). */
  anywhere: Set<string>;
  /** Django URLconfs: every `urls.py`, and the modules of every `urls` package (absolute paths). */
  urlConfs: string[];
}

/** Top-level import names the project itself provides. */
export function firstPartyModules(project: ProjectContext): Set<string> {
  return projectModules(project).topLevel;
}

/**
 * Whether a module or package of this name exists anywhere in the project: what a folder put on
 * `sys.path` at run time (a conftest's `sys.path.insert`, a test runner) makes importable.
 */
export function isProjectModuleName(project: ProjectContext, module: string): boolean {
  return projectModules(project).anywhere.has(module.split('.', 1)[0]);
}

function projectModules(project: ProjectContext): ProjectModules {
  return project.fact('first-party-modules', computeFirstParty);
}

/** The project's Django URLconfs (`urls.py`, `urls/*.py`), found by the same walk. */
export function djangoUrlConfs(project: ProjectContext): readonly string[] {
  return projectModules(project).urlConfs;
}

/** Whether `module`'s top-level name is one of the project's own. */
export function isFirstParty(project: ProjectContext, module: string): boolean {
  return firstPartyModules(project).has(module.split('.', 1)[0]);
}

function computeFirstParty(project: ProjectContext): ProjectModules {
  const modules = new Set<string>();
  const anywhere = new Set<string>();
  const urlConfs: string[] = [];
  const root = project.root;
  if (!root) return { topLevel: modules, anywhere, urlConfs };
  for (const name of ownProjectNames(project)) modules.add(name);
  let budget = MAX_FOLDERS;
  // Breadth first, so that the budget goes to the shallow folders that matter most.
  let level: { folder: string; insidePackage: boolean }[] = [{ folder: root, insidePackage: false }];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0 && budget > 0; depth++) {
    const next: typeof level = [];
    for (const { folder, insidePackage } of level) {
      if (budget-- <= 0) break;
      const entries = listDirectory(folder);
      if (entries.some((entry) => entry.name === 'pyvenv.cfg')) continue;
      const isPackage = entries.some((entry) => entry.isFile() && /^__init__\.(py|pyi|pyx)$/.test(entry.name));
      const hasSources = entries.some((entry) => entry.isFile() && PYTHON_SOURCE.test(entry.name));
      const name = lastSegment(folder);
      if (depth > 0 && !insidePackage && (isPackage || hasSources) && IDENTIFIER.test(name)) modules.add(name);
      if (depth > 0 && (isPackage || hasSources) && IDENTIFIER.test(name)) anywhere.add(name);
      for (const entry of entries) {
        const module = entry.isFile() ? PYTHON_SOURCE.exec(entry.name) : null;
        if (module && module[1] !== '__init__') anywhere.add(module[1]);
        if (entry.isFile() && (entry.name === 'urls.py' || (name === 'urls' && module?.[2] === 'py'))) urlConfs.push(join(folder, entry.name));
      }
      if (!isPackage) {
        // A script folder: its modules import each other by their bare names.
        for (const entry of entries) {
          if (!entry.isFile()) continue;
          const module = PYTHON_SOURCE.exec(entry.name) ?? EXTENSION_MODULE.exec(entry.name);
          if (module && module[1] !== '__init__') modules.add(module[1]);
        }
      }
      for (const entry of entries) {
        if (!entry.isDirectory() || isSkippedFolder(entry.name)) continue;
        // A package's subfolders are its subpackages, never top-level names.
        next.push({ folder: join(folder, entry.name), insidePackage: isPackage });
      }
    }
    level = next;
  }
  for (const name of modules) anywhere.add(name);
  return { topLevel: modules, anywhere, urlConfs: urlConfs.sort() };
}

function isSkippedFolder(name: string): boolean {
  return isExcludedDirectory(name) || name.startsWith('.') || name.endsWith('.egg-info') || name.endsWith('.dist-info') || name === 'env';
}

/** The project's distribution name as an import name ("my-app" → "my_app"), from its metadata. */
function ownProjectNames(project: ProjectContext): string[] {
  const names: string[] = [];
  const add = (name: string | undefined) => {
    if (!name) return;
    const module = name.trim().replace(/[-.]/g, '_');
    if (IDENTIFIER.test(module)) names.push(module, module.toLowerCase());
  };
  const pyproject = project.readText('pyproject.toml');
  if (pyproject) {
    // `name = "…"` in [project] or [tool.poetry]; a light read, the manifest parsers do the rest.
    let section = '';
    for (const line of pyproject.split(/\r?\n/)) {
      const header = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(line);
      if (header) section = header[1].trim();
      else if (section === 'project' || section === 'tool.poetry') add(/^\s*name\s*=\s*["']([^"']+)["']/.exec(line)?.[1]);
    }
  }
  const setupCfg = project.readText('setup.cfg');
  if (setupCfg) {
    let section = '';
    for (const line of setupCfg.split(/\r?\n/)) {
      const header = /^\s*\[([^\]]+)\]/.exec(line);
      if (header) section = header[1].trim();
      else if (section === 'metadata') add(/^\s*name\s*=\s*(\S+)/.exec(line)?.[1]);
    }
  }
  const setupPy = project.readText('setup.py');
  if (setupPy) add(/\bname\s*=\s*["']([^"']+)["']/.exec(setupPy)?.[1]);
  return names;
}

function lastSegment(folder: string): string {
  return folder.split(/[\\/]/).filter(Boolean).pop() ?? folder;
}

function listDirectory(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

// What an import statement's module is, for the supply-chain import rules (PWD201–PWD204):
// the standard library, the project's own code, an installed or known distribution, a slip of a
// popular name, or a name nobody has registered on PyPI. Shared by the four rules, and by the
// import census script.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../../engine/rule';
import type { ProjectContext } from '../../engine/project';
import type { Manifest, Requirement } from '../../manifests/model';
import { projectManifests } from '../../manifests/project-manifests';
import { distributionsForImport, installedDistributions } from '../../project/environment';
import { isFirstParty, isProjectModuleName } from '../../project/first-party';
import { knownDistributionsForModule, importNameOfDistribution, listedModules } from '../../supply-chain/import-names';
import { normalizeName } from '../../supply-chain/normalize';
import { existsOnPyPI, isPopular, popularityRank } from '../../supply-chain/package-names';
import { isPython2StdlibModule, isStdlibModule } from '../../supply-chain/stdlib';
import { findTyposquat, matchTyposquat } from '../../supply-chain/typosquat';
import { loadAdvisories } from '../../advisories/database';

/** One module an import statement names. */
export interface ImportedModule {
  /** The module as written: `google.cloud` in `from google.cloud import storage`. */
  module: string;
  /** Its `dotted_name` node: what findings point at and fixes rewrite. */
  node: Node;
  /**
   * The longest names the statement may import, for namespace packages:
   * `from google.cloud import storage` → `google.cloud.storage` (a submodule or an attribute).
   */
  deepest: string[];
}

/** Conditions an import sits under that change how much its absence matters. */
export interface ImportGuards {
  /** In a `try:` whose `except` catches ImportError (or in that handler): an optional dependency. */
  optional: boolean;
  /** Under `if TYPE_CHECKING:`: never imported at run time. */
  typeChecking: boolean;
  /** Under `if sys.platform …` / `os.name` / `platform.system()`: one platform's dependency. */
  platform: boolean;
  /** Inside a function: imported only when called, the usual way to use an optional dependency. */
  lazy: boolean;
}

export interface DistributionRef {
  /** As PyPI or METADATA spells it (`PyYAML`). */
  name: string;
  normalized: string;
  /** The installed version, when installed. */
  version?: string;
}

export type Resolution =
  /** The standard library, `__future__`, the project's own code: nothing to install. */
  | { kind: 'builtin' | 'first-party' }
  | ExternalResolution;

/** What a module outside the standard library and the workspace resolves to. */
export type ExternalResolution =
  /**
   * Comes (or would come) from these distributions; `installed` when the environment has one;
   * `byName` when only the import name matching a PyPI project says so (nothing installed or
   * listed provides it): it may as well be a local module this analysis cannot see.
   */
  | { kind: 'third-party'; distributions: DistributionRef[]; installed: boolean; byName?: boolean }
  /** One slip from a popular import name, and nothing installed or listed provides it. */
  | { kind: 'typosquat'; intended: string; intendedDistribution: string; reason: string; registered: boolean }
  /** No such project on PyPI, and nothing installed or in the workspace provides it. */
  | { kind: 'unknown' };

/** The modules an `import` / `from … import` statement names; none for relative imports. */
export function importedModules(statement: Node): ImportedModule[] {
  const names = () => statement.childrenForFieldName('name').filter((n): n is Node => !!n);
  const dottedOf = (n: Node) => (n.type === 'aliased_import' ? n.childForFieldName('name') : n);
  if (statement.type === 'import_statement') {
    return names().flatMap((n) => {
      const dotted = dottedOf(n);
      return dotted && dotted.type === 'dotted_name' ? [{ module: dotted.text, node: dotted, deepest: [dotted.text] }] : [];
    });
  }
  if (statement.type !== 'import_from_statement') return [];
  const module = statement.childForFieldName('module_name');
  if (!module || module.type !== 'dotted_name') return [];
  const moduleName = module.text;
  // The imported names matter only for a third-party namespace package: read when asked.
  let deepest: string[] | undefined;
  return [
    {
      module: moduleName,
      node: module,
      get deepest() {
        deepest ??= names().flatMap((n) => {
          const dotted = dottedOf(n);
          return dotted && dotted.type === 'dotted_name' ? [`${moduleName}.${dotted.text}`] : [];
        });
        return deepest.length > 0 ? deepest : [moduleName];
      },
    },
  ];
}

const IMPORT_ERRORS = /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;
const PLATFORM_TESTS = /\b(sys\.platform|os\.name|platform\.(system|machine|win32_ver|mac_ver)|IS_WINDOWS|WINDOWS|MS_WINDOWS|is_windows)\b/;

export function importGuards(statement: Node): ImportGuards {
  const guards: ImportGuards = { optional: false, typeChecking: false, platform: false, lazy: false };
  let child = statement;
  for (let up = statement.parent; up; child = up, up = up.parent) {
    if (up.type === 'function_definition') guards.lazy = true;
    if (up.type === 'try_statement') {
      const body = up.childForFieldName('body');
      if (body?.id === child.id && up.namedChildren.some((c) => c?.type === 'except_clause' && catchesImportError(c))) guards.optional = true;
    } else if (up.type === 'except_clause') {
      // The fallback of `try: import a` / `except ImportError: import b` is optional too.
      if (catchesImportError(up)) guards.optional = true;
    } else if (up.type === 'if_statement') {
      const condition = up.childForFieldName('condition');
      if (!condition || condition.id === child.id) continue;
      if (/^(typing\.)?TYPE_CHECKING$/.test(condition.text.trim()) && up.childForFieldName('consequence')?.id === child.id) guards.typeChecking = true;
      // Any branch of an `if`/`elif` chain that tests the platform holds one platform's imports.
      const conditions = [condition, ...up.namedChildren.filter((c) => c?.type === 'elif_clause').map((c) => c!.childForFieldName('condition'))];
      if (conditions.some((c) => c && PLATFORM_TESTS.test(c.text))) guards.platform = true;
    }
  }
  return guards;
}

/** An `except` clause that catches ImportError: by name, a base class, a tuple with it, or bare. */
function catchesImportError(clause: Node): boolean {
  const caught = clause.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
  if (!caught) return true;
  return IMPORT_ERRORS.test(caught.text);
}

/** Popular import names that differ from their distribution's, for the slip check beside findTyposquat. */
let listedByLength: Map<number, { module: string; rank: number }[]> | undefined;

/**
 * Loads the shipped name data (about a quarter of a second) before the first check, which
 * would otherwise pay for it inside a rule call. The import rules share it as their `prepare`.
 */
export function prepareImportData(): void {
  // The malicious-package guard of the import rules reads the advisories.
  loadAdvisories();
  isStdlibModule('os');
  knownDistributionsForModule('yaml');
  existsOnPyPI('requests');
  findTyposquat('reqeusts');
}

/** What `imported` is, for the file (and its project, when known). Memoized per project. */
export function resolveImport(imported: ImportedModule, file: FileContext): Resolution {
  const project = file.project?.root ? file.project : undefined;
  const top = imported.module.split('.', 1)[0];
  if (top === '__future__' || isStdlibModule(top, file.minimumPython) || isStdlibModule(top) || isPython2StdlibModule(top) || isInterpreterProvided(imported.module)) return { kind: 'builtin' };
  if (project && isFirstParty(project, top)) return { kind: 'first-party' };
  const key = `${imported.module}|${imported.deepest.join(',')}`;
  const cache = project ? project.fact('import-resolutions', () => new Map<string, Resolution>()) : noProjectCache;
  let found = cache.get(key);
  if (!found) {
    found = resolveThirdParty(imported, top, project);
    cache.set(key, found);
  }
  return found;
}

const noProjectCache = new Map<string, Resolution>();

/** Modules the interpreter itself provides: site hooks, and other Pythons' runtimes (Jython). */
const INTERPRETER_MODULES = new Set(['sitecustomize', 'usercustomize', 'java', 'javax']);

function isInterpreterProvided(module: string): boolean {
  return INTERPRETER_MODULES.has(module.split('.', 1)[0]) || module === 'org.python' || module.startsWith('org.python.');
}

/**
 * Whether a project of this name could exist on PyPI at all: names start and end with a letter
 * or digit (PEP 508). `_parent_foo` or `__hello__` can never be registered, so never squatted.
 */
export function isRegistrableName(name: string): boolean {
  return /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name);
}

/**
 * A registered name only counts as a slip of a name at least this popular: that project may be
 * what the author meant, unless the name it resembles is far more common.
 */
const REGISTERED_SLIP_MAX_RANK = 1000;

function resolveThirdParty(imported: ImportedModule, top: string, project: ProjectContext | undefined): Resolution {
  if (project) {
    const installed = installedDistributions(project);
    for (const name of [...imported.deepest, imported.module]) {
      const normalized = distributionsForImport(project, name);
      if (normalized.length > 0) {
        return {
          kind: 'third-party',
          installed: true,
          distributions: normalized.map((key) => ({ name: installed.get(key)?.name ?? key, normalized: key, version: installed.get(key)?.version || undefined })),
        };
      }
    }
  }
  for (const name of [...imported.deepest, imported.module]) {
    const listed = knownDistributionsForModule(name);
    if (listed) return { kind: 'third-party', installed: false, distributions: listed.map((d) => ({ name: d, normalized: normalizeName(d) })) };
  }
  // A module of that name somewhere in the project, made importable by a `sys.path` change.
  if (project && isProjectModuleName(project, top)) return { kind: 'first-party' };
  if (isPopular(top)) return { kind: 'third-party', installed: false, byName: true, distributions: [{ name: top, normalized: normalizeName(top) }] };
  // A name nobody can register is nobody's to squat: a local module we could not see.
  if (!isRegistrableName(top)) return { kind: 'first-party' };
  const slip = importSlip(top);
  if (slip) return slip;
  if (existsOnPyPI(top)) return { kind: 'third-party', installed: false, byName: true, distributions: [{ name: top, normalized: normalizeName(top) }] };
  return { kind: 'unknown' };
}

/** `top` is one slip from a popular import name (a distribution's, or a listed one like `sklearn`). */
function importSlip(top: string): Resolution | undefined {
  if (isPopular(top)) return undefined;
  const registered = existsOnPyPI(top);
  const match = matchTyposquat(top);
  // Nearness alone (a name absent from PyPI, a standard-library name in another case) is a
  // manifest's evidence: an import of a name nobody registered is as often a module added to
  // sys.path at run time, and PWD204 reports it as not on PyPI.
  const squat = match && match.kind !== 'unregistered' && match.kind !== 'stdlib' ? match : undefined;
  if (squat && (!registered || squat.intendedRank <= REGISTERED_SLIP_MAX_RANK)) {
    const intended = importNameOfDistribution(squat.intended);
    if (intended !== top) return { kind: 'typosquat', intended, intendedDistribution: squat.intended, reason: squat.reason, registered };
  }
  // Listed import names (`sklearn`, `cv2`, `bs4`) whose distributions are popular.
  if (top.length < 5) return undefined;
  if (!listedByLength) {
    listedByLength = new Map();
    for (const module of listedModules()) {
      if (module.includes('.')) continue;
      const distribution = knownDistributionsForModule(module)![0];
      // Same-name entries (`matplotlib`) are findTyposquat's, with its stricter rules.
      if (normalizeName(module) === normalizeName(distribution)) continue;
      const rank = popularityRank(distribution);
      if (rank === undefined || rank > 3000) continue;
      const list = listedByLength.get(module.length) ?? [];
      list.push({ module, rank });
      listedByLength.set(module.length, list);
    }
  }
  for (const length of [top.length - 1, top.length, top.length + 1]) {
    for (const { module, rank } of listedByLength.get(length) ?? []) {
      if (registered && rank > REGISTERED_SLIP_MAX_RANK) continue;
      const reason = oneSlip(top, module);
      if (reason) return { kind: 'typosquat', intended: module, intendedDistribution: normalizeName(knownDistributionsForModule(module)![0]), reason, registered };
    }
  }
  return undefined;
}

/** How `typed` differs from `intended` by one edit (Damerau), or undefined. Case-insensitive. */
export function oneSlip(typed: string, intended: string): string | undefined {
  const a = typed.toLowerCase();
  const b = intended.toLowerCase();
  if (a === b) return undefined;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return 'one letter changed';
    if (diffs.length === 2 && diffs[1] === diffs[0] + 1 && a[diffs[0]] === b[diffs[1]] && a[diffs[1]] === b[diffs[0]]) return 'two letters swapped';
    return undefined;
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  if (longer.length !== shorter.length + 1) return undefined;
  for (let i = 0; i < longer.length; i++) {
    if (longer.slice(0, i) + longer.slice(i + 1) === shorter) return a.length > b.length ? 'one letter added' : 'one letter left out';
  }
  return undefined;
}


export interface Declaration {
  manifest: Manifest;
  requirement: Requirement;
}

/** The project's manifests when it has any (undeclared/unpinned checks need them), else undefined. */
export function manifestsOf(file: FileContext): Manifest[] | undefined {
  const project = file.project;
  if (!project?.root) return undefined;
  const manifests = projectManifests(project);
  return manifests.some(declaresDependencies) ? manifests : undefined;
}

/**
 * Whether a manifest is where the project lists what it runs with. A pyproject.toml or
 * setup.cfg that only configures tools (or only lists build requirements) is not: a project
 * with nothing else has not started declaring its dependencies, so nothing is "undeclared".
 */
function declaresDependencies(manifest: Manifest): boolean {
  if (manifest.kind !== 'pyproject' && manifest.kind !== 'setup-cfg' && manifest.kind !== 'setup-py') return true;
  return manifest.requirements.some((requirement) => requirement.group !== 'build-system');
}

/** Where the project declares one of `distributions`, run-time lists first; undefined when nowhere. */
export function declarationOf(manifests: readonly Manifest[], distributions: readonly DistributionRef[]): Declaration | undefined {
  const wanted = new Set(distributions.map((d) => d.normalized));
  let found: Declaration | undefined;
  for (const manifest of manifests) {
    for (const requirement of manifest.requirements) {
      if (!wanted.has(requirement.normalized)) continue;
      if (requirement.pinnedVersion !== undefined) return { manifest, requirement };
      found ??= { manifest, requirement };
    }
  }
  return found;
}

/** Whether the project's own distribution (an editable install of itself) is among them. */
export function isOwnDistribution(project: ProjectContext | undefined, distributions: readonly DistributionRef[]): boolean {
  if (!project?.root) return false;
  const own = projectManifests(project)
    .filter((m) => m.kind === 'pyproject' || m.kind === 'setup-cfg' || m.kind === 'setup-py')
    .map((m) => ownNameIn(project.readText(m.path) ?? '', m.kind))
    .filter((name): name is string => !!name);
  return distributions.some((d) => own.includes(d.normalized));
}

function ownNameIn(text: string, kind: Manifest['kind']): string | undefined {
  const match = kind === 'setup-py' ? /\bname\s*=\s*["']([^"']+)["']/.exec(text) : kind === 'setup-cfg' ? /^\s*name\s*=\s*(\S+)/m.exec(text) : /^\s*name\s*=\s*["']([^"']+)["']/m.exec(text);
  return match ? normalizeName(match[1]) : undefined;
}

/** 1-based line of an offset in a manifest's text, for messages. */
export function lineAt(project: ProjectContext, path: string, offset: number): number {
  const text = project.readText(path) ?? '';
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Names projects give their own modules (`lib`, `utils`, `config`): when nothing installed or
 * listed provides one, an import of it is a local module the analysis did not find (generated,
 * or on a path set at run time), not a dependency to add because PyPI has a project so named.
 */
const LOCAL_MODULE_NAMES = new Set([
  'lib', 'libs', 'utils', 'util', 'common', 'config', 'configs', 'settings', 'helpers', 'helper', 'core', 'app', 'apps',
  'api', 'models', 'constants', 'db', 'database', 'test', 'tests', 'main', 'src', 'tools', 'scripts', 'base', 'server',
  'client', 'data', 'shared', 'local_settings', 'version', 'views', 'forms', 'tasks', 'schemas', 'services', 'handlers',
]);

/** Whether a by-name resolution is more likely the project's own module than a dependency. */
export function looksLocal(resolution: ExternalResolution, module: string): boolean {
  return resolution.kind === 'third-party' && resolution.byName === true && LOCAL_MODULE_NAMES.has(module.split('.', 1)[0].toLowerCase());
}

/** The statement types the import rules trigger on (`from __future__` is a type of its own). */
export const IMPORT_STATEMENTS = ['import_statement', 'import_from_statement'];

/**
 * Each module of the statement with what it resolves to, skipping relative imports, the
 * standard library and the project's own code.
 */
export function thirdPartyImports(statement: Node, file: FileContext): readonly ThirdPartyImport[] {
  const memo = resolvedStatements.get(statement);
  if (memo?.file === file) return memo.found;
  const found: ThirdPartyImport[] = [];
  let guards: ImportGuards | undefined;
  for (const imported of importedModules(statement)) {
    const resolution = resolveImport(imported, file);
    if (resolution.kind === 'builtin' || resolution.kind === 'first-party') continue;
    guards ??= importGuards(statement);
    found.push({ imported, resolution: resolution as ExternalResolution, guards });
  }
  resolvedStatements.set(statement, { file, found });
  return found;
}

export interface ThirdPartyImport {
  imported: ImportedModule;
  resolution: ExternalResolution;
  guards: ImportGuards;
}

/**
 * The import rules run one after another on the same statement node: its imports are resolved
 * once. The node object is new each time the statement is analysed again (after an edit or a
 * change in the project's facts), so nothing outlives one analysis of it.
 */
const resolvedStatements = new WeakMap<Node, { file: FileContext; found: readonly ThirdPartyImport[] }>();

/** Wording for a guarded import's softer message. */
export function guardNote(guards: ImportGuards): string {
  if (guards.typeChecking) return ' (only type checkers import it, under `if TYPE_CHECKING:`)';
  if (guards.optional) return ' (it is optional: the code handles its ImportError)';
  return '';
}

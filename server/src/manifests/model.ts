// What every manifest parser produces: the requirements a file declares, the indexes it installs
// from, and what could not be read, each with the exact source range (UTF-16 offsets into the
// file's text) that findings and fixes point at.
import type { FileKind } from '../engine/file-kind';

/** A half-open range [start, end) of UTF-16 offsets into the manifest's text. */
export interface Range {
  start: number;
  end: number;
}

export type ManifestKind = 'requirements' | 'pyproject' | 'pylock' | 'setup-cfg' | 'setup-py' | 'pipfile';

/** Where a requirement is declared and how it is written, which decides how to rewrite it. */
export type RequirementSyntax =
  /** A PEP 508 string: requirements lines, PEP 621, dependency groups, setup.cfg, setup.py. */
  | 'pep508'
  /** A Poetry dependency table entry: `name = "^1.2"` or `name = { version = "…", … }`. */
  | 'poetry'
  /** A Pipfile entry: `name = "*"` or `name = { version = "…", … }`. */
  | 'pipfile'
  /** A pylock `[[packages]]` entry: `name` and `version` keys. */
  | 'pylock';

export interface VersionClause {
  operator: string;
  version: string;
  range: Range;
}

export interface VcsInfo {
  /** `git`, `hg`, `svn`, `bzr`. */
  scheme: string;
  /** The revision asked for (`@ref` in a URL, `rev`/`tag`/`branch`/`ref` keys), if any. */
  ref?: string;
  refRange?: Range;
}

export interface UrlRef {
  url: string;
  range: Range;
  vcs?: VcsInfo;
}

export interface HashRef {
  /** `sha256:…` as written (the value of `--hash`). */
  value: string;
  range: Range;
}

export interface Requirement {
  /** The name as written (`Python.Dateutil`); for unnamed URL or path requirements, the egg/wheel name or ''. */
  name: string;
  /** PEP 503 normalized (`python-dateutil`). */
  normalized: string;
  /** The name's range; for an unnamed URL requirement, the URL's. */
  nameRange: Range;
  extras: string[];
  /** The version specifier as written (`>=2,<3`, `^1.2`, `*`), when there is one. */
  specifier?: string;
  specifierRange?: Range;
  /** The PEP 440 clauses of the specifier (empty for Poetry/Pipfile constraints and wildcards like `*`). */
  clauses: VersionClause[];
  /** Where a specifier can be inserted when there is none (after the name and extras). */
  specifierInsertAt?: number;
  /** The exact version when pinned with `==x.y.z` (no wildcard) or `===x`. */
  pinnedVersion?: string;
  marker?: string;
  markerRange?: Range;
  /** A direct reference: `name @ https://…`, a bare URL, `git+https://…@ref#egg=…`, Poetry/Pipfile `git`/`url`/`file`. */
  url?: UrlRef;
  /** A local path requirement (`-e .`, `./pkg`, `{ path = "…" }`): nothing to pin. */
  localPath?: string;
  editable: boolean;
  /** `--hash` values (requirements files) or pylock artifact hashes. */
  hashes: HashRef[];
  /**
   * Which list declares it: `requirements`, `dependencies`, `optional:<extra>`, `group:<name>`,
   * `build-system`, `poetry:main`, `poetry:<group>`, `uv:dev`, `packages`, `dev-packages`,
   * `install_requires`, `extras:<extra>`, `setup_requires`, `tests_require`, `pylock`.
   */
  group: string;
  /** The whole declaration (a requirements line, a TOML string or table entry). */
  range: Range;
  syntax: RequirementSyntax;
}

export type IndexRole =
  /** Replaces PyPI: `--index-url`, uv `index-url`/`default = true`, a Poetry primary source, the first Pipfile source. */
  | 'primary'
  /** Consulted besides the primary index: `--extra-index-url`, uv extra indexes, Poetry supplemental/secondary, later Pipfile sources. */
  | 'extra'
  /** Used only by the packages that name it: uv `explicit = true`, Poetry `explicit`, Pipfile `index = "…"`. */
  | 'explicit'
  /** A folder or page of archives: `--find-links`, uv `find-links`. */
  | 'find-links';

export interface IndexRef {
  url: string;
  range: Range;
  role: IndexRole;
  /** Where it was declared, for messages: `--extra-index-url`, `[[tool.uv.index]]`, `[[tool.poetry.source]]`, `[[source]]`. */
  origin: string;
  name?: string;
  /** The range to point at for the declaration as a whole (option line, source table). */
  declarationRange: Range;
}

export interface TrustedHost {
  host: string;
  range: Range;
  /** The whole declaration (the option line), for a removal fix. */
  declarationRange: Range;
  origin: string;
}

export interface Include {
  /** `-r` (requirements) or `-c` (constraints). */
  type: 'requirements' | 'constraints';
  /** The path as written. */
  target: string;
  range: Range;
}

/** A per-package source in `[tool.uv.sources]`: where one dependency comes from. */
export interface PackageSource {
  name: string;
  normalized: string;
  nameRange: Range;
  index?: { name: string; range: Range };
  url?: UrlRef;
}

/** A file a pylock package installs from: a wheel, an sdist or an archive. */
export interface LockArtifact {
  kind: 'wheel' | 'sdist' | 'archive';
  /** The package it belongs to (normalized). */
  packageName: string;
  /** The artifact's table (inline or not). */
  range: Range;
  url?: UrlRef;
  hasHashes: boolean;
}

export interface ManifestProblem extends Range {
  message: string;
}

export interface Manifest {
  /** Project-relative path (forward slashes) or absolute, as the file was given. */
  path: string;
  kind: ManifestKind;
  requirements: Requirement[];
  indexes: IndexRef[];
  packageSources: PackageSource[];
  trustedHosts: TrustedHost[];
  includes: Include[];
  /** `--require-hashes` is set (requirements files). */
  requireHashes: boolean;
  /** uv's `index-strategy` when set. */
  indexStrategy?: { value: string; range: Range };
  /** Pipfile `[pipenv] install_search_all_sources = true`: every source is searched for every package. */
  searchAllSources?: boolean;
  /** pylock artifacts (wheels, sdists, archives). */
  artifacts: LockArtifact[];
  /** A pip-compile (or uv pip compile) output, by its header comment. */
  compiled: boolean;
  /** Why (part of) the file could not be read: syntax errors, bad requirements. At most one per file for syntax. */
  problems: ManifestProblem[];
}

export function emptyManifest(path: string, kind: ManifestKind): Manifest {
  return { path, kind, requirements: [], indexes: [], packageSources: [], trustedHosts: [], includes: [], artifacts: [], requireHashes: false, compiled: false, problems: [] };
}

/** The manifest kind of a file kind and path (`setup.py` is a Python file read as a manifest). */
export function manifestKindOf(kind: FileKind, path: string | undefined): ManifestKind | undefined {
  switch (kind) {
    case 'requirements':
    case 'pyproject':
    case 'pylock':
    case 'setup-cfg':
    case 'pipfile':
      return kind;
    case 'python':
      return path !== undefined && /(^|[\\/])setup\.py$/.test(path) ? 'setup-py' : undefined;
    default:
      return undefined;
  }
}

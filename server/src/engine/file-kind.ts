// What kind of file a path is, which decides the analysers it gets. Python is analysed by the
// tree rules; every other kind by file rules (manifests, workflows, configuration with secrets).

export type FileKind =
  /** Python source (`*.py`); `setup.py` is one too, and also read as a manifest. Stubs (`*.pyi`) declare types and run nothing: not read. */
  | 'python'
  /** A Jupyter notebook: its Python cells are analysed as one program. */
  | 'notebook'
  /** pip requirements and constraints (`requirements*.txt`, pip-tools `*.in`). */
  | 'requirements'
  | 'pyproject'
  /** PEP 751 lock files: `pylock.toml`, `pylock.<name>.toml`. */
  | 'pylock'
  | 'setup-cfg'
  | 'pipfile'
  /** Other tools' lock files: `Pipfile.lock`, `poetry.lock`, `uv.lock`, `pdm.lock`. */
  | 'lock'
  /** GitHub Actions workflows: `.github/workflows/*.yml|yaml`. */
  | 'workflow'
  /** A composite or Docker action's metadata: `action.yml|yaml`. */
  | 'action'
  /** Other configuration that may hold secrets: `.env*`, `*.ini`, `*.cfg`, `*.toml`, `*.yaml`, `*.json`, `.pypirc`, `.npmrc`. */
  | 'config';

/** Every kind but Python and notebooks: the ones analysed as plain text by file rules. */
export const TEXT_KINDS: readonly FileKind[] = ['requirements', 'pyproject', 'pylock', 'setup-cfg', 'pipfile', 'lock', 'workflow', 'action', 'config'];

/** Dependency manifests and lock files. */
export const MANIFEST_KINDS: readonly FileKind[] = ['requirements', 'pyproject', 'pylock', 'setup-cfg', 'pipfile', 'lock'];

/** Lock files of pipenv, Poetry, uv and PDM, by name (kind `lock`). */
export const LOCK_FILE_NAMES = ['Pipfile.lock', 'poetry.lock', 'uv.lock', 'pdm.lock'] as const;

/** VS Code language IDs that name a kind whatever the file is called. */
const BY_LANGUAGE: Readonly<Record<string, FileKind>> = {
  python: 'python',
  'pip-requirements': 'requirements',
  requirements: 'requirements',
  'github-actions-workflow': 'workflow',
};

/** The kind of a file by its path (forward or back slashes), or undefined for files we do not read. */
export function fileKindOf(path: string, languageId?: string): FileKind | undefined {
  const segments = path.replace(/\\/g, '/').split('/');
  const name = segments[segments.length - 1];
  const lower = name.toLowerCase();
  const folder = segments.length > 1 ? segments[segments.length - 2] : '';
  // Stubs hold no code that runs, whatever language the editor gives them.
  if (lower.endsWith('.pyi')) return undefined;
  if (lower.endsWith('.py')) return 'python';
  if (lower.endsWith('.ipynb')) return 'notebook';
  if (lower === 'pyproject.toml') return 'pyproject';
  if (/^pylock(\.[^.]+)?\.toml$/.test(lower)) return 'pylock';
  if (lower === 'setup.cfg') return 'setup-cfg';
  if (name === 'Pipfile') return 'pipfile';
  if ((LOCK_FILE_NAMES as readonly string[]).includes(name)) return 'lock';
  if (isRequirementsName(lower, folder)) return 'requirements';
  if (/\.ya?ml$/.test(lower)) {
    if (folder === 'workflows' && segments[segments.length - 3] === '.github') return 'workflow';
    if (lower === 'action.yml' || lower === 'action.yaml') return 'action';
  }
  const byLanguage = languageId ? BY_LANGUAGE[languageId] : undefined;
  if (byLanguage) return byLanguage;
  if (isConfigName(lower)) return 'config';
  return undefined;
}

function isRequirementsName(lower: string, folder: string): boolean {
  if (lower === 'manifest.in') return false;
  if (/requirements.*\.(txt|in)$/.test(lower)) return true;
  if (/^(constraints|requires).*\.txt$/.test(lower)) return true;
  // requirements/base.txt, requirements/dev.in: the folder says what they are.
  if (folder.toLowerCase() === 'requirements' && /\.(txt|in)$/.test(lower)) return true;
  // pip-tools inputs: dev.in, test.in (but not templates like *.py.in or Makefile.in).
  return /^[a-z0-9_-]+\.in$/.test(lower) && !/^(makefile|setup|config|meson)/.test(lower);
}

/** Credential files of package tools, by name. */
const CREDENTIAL_FILES = new Set(['.pypirc', '.npmrc', '.netrc']);

function isConfigName(lower: string): boolean {
  if (CREDENTIAL_FILES.has(lower)) return true;
  // .env, .env.local, .env.example, prod.env: an example file with a real key leaks it too.
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return true;
  return /\.(ini|cfg|toml|ya?ml|json)$/.test(lower);
}

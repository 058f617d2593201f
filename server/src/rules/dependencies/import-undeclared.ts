import { safeFix, unsafeFix } from '../../engine/fixer';
import { conventionPath, defineRule } from '../../engine/rule';
import { normalizeName } from '../../supply-chain/normalize';
import { addDependencyEdit, dependencyManifest, entryText } from './import-manifest-edit';
import { IMPORT_STATEMENTS, declarationOf, isOwnDistribution, looksLocal, manifestsOf, thirdPartyImports, prepareImportData } from './import-resolution';

export default defineRule({
  meta: {
    id: 'PWD202',
    name: 'undeclared-import',
    title: 'Import of a distribution no manifest declares',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'medium',
    cwe: 1357,
    fixable: true,
    fixApplicability: ['safe', 'unsafe'],
    docs: {
      what: 'Finds imports of third-party modules whose distribution no manifest of the project declares (requirements files, `pyproject.toml`, `setup.cfg`, `setup.py`, Pipfile), in projects that have manifests. The distribution is read from the virtual environment (`.venv`, `venv`, `env`) when there is one, else from a list of popular projects whose import and distribution names differ. Declared means in any list: dependencies, extras (`[project.optional-dependencies]`, `extras_require`), dependency groups (PEP 735), Poetry groups, `requirements-*.txt`, `requirements/*.txt` (at the root or one folder down, like `tests/requirements/`), tox `deps` and nox `session.install`. Imports under `if sys.platform …` or `if TYPE_CHECKING:`, and optional imports (in a `try:` that handles ImportError, at module level or inside a function), are not reported: the code runs without them. Neither is a module any folder of the project provides (put on `sys.path` by a conftest or a runner), nor a generic name like `lib` or `utils` that nothing installed provides. In test files, docs folders and inside functions (lazy imports) the finding is low; `setuptools` in setup.py, `nox` in noxfile.py and `pytest` in conftest.py come with the tool that runs them.',
      why: 'What is not declared is installed by hand, by its import name, on the next machine: `pip install yaml` or `pip install sklearn` fetches whatever is registered under that name, which is not PyYAML or scikit-learn and may be an attacker\'s package. Even with the right name, the version is whatever is newest that day, not the one the code was tested with.',
      example: '# requirements.txt declares only flask\nimport yaml\n\nconfig = yaml.safe_load(open("config.yml"))',
      safe: '# requirements.txt\n# flask==3.0.3\n# PyYAML==6.0.1\nimport yaml\n\nconfig = yaml.safe_load(open("config.yml"))',
      references: [
        'https://cwe.mitre.org/data/definitions/1357.html',
        'https://packaging.python.org/en/latest/guides/writing-pyproject-toml/#dependencies-and-requirements',
        'https://pip.pypa.io/en/stable/reference/requirements-file-format/',
      ],
    },
  },
  nodes: IMPORT_STATEMENTS,
  // The guards around the import (`try`/`except ImportError`, `if TYPE_CHECKING:`) and the project's facts.
  reads: ['enclosing', 'project'],
  prepare: prepareImportData,

  checkNode(statement, context) {
    const project = context.file.project;
    const manifests = manifestsOf(context.file);
    if (!project || !manifests) return;
    for (const { imported, resolution, guards } of thirdPartyImports(statement, context.file)) {
      // Platform-specific, type-checking-only and optional imports are not dependencies the code
      // needs to run; a generic name nothing provides is a local module we did not find.
      if (resolution.kind !== 'third-party' || guards.platform || guards.typeChecking || guards.optional) continue;
      if (looksLocal(resolution, imported.module) || isToolImport(context.file.path, imported.module)) continue;
      if (declarationOf(manifests, resolution.distributions) || isOwnDistribution(project, resolution.distributions)) continue;
      const top = imported.module.split('.', 1)[0];
      const distribution = resolution.distributions[0];
      const entry = entryText(distribution.name, distribution.version);
      const target = dependencyManifest(project, manifests);
      const differs = normalizeName(top) !== distribution.normalized;
      const why = differs
        ? `installing it by name may fetch a different package (\`pip install ${top}\` is not ${distribution.name})`
        : `installing it by name may fetch a different package or version than the one this code was written for`;
      const where = target ? `Add \`${entry}\` to ${target.label}.` : `Declare \`${entry}\` in the project's dependencies.`;
      context.report(imported.node, {
        message: `\`${imported.module}\` comes from ${distribution.name}${resolution.installed ? ` ${distribution.version ?? ''}`.trimEnd() : ''}, which no manifest of this project declares: ${why}. ${where}`,
        // A test's or docs build's dependencies are installed by CI and developers, not deployed;
        // an import inside a function is often an optional dependency used only when called.
        ...(context.file.isTest || guards.lazy || isDocsPath(conventionPath(context.file)) ? { severity: 'low' as const } : {}),
        fix: () => {
          // A type-only import needs no runtime dependency: declaring one would install it everywhere.
          if (!target || guards.typeChecking) return [];
          const edit = addDependencyEdit(project, target, distribution.name, distribution.version);
          if (!edit) return [];
          const title = `Add \`${entry}\` to ${target.label}`;
          // The installed distribution is what runs today; one guessed from the import name may not be.
          return [resolution.installed ? safeFix(title, [], { otherFiles: [edit] }) : unsafeFix(title, 'the distribution is guessed from the import name', [], { otherFiles: [edit] })];
        },
      });
    }
  },
});

/** Modules the tool running a file provides to it: setuptools to setup.py, nox to noxfile.py. */
const TOOL_MODULES: Record<string, readonly string[]> = {
  'setup.py': ['setuptools', 'pkg_resources', 'distutils'],
  'noxfile.py': ['nox'],
  'conftest.py': ['pytest', '_pytest'],
  'fabfile.py': ['fabric'],
  'dodo.py': ['doit'],
};

function isToolImport(path: string | undefined, module: string): boolean {
  const name = path?.replace(/\\/g, '/').split('/').pop() ?? '';
  return TOOL_MODULES[name]?.includes(module.split('.', 1)[0]) ?? false;
}

/** A documentation build's file, by a `doc/` or `docs/` folder in its local path. */
function isDocsPath(localPath: string): boolean {
  return /(^|\/)docs?\//.test(localPath.replace(/\\/g, '/'));
}

import { defineRule } from '../../engine/rule';
import { lockedVersion } from '../../manifests/project-manifests';
import { IMPORT_STATEMENTS, manifestsOf, thirdPartyImports, prepareImportData } from './import-resolution';

export default defineRule({
  meta: {
    id: 'PWD203',
    name: 'unpinned-import',
    title: 'Import of a dependency in a project with no manifest',
    category: 'supply-chain',
    severity: 'low',
    confidence: 'medium',
    cwe: 1357,
    fixable: false,
    offInTests: true,
    // Without a manifest every third-party import would be reported: opt-in.
    profile: 'strict',
    docs: {
      what: 'Finds imports of third-party modules in a project that has no dependency manifest at all (no requirements file, no dependencies in `pyproject.toml`, `setup.cfg` or `setup.py`, no Pipfile): nothing declares or pins what the code runs with. Imports under `if TYPE_CHECKING:` or handling their ImportError are left out. In the strict profile only, since every import of such a project would be reported. When a manifest declares the dependency with a range, the manifest line itself is the finding (PWD102, PWD103), never the imports.',
      why: 'What no manifest pins is installed at whatever version is newest on the day: a new release, or a release published from a hijacked maintainer account, goes into production without anyone reviewing it. Declaring the dependencies with pins (with hashes) in a requirements or lock file makes every install fetch the reviewed version.',
      example: '# no requirements.txt, pyproject.toml or setup.py in the project\nimport requests',
      safe: '# requirements.txt: requests==2.32.3\nimport requests',
      references: [
        'https://cwe.mitre.org/data/definitions/1357.html',
        'https://pip.pypa.io/en/stable/topics/secure-installs/',
        'https://packaging.python.org/en/latest/specifications/pylock-toml/',
      ],
    },
  },
  nodes: IMPORT_STATEMENTS,
  // The guards around the import (`try`/`except ImportError`, `if TYPE_CHECKING:`) and the project's facts.
  reads: ['enclosing', 'project'],
  prepare: prepareImportData,

  checkNode(statement, context) {
    const project = context.file.project;
    // With a manifest, an unpinned dependency is reported once, on its line there.
    if (!project?.root || manifestsOf(context.file)) return;
    for (const { imported, resolution, guards } of thirdPartyImports(statement, context.file)) {
      if (resolution.kind !== 'third-party' || guards.optional || guards.typeChecking || guards.platform) continue;
      if (resolution.distributions.some((d) => lockedVersion(project, d.normalized) !== undefined)) continue;
      const distribution = resolution.distributions[0];
      const installed = resolution.distributions.find((d) => d.version)?.version;
      const entry = installed ? `${distribution.name}==${installed}` : `${distribution.name}==<version>`;
      context.report(imported.node, {
        message: `\`${imported.module}\` comes from ${distribution.name}, and this project has no manifest pinning it: declare \`${entry}\` in requirements.txt or a lock file.`,
      });
    }
  },
});

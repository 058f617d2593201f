import { defineRule } from '../../engine/rule';
import { lockedVersion } from '../../manifests/project-manifests';
import { normalizeName } from '../../supply-chain/normalize';
import { IMPORT_STATEMENTS, declarationOf, lineAt, manifestsOf, thirdPartyImports, prepareImportData } from './import-resolution';

export default defineRule({
  meta: {
    id: 'PWD203',
    name: 'unpinned-import',
    title: 'Import of a dependency no manifest or lock pins',
    category: 'supply-chain',
    severity: 'low',
    confidence: 'medium',
    cwe: 1357,
    fixable: false,
    docs: {
      what: 'Finds imports of third-party modules whose distribution the project declares, but with a range (`requests>=2`) rather than an exact pin, in every manifest, with no lock file (`poetry.lock`, `uv.lock`, `Pipfile.lock`, `pylock.toml`, a pip-compile output) pinning it either. Reported as information, naming the manifest line.',
      why: 'An unpinned dependency is resolved again at every install: a new release, or a release published from a hijacked maintainer account, goes into production without anyone reviewing it. Pins (with hashes) in a lock or deployment requirements file make every install fetch the reviewed version.',
      example: '# requirements.txt: requests>=2.31\nimport requests',
      safe: '# requirements.txt: requests==2.32.3\n# (or keep ranges in pyproject.toml and commit uv.lock / poetry.lock)\nimport requests',
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
    const manifests = manifestsOf(context.file);
    if (!project || !manifests) return;
    for (const { imported, resolution } of thirdPartyImports(statement, context.file)) {
      if (resolution.kind !== 'third-party') continue;
      const declaration = declarationOf(manifests, resolution.distributions);
      if (!declaration || declaration.requirement.pinnedVersion !== undefined) continue;
      const { requirement, manifest } = declaration;
      if (requirement.localPath || requirement.url) continue;
      if (resolution.distributions.some((d) => lockedVersion(project, d.normalized) !== undefined)) continue;
      const line = lineAt(project, manifest.path, requirement.range.start);
      const installed = resolution.distributions.find((d) => d.version)?.version;
      const declared = requirement.specifier ? `\`${requirement.name}${requirement.specifier}\`` : `\`${requirement.name}\` without a version`;
      context.report(imported.node, {
        message: `\`${imported.module}\` ${normalizeName(imported.module.split('.', 1)[0]) === requirement.normalized ? 'is' : `comes from ${requirement.name},`} declared as ${declared} in ${manifest.path}:${line} with no exact pin there or in a lock file: every install may fetch a newer, unreviewed release. Pin it${installed ? ` (\`${requirement.name}==${installed}\` is installed)` : ''} or commit a lock file.`,
      });
    }
  },
});

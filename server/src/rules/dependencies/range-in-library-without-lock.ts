import { defineFileRule } from '../../engine/file-rule';
import { hasLockFile } from '../../manifests/project-manifests';
import { displayName, manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD103',
    name: 'range-in-library-without-lock',
    title: 'Version ranges with no lock file in the project',
    category: 'supply-chain',
    severity: 'low',
    confidence: 'medium',
    cwe: 829,
    fixable: false,
    docs: {
      what: 'Finds version ranges (or no version at all) in a package\'s own metadata — `[project]` dependencies, extras and dependency groups, Poetry and uv dependency tables, setup.cfg and setup.py — when the project has no lock file at all (pylock.toml, uv.lock, poetry.lock, Pipfile.lock, pdm.lock, pip-compile output or a fully pinned requirements file). Development lists (dependency groups, Poetry\'s non-main groups, `tests_require`) get one finding per file, on the first.',
      why: 'Ranges are right in a library\'s metadata: its users must be able to combine it with other packages. But a project with nothing that pins what it actually installs resolves afresh on every developer machine and CI run, so a newly published (possibly malicious) release is picked up silently. A lock file keeps the ranges for users and makes your own installs reproducible.',
      example: '[project]\ndependencies = ["requests>=2", "click"]\n# …and no uv.lock, poetry.lock or pylock.toml in the repository',
      safe: '[project]\ndependencies = ["requests>=2", "click"]\n# commit a lock file: uv lock, poetry lock, or pip-compile --generate-hashes',
      language: 'toml',
      references: ['https://cwe.mitre.org/data/definitions/829.html', 'https://packaging.python.org/en/latest/specifications/pylock-toml/', 'https://docs.astral.sh/uv/concepts/projects/sync/'],
    },
  },
  kinds: ['pyproject', 'setup-cfg', 'python'],

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest || hasLockFile(context.project)) return;
    const ranged = manifest.requirements.filter((r) => r.group !== 'build-system' && !r.pinnedVersion && !r.url && !r.localPath);
    const runtime = ranged.filter((r) => !isDevelopmentGroup(r.group));
    const development = ranged.filter((r) => isDevelopmentGroup(r.group));
    for (const requirement of runtime) {
      const range = requirement.specifierRange ?? requirement.nameRange;
      const constraint = requirement.specifier ? `the range \`${requirement.specifier}\`` : 'any version';
      context.report(range.start, range.end, {
        message: `\`${displayName(requirement)}\` accepts ${constraint}. That is normal for a library's metadata, but this project has no lock file, so every install resolves anew and can pick up a just-published malicious release; commit a lock file (uv lock, poetry lock, pip-compile) to pin what you install.`,
      });
    }
    // Test, lint and docs groups: one finding for all of them, on the first.
    const first = development[0];
    if (first) {
      const range = first.specifierRange ?? first.nameRange;
      const others = development.length - 1;
      context.report(range.start, range.end, {
        message: `\`${displayName(first)}\`${others > 0 ? ` and ${others} more development dependencies` : ''} accept ranges and this project has no lock file: CI installs whatever is newest. Commit a lock file (uv lock, poetry lock, pip-compile).`,
      });
    }
  },
});

/** Lists only developers and CI install: dependency groups, Poetry's non-main groups, uv's dev list, `tests_require`. */
function isDevelopmentGroup(group: string): boolean {
  return group.startsWith('group:') || group === 'uv:dev' || group === 'tests_require' || (group.startsWith('poetry:') && group !== 'poetry:main');
}

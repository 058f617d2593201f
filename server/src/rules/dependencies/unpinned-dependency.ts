import { safeFix } from '../../engine/fixer';
import { defineFileRule, type FileRuleContext } from '../../engine/file-rule';
import { conventionPath } from '../../engine/rule';
import type { Manifest, Requirement } from '../../manifests/model';
import { hasLockFile } from '../../manifests/project-manifests';
import { displayName, filePath, knownVersion, manifestOf, pinEdit } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD102',
    name: 'unpinned-dependency',
    title: 'Deployment dependency not pinned to an exact version',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'high',
    cwe: 829,
    fixable: true,
    fixApplicability: ['safe'],
    docs: {
      what: 'Finds requirements in deployment manifests — requirements and constraints files, pip-tools inputs that have no compiled output, a Pipfile without Pipfile.lock — that are not pinned with `==`: no specifier, a range (`>=`, `<`, `!=`), a compatible release (`~=`) or a wildcard (`==2.*`, `*`). Test, development and docs requirements (`requirements-dev.txt`, `tests/requirements/*.txt`) get one low finding per file, on the first.',
      why: 'An unpinned requirement installs whatever is newest at install time. A hijacked maintainer account or a malicious release then reaches production on the next deploy without anyone reviewing it, and builds of the same commit can install different code. Pinning (with hashes) makes every install reproducible and every update a reviewed change.',
      example: 'requests>=2.0\nflask\ndjango~=4.2',
      safe: 'requests==2.31.0\nflask==3.0.3\ndjango==4.2.11\n# better still: pip-compile --generate-hashes requirements.in',
      language: 'requirements',
      references: [
        'https://cwe.mitre.org/data/definitions/829.html',
        'https://pip.pypa.io/en/stable/topics/repeatable-installs/',
        'https://pip-tools.readthedocs.io/en/latest/',
      ],
    },
  },
  kinds: ['requirements', 'pipfile'],

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest || !isDeployment(context, manifest)) return;
    const unpinned = manifest.requirements.filter((r) => !r.pinnedVersion && !r.url && !r.localPath && r.name);
    // Test, dev and docs requirements are installed by CI and developers, not deployed: one
    // low finding for the file rather than one per line.
    const auxiliary = isAuxiliaryRequirements(filePath(context)) || isAuxiliaryRequirements(conventionPath(context.file), 1);
    for (const requirement of auxiliary ? unpinned.slice(0, 1) : unpinned) {
      const range = requirement.specifierRange ?? requirement.nameRange;
      const known = knownVersion(context, requirement.normalized);
      const how = describeConstraint(requirement);
      const advice = known ? `Pin it to the version ${known.source === 'installed' ? 'installed in the virtual environment' : 'in the lock file'} (\`==${known.version}\`)` : 'Pin it with `==` to the version you tested';
      const others = unpinned.length - 1;
      context.report(range.start, range.end, {
        message: auxiliary
          ? `\`${displayName(requirement)}\` ${how}${others > 0 ? ` (and ${others} more in this file)` : ''}: CI and developers install whatever is newest. Pin this file's requirements, or compile it with hashes.`
          : `\`${displayName(requirement)}\` ${how}: each install takes the newest matching release, so a malicious or broken upload reaches this deployment unreviewed. ${advice} and update it deliberately.`,
        ...(auxiliary ? { severity: 'low' as const } : {}),
        fix: () => {
          if (!known) return [];
          const edit = pinEdit(requirement, known.version);
          // The version that runs (installed) or was resolved (lock file): what the deployment tested.
          return edit ? [safeFix(`Pin to ==${known.version} (${known.source})`, edit, { preferred: known.source === 'installed' })] : [];
        },
      });
    }
  },
});

/**
 * Requirements for tests, development, docs or linting, by folder or name (`requirements-dev.txt`,
 * `tests/requirements/py3.txt`). `folders` limits how many enclosing folders count (a workspace
 * path's outer folders say nothing about the file).
 */
export function isAuxiliaryRequirements(path: string, folders = Infinity): boolean {
  const segments = path.replace(/\\/g, '/').toLowerCase().split('/');
  const name = segments.pop() ?? '';
  if (segments.slice(-Math.min(folders, segments.length) || segments.length).some((segment) => /^(tests?|testing|docs?|ci)$/.test(segment))) return true;
  return /(^|[-_.])(tests?|testing|dev|develop|development|docs?|lint|ci|typing|mypy)([-_.]|$)/.test(name.replace(/\.(txt|in)$/, ''));
}

function describeConstraint(requirement: Requirement): string {
  const specifier = requirement.specifier?.trim();
  if (!specifier || specifier === '*') return 'has no version constraint';
  if (specifier.includes('*')) return `only matches a wildcard (\`${specifier}\`)`;
  return `allows a range of versions (\`${specifier}\`)`;
}

/**
 * Requirements files deploy, unless they are a pip-tools input (`x.in`) compiled to `x.txt`;
 * a Pipfile is a lock input, fine as long as Pipfile.lock is there.
 */
export function isDeployment(context: FileRuleContext, manifest: Manifest): boolean {
  if (manifest.kind === 'pipfile') return context.project.readText(siblingPath(filePath(context), 'Pipfile.lock')) === undefined && !hasLockFile(context.project);
  if (manifest.kind !== 'requirements') return false;
  const path = filePath(context);
  if (path.endsWith('.in')) return context.project.readText(`${path.slice(0, -3)}.txt`) === undefined;
  return true;
}

function siblingPath(path: string, name: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? name : `${path.slice(0, slash + 1)}${name}`;
}

import { defineFileRule, type FileRuleContext } from '../../engine/file-rule';
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
    docs: {
      what: 'Finds requirements in deployment manifests — requirements and constraints files, pip-tools inputs that have no compiled output, a Pipfile without Pipfile.lock — that are not pinned with `==`: no specifier, a range (`>=`, `<`, `!=`), a compatible release (`~=`) or a wildcard (`==2.*`, `*`).',
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
    for (const requirement of manifest.requirements) {
      if (requirement.pinnedVersion || requirement.url || requirement.localPath || !requirement.name) continue;
      const range = requirement.specifierRange ?? requirement.nameRange;
      const known = knownVersion(context, requirement.normalized);
      const how = describeConstraint(requirement);
      const advice = known ? `Pin it to the version ${known.source === 'installed' ? 'installed in the virtual environment' : 'in the lock file'} (\`==${known.version}\`)` : 'Pin it with `==` to the version you tested';
      context.report(range.start, range.end, {
        message: `\`${displayName(requirement)}\` ${how}: each install takes the newest matching release, so a malicious or broken upload reaches this deployment unreviewed. ${advice} and update it deliberately.`,
        fix: () => {
          if (!known) return [];
          const edit = pinEdit(requirement, known.version);
          return edit ? [{ title: `Pin to ==${known.version} (${known.source})`, edits: [edit], preferred: known.source === 'installed' }] : [];
        },
      });
    }
  },
});

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

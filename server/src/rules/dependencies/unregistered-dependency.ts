import { defineFileRule } from '../../engine/file-rule';
import type { IndexRef, Manifest, Requirement } from '../../manifests/model';
import type { ProjectContext } from '../../engine/project';
import { isUncheckableInclude, manifestAt, resolveInclude } from '../../manifests/project-manifests';
import { existsOnPyPI } from '../../supply-chain/package-names';
import { findTyposquat } from '../../supply-chain/typosquat';
import { MANIFEST_RULE_KINDS, manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD113',
    name: 'unregistered-dependency',
    title: 'Dependency not on PyPI in a project that installs from PyPI (dependency confusion)',
    category: 'supply-chain',
    severity: 'high',
    confidence: 'medium',
    cwe: 427,
    fixable: false,
    docs: {
      what: 'Finds declared dependencies whose name no project on PyPI has (as of the shipped snapshot of PyPI\'s names) in a project that still resolves packages from PyPI: no index option, an `--extra-index-url`, Poetry supplemental sources, uv extra indexes searched with an `unsafe-*` strategy. A requirement pinned to its own index (`[tool.uv.sources]`), a URL or a path is not reported, nor a project whose only index is a private one. High when the project names a private index (an internal package), medium otherwise. A name one slip from a popular package is reported as a typosquat instead (PWD101).',
      why: 'An internal package\'s name is free on PyPI: whoever registers it first, with a higher version, gets their code installed by every machine that searches PyPI for it. This is how the 2022 PyTorch nightly compromise worked (`torchtriton`, an internal dependency, was registered on PyPI and won over the private index), and how the 2021 dependency-confusion research got code run inside Apple, Microsoft and PayPal. `--extra-index-url` (on the index option line) is PWD110; this finding is on each name that can be taken.',
      example: '--extra-index-url https://pypi.internal.example.com/simple\nacme-billing-client==1.4.0',
      safe: '# One index that proxies PyPI and serves the private packages:\n--index-url https://pypi.internal.example.com/simple\nacme-billing-client==1.4.0\n# or uv: [[tool.uv.index]] name = "internal", explicit = true\n#        [tool.uv.sources] acme-billing-client = { index = "internal" }\n# or register the name on PyPI yourself (an empty placeholder project).',
      language: 'requirements',
      references: [
        'https://cwe.mitre.org/data/definitions/427.html',
        'https://pytorch.org/blog/compromised-nightly-dependency/',
        'https://medium.com/@alex.birsan/dependency-confusion-4a5d60fec610',
        'https://docs.astral.sh/uv/concepts/indexes/#pinning-a-package-to-an-index',
      ],
    },
  },
  kinds: MANIFEST_RULE_KINDS.filter((kind) => kind !== 'pylock'),
  prepare: () => {
    existsOnPyPI('requests');
    findTyposquat('reqeusts');
  },

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest || manifest.requirements.length === 0) return;
    const resolution = indexSetup(manifest, [manifest, ...includedManifests(context.project, manifest)]);
    if (!resolution.searchesPyPI) return;
    // A per-package source (uv, Pipfile `index =`) binds the requirements of its own file only.
    const sourced = new Set(manifest.packageSources.map((source) => source.normalized));
    for (const requirement of manifest.requirements) {
      if (!isTakeable(requirement) || sourced.has(requirement.normalized)) continue;
      context.report(requirement.nameRange.start, requirement.nameRange.end, {
        message: `\`${requirement.name}\` is not on PyPI but installs search PyPI: anyone can register it. Use one proxying index, pin it to its index, or register the name.`,
        ...(resolution.privateIndex ? {} : { severity: 'medium' as const }),
      });
    }
  },
});

/** The files a requirements file pulls in with `-r`/`-c`: pip applies their index options to the whole install. */
function includedManifests(project: ProjectContext, manifest: Manifest): Manifest[] {
  const found: Manifest[] = [];
  const seen = new Set([manifest.path]);
  const visit = (from: Manifest) => {
    for (const include of from.includes) {
      if (isUncheckableInclude(include)) continue;
      const path = resolveInclude(from.path, include);
      if (seen.has(path) || seen.size > 50) continue;
      seen.add(path);
      const included = manifestAt(project, path);
      if (included) {
        found.push(included);
        visit(included);
      }
    }
  };
  visit(manifest);
  return found;
}

/** A named requirement fetched by name from an index, whose name nobody has registered on PyPI. */
function isTakeable(requirement: Requirement): boolean {
  if (!requirement.name || requirement.url || requirement.localPath || requirement.name.includes('$')) return false;
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(requirement.name)) return false;
  // A look-alike of a popular name is PWD101's finding.
  return !existsOnPyPI(requirement.name) && !findTyposquat(requirement.name);
}

interface IndexSetup {
  /** Whether an install by name can come from PyPI. */
  searchesPyPI: boolean;
  /** A non-PyPI index the manifest names: the project has internal packages. */
  privateIndex?: IndexRef;
}

/**
 * Where installs of a manifest look, from its own index options (and those of the files it
 * includes): each file is installed on its own, with its own options. A private primary index (pip
 * `--index-url`, uv `default = true`, a Poetry primary source, a Pipfile's first source) replaces
 * PyPI unless PyPI is added back; uv's default `first-index` strategy consults a private uv index
 * first, so only `unsafe-*` strategies let PyPI compete with it.
 */
function indexSetup(manifest: Manifest, manifests: readonly Manifest[]): IndexSetup {
  const indexes = manifests.flatMap((m) => m.indexes.map((index) => ({ index, manifest: m })));
  const primaries = indexes.filter(({ index }) => index.role === 'primary');
  const privatePrimary = primaries.some(({ index }) => !isPyPI(index.url));
  const pypiAdded = indexes.some(({ index }) => index.role !== 'find-links' && index.role !== 'explicit' && isPyPI(index.url));
  if (privatePrimary && !pypiAdded) return { searchesPyPI: false };
  const extra = indexes.find(({ index, manifest: m }) => index.role === 'extra' && !isPyPI(index.url) && !firstIndexUv(m, index));
  if (!extra && indexes.some(({ index, manifest: m }) => index.role === 'extra' && !isPyPI(index.url) && firstIndexUv(m, index))) {
    // uv asks the private index first and stops there: a name it serves never comes from PyPI.
    return { searchesPyPI: manifest.kind !== 'pyproject' };
  }
  const named = extra ?? indexes.find(({ index }) => index.role !== 'find-links' && !isPyPI(index.url));
  return { searchesPyPI: true, privateIndex: named?.index };
}

function firstIndexUv(manifest: Manifest, index: IndexRef): boolean {
  return (index.origin === '[[tool.uv.index]]' || index.origin === 'extra-index-url') && manifest.kind === 'pyproject' && !manifest.indexStrategy?.value.startsWith('unsafe-');
}

function isPyPI(url: string): boolean {
  return /^https?:\/\/(pypi\.org|pypi\.python\.org|files\.pythonhosted\.org)(\/|$)/i.test(url.trim());
}

import { defineFileRule } from '../../engine/file-rule';
import type { IndexRef, Manifest } from '../../manifests/model';
import { manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD110',
    name: 'extra-index-url',
    title: 'Extra package index: dependency confusion',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'medium',
    cwe: 427,
    fixable: false,
    docs: {
      what: 'Finds package indexes searched alongside another one for every package: `--extra-index-url`, Poetry `supplemental`/`secondary` sources, uv extra indexes under an `unsafe-*` index strategy, and extra Pipfile sources when `install_search_all_sources` is on.',
      why: 'pip treats all indexes as one pool and installs the highest version it finds anywhere. An attacker who learns the name of a package on your private index uploads the same name with a higher version to PyPI, and the next install runs their code (dependency confusion, 2021: Apple, Microsoft, PayPal and dozens more). Poetry searches supplemental sources only after PyPI, with the same effect.',
      example: '--index-url https://pypi.org/simple\n--extra-index-url https://pypi.internal.example.com/simple\ninternal-billing==1.4.0',
      safe: '# One index that proxies PyPI and serves the private packages (devpi, Artifactory, Nexus, CodeArtifact):\n--index-url https://pypi.internal.example.com/simple\ninternal-billing==1.4.0\n# uv: keep index-strategy = "first-index" (the default), or pin private packages to their index:\n# [tool.uv.sources] internal-billing = { index = "internal" } with [[tool.uv.index]] explicit = true',
      language: 'requirements',
      references: [
        'https://cwe.mitre.org/data/definitions/427.html',
        'https://medium.com/@alex.birsan/dependency-confusion-4a5d60fec610',
        'https://docs.astral.sh/uv/concepts/indexes/#searching-across-multiple-indexes',
        'https://python-poetry.org/docs/repositories/#package-source-constraint',
      ],
    },
  },
  kinds: ['requirements', 'pyproject', 'pipfile'],

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    for (const index of manifest.indexes) {
      if (index.role !== 'extra' || !searchedWithOthers(manifest, index)) continue;
      context.report(index.range.start, index.range.end, {
        message: `${describe(manifest, index)} is searched together with another index for every package: if a package from it also gets published on PyPI with a higher version, that public copy is installed instead (dependency confusion). Use a single index that proxies PyPI, ${alternatives(manifest)}.`,
      });
    }
  },
});

/** uv's default `first-index` strategy stops at the first index that has the package. */
function searchedWithOthers(manifest: Manifest, index: IndexRef): boolean {
  if (index.origin === '[[tool.uv.index]]' || index.origin === 'extra-index-url') return manifest.indexStrategy?.value.startsWith('unsafe-') === true;
  return true;
}

function describe(manifest: Manifest, index: IndexRef): string {
  const name = index.name ? ` \`${index.name}\`` : '';
  if (manifest.kind === 'requirements') return `\`--extra-index-url ${index.url}\``;
  if (index.origin === '[[tool.poetry.source]]') return `The supplemental source${name} (\`${index.url}\`)`;
  if (manifest.kind === 'pipfile') return `The source${name} (\`${index.url}\`), with install_search_all_sources on,`;
  return `The uv index${name} (\`${index.url}\`), with index-strategy "${manifest.indexStrategy?.value}",`;
}

function alternatives(manifest: Manifest): string {
  if (manifest.kind === 'pyproject') return 'keep uv\'s `index-strategy = "first-index"`, or give private packages an explicit source (uv `explicit = true` + `[tool.uv.sources]`, Poetry `priority = "explicit"` + `source = "…"`)';
  if (manifest.kind === 'pipfile') return 'or turn install_search_all_sources off and name the index of each private package (`index = "…"`)';
  return 'or uv with its default `index-strategy = "first-index"` and explicit per-package sources';
}

// Pipfile: `[packages]`, `[dev-packages]` and other package categories, and `[[source]]`
// indexes. Since pipenv 2022.3.23 every package installs from the first source unless it names
// another (`index = "…"`); `[pipenv] install_search_all_sources = true` restores searching all.
import type { Tree } from 'web-tree-sitter';
import { emptyManifest, type Manifest } from './model';
import { contentRange, tableEntryRequirements } from './table-requirement';
import { asArray, asString, isTrue, tomlDocument, tomlGet, tomlSyntaxError } from './toml';

/** Top-level tables that are not package categories. */
const NOT_PACKAGES = new Set(['source', 'requires', 'pipenv', 'scripts']);

export function parsePipfile(text: string, tree: Tree, path: string): Manifest {
  const manifest = emptyManifest(path, 'pipfile');
  const syntaxError = tomlSyntaxError(text);
  if (syntaxError) manifest.problems.push(syntaxError);
  const document = tomlDocument(tree, text);
  manifest.searchAllSources = isTrue(tomlGet(document, 'pipenv', 'install_search_all_sources'));
  for (const [category, entry] of document.entries) {
    if (NOT_PACKAGES.has(category) || entry.value.type !== 'table') continue;
    for (const package_ of entry.value.entries.values()) {
      const requirements = tableEntryRequirements(package_, category, 'pipfile', text);
      manifest.requirements.push(...requirements);
      // `name = { index = "internal", … }`: this package comes from that source only.
      const index = package_.value.type === 'table' ? asString(tomlGet(package_.value, 'index')) : undefined;
      for (const requirement of index ? requirements : []) {
        manifest.packageSources.push({ name: requirement.name, normalized: requirement.normalized, nameRange: requirement.nameRange, index: { name: index!.value, range: contentRange(index!) } });
      }
    }
  }
  asArray(tomlGet(document, 'source')).forEach((source, position) => {
    if (source.type !== 'table') return;
    const url = asString(tomlGet(source, 'url'));
    if (!url) return;
    const role = position === 0 ? 'primary' : manifest.searchAllSources ? 'extra' : 'explicit';
    manifest.indexes.push({ url: url.value, range: contentRange(url), role, origin: '[[source]]', name: asString(tomlGet(source, 'name'))?.value, declarationRange: source.range });
    const verify = tomlGet(source, 'verify_ssl');
    if (verify?.type === 'boolean' && verify.text === 'false') {
      const host = /^[a-z+]+:\/\/(?:[^/@]*@)?([^/:?#]+)/i.exec(url.value)?.[1] ?? url.value;
      manifest.trustedHosts.push({ host, range: verify.range, declarationRange: verify.range, origin: 'verify_ssl = false' });
    }
  });
  return manifest;
}

// pyproject.toml: PEP 621 `[project]` dependencies and extras, PEP 735 `[dependency-groups]`,
// `[build-system].requires`, Poetry's dependency tables and sources, and uv's indexes, sources
// and dev dependencies.
import type { Tree } from 'web-tree-sitter';
import { emptyManifest, type IndexRole, type Manifest, type Range } from './model';
import { normalizeName } from './normalize';
import { isProblem, pep508Requirement } from './string-requirement';
import { contentRange, tableEntryRequirements, unquotedKeyRange, vcsOrUrl } from './table-requirement';
import { asArray, asString, asTable, isTrue, tomlDocument, tomlGet, tomlSyntaxError, type TomlTable, type TomlValue } from './toml';

export function parsePyproject(text: string, tree: Tree, path: string): Manifest {
  const manifest = emptyManifest(path, 'pyproject');
  const syntaxError = tomlSyntaxError(text);
  if (syntaxError) manifest.problems.push(syntaxError);
  const document = tomlDocument(tree, text);
  addStrings(manifest, tomlGet(document, 'project', 'dependencies'), 'dependencies');
  for (const [extra, entry] of asTable(tomlGet(document, 'project', 'optional-dependencies'))?.entries ?? []) addStrings(manifest, entry.value, `optional:${extra}`);
  for (const [group, entry] of asTable(tomlGet(document, 'dependency-groups'))?.entries ?? []) addStrings(manifest, entry.value, `group:${group}`);
  addStrings(manifest, tomlGet(document, 'build-system', 'requires'), 'build-system');
  readPoetry(manifest, asTable(tomlGet(document, 'tool', 'poetry')), text);
  readUv(manifest, asTable(tomlGet(document, 'tool', 'uv')), text);
  return manifest;
}

/** An array of PEP 508 strings (non-strings, like `{ include-group = "…" }`, are skipped). */
export function addStrings(manifest: Manifest, list: TomlValue | undefined, group: string): void {
  for (const item of asArray(list)) {
    if (item.type !== 'string') continue;
    const requirement = pep508Requirement(item.content, item.range, group);
    if (isProblem(requirement)) manifest.problems.push({ ...requirement, message: `\`${item.value}\` is not a valid requirement: ${requirement.message}` });
    else manifest.requirements.push(requirement);
  }
}

function readPoetry(manifest: Manifest, poetry: TomlTable | undefined, text: string): void {
  if (!poetry) return;
  const tables: [TomlValue | undefined, string][] = [
    [tomlGet(poetry, 'dependencies'), 'poetry:main'],
    [tomlGet(poetry, 'dev-dependencies'), 'poetry:dev'],
  ];
  for (const [name, entry] of asTable(tomlGet(poetry, 'group'))?.entries ?? []) tables.push([tomlGet(entry.value, 'dependencies'), `poetry:${name}`]);
  for (const [table, group] of tables) {
    for (const entry of asTable(table)?.entries.values() ?? []) {
      if (entry.key === 'python') continue;
      manifest.requirements.push(...tableEntryRequirements(entry, group, 'poetry', text));
    }
  }
  const sources = asArray(tomlGet(poetry, 'source')).filter((source): source is TomlTable => source.type === 'table');
  for (const source of sources) {
    const url = asString(tomlGet(source, 'url'));
    const name = asString(tomlGet(source, 'name'))?.value;
    if (!url) continue;
    manifest.indexes.push({ url: url.value, range: contentRange(url), role: poetryRole(source), origin: '[[tool.poetry.source]]', name, declarationRange: source.range });
  }
}

/**
 * Poetry ≥ 1.5 `priority` (primary by default), and the older `default`/`secondary` flags.
 * Supplemental and secondary sources are searched besides (or after) PyPI for every package.
 */
function poetryRole(source: TomlTable): IndexRole {
  const priority = asString(tomlGet(source, 'priority'))?.value;
  if (priority === 'explicit') return 'explicit';
  if (priority === 'supplemental' || priority === 'secondary' || isTrue(tomlGet(source, 'secondary'))) return 'extra';
  return 'primary';
}

function readUv(manifest: Manifest, uv: TomlTable | undefined, text: string): void {
  if (!uv) return;
  addStrings(manifest, tomlGet(uv, 'dev-dependencies'), 'uv:dev');
  const addUrl = (value: TomlValue | undefined, role: IndexRole, origin: string, name?: string, declaration?: Range) => {
    const url = asString(value);
    if (url) manifest.indexes.push({ url: url.value, range: contentRange(url), role, origin, name, declarationRange: declaration ?? url.range });
  };
  addUrl(tomlGet(uv, 'index-url'), 'primary', 'index-url');
  for (const url of asArray(tomlGet(uv, 'extra-index-url'))) addUrl(url, 'extra', 'extra-index-url');
  for (const url of asArray(tomlGet(uv, 'find-links'))) addUrl(url, 'find-links', 'find-links');
  for (const index of asArray(tomlGet(uv, 'index'))) {
    if (index.type !== 'table') continue;
    const role: IndexRole = isTrue(tomlGet(index, 'explicit')) ? 'explicit' : isTrue(tomlGet(index, 'default')) ? 'primary' : 'extra';
    addUrl(tomlGet(index, 'url'), role, '[[tool.uv.index]]', asString(tomlGet(index, 'name'))?.value, index.range);
  }
  const strategy = asString(tomlGet(uv, 'index-strategy'));
  if (strategy) manifest.indexStrategy = { value: strategy.value, range: contentRange(strategy) };
  for (const host of asArray(tomlGet(uv, 'allow-insecure-host'))) {
    if (host.type === 'string') manifest.trustedHosts.push({ host: host.value, range: contentRange(host), declarationRange: host.range, origin: 'allow-insecure-host' });
  }
  for (const entry of asTable(tomlGet(uv, 'sources'))?.entries.values() ?? []) {
    const choices = entry.value.type === 'array' ? entry.value.items : [entry.value];
    for (const choice of choices) {
      if (choice.type !== 'table') continue;
      const index = asString(tomlGet(choice, 'index'));
      manifest.packageSources.push({
        name: entry.key,
        normalized: normalizeName(entry.key),
        nameRange: unquotedKeyRange(entry, text),
        index: index ? { name: index.value, range: contentRange(index) } : undefined,
        url: vcsOrUrl(choice),
      });
    }
  }
}

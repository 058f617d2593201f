// PEP 751 lock files (`pylock.toml`, `pylock.<name>.toml`): each `[[packages]]` entry is a
// pinned requirement; its wheels, sdist or archive are the artifacts that should carry hashes.
import type { Tree } from 'web-tree-sitter';
import { emptyManifest, type HashRef, type LockArtifact, type Manifest, type Requirement } from './model';
import { normalizeName } from './normalize';
import { contentRange, vcsOrUrl } from './table-requirement';
import { asArray, asString, asTable, tomlDocument, tomlGet, tomlSyntaxError, type TomlTable, type TomlValue } from './toml';
import { urlRef } from './url';

export function parsePylock(text: string, tree: Tree, path: string): Manifest {
  const manifest = emptyManifest(path, 'pylock');
  manifest.compiled = true;
  const syntaxError = tomlSyntaxError(text);
  if (syntaxError) manifest.problems.push(syntaxError);
  const document = tomlDocument(tree, text);
  for (const item of asArray(tomlGet(document, 'packages'))) {
    if (item.type === 'table') readPackage(manifest, item);
  }
  return manifest;
}

function readPackage(manifest: Manifest, table: TomlTable): void {
  const name = asString(tomlGet(table, 'name'));
  if (!name) {
    manifest.problems.push({ start: table.range.start, end: Math.min(table.range.end, table.range.start + 12), message: 'this [[packages]] entry has no `name`' });
    return;
  }
  const normalized = normalizeName(name.value);
  const version = asString(tomlGet(table, 'version'));
  const requirement: Requirement = {
    name: name.value,
    normalized,
    nameRange: contentRange(name),
    extras: [],
    clauses: [],
    editable: false,
    hashes: [],
    group: 'pylock',
    range: table.range,
    syntax: 'pylock',
  };
  if (version) {
    requirement.specifier = version.value;
    requirement.specifierRange = contentRange(version);
    requirement.pinnedVersion = version.value;
  }
  const vcs = asTable(tomlGet(table, 'vcs'));
  if (vcs) {
    const url = asString(tomlGet(vcs, 'url'));
    const commit = asString(tomlGet(vcs, 'commit-id'));
    const type = asString(tomlGet(vcs, 'type'))?.value ?? 'git';
    if (url) requirement.url = { url: url.value, range: contentRange(url), vcs: { scheme: type, ref: commit?.value, refRange: commit ? contentRange(commit) : undefined } };
  }
  const directory = asString(tomlGet(table, 'directory', 'path'));
  if (directory) requirement.localPath = directory.value;
  const index = asString(tomlGet(table, 'index'));
  if (index) manifest.indexes.push({ url: index.value, range: contentRange(index), role: 'explicit', origin: `the index of ${name.value}`, declarationRange: index.range });
  for (const wheel of asArray(tomlGet(table, 'wheels'))) addArtifact(manifest, requirement, 'wheel', wheel);
  addArtifact(manifest, requirement, 'sdist', tomlGet(table, 'sdist'));
  addArtifact(manifest, requirement, 'archive', tomlGet(table, 'archive'));
  manifest.requirements.push(requirement);
}

function addArtifact(manifest: Manifest, requirement: Requirement, kind: LockArtifact['kind'], value: TomlValue | undefined): void {
  if (value?.type !== 'table') return;
  const hashes = asTable(tomlGet(value, 'hashes'));
  const url = asString(tomlGet(value, 'url'));
  const artifact: LockArtifact = { kind, packageName: requirement.normalized, range: value.range, hasHashes: !!hashes && hashes.entries.size > 0 };
  if (url) artifact.url = urlRef(url.content);
  else {
    const direct = vcsOrUrl(value);
    if (direct) artifact.url = direct;
  }
  for (const [algorithm, entry] of hashes?.entries ?? []) {
    const digest = asString(entry.value);
    if (digest) requirement.hashes.push({ value: `${algorithm}:${digest.value}`, range: contentRange(digest) } satisfies HashRef);
  }
  manifest.artifacts.push(artifact);
}

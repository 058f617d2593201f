// Requirements written as TOML table entries, `name = "constraint"` or
// `name = { version = "…", extras = […], git = "…", rev = "…" }`: Poetry's dependency tables and
// Pipfile's package sections, which differ only in a few key names.
import type { Range, Requirement, RequirementSyntax, UrlRef, VersionClause } from './model';
import { normalizeName } from './normalize';
import { pinnedVersion } from './pep508';
import { asArray, asString, tomlGet, type TomlEntry, type TomlString, type TomlTable } from './toml';
import { urlRef } from './url';

const CLAUSE = /^\s*(===|~=|==|!=|<=|>=|<|>)\s*([A-Za-z0-9_.*+!-]+)\s*$/;

/** The requirements one entry declares (several for Poetry's multiple-constraint arrays). */
export function tableEntryRequirements(entry: TomlEntry, group: string, syntax: RequirementSyntax, text: string): Requirement[] {
  const value = entry.value;
  if (value.type === 'array') return value.items.flatMap((item) => (item.type === 'table' ? [fromTable(entry, item, group, syntax, text)] : []));
  if (value.type === 'string') return [withConstraint(base(entry, group, syntax, text), value, syntax)];
  if (value.type === 'table') return [fromTable(entry, value, group, syntax, text)];
  return [];
}

/** The key's range without its quotes (`"my.pkg" = …`). */
export function unquotedKeyRange(entry: TomlEntry, text: string): Range {
  const { start, end } = entry.keyRange;
  return text[start] === '"' || text[start] === "'" ? { start: start + 1, end: end - 1 } : { start, end };
}

function base(entry: TomlEntry, group: string, syntax: RequirementSyntax, text: string): Requirement {
  const nameRange = unquotedKeyRange(entry, text);
  return { name: entry.key, normalized: normalizeName(entry.key), nameRange, extras: [], clauses: [], editable: false, hashes: [], group, range: entry.range, syntax };
}

function fromTable(entry: TomlEntry, table: TomlTable, group: string, syntax: RequirementSyntax, text: string): Requirement {
  let requirement = base(entry, group, syntax, text);
  const version = asString(tomlGet(table, 'version'));
  if (version) requirement = withConstraint(requirement, version, syntax);
  requirement.extras = asArray(tomlGet(table, 'extras')).flatMap((extra) => (extra.type === 'string' ? [extra.value] : []));
  const markers = asString(tomlGet(table, 'markers'));
  if (markers) {
    requirement.marker = markers.value;
    requirement.markerRange = markers.content.range(0, markers.content.length);
  }
  requirement.editable = tomlGet(table, 'editable')?.type === 'boolean' && (tomlGet(table, 'editable') as { text: string }).text === 'true';
  const url = vcsOrUrl(table);
  if (url) requirement.url = url;
  const path = asString(tomlGet(table, 'path'));
  if (path) requirement.localPath = path.value;
  return requirement;
}

/** `git`/`hg`/`svn`/`bzr` with `rev`/`tag`/`branch`/`ref`, or `url`/`file`: a direct reference. */
export function vcsOrUrl(table: TomlTable): UrlRef | undefined {
  for (const scheme of ['git', 'hg', 'svn', 'bzr']) {
    const repository = asString(tomlGet(table, scheme));
    if (!repository) continue;
    const ref: UrlRef = { url: repository.value, range: contentRange(repository), vcs: { scheme } };
    for (const key of ['rev', 'ref', 'tag', 'branch']) {
      const revision = asString(tomlGet(table, key));
      if (revision) {
        ref.vcs!.ref = revision.value;
        ref.vcs!.refRange = contentRange(revision);
        break;
      }
    }
    return ref;
  }
  const url = asString(tomlGet(table, 'url')) ?? asString(tomlGet(table, 'file'));
  if (url && /^[a-z][a-z0-9+.-]*:\/\//i.test(url.value)) return urlRef(url.content);
  return undefined;
}

export function contentRange(string: TomlString): Range {
  return string.content.range(0, string.content.length);
}

/**
 * A Poetry or Pipfile constraint: `*` (anything), `^1.2`, `~1.2`, `1.2.3` (Poetry: exactly that),
 * or PEP 440 clauses (`==1.2.3`, `>=1,<2`).
 */
function withConstraint(requirement: Requirement, constraint: TomlString, syntax: RequirementSyntax): Requirement {
  const specifier = constraint.value;
  requirement.specifier = specifier;
  requirement.specifierRange = contentRange(constraint);
  const clauses: VersionClause[] = [];
  let offset = 0;
  for (const part of specifier.split(',')) {
    const match = CLAUSE.exec(part);
    if (match) clauses.push({ operator: match[1], version: match[2], range: constraint.content.range(offset, offset + part.length) });
    offset += part.length + 1;
  }
  requirement.clauses = clauses.length === specifier.split(',').length ? clauses : [];
  // Poetry reads a bare version as `==`; pip's PEP 440 and Pipfile do not allow one.
  const bare = /^\s*v?(\d+(?:\.\d+)*(?:[a-z0-9.+-]*))\s*$/i.exec(specifier);
  requirement.pinnedVersion = pinnedVersion(requirement.clauses) ?? (syntax === 'poetry' && bare ? bare[1] : undefined);
  return requirement;
}

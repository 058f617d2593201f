// A Requirement from a PEP 508 string wherever it is written: a requirements line, a TOML
// string, a setup.cfg line, a setup.py literal.
import type { ManifestProblem, Range, Requirement } from './model';
import { normalizeName } from './normalize';
import { parsePep508, pinnedVersion } from './pep508';
import type { SourceText } from './source-text';
import { urlRef } from './url';

/** The requirement `spec` declares, or the problem that stops it being read. */
export function pep508Requirement(spec: SourceText, range: Range, group: string): Requirement | ManifestProblem {
  const parsed = parsePep508(spec);
  if (parsed.error) return parsed.error;
  const { requirement: pep } = parsed;
  const requirement: Requirement = {
    name: pep.name,
    normalized: normalizeName(pep.name),
    nameRange: pep.nameRange,
    extras: pep.extras,
    specifier: pep.specifier,
    specifierRange: pep.specifierRange,
    specifierInsertAt: pep.specifierInsertAt,
    clauses: pep.clauses,
    pinnedVersion: pinnedVersion(pep.clauses),
    marker: pep.marker,
    markerRange: pep.markerRange,
    editable: false,
    hashes: [],
    group,
    range,
    syntax: 'pep508',
  };
  if (pep.url !== undefined) {
    const urlStart = spec.text.indexOf(pep.url, pep.name.length);
    requirement.url = urlRef(spec, urlStart, urlStart + pep.url.length);
  }
  return requirement;
}

export function isProblem(value: Requirement | ManifestProblem): value is ManifestProblem {
  return 'message' in value;
}

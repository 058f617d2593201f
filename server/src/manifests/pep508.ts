// PEP 508 dependency specifiers (`name[extra]>=1,<2; python_version < "3.12"`, `name @ url`),
// parsed in one left-to-right pass with the range of every part. Lenient where pip is (spaces
// anywhere between parts); strict where a mistake would change what gets installed.
import type { ManifestProblem, Range, VersionClause } from './model';
import type { SourceText } from './source-text';

export interface ParsedRequirement {
  name: string;
  nameRange: Range;
  extras: string[];
  /** Offset after the name and extras: where a specifier would go. */
  specifierInsertAt: number;
  specifier?: string;
  specifierRange?: Range;
  clauses: VersionClause[];
  url?: string;
  urlRange?: Range;
  marker?: string;
  markerRange?: Range;
}

export type Pep508Result = { requirement: ParsedRequirement; error?: undefined } | { requirement?: undefined; error: ManifestProblem };

const NAME = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
const EXTRA = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const CLAUSE = /^(===|~=|==|!=|<=|>=|<|>)\s*([A-Za-z0-9_.*+!-]+)$/;

export const VERSION_OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'] as const;

/** Parses one requirement string; `source` maps its characters back to the file. */
export function parsePep508(source: SourceText): Pep508Result {
  const text = source.text;
  let i = skipSpace(text, 0);
  const fail = (from: number, to: number, message: string): Pep508Result => ({ error: { ...source.range(from, Math.max(to, from + 1 <= text.length ? from + 1 : from)), message } });
  NAME.lastIndex = i;
  const name = NAME.exec(text);
  if (!name) return fail(i, tokenEnd(text, i), `expected a package name, found \`${preview(text, i)}\``);
  const nameStart = i;
  i += name[0].length;
  const requirement: ParsedRequirement = { name: name[0], nameRange: source.range(nameStart, i), extras: [], specifierInsertAt: source.end(i), clauses: [] };
  i = skipSpace(text, i);
  if (text[i] === '[') {
    const close = text.indexOf(']', i);
    if (close === -1) return fail(i, text.length, 'the list of extras is not closed with `]`');
    const inner = text.slice(i + 1, close);
    let offset = i + 1;
    for (const part of inner.split(',')) {
      const extra = part.trim();
      const at = offset + part.indexOf(extra);
      if (extra === '' && inner.trim() !== '') return fail(offset, offset + part.length, 'an extra name is empty');
      if (extra !== '' && !EXTRA.test(extra)) return fail(at, at + extra.length, `\`${extra}\` is not a valid extra name`);
      if (extra !== '') requirement.extras.push(extra);
      offset += part.length + 1;
    }
    i = close + 1;
    requirement.specifierInsertAt = source.end(i);
    i = skipSpace(text, i);
  }
  if (text[i] === '@') {
    i = skipSpace(text, i + 1);
    const urlEnd = tokenEnd(text, i);
    if (urlEnd === i) return fail(i, i, 'expected a URL after `@`');
    requirement.url = text.slice(i, urlEnd);
    requirement.urlRange = source.range(i, urlEnd);
    const after = skipSpace(text, urlEnd);
    if (after < text.length && text[after] !== ';') return fail(after, tokenEnd(text, after), `unexpected \`${preview(text, after)}\` after the URL`);
    i = after;
  } else if (i < text.length && text[i] !== ';') {
    const parenthesized = text[i] === '(';
    const specStart = parenthesized ? i + 1 : i;
    let specEnd = parenthesized ? text.indexOf(')', i) : text.indexOf(';', i);
    if (parenthesized && specEnd === -1) return fail(i, text.length, 'the version specifier is not closed with `)`');
    if (specEnd === -1) specEnd = text.length;
    let offset = specStart;
    for (const part of text.slice(specStart, specEnd).split(',')) {
      const clause = part.trim();
      const at = offset + part.indexOf(clause);
      const match = CLAUSE.exec(clause);
      if (!match) {
        // An empty last clause (`t==1,`) has no character of its own: the comma before it is shown.
        const start = clause === '' && at >= specEnd ? at - 1 : at;
        return fail(start, start + Math.max(clause.length, 1), clause === '' ? 'a version clause is empty' : `\`${clause}\` is not a version clause (expected an operator like \`>=\` and a version)`);
      }
      const versionAt = at + clause.length - match[2].length;
      requirement.clauses.push({ operator: match[1], version: match[2], range: source.range(at, versionAt + match[2].length) });
      offset += part.length + 1;
    }
    const trimmedEnd = specStart + text.slice(specStart, specEnd).trimEnd().length;
    const from = parenthesized ? i : specStart;
    const to = parenthesized ? specEnd + 1 : trimmedEnd;
    requirement.specifier = text.slice(from, to);
    requirement.specifierRange = source.range(from, to);
    i = skipSpace(text, parenthesized ? specEnd + 1 : specEnd);
  }
  if (text[i] === ';') {
    const markerStart = skipSpace(text, i + 1);
    const markerEnd = text.trimEnd().length;
    if (markerEnd <= markerStart) return fail(i, i + 1, 'expected an environment marker after `;`');
    requirement.marker = text.slice(markerStart, markerEnd);
    requirement.markerRange = source.range(markerStart, markerEnd);
    i = text.length;
  }
  i = skipSpace(text, i);
  if (i < text.length) return fail(i, tokenEnd(text, i), `unexpected \`${preview(text, i)}\``);
  return { requirement };
}

/** The exact version a requirement is pinned to: one `==` clause without a wildcard, or `===`. */
export function pinnedVersion(clauses: readonly VersionClause[]): string | undefined {
  if (clauses.length !== 1) return undefined;
  const [clause] = clauses;
  if (clause.operator === '===' || (clause.operator === '==' && !clause.version.includes('*'))) return clause.version;
  return undefined;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

function tokenEnd(text: string, i: number): number {
  while (i < text.length && !/\s/.test(text[i])) i++;
  return i;
}

function preview(text: string, i: number): string {
  const token = text.slice(i, tokenEnd(text, i));
  return token.length > 30 ? `${token.slice(0, 30)}…` : token || text.slice(i, i + 1);
}

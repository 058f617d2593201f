// Where an undeclared import's distribution gets declared: the manifest the project actually
// installs from (requirements.txt, `[project].dependencies`, Poetry's or Pipfile's packages),
// and the text edit that adds one entry there, in the file's own style.
import { join } from 'node:path';
import type { OtherFileEdit } from '../../engine/fixer';
import type { ProjectContext } from '../../engine/project';
import type { Manifest, Requirement } from '../../manifests/model';

export interface ManifestTarget {
  manifest: Manifest;
  /** How the fix's title names the place: `requirements.txt`, `[project].dependencies in pyproject.toml`. */
  label: string;
  style: 'requirements' | 'pep621' | 'poetry' | 'pipfile';
}

const DEV_FILE = /(^|[/_.-])(dev|test|tests|testing|lint|docs?|ci|tox|local|constraints?)([/_.-]|$)/i;

/** The manifest the project declares its run-time dependencies in, or undefined (setup.py only, none). */
export function dependencyManifest(project: ProjectContext, manifests: readonly Manifest[]): ManifestTarget | undefined {
  const requirementsFiles = manifests.filter((m) => m.kind === 'requirements' && !/\.lock$/.test(m.path));
  const rootRequirements = requirementsFiles.find((m) => m.path === 'requirements.txt');
  if (rootRequirements) {
    // A pip-compile output is regenerated from its `.in`: the entry belongs there.
    const source = rootRequirements.compiled ? requirementsFiles.find((m) => m.path === 'requirements.in') : undefined;
    const target = source ?? rootRequirements;
    return { manifest: target, label: target.path, style: 'requirements' };
  }
  const pyproject = manifests.find((m) => m.kind === 'pyproject' && m.path === 'pyproject.toml');
  if (pyproject) {
    const text = project.readText(pyproject.path) ?? '';
    if (/^\s*\[project\]\s*(#.*)?$/m.test(text)) return { manifest: pyproject, label: `[project].dependencies in ${pyproject.path}`, style: 'pep621' };
    if (/^\s*\[tool\.poetry\.dependencies\]\s*(#.*)?$/m.test(text)) return { manifest: pyproject, label: `[tool.poetry.dependencies] in ${pyproject.path}`, style: 'poetry' };
  }
  const pipfile = manifests.find((m) => m.kind === 'pipfile');
  if (pipfile && /^\s*\[packages\]\s*$/m.test(project.readText(pipfile.path) ?? '')) return { manifest: pipfile, label: `[packages] in ${pipfile.path}`, style: 'pipfile' };
  const other = requirementsFiles.filter((m) => !m.compiled && !DEV_FILE.test(m.path.replace(/\.(txt|in)$/, '')));
  const preferred = other.find((m) => /\.in$/.test(m.path)) ?? other.find((m) => /(base|common|main|prod|production)\.txt$/.test(m.path)) ?? other[0];
  return preferred ? { manifest: preferred, label: preferred.path, style: 'requirements' } : undefined;
}

/** The edit adding `distribution` (pinned to `version` when known) to the target, or undefined when it cannot be placed. */
export function addDependencyEdit(project: ProjectContext, target: ManifestTarget, distribution: string, version: string | undefined): OtherFileEdit | undefined {
  const root = project.root;
  if (!root) return undefined;
  const text = project.readText(target.manifest.path);
  if (text === undefined) return undefined;
  const path = join(root, target.manifest.path);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  switch (target.style) {
    case 'requirements': {
      const line = `${distribution}${version ? `==${version}` : ''}`;
      const newText = text === '' || text.endsWith('\n') ? `${line}${eol}` : `${eol}${line}${eol}`;
      return { path, edits: [{ start: text.length, end: text.length, newText }] };
    }
    case 'pep621':
      return pep621Edit(text, path, target.manifest, `"${distribution}${version ? `==${version}` : ''}"`, eol);
    case 'poetry':
      return tableEntryEdit(text, path, 'tool.poetry.dependencies', `${distribution} = "${version ?? '*'}"`, eol);
    case 'pipfile':
      return tableEntryEdit(text, path, 'packages', `${distribution} = "${version ? `==${version}` : '*'}"`, eol);
  }
}

/** How the entry reads in the fix's title: `PyYAML==6.0.1`. */
export function entryText(distribution: string, version: string | undefined): string {
  return `${distribution}${version ? `==${version}` : ''}`;
}

/** Adds a string to `[project].dependencies`: after its last entry, or into an empty or missing array. */
function pep621Edit(text: string, path: string, manifest: Manifest, entry: string, eol: string): OtherFileEdit | undefined {
  const listed = manifest.requirements.filter((r) => r.group === 'dependencies');
  if (listed.length > 0) {
    const last = listed.reduce((a: Requirement, b: Requirement) => (b.range.end > a.range.end ? b : a));
    const first = listed.reduce((a: Requirement, b: Requirement) => (b.range.start < a.range.start ? b : a));
    const closing = text.indexOf(']', last.range.end);
    const multiline = text.slice(first.range.start, last.range.end).includes('\n') || text.slice(last.range.end, closing).includes('\n');
    const afterLast = /^\s*,/.exec(text.slice(last.range.end));
    if (!multiline) return { path, edits: [{ start: last.range.end, end: last.range.end, newText: `, ${entry}` }] };
    const lineStart = text.lastIndexOf('\n', last.range.start) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    if (afterLast) {
      const at = last.range.end + afterLast[0].length;
      return { path, edits: [{ start: at, end: at, newText: `${eol}${indent}${entry},` }] };
    }
    return { path, edits: [{ start: last.range.end, end: last.range.end, newText: `,${eol}${indent}${entry}` }] };
  }
  const section = tableBounds(text, 'project');
  if (!section) return undefined;
  const body = text.slice(section.bodyStart, section.end);
  const existing = /^[ \t]*dependencies[ \t]*=[ \t]*\[/m.exec(body);
  if (existing) {
    const at = section.bodyStart + existing.index + existing[0].length;
    return { path, edits: [{ start: at, end: at, newText: entry }] };
  }
  return { path, edits: [{ start: section.bodyStart, end: section.bodyStart, newText: `dependencies = [${entry}]${eol}` }] };
}

/** Appends `key = value` after the last entry of a TOML table (`[packages]`). */
function tableEntryEdit(text: string, path: string, table: string, line: string, eol: string): OtherFileEdit | undefined {
  const section = tableBounds(text, table);
  if (!section) return undefined;
  const lines = text.slice(section.bodyStart, section.end).split('\n');
  let offset = section.bodyStart;
  let insertAt = section.bodyStart;
  let afterEntry = false;
  for (const current of lines) {
    const content = current.replace(/\r$/, '');
    if (content.trim() !== '' && !content.trim().startsWith('#')) {
      insertAt = offset + content.length;
      afterEntry = true;
    }
    offset += current.length + 1;
  }
  return { path, edits: [{ start: insertAt, end: insertAt, newText: afterEntry ? `${eol}${line}` : `${line}${eol}` }] };
}

/** The body of `[name]`: from the line after its header to the next header (or the end). */
function tableBounds(text: string, name: string): { bodyStart: number; end: number } | undefined {
  const escaped = name.replace(/\./g, '\\.');
  const header = new RegExp(`^[ \\t]*\\[${escaped}\\][ \\t]*(#.*)?$`, 'm').exec(text);
  if (!header) return undefined;
  const newline = text.indexOf('\n', header.index);
  const bodyStart = newline === -1 ? text.length : newline + 1;
  const next = /^[ \t]*\[/m.exec(text.slice(bodyStart));
  return { bodyStart, end: next ? bodyStart + next.index : text.length };
}

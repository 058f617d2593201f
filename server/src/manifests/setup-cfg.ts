// setup.cfg: `[options]` install_requires / setup_requires / tests_require and
// `[options.extras_require]`, each a value spread over indented continuation lines, one
// requirement per line. INI comments are whole lines starting with `#` or `;`; a ` #` comment
// after a requirement is stripped too (setuptools would reject it, but people write them).
import { emptyManifest, type Manifest } from './model';
import { SourceText } from './source-text';
import { isProblem, pep508Requirement } from './string-requirement';

const OPTION_LISTS: Record<string, string> = { install_requires: 'install_requires', setup_requires: 'setup_requires', tests_require: 'tests_require' };

interface Line {
  text: string;
  start: number;
}

export function parseSetupCfg(text: string, path: string): Manifest {
  const manifest = emptyManifest(path, 'setup-cfg');
  const lines = splitLines(text);
  let section = '';
  let group: string | undefined;
  for (const line of lines) {
    const trimmed = line.text.trim();
    if (trimmed === '' || /^[#;]/.test(trimmed)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(trimmed);
    if (header) {
      section = header[1].trim();
      group = undefined;
      continue;
    }
    const continuation = /^[ \t]/.test(line.text);
    if (continuation) {
      if (group) addRequirement(manifest, line.text, line.start, group);
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line.text);
    if (!pair) {
      group = undefined;
      if (section === 'options' || section === 'options.extras_require') manifest.problems.push({ start: line.start, end: line.start + line.text.trimEnd().length, message: `\`${trimmed}\` is neither \`key = value\` nor a continuation line` });
      continue;
    }
    const key = pair[1].trim();
    group = section === 'options' ? OPTION_LISTS[key] : section === 'options.extras_require' ? `extras:${key}` : undefined;
    if (group) addRequirement(manifest, pair[2], line.start + line.text.length - pair[2].length, group);
  }
  return manifest;
}

function addRequirement(manifest: Manifest, raw: string, offset: number, group: string): void {
  const comment = /(^|\s)#/.exec(raw);
  const content = comment ? raw.slice(0, comment.index) : raw;
  const source = SourceText.contiguous(content, offset).trim();
  if (source.length === 0 || source.text.startsWith('file:')) return;
  const range = source.range(0, source.length);
  const requirement = pep508Requirement(source, range, group);
  if (isProblem(requirement)) manifest.problems.push({ ...requirement, message: `\`${source.text}\` is not a valid requirement: ${requirement.message}` });
  else manifest.requirements.push(requirement);
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, start });
    start += raw.length + 1;
  }
  return lines;
}

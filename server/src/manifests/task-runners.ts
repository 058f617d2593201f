// Dependencies declared to test runners rather than to pip: tox's `deps =` (tox.ini, and
// `[tool.tox]`-less setups) and nox's `session.install(...)` calls. They are read as
// requirements files whose text keeps every offset of the original (everything else blanked to
// spaces), so ranges still point into tox.ini or noxfile.py. Only names matter to the rules that
// read them (a dependency the tests install is declared); they are never checked as files.
import type { Manifest } from './model';
import { parseRequirements } from './requirements';

/** A tox.ini's `deps` values as a requirements manifest (`-r{toxinidir}/x.txt` becomes an include). */
export function parseToxDeps(text: string, path: string): Manifest {
  const kept = blankAll(text);
  const lines = text.split('\n');
  let offset = 0;
  let inDeps = false;
  for (const line of lines) {
    const start = offset;
    offset += line.length + 1;
    if (/^\s*\[/.test(line)) {
      inDeps = false;
      continue;
    }
    const header = /^(deps\s*=)/.exec(line);
    if (header) {
      inDeps = true;
      keep(kept, text, start + header[1].length, start + line.length);
      continue;
    }
    if (inDeps && /^\s+\S/.test(line)) keep(kept, text, start, start + line.length);
    else if (line.trim() !== '') inDeps = false;
  }
  let synthetic = kept.join('');
  // `{toxinidir}/` prefixes (pip sees a path relative to tox.ini) and `py38: ` factor conditions.
  synthetic = synthetic.replace(/\{toxinidir\}[\\/]?/g, (m) => ' '.repeat(m.length));
  synthetic = synthetic.replace(/^(\s*)([\w.,{}!-]+:)(?=\s)/gm, (_m, space: string, factor: string) => space + ' '.repeat(factor.length));
  return withGroup(parseRequirements(blankUnknownSubstitutions(synthetic), path), 'tox');
}

/** The string arguments of a noxfile's `session.install(...)` calls as a requirements manifest. */
export function parseNoxInstalls(text: string, path: string): Manifest {
  const kept = blankAll(text);
  const call = /\bsession\.install\s*\(/g;
  for (let match = call.exec(text); match; match = call.exec(text)) {
    const end = closingParen(text, call.lastIndex);
    const literal = /(?<![\w])(['"])([^'"\n]*)\1/g;
    const args = text.slice(call.lastIndex, end);
    let previous = '';
    for (let arg = literal.exec(args); arg; arg = literal.exec(args)) {
      const at = call.lastIndex + arg.index;
      // The opening quote becomes the line break before the argument, unless it is the value of `-r`.
      kept[at] = previous === '-r' || previous === '-c' ? ' ' : '\n';
      keep(kept, text, at + 1, at + 1 + arg[2].length);
      previous = arg[2].trim();
    }
  }
  return withGroup(parseRequirements(kept.join(''), path), 'nox');
}

function blankAll(text: string): string[] {
  // By UTF-16 code unit, as offsets count.
  return text.split('').map((char) => (char === '\n' ? '\n' : ' '));
}

function keep(kept: string[], text: string, from: number, to: number): void {
  for (let i = from; i < to && i < text.length; i++) kept[i] = text[i];
}

/** Other tox substitutions (`{env:X}`, `{posargs}`) have no value offline: the line is dropped. */
function blankUnknownSubstitutions(text: string): string {
  return text.replace(/^.*\{[^}\n]*\}.*$/gm, (line) => ' '.repeat(line.length));
}

function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length && i < from + 10_000; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return Math.min(text.length, from + 10_000);
}

function withGroup(manifest: Manifest, group: string): Manifest {
  for (const requirement of manifest.requirements) requirement.group = group;
  return manifest;
}

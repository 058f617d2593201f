// `--diff-base REF`: the files and lines changed since a git ref (committed, staged or not, and
// untracked files), asked of `git` itself. git runs with an argument list, never through a
// shell, and with the repository's own configuration kept out of what could run (no external
// diff drivers, no text conversion filters).
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../engine/finding';
import type { AuditResult } from '../workspace/audit';
import { LineIndex } from '../report/location';

/** Absolute path → its changed lines (1-based), or 'all' for a file git does not track yet. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

/** git is missing, the folder is not in a repository, or the ref is unknown: a message for people. */
export class DiffBaseError extends Error {}

const MAX_OUTPUT = 256 * 1024 * 1024;

function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', ['-c', 'core.quotePath=false', ...args], { cwd, maxBuffer: MAX_OUTPUT, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolvePromise(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(new DiffBaseError('--diff-base needs git, which was not found on the PATH'));
      else reject(new DiffBaseError(stderr.trim().split('\n')[0] || error.message));
    });
  });
}

/** The lines changed since `ref` in the git repository holding `folder`. */
export async function changedLines(folder: string, ref: string): Promise<ChangedLines> {
  let top: string;
  try {
    top = (await git(folder, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if (error instanceof DiffBaseError && !error.message.startsWith('--diff-base')) throw new DiffBaseError(`--diff-base: ${folder} is not in a git repository`);
    throw error;
  }
  if (ref.startsWith('-')) throw new DiffBaseError(`--diff-base: '${ref}' is not a git ref`);
  try {
    await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    throw new DiffBaseError(`--diff-base: unknown git ref '${ref}' in ${top}`);
  }
  const diff = await git(top, ['diff', '--no-ext-diff', '--no-textconv', '--no-color', '--no-renames', '--unified=0', '--end-of-options', ref, '--']);
  const changed = parseUnifiedDiff(diff, top);
  const untracked = await git(top, ['ls-files', '-z', '--others', '--exclude-standard']);
  for (const path of untracked.split('\0').filter(Boolean)) changed.set(resolve(top, path), 'all');
  return changed;
}

/** The new-side lines of each file in a `git diff --unified=0`, by absolute path. */
export function parseUnifiedDiff(diff: string, top: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current = undefined;
      if (target === '/dev/null') continue; // deleted
      const path = unquote(target).replace(/^b\//, '');
      current = new Set();
      changed.set(resolve(top, path), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return changed;
}

/** A path as git writes it in C-style quotes when it holds quotes, backslashes or control characters. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i];
    const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
    if (next in escapes) bytes.push(escapes[next]);
    else if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The audit with only the findings on changed lines (a finding spanning lines counts if any is changed). */
export function onChangedLines(result: AuditResult, changed: ChangedLines): AuditResult {
  const linesOf = (path: string) => changed.get(path) ?? changed.get(realPath(path));
  return {
    ...result,
    files: result.files.map((file) => {
      const lines = linesOf(file.path);
      if (lines === 'all') return file;
      const index = file.text === undefined ? undefined : new LineIndex(file.text);
      const onChanged = (finding: Finding) => {
        if (!lines || !index) return false;
        const from = index.position(finding.start).line;
        const to = index.position(finding.end).line;
        for (let line = from; line <= to; line++) if (lines.has(line)) return true;
        return false;
      };
      // A flow is new when any step of it changed: a call added in views.py into an old helper is reported at the helper's sink.
      const stepChanged = (finding: Finding) => finding.flow?.some((step) => {
        const stepLines = step.path === undefined ? lines : linesOf(step.path);
        return stepLines === 'all' || (stepLines?.has(step.line + 1) ?? false);
      }) ?? false;
      return { ...file, findings: file.findings.filter((finding) => onChanged(finding) || stepChanged(finding)) };
    }),
  };
}

/** git names files by their real path; an audit by the path it was given (which may pass a symlink). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

// Unified diffs (as `diff -u` and `git diff` print them) of a file before and after fixing.
// Lines are compared with Myers' O(ND) algorithm after trimming the common head and tail, so
// the cost follows the size of the change, not of the file.

/** Lines of context around each change, as `diff -u`. */
const CONTEXT = 3;

type Operation = { kind: ' ' | '-' | '+'; line: string };

/**
 * The unified diff from `before` to `after`, with `a/` and `b/` headers naming `path` (as
 * `git diff`); empty when they are equal. A file that does not exist yet has `before`
 * undefined and a `/dev/null` header.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string): string {
  if (before === after) return '';
  const oldLines = splitLines(before ?? '');
  const newLines = splitLines(after);
  const operations = diffLines(oldLines, newLines);
  let out = `--- ${before === undefined ? '/dev/null' : `a/${path}`}\n+++ b/${path}\n`;
  for (const hunk of hunks(operations)) out += hunk;
  return out;
}

/** Lines with their line breaks kept, so that a changed line ending shows as a change. */
function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function diffLines(a: readonly string[], b: readonly string[]): Operation[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  return [
    ...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })),
    ...middle,
    ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line })),
  ];
}

/** The shortest edit script from `a` to `b` (Myers 1986), as keep/delete/insert operations. */
function myers(a: readonly string[], b: readonly string[]): Operation[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m) to (0, 0).
  const operations: Operation[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const saved = trace[d];
    const k = x - y;
    const previousK = k === -d || (k !== d && saved[offset + k - 1] < saved[offset + k + 1]) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : saved[offset + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      operations.push({ kind: ' ', line: a[--x] });
      y--;
    }
    if (d > 0) {
      if (x === previousX) operations.push({ kind: '+', line: b[--y] });
      else operations.push({ kind: '-', line: a[--x] });
    }
  }
  return operations.reverse();
}

/** Groups operations into hunks with CONTEXT lines around each change, merging close ones. */
function* hunks(operations: readonly Operation[]): Generator<string> {
  const changed = operations.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  let at = 0;
  while (at < changed.length) {
    const first = changed[at];
    let last = first;
    while (at + 1 < changed.length && changed[at + 1] - last <= 2 * CONTEXT + 1) last = changed[++at];
    at++;
    const start = Math.max(0, first - CONTEXT);
    const end = Math.min(operations.length, last + CONTEXT + 1);
    // Line numbers where the hunk starts in each file: count the lines before it.
    let oldStart = 1;
    let newStart = 1;
    for (let i = 0; i < start; i++) {
      if (operations[i].kind !== '+') oldStart++;
      if (operations[i].kind !== '-') newStart++;
    }
    let oldCount = 0;
    let newCount = 0;
    let body = '';
    for (let i = start; i < end; i++) {
      const { kind, line } = operations[i];
      if (kind !== '+') oldCount++;
      if (kind !== '-') newCount++;
      body += kind + (/[\r\n]$/.test(line) ? line : `${line}\n\\ No newline at end of file\n`);
    }
    const range = (from: number, count: number) => `${count === 0 ? from - 1 : from}${count === 1 ? '' : `,${count}`}`;
    yield `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${body}`;
  }
}

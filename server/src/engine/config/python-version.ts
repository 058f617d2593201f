// The lowest Python version a `requires-python` specifier allows: ">=3.10,<4" → [3, 10].

export type PythonVersion = readonly [number, number];

/**
 * Undefined when the specifier has no lower bound (`<4`, `!=3.7.*`) or cannot be read. Poetry's
 * `^3.9` and `~3.9` are understood too.
 */
export function minimumPython(specifier: string): PythonVersion | undefined {
  let lowest: PythonVersion | undefined;
  for (const clause of specifier.split(/[,|]/)) {
    const match = /^\s*(>=|>|==|~=|\^|~|===)?\s*(\d+)(?:\.(\d+|\*))?/.exec(clause);
    if (!match || (match[1] === undefined && !/^\s*\d/.test(clause))) continue;
    const operator = match[1] ?? '==';
    if (!['>=', '>', '==', '~=', '^', '~', '==='].includes(operator)) continue;
    const version: PythonVersion = [Number(match[2]), match[3] === undefined || match[3] === '*' ? 0 : Number(match[3])];
    // With `or` (Poetry's `||`) the lowest alternative counts; with `,` all bounds hold, so the highest lower bound.
    if (!lowest || (specifier.includes('|') ? compare(version, lowest) < 0 : compare(version, lowest) > 0)) lowest = version;
  }
  return lowest;
}

export function compare(a: PythonVersion, b: PythonVersion): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function atLeast(version: PythonVersion | undefined, wanted: PythonVersion): boolean {
  return version !== undefined && compare(version, wanted) >= 0;
}

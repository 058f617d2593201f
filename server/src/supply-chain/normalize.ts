/** PEP 503: lowercase, and every run of `-`, `_`, `.` becomes one `-`. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

// PEP 440 versions: parsing (with the spec's normalizations: `1.0-A1` is `1.0a1`, `1.0-1` is
// `1.0.post1`, `v1.0` is `1.0`) and the spec's total order (epochs, pre/post/dev releases, local
// versions). Advisory ranges are compared with it, so it must be exact: `1.0.dev1 < 1.0a1 < 1.0`.

export interface Version {
  epoch: string;
  /** Release numbers, trailing zeros dropped for comparison (`1.0.0` → ['1']). */
  release: string[];
  /** `a`, `b` or `rc` with its number. */
  pre?: { label: 'a' | 'b' | 'rc'; number: string };
  post?: string;
  dev?: string;
  /** Local segments, lower-cased (`ubuntu.1` → ['ubuntu', '1']). */
  local?: string[];
}

// The canonical pattern of PEP 440's appendix, anchored, case-insensitive.
const PATTERN =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

const PRE_LABELS: Record<string, 'a' | 'b' | 'rc'> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', preview: 'rc', pre: 'rc', c: 'rc', rc: 'rc' };

const cache = new Map<string, Version | null>();

/** The parsed version, or undefined when the text is not a PEP 440 version. Cached. */
export function parseVersion(text: string): Version | undefined {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = parse(text) ?? null;
    if (cache.size > 50_000) cache.clear();
    cache.set(text, parsed);
  }
  return parsed ?? undefined;
}

function parse(text: string): Version | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, epoch, release, preLabel, preNumber, postImplicit, postLabel, postNumber, devLabel, devNumber, local] = match;
  const numbers = release.split('.').map(integer);
  while (numbers.length > 1 && numbers[numbers.length - 1] === '0') numbers.pop();
  // Every field present (undefined when absent): one object shape keeps comparisons fast.
  return {
    epoch: integer(epoch ?? '0'),
    release: numbers,
    pre: preLabel ? { label: PRE_LABELS[preLabel.toLowerCase()], number: integer(preNumber ?? '0') } : undefined,
    post: postImplicit !== undefined ? integer(postImplicit) : postLabel ? integer(postNumber ?? '0') : undefined,
    dev: devLabel ? integer(devNumber ?? '0') : undefined,
    local: local ? local.toLowerCase().split(/[-_.]/) : undefined,
  };
}

/** Digits without leading zeros: numbers are compared as text, so any length works. */
function integer(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

function compareIntegers(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/** Negative, zero or positive as `a` sorts before, equal to or after `b` (PEP 440's order). */
export function compareVersions(a: Version, b: Version): number {
  return (
    compareIntegers(a.epoch, b.epoch) ||
    compareReleases(a.release, b.release) ||
    comparePre(a, b) ||
    compareOptional(a.post, b.post, -1) ||
    compareOptional(a.dev, b.dev, 1) ||
    compareLocal(a.local, b.local)
  );
}

function compareReleases(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareIntegers(a[i] ?? '0', b[i] ?? '0');
    if (order) return order;
  }
  return 0;
}

/**
 * Pre-releases sort before the release; a release's own dev releases (`1.0.dev1`, no pre, no
 * post) before all its pre-releases.
 */
function comparePre(a: Version, b: Version): number {
  return preKey(a) - preKey(b) || (a.pre && b.pre ? compareIntegers(a.pre.number, b.pre.number) : 0);
}

function preKey(version: Version): number {
  if (version.pre) return PRE_RANK[version.pre.label];
  if (version.dev !== undefined && version.post === undefined) return -1;
  return 3;
}

/** An absent post release sorts first (`missing` = -1); an absent dev release last (`missing` = 1). */
function compareOptional(a: string | undefined, b: string | undefined, missing: number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? missing : -missing;
  return compareIntegers(a, b);
}

/** No local part first; then segment by segment, numbers after words, a longer list after its prefix. */
function compareLocal(a: string[] | undefined, b: string[] | undefined): number {
  if (!a || !b) return a === b ? 0 : a ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const numericA = /^\d+$/.test(a[i]);
    const numericB = /^\d+$/.test(b[i]);
    if (numericA !== numericB) return numericA ? 1 : -1;
    const order = numericA ? compareIntegers(integer(a[i]), integer(b[i])) : a[i] < b[i] ? -1 : a[i] > b[i] ? 1 : 0;
    if (order) return order;
  }
  return a.length - b.length;
}

/** Compares two version strings; undefined when either is not a PEP 440 version. */
export function compareVersionText(a: string, b: string): number | undefined {
  const left = parseVersion(a);
  const right = parseVersion(b);
  return left && right ? compareVersions(left, right) : undefined;
}

/** The normalized form PEP 440 prints (`1.0-A1` → `1.0a1`), trailing zeros kept as written. */
export function normalizeVersion(text: string): string | undefined {
  const match = PATTERN.exec(text);
  const version = parseVersion(text);
  if (!match || !version) return undefined;
  const release = match[2].split('.').map(integer).join('.');
  let out = version.epoch !== '0' ? `${version.epoch}!${release}` : release;
  if (version.pre) out += `${version.pre.label}${version.pre.number}`;
  if (version.post !== undefined) out += `.post${version.post}`;
  if (version.dev !== undefined) out += `.dev${version.dev}`;
  if (version.local) out += `+${version.local.join('.')}`;
  return out;
}

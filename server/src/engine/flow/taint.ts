// What the analysis carries: where an untrusted value came from and the steps it took. Positions
// are relative to the start of the function ("anchor") they lie in, so that a function's result
// survives edits elsewhere in its file; steps in another file carry that file and absolute
// offsets with their line and column.
import type { SinkKind, SinkSpec, Trust } from './spec';

export interface Step {
  /** The function (`Class.method`, `<module>`) the offsets are relative to; unset with `file`. */
  anchor?: string;
  /** Another file's absolute path: offsets are then absolute, with line and column. */
  file?: string;
  start: number;
  end: number;
  line?: number;
  character?: number;
  /** What happens here, for people: "`url = request.args['u']`". */
  note: string;
}

/** One origin of a value: a source (with its trust) or a parameter of the function analysed. */
export interface Origin {
  /** The source expression as written (`request.args['url']`), or the parameter's name. */
  label: string;
  trust?: Trust;
  /** For parameters: their position in the function's parameter list. */
  parameter?: number;
  steps: Step[];
  /** The sinks a sanitizer made it safe for; `all` after `int()` and its kind. */
  cleaned?: ReadonlySet<SinkKind> | 'all';
  /**
   * It went through path normalization (`os.path.realpath`, `Path.resolve()`): `..` is gone, so
   * a prefix check on it (`startswith`) keeps it inside a folder.
   */
  normalized?: boolean;
  /**
   * A request object (Django's `request`, aiohttp's): itself harmless, only these attributes
   * and methods are untrusted.
   */
  fields?: readonly string[];
  /**
   * For a parameter: the first attribute read from it (`GET` of `request.GET`). A caller passing
   * a request object there passes input exactly when that attribute is one of its `fields`.
   */
  read?: string;
}

export type Taint = readonly Origin[];

export const CLEAN: Taint = [];

/** How many origins one value keeps, and how many steps one origin: enough to explain, bounded. */
const MAX_ORIGINS = 4;
const MAX_STEPS = 10;

export function isCleanFor(origin: Origin, kind: SinkKind): boolean {
  return origin.cleaned === 'all' || (origin.cleaned !== undefined && origin.cleaned.has(kind));
}

/** The origins of both, one per source (the shorter path kept). */
export function union(a: Taint, b: Taint): Taint {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged = [...a];
  for (const origin of b) {
    const same = merged.findIndex((o) => sameSource(o, origin));
    if (same === -1) {
      if (merged.length < MAX_ORIGINS) merged.push(origin);
    } else if (cleanerThan(merged[same], origin)) {
      // A value clean on one path and not on the other is not clean.
      merged[same] = origin;
    }
  }
  return merged;
}

function cleanerThan(a: Origin, b: Origin): boolean {
  if (a.cleaned === undefined) return false;
  if (b.cleaned === undefined) return true;
  if (a.cleaned === 'all') return b.cleaned !== 'all';
  return b.cleaned !== 'all' && b.cleaned.size < a.cleaned.size;
}

export function unionAll(taints: readonly Taint[]): Taint {
  return taints.reduce(union, CLEAN);
}

function sameSource(a: Origin, b: Origin): boolean {
  const sa = a.steps[0];
  const sb = b.steps[0];
  return a.label === b.label && a.parameter === b.parameter && a.read === b.read && sa?.start === sb?.start && sa?.anchor === sb?.anchor && sa?.file === sb?.file;
}

export function withStep(taint: Taint, step: Step): Taint {
  return taint.map((origin) => ({ ...origin, steps: appendSteps(origin.steps, [step]) }));
}

export function appendSteps(steps: readonly Step[], more: readonly Step[]): Step[] {
  const all = [...steps, ...more];
  return all.length <= MAX_STEPS ? all : [all[0], ...all.slice(all.length - MAX_STEPS + 1)];
}

export function cleaned(taint: Taint, kinds: readonly SinkKind[] | undefined): Taint {
  return taint.map((origin) => {
    if (kinds === undefined || origin.cleaned === 'all') return { ...origin, cleaned: 'all' as const };
    return { ...origin, cleaned: new Set([...(origin.cleaned ?? []), ...kinds]) };
  });
}

/** A flow into a sink: found in a function, or in a callee reached through its summary. */
export interface Hit {
  sink: SinkSpec;
  /** How the sink is called, for messages: `requests.get`. */
  sinkLabel: string;
  /** The sink call. */
  at: Step;
  origin: Origin;
  /**
   * When the sink lies in another file: the call in this file through which the value goes
   * there; the finding is reported on it, since this file's analysis owns its findings.
   */
  entry?: Step;
}

/** A sink whose argument was provably sanitized: its rule's pattern finding may drop in confidence. */
export interface CleanHit {
  rule: string;
  at: Step;
}

/** The analysis of one function: what is cached and what summaries are made of. */
export interface FunctionResult {
  hits: Hit[];
  cleanHits: CleanHit[];
  /** Origins of the returned values (parameters and sources alike). */
  returns: Taint;
}

/** What callers need of a function: its parameters and what reaches its sinks and return value. */
export interface Summary {
  parameters: readonly string[];
  /** Whether the first parameter is the receiver (a method called on an object). */
  method: boolean;
  /** Flows from parameters into sinks (origins are parameter origins). */
  hits: readonly Hit[];
  /** Parameters and sources whose values are returned. */
  returns: Taint;
}

/** A summary's identity: equal signatures mean callers see the same function. */
export function summarySignature(summary: Summary): string {
  const step = (s: Step) => `${s.anchor ?? s.file}:${s.start}:${s.end}`;
  const origin = (o: Origin) => `${o.label}|${o.parameter}|${o.read ?? ''}|${o.trust}|${o.steps.map(step).join(',')}|${o.cleaned === 'all' ? 'all' : [...(o.cleaned ?? [])].join('+')}|${o.normalized ? 'n' : ''}`;
  return JSON.stringify([
    summary.parameters,
    summary.method,
    summary.hits.map((h) => `${h.sink.rule}:${step(h.at)}:${origin(h.origin)}`),
    summary.returns.map(origin),
  ]);
}

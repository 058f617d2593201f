// Where a traced finding is reported. A flow is reported at its sink: when a file's flow goes
// through a helper in another file (`views.py` passes `request.args["q"]` to `helpers.py`'s
// `search(q)`, which builds SQL from it), the finding belongs to the helper's file, at the
// `execute`. A file's analysis only owns its own findings, so it reports such a flow at the call
// into the helper, with the sink's side attached (`Finding.atSink`); whoever analyses the
// helper's file too (the audit, the editor with both files open) moves it there with
// `outgoingFlows` and `receiveFlows`. Where the helper's file is not analysed (`pyward audit
// views.py`, an editor with only views.py open), the finding stays at the call.
import type { Node } from 'web-tree-sitter';
import { compareFindings, type Finding, type FlowStep, flowPaths, levelRank } from '../finding';
import { lineStartAt } from '../lines';
import type { RuleRegistry } from '../registry';
import type { Level } from '../rule';
import { applySuppressions, UNUSED_SUPPRESSION } from '../suppression';

/**
 * Adds a traced finding to `findings`, or upgrades the sink rule's own finding at that call
 * (same rule, inside the sink's range, not traced yet): it keeps its range and fixes and takes
 * the flow's message, path and the higher severity and confidence.
 */
export function placeTraced(findings: Finding[], traced: Finding, registry: RuleRegistry): void {
  const existing = findings.findIndex((f) => !f.flow && atSameSink(f, traced.ruleId, traced));
  if (existing === -1) {
    findings.push(traced);
    return;
  }
  const pattern = findings[existing];
  // A severity the user configured for the rule still wins over the traced one.
  const severity = registry.configuredSeverity(traced.ruleId) ?? higher(pattern.severity, traced.severity);
  const upgraded: Finding = { ...pattern, message: traced.message, severity, confidence: higher(pattern.confidence, traced.confidence), traced: true, flow: traced.flow };
  if (traced.moreFlows) upgraded.moreFlows = traced.moreFlows;
  if (traced.atSink) upgraded.atSink = traced.atSink;
  findings[existing] = upgraded;
}

/** Whether `finding` is `ruleId`'s and lies inside `sink` (a sink call's range): reported at that call. */
export function atSameSink(finding: Finding, ruleId: string, sink: { start: number; end: number }): boolean {
  return finding.ruleId === ruleId && finding.start >= sink.start && finding.end <= sink.end;
}

/**
 * Splits a file's findings into those it reports itself and those that go to their sink's file,
 * which `deliverable` says is analysed too.
 */
export function outgoingFlows(findings: readonly Finding[], deliverable: (path: string) => boolean): { own: Finding[]; outgoing: Finding[] } {
  const own: Finding[] = [];
  const outgoing: Finding[] = [];
  for (const finding of findings) (finding.atSink && deliverable(finding.atSink.path) ? outgoing : own).push(finding);
  return { own, outgoing };
}

export interface FlowTarget {
  /** The sink file's text, which the incoming flows' offsets index. */
  text: string;
  /** Its rules: a rule that does not run there (off in tests, disabled) reports nothing there. */
  registry: RuleRegistry;
  /** Its syntax tree, when at hand: it tells a `#` in a string from a comment's. */
  root?: Node;
}

/**
 * A file's findings with the flows other files found into its sinks (findings with `atSink` on
 * this file): suppression comments at the sink apply to them, each sink is reported once (its
 * own traced finding first, then the first caller's by path and position), and a flow upgrades
 * the sink rule's own finding there as the file's own flows do.
 */
export function receiveFlows(findings: readonly Finding[], incoming: readonly Finding[], target: FlowTarget): Finding[] {
  if (incoming.length === 0) return [...findings];
  const { registry, text } = target;
  const candidates: Candidate[] = [];
  for (const finding of [...incoming].sort(byCallerPlace)) {
    const sink = finding.atSink!;
    const rule = registry.rule(finding.ruleId);
    if (!rule || sink.end > text.length) continue;
    const report = registry.finding(rule.meta, sink.start, sink.end, { message: sink.message, severity: finding.severity, confidence: finding.confidence });
    candidates.push({ finding: { ...report, traced: true, flow: sink.flow, ...(sink.moreFlows ? { moreFlows: sink.moreFlows } : {}) }, sentence: sink.sentence });
  }
  const unique = oneFindingPerSink(candidates);
  const fresh = unique.filter((candidate) => !findings.some((own) => own.flow && atSameSink(own, candidate.ruleId, candidate)));
  const kept = applySuppressions(fresh, text, target.root, registry);
  // A `# pyward: ignore` that silences a delivered flow is not unused, though the file's own analysis said so.
  const silencedLines = new Set(fresh.filter((finding) => !kept.includes(finding)).flatMap((finding) => [lineStartAt(text, finding.start), lineStartAt(text, Math.max(finding.start, finding.end - 1))]));
  const merged = findings.filter((finding) => finding.ruleId !== UNUSED_SUPPRESSION || !silencedLines.has(lineStartAt(text, finding.start)));
  for (const finding of kept) placeTraced(merged, finding, registry);
  return merged.sort(compareFindings);
}

/** A flow delivered at its sink, with its message's halves. */
interface Candidate {
  finding: Finding;
  sentence?: FlowSentence;
}

/**
 * One finding per sink: the first caller's (by file and place) names it, and the paths of the
 * other callers' sources go with it, counted in its message (`x` (views.py:4) and 1 other source
 * reach …).
 */
function oneFindingPerSink(candidates: readonly Candidate[]): Finding[] {
  const bySink = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const key = `${candidate.finding.ruleId}:${candidate.finding.start}:${candidate.finding.end}`;
    const first = bySink.get(key);
    if (!first) {
      bySink.set(key, { ...candidate });
      continue;
    }
    const known = flowPaths(first.finding);
    const added = flowPaths(candidate.finding).filter((path) => path.length > 0 && !known.some((other) => sameStep(other[0], path[0])));
    if (added.length === 0) continue;
    const moreFlows = [...(first.finding.moreFlows ?? []), ...added];
    first.finding = { ...first.finding, moreFlows, ...(first.sentence ? { message: flowSentence(first.sentence, moreFlows.length) } : {}) };
  }
  return [...bySink.values()].map(({ finding }) => finding);
}

/** A flow's message: its source, how many others reach the same sink, and the sink with the advice. */
export interface FlowSentence {
  /** The first source and where it is: `` `request.args["q"]` (views.py:4) ``. */
  source: string;
  /** What it reaches, through what, and what to do: `` `cursor.execute` through search(q): pass it as a query parameter. `` */
  sink: string;
}

export function flowSentence(sentence: FlowSentence, otherSources: number): string {
  const others = otherSources === 0 ? '' : ` and ${otherSources} other source${otherSources === 1 ? '' : 's'}`;
  return `${sentence.source}${others} reach${others ? '' : 'es'} ${sentence.sink}`;
}

/** The same place of the same file: two paths from one source. */
export function sameStep(a: FlowStep, b: FlowStep): boolean {
  return a.path === b.path && a.start === b.start && a.end === b.end;
}

/** Deterministic order of flows from several callers into one sink: the first caller by file and place names it. */
function byCallerPlace(a: Finding, b: Finding): number {
  const from = (finding: Finding) => finding.atSink!.flow[0]?.path ?? '';
  return from(a).localeCompare(from(b)) || a.start - b.start || compareFindings(a, b);
}

function higher(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

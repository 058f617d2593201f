// A finding is plain data: which rule, where (UTF-16 offsets), what to say, how sure we are.
import type { Fix } from './fixer';
import type { Level } from './rule';

export interface Finding {
  ruleId: string;
  start: number;
  end: number;
  message: string;
  severity: Level;
  confidence: Level;
  /** What does not fit the one-sentence message (the advisories behind a finding, say): Markdown, shown on hover. */
  details?: string;
  /** Present only when fixes were asked for. */
  fixes?: Fix[];
  /**
   * Set only when project suppressions are ignored (`ignoreProjectSuppressions`: an untrusted
   * workspace, `--ignore-project-suppressions`): how the repository would have silenced this
   * finding, for people ("a `# nosec` comment", "`[tool.pyward] disable`"). Such findings are
   * reported, marked, instead of hidden. Set through `markProjectSuppressed`.
   */
  projectSuppression?: string;
  /**
   * The data-flow analysis traced the flagged value from an untrusted source (a request
   * parameter…) to this sink: such findings rank higher in the editor (`lsp/diagnostics.ts`).
   */
  traced?: boolean;
  /** The path of a traced value, source first, the sink last (`engine/flow/`). */
  flow?: FlowStep[];
  /** The paths of the other sources that reach the same sink, each like `flow`: one finding per sink, a path per source. */
  moreFlows?: FlowStep[][];
  /**
   * A traced finding found at a call into a helper whose sink lies in another file: the finding
   * as that file reports it. The audit and the editor move it there when they analyse that file
   * too (`engine/flow/deliver.ts`); otherwise it stays at the call.
   */
  atSink?: SinkSide;
}

/** A flow finding as reported at its sink, in another file than the one it was found in. */
export interface SinkSide {
  /** The sink's file (absolute path). */
  path: string;
  /** Offsets of the sink call in that file. */
  start: number;
  end: number;
  message: string;
  /** The message's halves, to count the sources again when flows from several callers meet at the sink. */
  sentence?: { source: string; sink: string };
  /** The steps as seen from that file: the caller's steps name their file (`path`), the sink's file's do not. */
  flow: FlowStep[];
  moreFlows?: FlowStep[][];
}

/** A traced finding's paths, one per source: `flow` first, then `moreFlows`. */
export function flowPaths(finding: Finding): FlowStep[][] {
  return finding.flow ? [finding.flow, ...(finding.moreFlows ?? [])] : [];
}

/** Marks a finding the repository would have silenced (the first reason found is kept). */
export function markProjectSuppressed(finding: Finding, how: string): Finding {
  finding.projectSuppression ??= how;
  return finding;
}

/** One step of a traced value's path. */
export interface FlowStep {
  /** What happens here: "`url = request.args['u']`", "passed to `fetch(…)`". */
  message: string;
  /** Offsets in the step's file: the finding's own unless `path` says otherwise. */
  start: number;
  end: number;
  /** Zero-based line and UTF-16 column of `start`. */
  line: number;
  character: number;
  /** Another file's absolute path. */
  path?: string;
}

const RANK: Record<Level, number> = { low: 1, medium: 2, high: 3 };

export function levelRank(level: Level): number {
  return RANK[level];
}

export function isLevel(value: string): value is Level {
  return value === 'low' || value === 'medium' || value === 'high';
}

/** Orders findings by position, then rule, for stable output. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId);
}

// The flow pass: runs after the rules on a Python file, traces untrusted values into sinks,
// and turns each flow into a finding of the sink's rule — upgrading the rule's own finding at
// that call when it reported one, creating it when it did not. One finding per sink and source.
import { basename } from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { Finding, FlowStep, SinkSide } from '../finding';
import type { PythonLanguage } from '../python';
import type { RuleRegistry } from '../registry';
import type { FileContext, Level } from '../rule';
import type { SemanticModel } from '../semantic/model';
import type { ScopeRecord } from '../semantic/scopes';
import { FlowCatalog, importedModuleNames } from './catalog';
import { urlCaptures } from './url-captures';
import { atSameSink, type FlowSentence, flowSentence, placeTraced, sameStep } from './deliver';
import { FileFlow, type TreeTransition } from './file-flow';
import { short } from './function-flow';
import { LineIndex } from './lines';
import { absoluteFilePath, type FlowInputs, projectCallees } from './project-flow';
import type { FlowConfig } from './config';
import type { SinkKind, Trust } from './spec';
import type { Hit, Step } from './taint';

export type { FlowInputs };

/** What a file's flow keeps between analyses (in the editor, one per open document). */
export class FlowState {
  flow: FileFlow | undefined;
  catalog: FlowCatalog | undefined;
  /** Other files the last analysis read, with their text then. */
  inputs: FlowInputs = new Map();
  /** The edits from the last tree the flow saw to the current one (an open document's re-parse). */
  transition: TreeTransition | undefined;
}

export interface FlowPass {
  root: Node;
  text: string;
  model: SemanticModel;
  /** The file's scopes as ranges (from its analysis): where the functions are. */
  scopes: readonly ScopeRecord[];
  registry: RuleRegistry;
  file: FileContext;
  python: PythonLanguage;
  state: FlowState;
  config?: FlowConfig;
}

const ADVICE: Record<SinkKind, string> = {
  sql: 'pass it as a query parameter',
  shell: 'pass an argument list without a shell',
  program: 'pick the program from a fixed set',
  code: 'never evaluate it',
  deserialization: 'load a data-only format',
  xml: 'parse with defusedxml',
  template: 'render a fixed template with it as context',
  xpath: 'pass it as an XPath variable',
  jwt: 'verify the token\'s signature',
  ssrf: 'check the host against an allow-list',
  path: 'keep it inside a base folder (safe_join)',
  redirect: 'redirect to local paths or allowed hosts only',
  xss: 'escape it',
  ldap: 'escape it with escape_filter_chars',
  regex: 'escape it with re.escape',
  header: 'reject CR/LF in it',
  log: 'strip newlines from it',
};

/**
 * The trust of sources worth reporting per sink kind. A command-line tool opening the file, URL
 * or pattern its user names, or running the program it names, is doing its job; running the
 * user's text as code or SQL may not be.
 */
const EVERYONE: readonly Trust[] = ['remote', 'model', 'local', 'environment'];
const OUTSIDERS: readonly Trust[] = ['remote', 'model'];
const REPORTED_TRUST: Record<SinkKind, readonly Trust[]> = {
  sql: EVERYONE, shell: EVERYONE, code: EVERYONE, deserialization: EVERYONE, xml: EVERYONE, template: EVERYONE, xpath: EVERYONE, jwt: EVERYONE,
  program: OUTSIDERS, ssrf: OUTSIDERS, path: OUTSIDERS, redirect: OUTSIDERS, xss: OUTSIDERS, ldap: OUTSIDERS, regex: OUTSIDERS, header: OUTSIDERS, log: OUTSIDERS,
};

/** How many steps below the sink's severity a source of this trust puts a finding. */
const STEPS_DOWN: Record<Trust, number> = { remote: 0, model: 0, local: 1, environment: 2 };
const LEVELS: readonly Level[] = ['low', 'medium', 'high'];

/**
 * A traced flow into a pattern rule's sink is high (remote input, model output); a PWT rule's
 * keeps its own severity (a log line is not a shell). Local input is one step lower, the
 * environment two.
 */
function severityOf(rule: { id: string; severity: Level }, trust: Trust): Level {
  const top = rule.id.startsWith('PWT') ? LEVELS.indexOf(rule.severity) : 2;
  return LEVELS[Math.max(0, top - STEPS_DOWN[trust])];
}

const catalogs = new Map<string, FlowCatalog>();

function catalogFor(config: FlowConfig | undefined): FlowCatalog {
  const key = JSON.stringify(config ?? {});
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = new FlowCatalog(undefined, { environment: config?.environment, extra: config?.model });
    catalogs.set(key, catalog);
  }
  return catalog;
}

/** Whether one of the rules the flow pass reports into (or lowers) is on. */
function reportsInto(catalog: FlowCatalog, registry: RuleRegistry): boolean {
  for (const rule of catalog.sinkRules) if (registry.rule(rule)) return true;
  return false;
}

/** Runs the flow pass and merges its findings into the rules' (which are not modified). */
export function withFlowFindings(findings: readonly Finding[], pass: FlowPass): Finding[] {
  const { state } = pass;
  const catalog = catalogFor(pass.config);
  // No rule it reports into is on (a test file, by default): nothing to trace, nothing read.
  if (!reportsInto(catalog, pass.registry)) {
    state.inputs = new Map();
    return [...findings];
  }
  if (state.catalog !== catalog || !state.flow) {
    state.catalog = catalog;
    state.flow = new FileFlow(catalog);
  }
  state.inputs = new Map();
  const external = projectCallees(pass.file, pass.python, catalog, state.inputs);
  const lowerable = findings.filter((finding) => catalog.lowerableRules.has(finding.ruleId)).map((finding) => finding.start);
  // Only where a view can be: the URLconfs are read (and become inputs of the file) there alone.
  const captures = catalog.mayHoldUrlViews(pass.file.path, importedModuleNames(pass.text)) ? urlCaptures(pass.file.project, state.inputs) : undefined;
  const result = state.flow.analyze(pass.root, pass.text, pass.scopes, pass.model, external, pass.file.path, lowerable, state.transition, captures);
  let lines: LineIndex | undefined;
  const absolute = (step: Step): FlowStep => {
    if (step.file !== undefined) return { message: step.note, start: step.start, end: step.end, line: step.line ?? 0, character: step.character ?? 0, path: step.file };
    const base = result.anchors.get(step.anchor!) ?? 0;
    const start = base + step.start;
    return { message: step.note, start, end: base + step.end, ...(lines ??= new LineIndex(pass.text)).position(start) };
  };

  // One finding per sink, a path per source: the first source found names it (the rule's own
  // finding is upgraded once), the others' paths go with it.
  const bySink = new Map<string, { hit: Hit; steps: FlowStep[]; where: FlowStep; more: FlowStep[][] }>();
  for (const hit of innermost(result.hits)) {
    if (!pass.registry.rule(hit.sink.rule) || (hit.origin.trust !== undefined && !REPORTED_TRUST[hit.sink.kind].includes(hit.origin.trust))) continue;
    const where = absolute(hit.entry ?? hit.at);
    const steps = [...hit.origin.steps.map(absolute), absolute(hit.at)];
    const key = `${hit.sink.rule}:${where.start}:${where.end}`;
    const first = bySink.get(key);
    if (!first) bySink.set(key, { hit, steps, where, more: [] });
    else if (![first.steps, ...first.more].some((known) => sameStep(known[0], steps[0]))) first.more.push(steps);
  }
  const merged = [...findings];
  let callerPath: string | null | undefined;
  for (const { hit, steps, where, more } of bySink.values()) {
    const rule = pass.registry.rule(hit.sink.rule)!;
    const trust = hit.origin.trust ?? 'remote';
    const severity = severityOf(rule.meta, trust);
    const confidence: Level = trust === 'environment' ? 'medium' : 'high';
    const message = flowSentence(flowMessageParts(hit, steps, pass.file.path), more.length);
    const finding: Finding = { ...pass.registry.finding(rule.meta, where.start, where.end, { message, severity, confidence }), traced: true, flow: steps };
    if (more.length > 0) finding.moreFlows = more;
    const sinkFile = hit.entry ? hit.at.file : undefined;
    callerPath ??= sinkFile === undefined ? undefined : (absoluteFilePath(pass.file) ?? null);
    if (sinkFile !== undefined && callerPath) finding.atSink = sinkSide(hit, steps, more, callerPath, sinkFile);
    placeTraced(merged, finding, pass.registry);
  }
  for (const clean of result.cleanHits) {
    const at = absolute(clean.at);
    const index = merged.findIndex((f) => !f.flow && atSameSink(f, clean.rule, at));
    if (index !== -1) merged[index] = { ...merged[index], confidence: 'low' };
  }
  return merged;
}

/**
 * `execute(text(f"… {x}"))`: one flow into two nested sinks of the same rule is one finding, at
 * the inner call where the value becomes SQL.
 */
function innermost(hits: readonly Hit[]): Hit[] {
  const within = (inner: Hit, outer: Hit) =>
    inner !== outer && inner.sink.rule === outer.sink.rule && inner.at.anchor === outer.at.anchor && inner.at.file === outer.at.file &&
    inner.at.start >= outer.at.start && inner.at.end <= outer.at.end && (inner.at.start !== outer.at.start || inner.at.end !== outer.at.end) &&
    inner.origin.label === outer.origin.label;
  return hits.filter((hit) => hit.entry !== undefined || !hits.some((other) => other.entry === undefined && within(other, hit)));
}

/** The two halves of a flow's message, around how many sources reach the sink (see `flowSentence`). */
function flowMessageParts(hit: Hit, steps: readonly FlowStep[], path: string | undefined): FlowSentence {
  const source = steps[0];
  // The file is named only when the source is in another file than the sink.
  const where = source.path && source.path !== path ? `${basename(source.path)}:${source.line + 1}` : `line ${source.line + 1}`;
  const through = hit.origin.steps.find((step) => step.note.startsWith('passed to'));
  const via = through ? ` through ${through.note.slice('passed to '.length)}` : '';
  const label = hit.origin.trust === 'model' ? `model output \`${short(hit.origin.label, 30)}\`` : `\`${short(hit.origin.label, 30)}\``;
  // A sink in another file (reached through a helper) is named with its place too.
  const sink = steps[steps.length - 1];
  const sinkWhere = sink.path && sink.path !== path ? ` (${basename(sink.path)}:${sink.line + 1})` : '';
  return { source: `${label} (${where})`, sink: `${hit.sinkLabel}${sinkWhere}${via}: ${ADVICE[hit.sink.kind]}.` };
}

/** The finding as the sink's file reports it: the caller's steps name their file, the sink's own do not. */
function sinkSide(hit: Hit, steps: readonly FlowStep[], more: readonly FlowStep[][], callerPath: string, sinkPath: string): SinkSide {
  const fromSink = (path: readonly FlowStep[]) => path.map((step): FlowStep => {
    if (step.path === undefined) return { ...step, path: callerPath };
    if (step.path !== sinkPath) return step;
    const { path: _inSinkFile, ...own } = step;
    return own;
  });
  const seenFromSink = fromSink(steps);
  const sink = hit.at;
  const sentence = flowMessageParts(hit, seenFromSink, sinkPath);
  const side: SinkSide = { path: sinkPath, start: sink.start, end: sink.end, message: flowSentence(sentence, more.length), sentence, flow: seenFromSink };
  if (more.length > 0) side.moreFlows = more.map(fromSink);
  return side;
}

// A GitHub Actions workflow (or a composite action's metadata) read from the YAML view: its
// triggers, permissions, jobs and steps, and the `${{ … }}` expressions in its values. Parsed
// once per file and shared by the PWA rules through `context.memo`.
import type { FileRuleContext } from '../engine/file-rule';
import {
  asMapping,
  asScalar,
  asSequence,
  columnOf,
  get,
  getPair,
  isMultiline,
  nestingTooDeep,
  readYaml,
  resolve,
  scalarsUnder,
  type Span,
  type YamlDocument,
  type YamlError,
  type YamlMapping,
  type YamlNode,
  type YamlPair,
  type YamlScalar,
} from './yaml';

export interface Expression extends Span {
  /** The whole `${{ … }}`. */
  text: string;
  /** Context paths it reads, normalised: `github.event.issue.title`, `github.event.commits.*.message`. */
  contexts: string[];
}

export interface ActionRef {
  /** `owner/repo[/path]@ref` as written. */
  value: string;
  scalar: YamlScalar;
  /** Lower-cased owner, empty for local (`./`) and Docker actions. */
  owner: string;
  /** `owner/repo` lower-cased, with any sub-path dropped. */
  repository: string;
  /** The part after `@`, empty when there is none. */
  ref: string;
  local: boolean;
  docker: boolean;
}

export interface Step {
  mapping: YamlMapping;
  uses: ActionRef | undefined;
  with: YamlMapping | undefined;
  withPair: YamlPair | undefined;
  run: YamlScalar | undefined;
  env: YamlMapping | undefined;
  envPair: YamlPair | undefined;
  /** The shell the `run:` script runs in: the step's, the defaults', or the runner's. */
  shell: string;
}

export interface Permissions {
  pair: YamlPair;
  /** `write-all`, `read-all`, a scope mapping, `{}` or something else. */
  form: 'write-all' | 'read-all' | 'scopes' | 'other';
  scopes: Map<string, { level: string; pair: YamlPair }>;
  mapping: YamlMapping | undefined;
}

export interface Job {
  id: string;
  /** Absent for a composite action's steps (they form one pseudo-job). */
  pair: YamlPair | undefined;
  mapping: YamlMapping | undefined;
  permissions: Permissions | undefined;
  steps: Step[];
  /** A job that calls a reusable workflow: `uses: owner/repo/.github/workflows/x.yml@ref`. */
  uses: ActionRef | undefined;
  env: YamlMapping | undefined;
}

export interface Trigger {
  name: string;
  span: Span;
}

export interface Workflow {
  kind: 'workflow' | 'action';
  root: YamlMapping | undefined;
  error: YamlError | undefined;
  triggers: Trigger[];
  onPair: YamlPair | undefined;
  permissions: Permissions | undefined;
  env: YamlMapping | undefined;
  jobs: Job[];
  /** Spaces per indentation level, as the file writes them (2 when unknown). */
  indentUnit: number;
  eol: string;
  /** Reads a secret other than GITHUB_TOKEN, or passes `secrets: inherit`. */
  usesSecrets: boolean;
}

/** The workflow of the file being analysed, parsed once and shared by every PWA rule. */
export function workflowOf(context: FileRuleContext): Workflow {
  return context.memo('workflow', () => {
    const kind = context.kind === 'action' ? 'action' : 'workflow';
    // The YAML grammar's scanner overruns its memory on very deep nesting: never hand it such a file.
    const tooDeep = nestingTooDeep(context.text);
    if (tooDeep) return workflowFrom(context.text, kind, { root: undefined, error: tooDeep });
    return parseWorkflow(context.text, kind, context.syntax('yaml'));
  });
}

/** A workflow that parsed (with a root mapping), for the rules that read one; PWA008 reports the others. */
export type ReadableWorkflow = Workflow & { root: YamlMapping };

export function readableWorkflow(context: FileRuleContext): ReadableWorkflow | undefined {
  const workflow = workflowOf(context);
  return workflow.error || !workflow.root ? undefined : (workflow as ReadableWorkflow);
}

export function parseWorkflow(text: string, kind: 'workflow' | 'action', tree: Parameters<typeof readYaml>[0]): Workflow {
  return workflowFrom(text, kind, readYaml(tree, text));
}

function workflowFrom(text: string, kind: 'workflow' | 'action', document: YamlDocument): Workflow {
  const root = asMapping(document.root);
  const defaultsShell = shellOf(get(asMapping(get(root, 'defaults')), 'run'));
  const jobs = kind === 'action' ? actionJobs(root, text) : workflowJobs(root, text, defaultsShell);
  const onPair = getPair(root, 'on') ?? getPair(root, 'true');
  return {
    kind,
    root,
    error: document.error,
    triggers: triggersOf(onPair?.value),
    onPair,
    permissions: permissionsOf(getPair(root, 'permissions')),
    env: asMapping(get(root, 'env')),
    jobs,
    indentUnit: indentUnitOf(root, text),
    eol: /\r\n?|\n/.exec(text)?.[0] ?? '\n',
    usesSecrets: usesSecrets(root, text),
  };
}

function workflowJobs(root: YamlMapping | undefined, text: string, defaultsShell: string | undefined): Job[] {
  const jobs = asMapping(get(root, 'jobs'));
  if (!jobs) return [];
  return jobs.pairs.map((pair) => {
    const mapping = asMapping(pair.value);
    const runsOn = scalarsUnder(get(mapping, 'runs-on')).map((s) => s.value).join(' ');
    const shell = shellOf(get(asMapping(get(mapping, 'defaults')), 'run')) ?? defaultsShell ?? (/windows/i.test(runsOn) ? 'pwsh' : 'bash');
    const usesScalar = asScalar(get(mapping, 'uses'));
    return {
      id: pair.key,
      pair,
      mapping,
      permissions: permissionsOf(getPair(mapping, 'permissions')),
      steps: stepsOf(get(mapping, 'steps'), shell),
      uses: usesScalar ? actionRef(usesScalar) : undefined,
      env: asMapping(get(mapping, 'env')),
    };
  });
}

/** A composite action (`runs.using: composite`): its steps run in the caller's job, with its inputs. */
export function isCompositeAction(workflow: Workflow): boolean {
  return workflow.kind === 'action' && asScalar(get(asMapping(get(workflow.root, 'runs')), 'using'))?.value.trim().toLowerCase() === 'composite';
}

function actionJobs(root: YamlMapping | undefined, text: string): Job[] {
  const runs = asMapping(get(root, 'runs'));
  if (!runs) return [];
  return [{ id: '(action)', pair: undefined, mapping: runs, permissions: undefined, steps: stepsOf(get(runs, 'steps'), 'bash'), uses: undefined, env: undefined }];
}

function stepsOf(node: YamlNode | undefined, shell: string): Step[] {
  const steps: Step[] = [];
  for (const item of asSequence(node)?.items ?? []) {
    const mapping = asMapping(item);
    if (!mapping) continue;
    const usesScalar = asScalar(get(mapping, 'uses'));
    const withPair = getPair(mapping, 'with');
    const envPair = getPair(mapping, 'env');
    steps.push({
      mapping,
      uses: usesScalar ? actionRef(usesScalar) : undefined,
      with: asMapping(withPair?.value),
      withPair,
      run: asScalar(get(mapping, 'run')),
      env: asMapping(envPair?.value),
      envPair,
      shell: asScalar(get(mapping, 'shell'))?.value.trim() ?? shell,
    });
  }
  return steps;
}

function shellOf(run: YamlNode | undefined): string | undefined {
  return asScalar(get(asMapping(run), 'shell'))?.value.trim();
}

export function actionRef(scalar: YamlScalar): ActionRef {
  const value = scalar.value.trim();
  const local = value.startsWith('./') || value.startsWith('.\\');
  const docker = value.startsWith('docker://');
  const at = value.lastIndexOf('@');
  const name = at === -1 ? value : value.slice(0, at);
  const segments = name.toLowerCase().split('/');
  const plain = !local && !docker;
  return {
    value,
    scalar,
    owner: plain ? segments[0] : '',
    repository: plain ? segments.slice(0, 2).join('/') : '',
    ref: at === -1 ? '' : value.slice(at + 1),
    local,
    docker,
  };
}

/** The action a step uses, lower-cased `owner/repo`, or undefined. */
export function usesAction(step: Step, repository: string): boolean {
  return step.uses?.repository === repository;
}

function triggersOf(node: YamlNode | undefined): Trigger[] {
  const value = resolve(node);
  if (!value) return [];
  if (value.kind === 'scalar') return [{ name: value.value.trim(), span: value }];
  if (value.kind === 'sequence') return value.items.flatMap((item) => (item.kind === 'scalar' ? [{ name: item.value.trim(), span: item as Span }] : []));
  if (value.kind === 'mapping') return value.pairs.map((pair) => ({ name: pair.key.trim(), span: pair.keyNode ?? pair }));
  return [];
}

function permissionsOf(pair: YamlPair | undefined): Permissions | undefined {
  if (!pair) return undefined;
  const value = resolve(pair.value);
  const scopes = new Map<string, { level: string; pair: YamlPair }>();
  if (value?.kind === 'scalar') {
    const level = value.value.trim();
    const form = level === 'write-all' ? 'write-all' : level === 'read-all' ? 'read-all' : 'other';
    return { pair, form, scopes, mapping: undefined };
  }
  if (value?.kind === 'mapping') {
    for (const scope of value.pairs) scopes.set(scope.key.trim(), { level: asScalar(scope.value)?.value.trim() ?? '', pair: scope });
    return { pair, form: 'scopes', scopes, mapping: value };
  }
  return { pair, form: 'other', scopes, mapping: undefined };
}

/** The file's indentation step: how far the jobs (or another nested mapping) sit in from their key. */
function indentUnitOf(root: YamlMapping | undefined, text: string): number {
  for (const pair of root?.pairs ?? []) {
    const value = resolve(pair.value);
    if (value && !('flow' in value && value.flow) && (value.kind === 'mapping' || value.kind === 'sequence')) {
      const unit = columnOf(text, value.start) - columnOf(text, pair.start);
      if (unit > 0 && value.start > pair.colonEnd && isMultiline(text.slice(pair.colonEnd, value.start))) return unit;
    }
  }
  return 2;
}

function usesSecrets(root: YamlMapping | undefined, text: string): boolean {
  for (const scalar of scalarsUnder(root)) {
    if (scalar.value === 'inherit' && text.slice(scalar.start - 10, scalar.start).includes('secrets:')) return true;
    for (const expression of expressionsIn(scalar, text)) {
      if (expression.contexts.some((path) => path.startsWith('secrets.') && path !== 'secrets.github_token')) return true;
    }
  }
  return false;
}

const CONTEXT = /\b(github|env|inputs|steps|needs|secrets|vars|matrix|job|jobs|runner|strategy)((?:\s*\.\s*(?:[A-Za-z_*][\w-]*|\*)|\s*\[[^\]]*\])*)/g;

/** The `${{ … }}` expressions written in a scalar, with their offsets in the file. */
export function expressionsIn(scalar: YamlScalar, text: string): Expression[] {
  const expressions: Expression[] = [];
  const raw = text.slice(scalar.start, scalar.end);
  for (let open = raw.indexOf('${{'); open !== -1; open = raw.indexOf('${{', open + 3)) {
    const close = raw.indexOf('}}', open + 3);
    if (close === -1) break;
    const expressionText = raw.slice(open, close + 2);
    expressions.push({ text: expressionText, contexts: contextsOf(expressionText.slice(3, -2)), start: scalar.start + open, end: scalar.start + close + 2 });
    open = close - 1;
  }
  return expressions;
}

/** Context paths read by an expression, lower-cased, `['x']` as `.x` and indexes as `.*`. */
export function contextsOf(inner: string): string[] {
  const normalised = inner
    .replace(/\[\s*'([\w-]+)'\s*\]/g, '.$1')
    .replace(/\[\s*"([\w-]+)"\s*\]/g, '.$1')
    .replace(/'(?:[^']|'')*'/g, "''");
  const paths: string[] = [];
  for (const match of normalised.matchAll(CONTEXT)) {
    const before = normalised[match.index! - 1];
    if (before === '.' || before === "'") continue;
    const rest = match[2].replace(/\s+/g, '').replace(/\[[^\]]*\]/g, '.*');
    paths.push((match[1] + rest).toLowerCase());
  }
  return paths;
}

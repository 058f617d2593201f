// The typed YAML view and the workflow model the PWA rules read: values, offsets, triggers,
// permissions, steps and expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadGrammars, parseWith } from '../../server/src/engine/grammars';
import { contextsOf, expressionsIn, parseWorkflow, type Workflow } from '../../server/src/workflows/workflow';
import { asMapping, asScalar, get, readYaml, scalarLines, type YamlDocument } from '../../server/src/workflows/yaml';
import { isAttackerControlled } from '../../server/src/workflows/knowledge';

async function yaml(text: string): Promise<YamlDocument> {
  await loadGrammars();
  const tree = parseWith('yaml', text);
  try {
    return readYaml(tree, text);
  } finally {
    tree.delete();
  }
}

async function workflow(text: string, kind: 'workflow' | 'action' = 'workflow'): Promise<Workflow> {
  await loadGrammars();
  const tree = parseWith('yaml', text);
  try {
    return parseWorkflow(text, kind, tree);
  } finally {
    tree.delete();
  }
}

test('scalars decode by style and keep their ranges', async () => {
  const text = "a: plain text\nb: 'it''s'\nc: \"tab\\there \\\"q\\\"\"\nd: |\n  line one\n    indented\n  line three\ne: >-\n  folded\n  text\n";
  const root = asMapping((await yaml(text)).root)!;
  assert.equal(asScalar(get(root, 'a'))!.value, 'plain text');
  assert.equal(asScalar(get(root, 'b'))!.value, "it's");
  assert.equal(asScalar(get(root, 'c'))!.value, 'tab\there "q"');
  const d = asScalar(get(root, 'd'))!;
  assert.equal(d.style, 'literal');
  assert.equal(d.value.trimEnd(), 'line one\n  indented\nline three');
  const lines = scalarLines(d, text).filter((line) => line.text);
  assert.deepEqual(lines.map((line) => text.slice(line.start, line.start + line.text.length)), ['line one', '  indented', 'line three']);
  assert.equal(asScalar(get(root, 'e'))!.style, 'folded');
  assert.equal(asScalar(get(root, 'e'))!.value.trim(), 'folded text');
});

test('block scalars with an indentation indicator keep their extra indentation', async () => {
  const text = 'run: |2-\n     indented by three\n    x\n';
  const scalar = asScalar(get(asMapping((await yaml(text)).root), 'run'))!;
  assert.deepEqual(scalarLines(scalar, text).map((line) => line.text), ['   indented by three', '  x', '']);
});

test('flow collections, anchors, aliases and merge keys', async () => {
  const text = 'base: &base {shell: bash, env: {A: "1"}}\nstep:\n  <<: *base\n  run: make\nlist: [a, "b", {c: d}]\n';
  const root = asMapping((await yaml(text)).root)!;
  const step = asMapping(get(root, 'step'))!;
  assert.equal(asScalar(get(step, 'shell'))!.value, 'bash', 'merged from the anchor');
  assert.equal(asScalar(get(asMapping(get(step, 'env')), 'A'))!.value, '1');
  const list = get(root, 'list');
  assert.equal(list?.kind, 'sequence');
  assert.equal(list.kind === 'sequence' && list.items.length, 3);
});

test('triggers as a string, a list and a mapping', async () => {
  assert.deepEqual((await workflow('on: push\n')).triggers.map((t) => t.name), ['push']);
  assert.deepEqual((await workflow('on: [push, pull_request_target]\n')).triggers.map((t) => t.name), ['push', 'pull_request_target']);
  const text = 'on:\n  workflow_run:\n    workflows: [CI]\n  issues:\n';
  const parsed = await workflow(text);
  assert.deepEqual(parsed.triggers.map((t) => [t.name, text.slice(t.span.start, t.span.end)]), [
    ['workflow_run', 'workflow_run'],
    ['issues', 'issues'],
  ]);
});

test('permissions, jobs, steps and the indentation unit', async () => {
  const text = 'on: push\npermissions: read-all\njobs:\n    build:\n        runs-on: windows-latest\n        permissions:\n            contents: write\n        steps:\n            - uses: actions/checkout@v4\n              with: {fetch-depth: 0}\n            - run: echo hi\n';
  const parsed = await workflow(text);
  assert.equal(parsed.permissions?.form, 'read-all');
  assert.equal(parsed.indentUnit, 4);
  const [job] = parsed.jobs;
  assert.equal(job.id, 'build');
  assert.equal(job.permissions?.scopes.get('contents')?.level, 'write');
  assert.equal(job.steps.length, 2);
  assert.equal(job.steps[0].uses?.repository, 'actions/checkout');
  assert.equal(job.steps[0].uses?.ref, 'v4');
  assert.equal(job.steps[0].with?.flow, true);
  assert.equal(job.steps[1].shell, 'pwsh', 'Windows runners default to PowerShell');
});

test('composite actions: runs.steps form one job', async () => {
  const parsed = await workflow('name: a\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-python@v5\n    - run: pip install .\n      shell: bash\n', 'action');
  assert.equal(parsed.jobs.length, 1);
  assert.equal(parsed.jobs[0].steps.length, 2);
});

test('expressions: exact offsets in every scalar style, normalised contexts', async () => {
  const text = 'a: "x ${{ github.event.issue.title }} y"\nb: |\n  echo ${{ github.event[\'pull_request\'][\'title\'] }}\n  echo ${{ github.event.commits[0].message || \'none\' }}\n';
  const root = asMapping((await yaml(text)).root)!;
  const a = expressionsIn(asScalar(get(root, 'a'))!, text);
  assert.deepEqual(a.map((e) => text.slice(e.start, e.end)), ['${{ github.event.issue.title }}']);
  const b = expressionsIn(asScalar(get(root, 'b'))!, text);
  assert.deepEqual(b.map((e) => e.contexts), [['github.event.pull_request.title'], ['github.event.commits.*.message']]);
  assert.deepEqual(b.map((e) => text.slice(e.start, e.end)), b.map((e) => e.text));
  assert.deepEqual(contextsOf("format('{0} github.head_ref', github.sha)"), ['github.sha'], 'string literals are not contexts');
});

test('attacker-controlled contexts', () => {
  for (const path of ['github.event.issue.title', 'github.head_ref', 'github.event.commits.*.message', 'github.event.pull_request', 'github.event']) assert.ok(isAttackerControlled(path), path);
  for (const path of ['github.event.pull_request.number', 'github.event.pull_request.head.sha', 'github.sha', 'github.actor', 'inputs.name', 'github']) assert.ok(!isAttackerControlled(path), path);
});

test('malformed YAML: the first error with a reason', async () => {
  const unclosed = await yaml('a: [\nb: {c\n');
  assert.ok(unclosed.error);
  const misindented = 'on: push\njobs:\n  a:\n    steps:\n      - uses: x\n     - run: y\n';
  const error = (await yaml(misindented)).error!;
  assert.equal(misindented.slice(error.start, error.end), '- run: y');
  assert.match(error.reason, /indentation/);
  assert.equal((await yaml('on: push\n')).error, undefined);
});

// Rules can ask for syntax nodes by type and for text tokens; both are sites like calls,
// analysed once per region and kept up to date incrementally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileAnalysis } from '../../server/src/engine/analysis';
import { PythonDocument } from '../../server/src/engine/document';
import { loadPython, parse } from '../../server/src/engine/python';
import { RuleRegistry } from '../../server/src/engine/registry';
import { defineRule } from '../../server/src/engine/rule';
import { ALL_RULES } from '../../server/src/rules/index';
import { findingKeys } from '../helpers';

const base = ALL_RULES[0].meta;
const assertRule = defineRule({
  meta: { ...base, id: 'PW990', name: 'test-assert' },
  nodes: ['assert_statement'],
  checkNode(node, context) {
    context.report(node, { message: `assert in ${context.file.isTest ? 'a test' : 'code'}` });
  },
});
const tmpRule = defineRule({
  meta: { ...base, id: 'PW991', name: 'test-tmp' },
  tokens: ['/tmp'],
  checkToken(token, context) {
    if (token.node.type === 'string_content') context.report(token.node.parent!, { message: 'temporary directory' });
  },
});
const registry = new RuleRegistry([assertRule, tmpRule]);

const TEXT = `import yaml
assert ready, "not ready"
path = "/tmp/cache"
# comments about /tmp are not strings
def check(x):
    assert x > 0
`;

test('node and token triggers reach their rules, with the file context', async () => {
  const python = await loadPython();
  const analysis = new FileAnalysis(registry, python, { file: { isTest: true, path: 'tests/test_x.py' } });
  analysis.analyzeAll(parse(python.createParser(), TEXT), TEXT);
  assert.deepEqual(findingKeys(TEXT, analysis.findings), ['2:PW990', '3:PW991', '6:PW990']);
  assert.equal(analysis.findings[0].message, 'assert in a test');
});

test('node and token sites stay right through edits', async () => {
  const document = await PythonDocument.open('file:///t.py', 1, TEXT, registry);
  document.analyze();
  const edits: [string, string][] = [['/tmp/cache', '/var/cache'], ['/var/cache', '/tmp/x'], ['assert x > 0', 'pass'], ['pass', 'assert x'], ['"not ready"', '"/tmp"']];
  let version = 1;
  for (const [from, to] of edits) {
    const text = document.text;
    const at = text.indexOf(from);
    const position = (offset: number) => ({ line: text.slice(0, offset).split('\n').length - 1, character: offset - text.lastIndexOf('\n', offset - 1) - 1 });
    document.applyChanges([{ range: { start: position(at), end: position(at + from.length) }, text: to }], ++version);
    const fresh = new FileAnalysis(registry, await loadPython());
    fresh.analyzeAll(parse((await loadPython()).createParser(), document.text), document.text);
    assert.deepEqual(findingKeys(document.text, document.analyze()), findingKeys(document.text, fresh.findings), `after ${from} → ${to}`);
  }
  assert.deepEqual(findingKeys(document.text, document.analyze()), ['2:PW990', '2:PW991', '3:PW991', '6:PW990']);
});

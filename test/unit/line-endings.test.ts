// Python ends a line at LF, CRLF or a lone CR; findings must not depend on which.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../helpers';

const LINES = ['import os, yaml', 'os.system(command)', 'config = yaml.load(stream)', 'def f(x):', '    return eval(x)', ''];

test('LF, CRLF and lone-CR files give the same findings at the same lines', async () => {
  const results = [];
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = LINES.join(eol);
    const findings = await analyze(text);
    const lineOf = (offset: number) => text.slice(0, offset).split(/\r\n|\r|\n/).length;
    results.push(findings.map((f) => `${lineOf(f.start)}:${f.ruleId}`));
  }
  assert.deepEqual(results[0], ['2:PW302', '3:PW104', '5:PW202']);
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
});

test('deeply nested calls are analysed in time linear in their depth', async () => {
  // 3,000 levels used to copy the rest of the file once per call (quadratic); now immediate.
  const depth = 3000;
  // One call per line: a rule reports at most once per line.
  const text = `x = ${'eval(\n'.repeat(depth)}data${')'.repeat(depth)}\n`;
  const findings = await analyze(text);
  assert.equal(findings.filter((f) => f.ruleId === 'PW202').length, depth);
});

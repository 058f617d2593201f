// The fixes of the code-execution rules (PW201–PW203), and how severity follows where the code
// comes from: downloaded (high), a constant (low), anything else (medium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFix, docsOf, findingsOf } from '../helpers';

const LITERAL_EVAL = 'Use ast.literal_eval (accepts only Python literals)';

/** Findings of the given rules only: other rules may report on the same lines (timeouts, TLS…). */

async function fixTitles(source: string, ruleId: string): Promise<string[]> {
  const findings = await findingsOf(source, ruleId);
  assert.equal(findings.length, 1, `expected one ${ruleId} finding in:\n${source}`);
  return (findings[0].fixes ?? []).map((fix) => fix.title);
}

// PW202 eval → ast.literal_eval

test('PW202: eval(x) becomes ast.literal_eval(x) and `import ast` joins the imports', async () => {
  await assertFix(
    'import json\n\ndef parse(text):\n    return eval(text)\n',
    'PW202',
    LITERAL_EVAL,
    'import ast\nimport json\n\ndef parse(text):\n    return ast.literal_eval(text)\n',
  );
});

test('PW202: a file whose imports are all `from x import y`', async () => {
  await assertFix(
    'from flask import request\nfrom os import path\n\n\ndef view():\n    return eval(request.args["q"])\n',
    'PW202',
    LITERAL_EVAL,
    'from flask import request\nimport ast\nfrom os import path\n\n\ndef view():\n    return ast.literal_eval(request.args["q"])\n',
  );
});

test('PW202: after the docstring when there are no imports, at the top when there is nothing', async () => {
  await assertFix('"""Config."""\n\nlimits = eval(text)\n', 'PW202', LITERAL_EVAL, '"""Config."""\nimport ast\n\nlimits = ast.literal_eval(text)\n');
  await assertFix('limits = eval(text)\n', 'PW202', LITERAL_EVAL, 'import ast\nlimits = ast.literal_eval(text)\n');
});

test('PW202: an existing import of ast is reused, under its alias', async () => {
  await assertFix('import ast\n\nvalue = eval(text)\n', 'PW202', LITERAL_EVAL, 'import ast\n\nvalue = ast.literal_eval(text)\n');
  await assertFix('import ast as a\n\nvalue = eval(text)\n', 'PW202', LITERAL_EVAL, 'import ast as a\n\nvalue = a.literal_eval(text)\n');
  await assertFix('from ast import literal_eval\n\nvalue = eval(text)\n', 'PW202', LITERAL_EVAL, 'from ast import literal_eval\n\nvalue = literal_eval(text)\n');
});

test('PW202: an aliased eval and a multi-line call with a trailing comma', async () => {
  await assertFix(
    'from builtins import eval as evaluate\n\nvalue = evaluate(\n    text,\n)\n',
    'PW202',
    LITERAL_EVAL,
    'import ast\nfrom builtins import eval as evaluate\n\nvalue = ast.literal_eval(\n    text,\n)\n',
  );
});

test('PW202: the fix is not preferred (non-literal expressions stop working)', async () => {
  const findings = await findingsOf('x = eval(text)\n', 'PW202');
  assert.deepEqual(findings[0].fixes?.map((fix) => fix.preferred), [false]);
});

test('PW202: no fix with globals or locals, star arguments, or `ast` bound to something else', async () => {
  assert.deepEqual(await fixTitles('x = eval(text, {"__builtins__": {}})\n', 'PW202'), []);
  assert.deepEqual(await fixTitles('x = eval(*parts)\n', 'PW202'), []);
  assert.deepEqual(await fixTitles('def f(text, ast):\n    return eval(text)\n', 'PW202'), []);
  assert.deepEqual(await fixTitles('import numpy as ast\nx = eval(text)\n', 'PW202'), []);
});

// Severity follows where the code comes from

test('PW201/PW202: downloaded code is high severity and says remote content is executed', async () => {
  const source = [
    'import requests',
    'import urllib.request',
    'from urllib2 import urlopen',
    'import httpx',
    '',
    'r = requests.get(URL, timeout=5)',
    'exec(r.text)',
    'session = requests.Session()',
    'eval(session.post(URL, timeout=5).text)',
    'exec(requests.Session().get(URL, timeout=5).content)',
    'with urllib.request.urlopen(URL, timeout=5) as response:',
    '    exec(response.read())',
    'code = urlopen(URL, timeout=5).read()',
    'exec(code)',
    'eval(httpx.get(URL).text)',
    'with httpx.Client() as client:',
    '    exec(client.get(URL).text)',
    '',
  ].join('\n');
  const findings = await findingsOf(source, 'PW201', 'PW202');
  assert.equal(findings.length, 7);
  for (const finding of findings) {
    assert.equal(finding.severity, 'high', finding.message);
    assert.match(finding.message, /(runs downloaded code|evaluates downloaded content): its server can run/);
  }
});

test('PW201/PW202: a constant string is low severity, anything else medium', async () => {
  const source = [
    'SETUP = "import math"',
    'exec("x = 1")',
    'exec(SETUP)',
    'eval("1 + 1")',
    'exec(user_code)',
    'eval(f"{a} + {b}")',
    'exec(open(path).read())',
    'def fetch(url):',
    '    return url',
    'exec(fetch(URL))',
    '',
  ].join('\n');
  const findings = await findingsOf(source, 'PW201', 'PW202');
  assert.deepEqual(
    findings.map((finding) => `${finding.ruleId}:${finding.severity}`),
    ['PW201:low', 'PW201:low', 'PW202:low', 'PW201:medium', 'PW202:medium', 'PW201:medium', 'PW201:medium'],
  );
});

test('PW201: exec has no rewrite; the message names the alternative', async () => {
  const findings = await findingsOf('exec(code)\n', 'PW201');
  assert.deepEqual(findings[0].fixes, []);
  assert.match(findings[0].message, /use explicit code/);
});

// PW203 trust_remote_code

test('PW203: no rewrite; confidence follows the callee, severity the revision and path', async () => {
  const source = [
    'from transformers import AutoModel',
    'import vllm',
    'REVIEWED = "4f1c2a0e9d7b3c5a8e6f0b1d2c3e4f5a6b7c8d9e"',
    'a = AutoModel.from_pretrained("org/model", trust_remote_code=True)',
    'b = AutoModel.from_pretrained("org/model", trust_remote_code=True, revision=REVIEWED)',
    'c = AutoModel.from_pretrained("/models/local", trust_remote_code=True)',
    'd = vllm.LLM("org/model", trust_remote_code=True)',
    'e = loader.from_pretrained("org/model", trust_remote_code=True)',
    'f = build("org/model", trust_remote_code=True)',
    'g = AutoModel.from_pretrained("org/model", revision="main", trust_remote_code=True)',
    '',
  ].join('\n');
  const findings = await findingsOf(source, 'PW203');
  assert.deepEqual(
    findings.map((finding) => `${finding.ruleId}:${finding.severity}:${finding.confidence}`),
    [
      'PW203:high:high',
      'PW203:medium:high',
      'PW203:low:high',
      'PW203:high:high',
      'PW203:high:high',
      'PW203:high:medium',
      'PW203:high:high',
    ],
  );
  for (const finding of findings) {
    assert.deepEqual(finding.fixes, []);
    assert.match(finding.message, /^`trust_remote_code=True` (runs|lets the loader run) the (model repository's code|Python files of)/);
  }
  assert.match(findings[0].message, /drop it, or review it and pin `revision=`/);
  assert.match(docsOf('PW203'), /downloads the Python files of the model or dataset repository/);
});

// The colour of a finding ranks its real risk: code execution and injection above weak hashes,
// traced findings one step up, what an untrusted repository would hide one step down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzePython } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { diagnosticMessage, lspSeverity, plainText, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { ALL_RULES } from '../../server/src/rules/index';
import { registry } from '../helpers';

const allRules = new RuleRegistry(ALL_RULES);
const { Error: E, Warning: W, Information: I } = DiagnosticSeverity;

async function colours(source: string): Promise<Record<string, DiagnosticSeverity>> {
  const document = TextDocument.create('file:///t.py', 'python', 1, source);
  const findings = await analyzePython(source, registry);
  return Object.fromEntries(findings.map((f) => [f.ruleId, toDiagnostic(f, document, allRules).severity!]));
}

test('code execution, deserialization and SQL built from strings are errors; a weak hash is a warning', async () => {
  const got = await colours(
    [
      'import hashlib, pickle, sqlite3',
      'from flask import request',
      'eval(request.args["q"])',
      'pickle.loads(request.data)',
      'cursor = sqlite3.connect("db").cursor()',
      'cursor.execute("SELECT * FROM users WHERE name = \'%s\'" % request.args["name"])',
      'hashlib.md5(request.data).hexdigest()',
      '',
    ].join('\n'),
  );
  assert.equal(got.PW202, E, 'eval');
  assert.equal(got.PW101, E, 'pickle.loads');
  assert.equal(got.PW401, E, 'SQL built from strings');
  assert.equal(got.PW602, W, 'hashlib.md5');
});

test('verify=False against a remote host is an error; against localhost, information', async () => {
  const remote = await colours('import requests\nrequests.get("https://api.example.com", verify=False, timeout=5)\n');
  const local = await colours('import requests\nrequests.get("http://localhost:8000", verify=False, timeout=5)\n');
  assert.equal(remote.PW501, E);
  assert.equal(local.PW501, I);
});

test('the table, and its traced and project-suppressed steps', () => {
  assert.equal(lspSeverity({ severity: 'medium', confidence: 'medium' }, 'sql-injection'), E);
  assert.equal(lspSeverity({ severity: 'medium', confidence: 'low' }, 'shell-injection'), W);
  assert.equal(lspSeverity({ severity: 'low', confidence: 'high' }, 'shell-injection'), I);
  assert.equal(lspSeverity({ severity: 'high', confidence: 'medium' }, 'transport'), W);
  assert.equal(lspSeverity({ severity: 'medium', confidence: 'medium' }, 'cryptography'), I);
  // Traced from untrusted input (the data-flow analysis): one step up, never above Error.
  assert.equal(lspSeverity({ severity: 'medium', confidence: 'medium', traced: true }, 'cryptography'), W);
  assert.equal(lspSeverity({ severity: 'medium', confidence: 'high', traced: true }, 'code-execution'), E);
  // What the repository would hide (untrusted workspace): one step down, never below Information.
  assert.equal(lspSeverity({ severity: 'medium', confidence: 'high', projectSuppression: 'a `# nosec` comment' }, 'code-execution'), W);
  assert.equal(lspSeverity({ severity: 'low', confidence: 'high', projectSuppression: 'a `# nosec` comment' }, 'other'), I);
});

test('the message is plain text ending with the rule name; code stays the rule ID and data carries it', async () => {
  const source = 'import yaml\nyaml.load(open("c.yml"))\n';
  const [finding] = await analyzePython(source, registry);
  const diagnostic = toDiagnostic(finding, TextDocument.create('file:///t.py', 'python', 1, source), allRules);
  assert.equal(diagnostic.code, 'PW104');
  assert.deepEqual(diagnostic.data, { ruleId: 'PW104', severity: 'high', confidence: 'high' });
  assert.equal(diagnostic.message, `${plainText(finding.message)} (yaml-unsafe-load)`);
  assert.ok(!diagnostic.message.includes('`'));
  assert.equal(plainText('`eval` runs `__import__("os")`'), 'eval runs __import__("os")');
  assert.equal(diagnosticMessage({ ...finding, projectSuppression: 'a `# noqa` comment' }, 'yaml-unsafe-load').split('] ')[0], "[Suppressed by this repository's configuration: a # noqa comment");
});

test('a traced diagnostic lists each source\'s path under it, the further ones marked as another source', async () => {
  const source = 'from flask import request\n\ndef orders(cursor):\n    name = request.args["name"]\n    kind = request.form["kind"]\n    cursor.execute(f"SELECT {name}, {kind}")\n';
  const document = TextDocument.create('file:///t.py', 'python', 1, source);
  const finding = (await analyzePython(source, registry)).find((f) => f.ruleId === 'PW401')!;
  const related = toDiagnostic(finding, document, allRules).relatedInformation!;
  assert.equal(related.length, finding.flow!.length + finding.moreFlows![0].length);
  assert.equal(related[0].location.range.start.line, 3);
  const second = related[finding.flow!.length];
  assert.equal(second.location.range.start.line, 4);
  assert.match(second.message, /^another source: /);
});

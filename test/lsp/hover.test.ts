// Hover on a finding: the rule's name, one line of why, and "More…" to its full documentation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic, type Hover, type MarkupContent } from 'vscode-languageserver';
import { RuleRegistry } from '../../server/src/engine/registry';
import { ALL_RULES } from '../../server/src/rules/index';
import { hoverAt, ruleDocumentationMarkdown, ruleHoverMarkdown } from '../../server/src/lsp/hover';
import { LspClient } from './lsp-client';

const registry = new RuleRegistry(ALL_RULES);
const SOURCE = 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n';
const URI_ = 'file:///tmp/pyward-hover/restore.py';

let client: LspClient;
before(async () => {
  client = await LspClient.start('ipc');
});
after(async () => {
  await client.stop();
});

function hover(line: number, character: number): Promise<Hover | null> {
  return client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI_ }, position: { line, character } }) as Promise<Hover | null>;
}

test('hovering a finding shows its rule\'s name, one line of why, and a link to the full documentation', async () => {
  const published = client.diagnostics(URI_, (p) => p.diagnostics.some((d) => d.code === 'PW101'));
  client.open(URI_, SOURCE);
  const diagnostics = await published;
  const finding = diagnostics.find((d) => d.code === 'PW101')!;
  // The diagnostic itself: plain text (no Markdown backticks) ending with the rule's name.
  assert.ok(!String(finding.message).includes('`'), String(finding.message));
  assert.match(String(finding.message), / \(pickle-deserialization\)$/);
  const result = await hover(4, 15);
  assert.ok(result, 'no hover on the finding');
  const markdown = result.contents as MarkupContent;
  assert.equal(markdown.kind, 'markdown');
  const meta = registry.rule('PW101')!.meta;
  const lines = markdown.value.split('\n');
  assert.equal(lines[0], `**pickle-deserialization** (PW101): ${meta.title}`);
  // Short: the why's first sentence only; the examples are one click away.
  assert.ok(meta.docs.why.startsWith(lines[2].slice(0, lines[2].indexOf(' [More…]'))));
  assert.ok(lines[2].length < meta.docs.why.length + 100);
  assert.ok(!markdown.value.includes(meta.docs.example));
  // A client without command links (this one) gets the documentation page on the web.
  assert.match(lines[2], /\[More…\]\(https:\/\/github\.com\/pyward-dev\/pyward\/blob\/main\/docs\/rules\/PW101\.md /);
  assert.match(markdown.value, /medium severity, high confidence · CWE-502/);
  assert.deepEqual(result.range, finding.range);
});

test('with command links, "More…" opens the rule documentation in the editor', () => {
  const meta = registry.rule('PW202')!.meta;
  const markdown = ruleHoverMarkdown(meta, {}, { commandLinks: true });
  assert.ok(markdown.includes(`[More…](command:pyward.showRuleDocumentation?${encodeURIComponent('["PW202"]')} `), markdown);
});

test('the full documentation has the what, why, flagged and safe forms, and links', () => {
  const meta = registry.rule('PW101')!.meta;
  const markdown = ruleDocumentationMarkdown(meta);
  assert.ok(markdown.includes(meta.docs.why));
  assert.ok(markdown.includes('```python\n' + meta.docs.example + '\n```'));
  assert.ok(markdown.includes('```python\n' + meta.docs.safe + '\n```'));
  assert.match(markdown, /\[CWE-502\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/502\.html\)/);
});

test('a finding the repository would hide says so in its hover', () => {
  const meta = registry.rule('PW202')!.meta;
  const markdown = ruleHoverMarkdown(meta, { severity: 'medium', confidence: 'high', projectSuppression: 'a `# nosec` comment' });
  assert.match(markdown, /This repository's configuration suppresses this finding\*\* \(a `# nosec` comment\)/);
});

test('no hover away from findings', async () => {
  assert.equal(await hover(0, 3), null);
  assert.equal(await hover(3, 2), null);
});

test('a rule whose examples are not Python fences them in their own language', () => {
  const yamlRule = ALL_RULES.find((rule) => rule.meta.docs.language !== undefined && rule.meta.docs.language !== 'python');
  assert.ok(yamlRule, 'no rule documents a non-Python example');
  assert.ok(ruleDocumentationMarkdown(yamlRule.meta).includes('```' + yamlRule.meta.docs.language + '\n'));
});

test('overlapping findings of two rules show both rules, once each; other sources are ignored', () => {
  const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 20 } };
  const diagnostic = (code: string, source = 'pyward'): Diagnostic => ({ range, code, source, message: code, severity: DiagnosticSeverity.Error });
  const result = hoverAt([diagnostic('PW101'), diagnostic('PW101'), diagnostic('PW202'), diagnostic('E501', 'ruff')], { line: 2, character: 20 }, registry);
  const value = (result!.contents as MarkupContent).value;
  assert.equal(value.match(/\(PW101\): /g)?.length, 1);
  assert.equal(value.match(/\(PW202\): /g)?.length, 1);
  assert.ok(!value.includes('E501'));
  assert.equal(hoverAt([diagnostic('PW101')], { line: 2, character: 21 }, registry), null);
  assert.equal(hoverAt([diagnostic('PW101')], { line: 3, character: 0 }, registry), null);
});

// Every finding's message on every rule fixture is one sentence of about 120 characters that names
// the risk and the fix: the Problems panel shows one line, the hover and docs hold the explanation.
// And a rule never reports twice on one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileKindOf } from '../../server/src/engine/file-kind';
import { analyzeSource } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { Project } from '../../server/src/project/project';
import { ALL_RULES } from '../../server/src/rules/index';
import { fixturePath } from '../helpers';

/** The limit: 120 characters of text, with room for the names a message quotes. */
const MAX_LENGTH = 135;
/**
 * Rule families whose messages their owners are shortening on their own branches (secrets,
 * dependencies, workflows); remove a prefix here once its messages meet the limit.
 */
const NOT_YET_SHORT = ['PWS', 'PWD', 'PWA'];

function filesIn(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => filesIn(join(path, name))) : [path];
}

test('every message on the rule fixtures is one short sentence, and one per rule and line', async () => {
  const registry = new RuleRegistry(ALL_RULES);
  const problems: string[] = [];
  let checked = 0;
  for (const entry of readdirSync(fixturePath('rules')).sort()) {
    const root = fixturePath('rules', entry);
    const isFolder = statSync(root).isDirectory();
    const project = isFolder ? new Project(root) : undefined;
    for (const file of filesIn(root)) {
      const path = isFolder ? relative(root, file).split('\\').join('/') : `src/${entry}`;
      if (path.split('/').some((segment) => segment === '.venv')) continue;
      const kind = fileKindOf(path);
      if (!kind || kind === 'notebook') continue;
      const text = readFileSync(file, 'utf8');
      const findings = await analyzeSource(text, kind, registry, { file: { path, isTest: false, project } });
      const seen = new Set<string>();
      for (const finding of findings) {
        const line = text.slice(0, finding.start).split('\n').length;
        const key = `${finding.ruleId}:${line}`;
        if (seen.has(key)) problems.push(`${entry}:${line}: two ${finding.ruleId} findings on one line`);
        seen.add(key);
        if (NOT_YET_SHORT.some((prefix) => finding.ruleId.startsWith(prefix))) continue;
        checked++;
        const { message } = finding;
        if (message.length > MAX_LENGTH) problems.push(`${entry}:${line}: ${finding.ruleId} message has ${message.length} characters: ${message}`);
        // One sentence: no full stop followed by a new sentence, and a full stop at the end.
        if (/[.!?] +[A-Z]/.test(message.replace(/`[^`]*`/g, '``')) || !message.endsWith('.')) problems.push(`${entry}:${line}: ${finding.ruleId} message is not one sentence: ${message}`);
      }
    }
  }
  assert.ok(checked > 300, `only ${checked} messages checked`);
  assert.deepEqual(problems, []);
});

test('messages say exactly what a mode grants: 0o11 on a key file is execute, not read', async () => {
  const text = 'import os\nos.chmod("id_rsa", 0o11)\nos.chmod("id_rsa", 0o644)\n';
  const findings = await analyzeSource(text, 'python', new RuleRegistry(ALL_RULES), { file: { path: 'deploy.py', isTest: false } });
  const messages = findings.filter((f) => f.ruleId === 'PW951').map((f) => f.message);
  assert.equal(messages.length, 2);
  assert.match(messages[0], /lets its group and others execute a key/);
  assert.doesNotMatch(messages[0], /read/);
  assert.match(messages[1], /lets its group and others read a key/);
});

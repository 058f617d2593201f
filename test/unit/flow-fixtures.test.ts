// Data flow on small apps (Flask, Django, FastAPI, aiohttp, Tornado, http.server, a CLI, an LLM agent), views and
// helpers in separate modules. `# flow: ID` marks the line a traced finding of rule ID starts
// on; `# safe: ID` marks its safe variant, where no traced finding may be. Every traced finding
// must be marked, and every sink rule of the fixtures has a positive and a negative.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzePython } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { DEFAULT_SELECTION, selectRules } from '../../server/src/engine/rule-selection';
import { Project } from '../../server/src/project/project';
import { heldParse } from '../../server/src/engine/flow/project-flow';
import { ALL_RULES } from '../../server/src/rules/index';
import { fixturePath, lineOf } from '../helpers';

const registry = new RuleRegistry(selectRules(ALL_RULES, DEFAULT_SELECTION, false));
const apps = readdirSync(fixturePath('flow')).filter((name) => statSync(fixturePath('flow', name)).isDirectory());

function pythonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? pythonFiles(path) : name.endsWith('.py') ? [path] : [];
  });
}

function marks(text: string, kind: 'flow' | 'safe'): string[] {
  const keys: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = new RegExp(`#.*\\b${kind}:\\s*([A-Z]+\\d+)`).exec(line);
    if (match) keys.push(`${index + 1}:${match[1]}`);
  });
  return keys;
}

const positives = new Set<string>();
const negatives = new Set<string>();

for (const app of apps) {
  test(`flow fixture ${app}/: traced findings are exactly the marked ones`, async () => {
    const root = fixturePath('flow', app);
    const project = new Project(root);
    for (const absolute of pythonFiles(root).sort()) {
      const path = relative(root, absolute).split('\\').join('/');
      const text = readFileSync(absolute, 'utf8');
      const findings = await analyzePython(text, registry, { file: { path, isTest: false, project } });
      const traced = findings.filter((f) => f.traced);
      const actual = traced.map((f) => `${lineOf(text, f.start)}:${f.ruleId}`).sort();
      assert.deepEqual(actual, marks(text, 'flow').sort(), `${app}/${path}`);
      for (const finding of traced) {
        assert.ok(finding.flow && finding.flow.length >= 2, 'a traced finding carries its path, source to sink');
        assert.ok(finding.message.length <= 160, `message stays short: ${finding.message}`);
        assert.equal(finding.confidence, 'high');
      }
      for (const key of marks(text, 'flow')) positives.add(key.split(':')[1]);
      for (const key of marks(text, 'safe')) negatives.add(key.split(':')[1]);
    }
  });
}

test('every sink rule the fixtures exercise has a positive and a negative', () => {
  assert.ok(positives.size >= 20, `positives: ${[...positives].join(' ')}`);
  for (const rule of positives) assert.ok(negatives.has(rule), `${rule} has a negative`);
});

test('a helper parsed for its callers\' flow is analysed from that parse, with the same findings', async () => {
  const root = fixturePath('flow', 'flask_app');
  const helpers = { path: 'shop/helpers.py', text: readFileSync(join(root, 'shop', 'helpers.py'), 'utf8') };
  const views = { path: 'shop/views.py', text: readFileSync(join(root, 'shop', 'views.py'), 'utf8') };
  const findingsOf = async (file: { path: string; text: string }, project: Project) =>
    (await analyzePython(file.text, registry, { file: { path: file.path, isTest: false, project } })).map((f) => `${lineOf(file.text, f.start)}:${f.ruleId}:${f.traced ?? false}`);
  const alone = await findingsOf(helpers, new Project(root));
  const project = new Project(root);
  await findingsOf(views, project);
  const file = { path: helpers.path, isTest: false, project };
  const held = heldParse(file, helpers.text);
  assert.ok(held, 'the views\' flow parsed the helpers');
  held.delete();
  assert.equal(heldParse(file, `${helpers.text}\n`), undefined, 'another text is parsed anew');
  assert.deepEqual(await findingsOf(helpers, project), alone);
});

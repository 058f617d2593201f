// The fixes of the secrets rules: "Read from environment" (os.environ, or os.getenv for a
// default, in the file's import style) and "Move to .env" (the same edit, plus `NAME=<value>`
// appended to the project's .env and .env added to .gitignore when git would commit it).
// Fixes are applied and the file re-analysed: the finding must be gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/engine/finding';
import type { Fix } from '../../server/src/engine/fixer';
import { analyzePython, analyzeSource } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { Project } from '../../server/src/project/project';
import { secretsRules } from '../../server/src/rules/secrets/index';
import { applyEdits, parsesCleanly, titled } from '../helpers';
import { fakeSecrets } from './secrets-fakes';

const registry = new RuleRegistry(secretsRules);
const f = fakeSecrets(33);

function project(files: Record<string, string> = {}): Project {
  const root = mkdtempSync(join(tmpdir(), 'pyward-secrets-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return new Project(root);
}

async function onlyFinding(source: string, ruleId: string, inProject?: Project): Promise<Finding> {
  const findings = (await analyzePython(source, registry, { withFixes: true, file: { path: 'app/settings.py', isTest: false, project: inProject } })).filter((x) => x.ruleId === ruleId);
  assert.equal(findings.length, 1, `one ${ruleId} expected in:\n${source}`);
  return findings[0];
}

async function assertFixed(source: string, ruleId: string, title: string, expected: string): Promise<void> {
  const finding = await onlyFinding(source, ruleId);
  const fix = finding.fixes?.find((x) => titled(x, title));
  assert.ok(fix, `no fix "${title}" among: ${finding.fixes?.map((x) => x.title).join('; ')}`);
  const fixed = applyEdits(source, fix.edits);
  assert.equal(fixed, expected);
  assert.ok(await parsesCleanly(fixed));
  assert.deepEqual((await analyzePython(fixed, registry)).filter((x) => x.ruleId === ruleId), []);
}

test('a provider token becomes os.environ["NAME"], NAME from the assignment target, `import os` added', async () => {
  await assertFixed(`import logging\n\nGITHUB_TOKEN = "${f.githubClassic}"\n`, 'PWS103', 'Read from environment (os.environ["GITHUB_TOKEN"])', 'import logging\nimport os\n\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n');
});

test('NAME comes from the keyword, the dictionary key, or the provider when nothing names it', async () => {
  await assertFixed(`import os\nclient = OpenAI(api_key="${f.openai}")\n`, 'PWS108', 'Read from environment (os.environ["API_KEY"])', 'import os\nclient = OpenAI(api_key=os.environ["API_KEY"])\n');
  await assertFixed(`import os\nconfig = {"hf_token": "${f.huggingface}"}\n`, 'PWS117', 'Read from environment (os.environ["HF_TOKEN"])', 'import os\nconfig = {"hf_token": os.environ["HF_TOKEN"]}\n');
  await assertFixed(`import os\nlogin("${f.huggingface}")\n`, 'PWS117', 'Read from environment (os.environ["HF_TOKEN"])', 'import os\nlogin(os.environ["HF_TOKEN"])\n');
});

test('a default (parameter, mapping.get) becomes os.getenv, added to the file\'s `from os import …`', async () => {
  await assertFixed(`from os import environ\n\ndef publish(token="${f.pypi}"):\n    return token\n`, 'PWS116', 'Read from environment (getenv("TOKEN"))', `from os import environ, getenv\n\ndef publish(token=getenv("TOKEN")):\n    return token\n`);
  await assertFixed(`import os\nkey = settings.get("stripe_key", "${f.stripe}")\n`, 'PWS107', 'Read from environment (os.getenv("STRIPE_KEY"))', 'import os\nkey = settings.get("stripe_key", os.getenv("STRIPE_KEY"))\n');
});

test('an environment fallback becomes a required variable; bytes are encoded; URLs move whole', async () => {
  await assertFixed(`import os\nTOKEN = os.getenv("SLACK_TOKEN", "${f.slackBot}")\n`, 'PWS105', 'Require the environment variable (os.environ["SLACK_TOKEN"])', 'import os\nTOKEN = os.environ["SLACK_TOKEN"]\n');
  await assertFixed(`import os\nNPM = b"${f.npm}"\n`, 'PWS115', 'Read from environment (os.environ["NPM"].encode())', 'import os\nNPM = os.environ["NPM"].encode()\n');
  await assertFixed(`import os\nDATABASE_URL = "postgresql://app:${f.databasePassword}@db/app"\n`, 'PWS123', 'Read from environment (os.environ["DATABASE_URL"])', 'import os\nDATABASE_URL = os.environ["DATABASE_URL"]\n');
});

test('no rewrite where it would change meaning: a token inside a longer string, a comment, os.environ["X"] = …', async () => {
  for (const source of [`import os\nH = "Bearer ${f.githubClassic}"\n`, `# ${f.githubClassic}\n`, `import os\nos.environ["GH"] = "${f.githubClassic}"\n`]) {
    assert.deepEqual((await onlyFinding(source, 'PWS103')).fixes, [], source);
  }
});

function otherFile(fix: Fix, name: string) {
  return fix.otherFiles?.find((file) => file.path.endsWith(`/${name}`) || file.path.endsWith(`\\${name}`));
}

test('Move to .env: creates .env and .gitignore when missing, and says so', async () => {
  const inProject = project();
  const finding = await onlyFinding(`import os\nGITHUB_TOKEN = "${f.githubClassic}"\n`, 'PWS103', inProject);
  const fix = finding.fixes!.find((x) => x.title.startsWith('Move to .env'))!;
  assert.equal(fix.title, 'Move to .env (os.environ["GITHUB_TOKEN"]) and add .env to .gitignore (changes behaviour: KeyError at start-up unless the app loads .env, e.g. with python-dotenv)');
  assert.equal(fix.applicability, 'unsafe');
  assert.deepEqual(otherFile(fix, '.env'), { path: join(inProject.root, '.env'), create: true, edits: [{ start: 0, end: 0, newText: `GITHUB_TOKEN=${f.githubClassic}\n` }] });
  assert.deepEqual(otherFile(fix, '.gitignore'), { path: join(inProject.root, '.gitignore'), create: true, edits: [{ start: 0, end: 0, newText: '.env\n' }] });
  assert.ok(!finding.message.includes(f.githubClassic.slice(0, 5)));
  assert.ok(!fix.title.includes(f.githubClassic.slice(0, 5)));
});

test('Move to .env: appends to an existing .env; .gitignore untouched when it already ignores .env', async () => {
  const inProject = project({ '.env': 'DEBUG=1', '.gitignore': 'node_modules/\n.env*\n' });
  const finding = await onlyFinding(`import os\nDB_PASSWORD = "pa ss'w\\"rd"\n`, 'PWS001', inProject);
  const fix = finding.fixes!.find((x) => x.title.startsWith('Move to .env'))!;
  assert.equal(fix.title, 'Move to .env (os.environ["DB_PASSWORD"]) (changes behaviour: KeyError at start-up unless the app loads .env, e.g. with python-dotenv)');
  assert.deepEqual(otherFile(fix, '.env')?.edits, [{ start: 7, end: 7, newText: '\nDB_PASSWORD="pa ss\'w\\"rd"\n' }]);
  assert.equal(otherFile(fix, '.gitignore'), undefined);
});

test('Move to .env is not offered when .env gives the variable another value', async () => {
  const inProject = project({ '.env': 'GITHUB_TOKEN=something-else\n', '.gitignore': '.env\n' });
  const finding = await onlyFinding(`import os\nGITHUB_TOKEN = "${f.githubClassic}"\n`, 'PWS103', inProject);
  assert.deepEqual(finding.fixes!.map((x) => x.title), ['Read from environment (os.environ["GITHUB_TOKEN"]) (changes behaviour: KeyError at start-up while GITHUB_TOKEN is unset)']);
});

test('a .env that git ignores is not reported; one it would commit is, and the message says why', async () => {
  const text = `GITHUB_TOKEN=${f.githubClassic}\nDB_PASSWORD=${f.databasePassword}\n`;
  const ignored = project({ '.gitignore': '.env\n' });
  assert.deepEqual(await analyzeSource(text, 'config', registry, { file: { path: '.env', isTest: false, project: ignored } }), []);
  const committed = project({ '.gitignore': 'build/\n' });
  const findings = await analyzeSource(text, 'config', registry, { file: { path: '.env', isTest: false, project: committed } });
  assert.deepEqual(findings.map((x) => x.ruleId), ['PWS103', 'PWS001']);
  assert.match(findings[0].message, /^This `\.env` file, which `\.gitignore` does not ignore, holds a GitHub personal access token/);
});

// `npm run docs`: writes docs/rules.md and docs/rules/<ID>.md from the rules' metadata.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ALL_RULES } from '../server/src/rules/index';
import { renderRuleDocs } from './rule-docs';

const docs = join(__dirname, '..', '..', 'docs');
const files = renderRuleDocs(ALL_RULES);
// Pages of rules that no longer exist must not linger.
rmSync(join(docs, 'rules'), { recursive: true, force: true });
for (const [path, content] of files) {
  mkdirSync(dirname(join(docs, path)), { recursive: true });
  writeFileSync(join(docs, path), content);
}
console.log(`wrote docs/rules.md and ${readdirSync(join(docs, 'rules')).length} rule pages`);

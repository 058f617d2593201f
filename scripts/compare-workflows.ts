// `node out/scripts/compare-workflows.js`: runs Pyward's workflow rules on our own equivalents
// of zizmor's integration test workflows (test/fixtures/zizmor-equivalents/, each naming the
// zizmor case and the findings zizmor reports per audit on its first line) and prints, per
// case and audit, whether Pyward agrees: both report it, or neither does. Prints figures;
// asserts nothing. zizmor itself is not run (it is not installable offline).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../server/src/engine/index';
import { RuleRegistry } from '../server/src/engine/registry';
import { workflowRules } from '../server/src/rules/workflows/index';

/** zizmor audit → the Pyward rule that covers it. */
const RULE_FOR_AUDIT: Readonly<Record<string, string>> = {
  'unpinned-uses': 'PWA001',
  'dangerous-triggers': 'PWA002',
  'template-injection': 'PWA003',
  'excessive-permissions': 'PWA004',
  'use-trusted-publishing': 'PWA005',
  artipacked: 'PWA006',
  'cache-poisoning': 'PWA009',
};

function corpusDirectory(): string {
  return join(__dirname, '..', '..', 'test', 'fixtures', 'zizmor-equivalents');
}

async function main(): Promise<void> {
  const registry = new RuleRegistry(workflowRules);
  const directory = corpusDirectory();
  let compared = 0;
  let matched = 0;
  console.log(`${'case'.padEnd(58)} ${'audit'.padEnd(24)} zizmor  Pyward`);
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.yml')).sort()) {
    const text = readFileSync(join(directory, file), 'utf8');
    const header = /^# zizmor: (.*?)((?:\s+[\w-]+=\d+,?)+)\s*$/m.exec(text.split('\n', 1)[0]);
    if (!header) continue;
    const findings = await analyzeSource(text, 'workflow', registry, { file: { path: `.github/workflows/${file}`, isTest: false } });
    for (const [, audit, count] of header[2].matchAll(/([\w-]+)=(\d+)/g)) {
      const rule = RULE_FOR_AUDIT[audit];
      const ours = findings.filter((finding) => finding.ruleId === rule).length;
      const expected = Number(count);
      const agree = (expected > 0) === (ours > 0);
      compared++;
      if (agree) matched++;
      console.log(`${header[1].trim().slice(0, 57).padEnd(58)} ${audit.padEnd(24)} ${String(expected).padStart(6)}  ${String(ours).padStart(6)}${agree ? '' : '  ✗'}`);
    }
  }
  console.log(`\n${matched} of ${compared} comparable findings agree (${((100 * matched) / compared).toFixed(0)} %)`);
}

void main();

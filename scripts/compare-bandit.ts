// `npm run compare:bandit -- DIR… BANDIT.json [--profile strict] [--sample 20]`: Pyward's findings on
// the folders per rule, beside Bandit's per test ID (from `bandit -r DIR -f json -o BANDIT.json`), and a
// seeded random sample of Pyward's findings to review by hand. Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_RULES } from '../server/src/rules/index';
import { rulesCovering } from './rule-docs';
import { seededSample } from './lib/sample';
import { auditPaths } from '../server/src/workspace/audit';
import type { Profile } from '../server/src/engine/rule';

interface BanditResult {
  filename: string;
  test_id: string;
  line_number: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args.splice(at, 2)[1];
  };
  const profile = (option('--profile') ?? 'recommended') as Profile;
  const sampleSize = Number(option('--sample') ?? 20);
  const banditJson = args.find((arg) => arg.endsWith('.json'));
  const dirs = args.filter((arg) => arg !== banditJson);
  if (dirs.length === 0 || !banditJson) throw new Error('usage: compare-bandit DIR… BANDIT.json [--profile strict] [--sample N]');
  const dir = dirs.join(' ');

  const result = await auditPaths(dirs.map((d) => resolve(d)), { settings: { profile } });
  const ours = new Map<string, number>();
  const all: { path: string; line: number; ruleId: string; text: string }[] = [];
  for (const file of result.files) {
    for (const finding of file.findings) {
      ours.set(finding.ruleId, (ours.get(finding.ruleId) ?? 0) + 1);
      const text = file.text ?? '';
      const lineStart = text.lastIndexOf('\n', finding.start - 1) + 1;
      const lineEnd = text.indexOf('\n', finding.start);
      all.push({ path: file.relativePath, line: text.slice(0, finding.start).split('\n').length, ruleId: finding.ruleId, text: text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).trim() });
    }
  }
  const bandit = new Map<string, number>();
  for (const issue of (JSON.parse(readFileSync(banditJson, 'utf8')) as { results: BanditResult[] }).results) {
    bandit.set(issue.test_id, (bandit.get(issue.test_id) ?? 0) + 1);
  }

  console.log(`Pyward (${profile}) on ${dir}: ${result.files.length} files, ${all.length} findings; Bandit: ${[...bandit.values()].reduce((a, b) => a + b, 0)} issues`);
  console.log('');
  console.log('rule    name                                   Pyward  Bandit (same check)');
  for (const rule of ALL_RULES) {
    const count = ours.get(rule.meta.id) ?? 0;
    const codes = [rule.meta.bandit, ...(rule.meta.alsoCovers ?? []).filter((c) => c.startsWith('B'))].filter((c): c is string => !!c);
    const theirs = codes.map((code) => `${code} ${bandit.get(code) ?? 0}`).join(', ');
    if (count === 0 && codes.every((code) => !bandit.get(code))) continue;
    console.log(`${rule.meta.id.padEnd(7)} ${rule.meta.name.padEnd(38)} ${String(count).padStart(6)}  ${theirs || '—'}`);
  }
  const unmapped = [...bandit.entries()].filter(([code]) => rulesCovering(ALL_RULES, code).length === 0);
  if (unmapped.length > 0) console.log(`Bandit checks with no Pyward rule: ${unmapped.map(([c, n]) => `${c} ${n}`).join(', ')}`);

  const sample = seededSample(all, sampleSize, 20261121);
  console.log('');
  console.log(`Sample of ${sample.length} findings to review:`);
  for (const item of sample) console.log(`  ${item.ruleId}  ${item.path}:${item.line}  ${item.text.slice(0, 140)}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});

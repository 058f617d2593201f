// `node out/scripts/parity.js [--write]`: how Pyward agrees with its peers, code by code, on our own
// rule fixtures (test/fixtures/rules/*.py, written for this project to cover the cases of Ruff's
// flake8-bandit fixtures and Bandit's examples; none is copied from them).
//
// Ruff is measured: its S rules (preview ones included: the import checks S401–S415 are preview) (the WebAssembly build in devDependencies) run on each fixture, and
// every line where Ruff reports a code is compared with the lines where a Pyward rule covering that
// code (its `ruff` or `alsoCovers` metadata) reports. Bandit cannot be installed offline here, so its
// column says which of our fixtures cover the check and, where we differ on purpose, why (NOTES).
// Prints figures; `--write` also renders docs/parity.md. Asserts nothing.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as RuffWasm from '@astral-sh/ruff-wasm-nodejs';
import { analyzePython } from '../server/src/engine/index';
import { RuleRegistry } from '../server/src/engine/registry';
import { ALL_RULES } from '../server/src/rules/index';
import { BANDIT_CHECKS } from './bandit-catalogue';
import { RUFF_CHECKS } from './ruff-catalogue';
import { peerCodes, rulesCovering } from './rule-docs';
import { RUFF_PACKAGE } from './bench/ruff';
import { PARITY_NOTES } from './parity-notes';

const repo = join(__dirname, '..', '..');
const RUFF_BY_NAME = new Map(RUFF_CHECKS.map((check) => [check.name, check.id]));
const fixtures = join(repo, 'test', 'fixtures', 'rules');

interface Tally {
  both: number;
  oursOnly: number;
  theirsOnly: number;
  /** Fixtures where the code was seen, by either tool. */
  files: Set<string>;
}

function tally(map: Map<string, Tally>, code: string): Tally {
  let entry = map.get(code);
  if (!entry) map.set(code, (entry = { both: 0, oursOnly: 0, theirsOnly: 0, files: new Set() }));
  return entry;
}

function agreement(t: Tally | undefined): string {
  if (!t) return '—';
  const all = t.both + t.oursOnly + t.theirsOnly;
  return all === 0 ? '—' : `${Math.round((100 * t.both) / all)} % (${t.both} both, ${t.oursOnly} ours only, ${t.theirsOnly} Ruff only)`;
}

/** Our fixtures whose rules cover a code. */
function fixturesFor(code: string): string[] {
  const ids = new Set(rulesCovering(ALL_RULES, code).map((r) => r.meta.id));
  return readdirSync(fixtures).filter((name) => ids.has(name.split('-')[0]));
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const ruff = require(RUFF_PACKAGE) as typeof RuffWasm;
  const workspace = new ruff.Workspace({ 'target-version': 'py313', lint: { select: ['S'], preview: true } }, ruff.PositionEncoding.Utf16);
  // Every rule, in tests too: Ruff has no profiles, so compare what each tool can find.
  const registry = new RuleRegistry(ALL_RULES);
  const byRuff = new Map<string, Tally>();
  let both = 0;
  let oursOnly = 0;
  let theirsOnly = 0;
  for (const name of readdirSync(fixtures).sort()) {
    const path = join(fixtures, name);
    if (statSync(path).isDirectory() || !name.endsWith('.py')) continue;
    const text = readFileSync(path, 'utf8');
    const ours = new Set<string>();
    for (const finding of await analyzePython(text, registry, { file: { path: `src/${name}`, isTest: false } })) {
      const line = text.slice(0, finding.start).split('\n').length;
      const rule = ALL_RULES.find((r) => r.meta.id === finding.ruleId);
      for (const code of rule ? peerCodes(rule.meta, 'S') : []) ours.add(`${line}:${code}`);
    }
    const theirs = new Set<string>();
    for (const diagnostic of workspace.check(text) as RuffWasm.Diagnostic[]) {
      // With preview on, this build names rules by their kebab name instead of their code.
      const code = diagnostic.code && (/^S\d+$/.test(diagnostic.code) ? diagnostic.code : RUFF_BY_NAME.get(diagnostic.code));
      if (code) theirs.add(`${diagnostic.start_location.row}:${code}`);
    }
    for (const key of new Set([...ours, ...theirs])) {
      const code = key.split(':')[1];
      const entry = tally(byRuff, code);
      entry.files.add(name);
      if (ours.has(key) && theirs.has(key)) (entry.both++, both++);
      else if (ours.has(key)) (entry.oursOnly++, oursOnly++);
      else (entry.theirsOnly++, theirsOnly++);
    }
  }
  workspace.free();
  const total = both + oursOnly + theirsOnly;
  console.log(`Ruff ${ruff.Workspace.version()} on our ${readdirSync(fixtures).filter((n) => n.endsWith('.py')).length} rule fixtures: ` +
    `${both} lines agree, ${oursOnly} only Pyward, ${theirsOnly} only Ruff = ${Math.round((100 * both) / total)} % line-level agreement`);
  for (const check of RUFF_CHECKS) console.log(`  ${check.id.padEnd(5)} ${agreement(byRuff.get(check.id))}`);
  const banditCovered = BANDIT_CHECKS.filter((check) => !check.retired && rulesCovering(ALL_RULES, check.id).length > 0).length;
  const banditActive = BANDIT_CHECKS.filter((check) => !check.retired).length;
  console.log(`Bandit: ${banditCovered} of ${banditActive} active checks covered by a rule with a fixture; not run (no network to install it).`);
  if (!write) return;

  const ruleLinks = (code: string) => rulesCovering(ALL_RULES, code).map((r) => `[${r.meta.id}](rules/${r.meta.id}.md)`).join(', ') || '—';
  const fixtureLinks = (code: string) => fixturesFor(code).map((f) => `[${f}](../test/fixtures/rules/${f})`).join(', ') || '—';
  const lines = [
    '# Peer parity',
    '',
    '<!-- Generated by `node out/scripts/parity.js --write` (scripts/parity.ts, notes in scripts/parity-notes.ts). Do not edit. -->',
    '',
    'Every Bandit check and Ruff `flake8-bandit` rule, the Pyward rules that cover it (from the rules\' metadata), the',
    'fixture that exercises those cases (written for this project after reading the peers\' own fixtures; none is copied),',
    'and where we agree or, when we differ on purpose, why.',
    '',
    `**Ruff** (${ruff.Workspace.version()}, run by the script on our fixtures, every rule enabled on both sides): ` +
      `${both} lines agree, ${oursOnly} are reported only by Pyward and ${theirsOnly} only by Ruff — ` +
      `**${Math.round((100 * both) / total)} % line-level agreement**. Per rule below: lines where both report it over lines where either does.`,
    '',
    `**Bandit** cannot be installed without network access here, so it is not run: its column records which fixture covers`,
    `each check (${banditCovered} of ${banditActive} active checks) and how we differ. \`npm run compare:bandit\` compares`,
    'with a Bandit JSON report where Bandit is available.',
    '',
    '## Bandit',
    '',
    '| Bandit | Check | Pyward | Our fixture | Agreement, or why we differ |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const check of BANDIT_CHECKS) {
    const note = PARITY_NOTES[check.id] ?? (check.retired ? `Retired: ${check.retired}.` : 'Same cases flagged.');
    lines.push(`| ${check.id} | \`${check.name}\` | ${ruleLinks(check.id)} | ${fixtureLinks(check.id)} | ${note} |`);
  }
  lines.push('', '## Ruff', '', '| Ruff | Rule | Pyward | Our fixture | Measured agreement | Why we differ |', '| --- | --- | --- | --- | --- | --- |');
  for (const check of RUFF_CHECKS) {
    const note = PARITY_NOTES[check.id] ?? (check.removed ? `Removed from Ruff: ${check.removed}.` : '—');
    lines.push(`| ${check.id} | \`${check.name}\` | ${ruleLinks(check.id)} | ${fixtureLinks(check.id)} | ${agreement(byRuff.get(check.id))} | ${note} |`);
  }
  lines.push('');
  writeFileSync(join(repo, 'docs', 'parity.md'), lines.join('\n'));
  console.log('wrote docs/parity.md');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(2);
});

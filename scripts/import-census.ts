// How the supply-chain import rules (PWD201–PWD204) judge every import of a folder of Python:
//
//   node out/scripts/import-census.js <folder> [--list]
//
// The folder is the project (its manifests, `.venv` and own modules count). Prints how many
// imported modules fell in each class (standard library, first-party, third-party…), the
// findings per rule, and the distinct modules reported, most frequent first, with one place
// each; `--list` prints every finding.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isPythonRule } from '../server/src/engine/file-rule';
import { analyzePython } from '../server/src/engine/index';
import { RuleRegistry } from '../server/src/engine/registry';
import { defineRule, type Rule } from '../server/src/engine/rule';
import { Projects } from '../server/src/project/project';
import { dependencyRules } from '../server/src/rules/dependencies/index';
import { IMPORT_STATEMENTS, importedModules, resolveImport } from '../server/src/rules/dependencies/import-resolution';
import { discoverFiles, toPosix } from '../server/src/workspace/walk';

const IMPORT_RULE_IDS = ['PWD201', 'PWD202', 'PWD203', 'PWD204'];

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const listAll = args.includes('--list');
  const folder = args.find((arg) => !arg.startsWith('--'));
  if (!folder) {
    console.error('usage: node out/scripts/import-census.js <folder> [--list]');
    process.exit(2);
  }
  const root = resolve(folder);
  const classes = new Map<string, number>();
  // Counts every imported module by what it resolves to, beside the rules.
  const census: Rule = defineRule({
    meta: {
      id: 'CENSUS',
      name: 'import-census',
      title: 'Import census',
      category: 'supply-chain',
      severity: 'low',
      confidence: 'low',
      cwe: 1357,
      fixable: false,
      docs: { what: '', why: '', example: '', safe: '', references: [] },
    },
    nodes: IMPORT_STATEMENTS,
    checkNode(statement, context) {
      if (statement.type === 'import_from_statement' && statement.childForFieldName('module_name')?.type === 'relative_import') {
        classes.set('relative', (classes.get('relative') ?? 0) + 1);
        return;
      }
      for (const imported of importedModules(statement)) {
        const kind = resolveImport(imported, context.file).kind;
        classes.set(kind, (classes.get(kind) ?? 0) + 1);
      }
    },
  });
  const rules = dependencyRules.filter(isPythonRule).filter((rule) => IMPORT_RULE_IDS.includes(rule.meta.id));
  const registry = new RuleRegistry([...rules, census]);
  const projects = new Projects([root]);
  const discovery = await discoverFiles([root]);
  const files = discovery.files.filter((file: string) => file.endsWith('.py'));
  const perRule = new Map<string, number>();
  const perModule = new Map<string, { rule: string; count: number; at: string; message: string }>();
  let failed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      failed++;
      continue;
    }
    const path = toPosix(relative(root, file));
    const findings = await analyzePython(text, registry, { file: { path, isTest: false, project: projects.forFile(file) }, onRuleError: (rule, error) => console.error(`${path}: ${'meta' in rule ? rule.meta.id : '?'} failed: ${String(error)}`) });
    for (const finding of findings) {
      if (!IMPORT_RULE_IDS.includes(finding.ruleId)) continue;
      perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1);
      const module = text.slice(finding.start, finding.end);
      const key = `${finding.ruleId} ${module}`;
      const at = `${path}:${lineOf(text, finding.start)}`;
      const entry = perModule.get(key) ?? { rule: finding.ruleId, count: 0, at, message: finding.message };
      entry.count++;
      perModule.set(key, entry);
      if (listAll) console.log(`${at} ${finding.ruleId} ${finding.severity} ${module}: ${finding.message}`);
    }
  }
  const total = [...classes.values()].reduce((a, b) => a + b, 0);
  console.log(`${root}: ${files.length} Python files${failed ? ` (${failed} unreadable)` : ''}, ${total} imported modules`);
  console.log(`  by class: ${[...classes].sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  console.log(`  findings: ${IMPORT_RULE_IDS.map((id) => `${id} ${perRule.get(id) ?? 0}`).join(', ')}`);
  for (const [key, entry] of [...perModule].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))) {
    console.log(`  ${key} ×${entry.count} (e.g. ${entry.at}): ${entry.message}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

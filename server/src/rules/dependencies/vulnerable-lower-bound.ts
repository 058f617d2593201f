import { lowestFixingAll } from '../../advisories/advisory';
import { loadAdvisories, vulnerabilitiesOf } from '../../advisories/database';
import { compareVersionText } from '../../advisories/pep440';
import { defineFileRule } from '../../engine/file-rule';
import { unsafeFix } from '../../engine/fixer';
import type { VersionClause } from '../../manifests/model';
import { advisoryDetails, advisoryLabel, lookUpFileOnline, worstFirst } from './advisory-shared';
import { manifestOf } from './shared';
import { isDeployment } from './unpinned-dependency';

export default defineFileRule({
  meta: {
    id: 'PWD302',
    name: 'vulnerable-lower-bound',
    title: 'Version range whose lower bound has a known vulnerability',
    category: 'supply-chain',
    severity: 'low',
    confidence: 'medium',
    cwe: 1395,
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: 'Finds ranges in deployment manifests (requirements files, a Pipfile without its lock) whose lower bound (`>=`, `~=`) is a version a published advisory says is vulnerable: `requests>=2.19` still lets a resolver or a constraints file pick 2.19.0. Judged from the same OSV data as PWD301, offline. The quick fix raises the bound to the lowest release that fixes every advisory found, when the rest of the range allows it. Contains data from the Python Packaging Advisory Database, CC-BY 4.0.',
      why: 'pip normally installs the newest matching release, but an old lock, a constraints file, a private mirror or `--prefer-binary` can settle on the lowest one, and then the known vulnerability is deployed. Raising the lower bound states what the application needs to be safe.',
      example: 'requests>=2.19\njinja2~=2.10',
      safe: 'requests>=2.32.0\njinja2~=3.1.4',
      language: 'requirements',
      references: ['https://cwe.mitre.org/data/definitions/1395.html', 'https://osv.dev/', 'https://github.com/pypa/advisory-database'],
    },
  },
  kinds: ['requirements', 'pipfile'],
  prepare: loadAdvisories,

  async check(context) {
    const manifest = manifestOf(context);
    if (!manifest || !isDeployment(context, manifest)) return;
    await lookUpFileOnline(context);
    for (const requirement of manifest.requirements) {
      if (!requirement.name || requirement.pinnedVersion || requirement.url || requirement.localPath) continue;
      const bound = requirement.clauses.find((clause) => clause.operator === '>=' || clause.operator === '~=');
      if (!bound) continue;
      const advisories = worstFirst(vulnerabilitiesOf(requirement.normalized, bound.version));
      if (advisories.length === 0) continue;
      const fixed = lowestFixingAll(advisories, bound.version);
      const others = requirement.clauses.filter((clause) => clause !== bound);
      // Raising a `~=` bound would also move its upper bound: only `>=` is rewritten.
      const raise = bound.operator === '>=' && fixed && others.every((clause) => allows(clause, fixed)) ? fixed : undefined;
      context.report(bound.range.start, bound.range.end, {
        message: `The lower bound \`${bound.operator}${bound.version}\` of \`${requirement.name}\` allows a version with ${advisoryLabel(advisories[0])}${advisories.length > 1 ? ` and ${advisories.length - 1} more` : ''}; ${raise ? `raise it to ${raise}` : 'raise it past the fixed release'}.`,
        details: advisoryDetails(`${requirement.name} ${bound.version}`, bound.version, advisories),
        fix: () =>
          raise
            ? [unsafeFix(`Raise the lower bound to ${raise}`, 'excludes releases the range allowed', { start: bound.range.end - bound.version.length, end: bound.range.end, newText: raise })]
            : [],
      });
    }
  },
});

/** Whether an upper-bound or exclusion clause admits `version` (others are not judged: no fix). */
function allows(clause: VersionClause, version: string): boolean {
  const order = compareVersionText(version, clause.version.replace(/\.\*$/, ''));
  if (order === undefined) return false;
  switch (clause.operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '!=':
      return clause.version.includes('*') ? !version.startsWith(clause.version.slice(0, -1)) : order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return false;
  }
}

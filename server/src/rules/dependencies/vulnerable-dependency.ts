import { lowestFixingAll } from '../../advisories/advisory';
import { loadAdvisories, vulnerabilitiesOf } from '../../advisories/database';
import { defineFileRule } from '../../engine/file-rule';
import { unsafeFix } from '../../engine/fixer';
import { ADVISORY_RULE_KINDS, advisoryDetails, advisoryLabel, shortSummary, bumpPinEdit, findingSeverity, hashNote, lookUpFileOnline, severityLabel, versionsInUse, worstFirst } from './advisory-shared';

const ATTRIBUTION = 'Advisory data: OSV (osv.dev); the shipped snapshot contains data from the Python Packaging Advisory Database (https://github.com/pypa/advisory-database), CC-BY 4.0.';

export default defineFileRule({
  meta: {
    id: 'PWD301',
    name: 'vulnerable-dependency',
    title: 'Dependency version with a known vulnerability',
    category: 'supply-chain',
    severity: 'high',
    confidence: 'high',
    cwe: 1395,
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: `Finds dependencies pinned to a version that a published security advisory (OSV: PYSEC, GHSA, CVE) says is vulnerable: exact pins in requirements files, \`pyproject.toml\`, Pipfile, \`pylock.toml\`, \`Pipfile.lock\`, \`poetry.lock\`, \`uv.lock\` and \`pdm.lock\` (reported on the lock entry when the pin exists only there), and, when a manifest gives a range, the version installed in the project's virtual environment. The message names the advisory, its severity (the CVSS base score computed from its vector where one is given) and the first release that fixes it; the quick fix moves the pin to the lowest release that fixes every advisory found, taken from the advisories' own \`fixed\` events. Checked offline against the shipped snapshot (2024-10-10) or the newer export \`pyward advisories update\` downloads; no finding means no advisory *in that data*, not that the version is safe. ${ATTRIBUTION}`,
      why: 'A known vulnerability comes with a public write-up and often a working exploit: it is the first thing an attacker scans for. An old pin of PyYAML runs arbitrary code from `yaml.load`, an old Jinja2 escapes its sandbox, an old aiohttp serves files outside its static root. Upgrading to the fixed release closes the hole; the upgrade changes behaviour, so run the tests (and, for a hash-pinned file, regenerate the hashes).',
      example: 'PyYAML==5.1\nJinja2==2.9.6\naiohttp==3.5.4',
      safe: 'PyYAML==5.4\nJinja2==2.11.3\naiohttp==3.9.4',
      language: 'requirements',
      references: [
        'https://cwe.mitre.org/data/definitions/1395.html',
        'https://osv.dev/',
        'https://github.com/pypa/advisory-database',
        'https://ossf.github.io/osv-schema/',
      ],
    },
  },
  kinds: ADVISORY_RULE_KINDS,
  prepare: loadAdvisories,

  async check(context) {
    await lookUpFileOnline(context);
    for (const { requirement, version, how } of versionsInUse(context)) {
      const advisories = worstFirst(vulnerabilitiesOf(requirement.normalized, version));
      if (advisories.length === 0) continue;
      const [worst] = advisories;
      const fixed = lowestFixingAll(advisories, version);
      const severity = severityLabel(worst);
      const more = advisories.length > 1 ? ` and ${advisories.length - 1} more` : '';
      const what = how === 'installed' ? `\`${requirement.name}\` ${version} (installed)` : `\`${requirement.name}\` ${version}`;
      const remedy = !fixed
        ? 'no fixed release is known: replace it or mitigate'
        : requirement.syntax === 'lock'
          ? `update it to ${fixed} with the lock's tool`
          : how === 'installed'
            ? `upgrade the environment to ${fixed}`
            : `upgrade to ${fixed}`;
      const range = how === 'pinned' ? (requirement.specifierRange ?? requirement.nameRange) : requirement.nameRange;
      context.report(range.start, range.end, {
        message: `${what} has a known vulnerability, ${advisoryLabel(worst)}${severity ? ` (${severity})` : ''}${more}: ${shortSummary(worst.summary)}; ${remedy}.`,
        severity: findingSeverity(advisories),
        details: advisoryDetails(`${requirement.name} ${version}`, version, advisories),
        fix: () => {
          const edit = fixed && how === 'pinned' ? bumpPinEdit(requirement, fixed) : undefined;
          if (!edit) return [];
          return [unsafeFix(`Upgrade ${requirement.name} to ${fixed}`, `the new release may differ in APIs and defaults${hashNote(requirement)}`, edit)];
        },
      });
    }
  },
});

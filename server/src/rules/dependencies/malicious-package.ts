import type { Advisory } from '../../advisories/advisory';
import { loadAdvisories, maliciousRecordsOf } from '../../advisories/database';
import { defineFileRule } from '../../engine/file-rule';
import type { Rule } from '../../engine/rule';
import { normalizeName } from '../../supply-chain/normalize';
import { ADVISORY_RULE_KINDS, advisoryDetails, lookUpFileOnline, versionsInUse } from './advisory-shared';
import { IMPORT_STATEMENTS, prepareImportData, thirdPartyImports } from './import-resolution';
import { manifestOf } from './shared';

/** The precedence guard of the typosquat and not-on-PyPI rules: a name known to be malware gets this rule's finding only. */
export function isKnownMalicious(name: string): boolean {
  return maliciousRecordsOf(normalizeName(name)).length > 0;
}

function message(name: string, records: readonly Advisory[]): string {
  return `\`${name}\` is a known malicious package (${records[0].id}): remove it, and treat machines that installed it as compromised.`;
}

const rule: Rule & ReturnType<typeof defineFileRule> = {
  meta: {
    id: 'PWD303',
    name: 'malicious-package',
    title: 'Known malicious package',
    category: 'supply-chain',
    severity: 'high',
    confidence: 'high',
    cwe: 506,
    fixable: false,
    docs: {
      what: 'Finds packages that OSV lists as malicious (`MAL-` records of the OpenSSF malicious-packages feed), everywhere the name appears: requirements, `pyproject.toml`, Pipfile and every lock file, and `import` statements. A record covering every version flags the name itself; one listing versions flags those pins. The shipped snapshot has no such records: they come from `pyward advisories update` (OSV\'s PyPI export) or online look-ups (`pyward.advisories.online`). It takes precedence over the typosquat (PWD101, PWD201) and not-on-PyPI (PWD204) findings for the same name: one finding per name.',
      why: 'A malicious package runs its payload when it is installed (`setup.py`, build hooks) or imported: stealing credentials, tokens and wallets, or opening a backdoor. By the time it is in a manifest it has usually run on a developer machine or CI runner already, so removing it is not enough: rotate the secrets those machines held.',
      example: '# requirements.txt, after `pyward advisories update`\nrequests==2.32.3\ncolourama==0.1.6',
      safe: 'requests==2.32.3\ncolorama==0.4.6',
      language: 'requirements',
      references: ['https://cwe.mitre.org/data/definitions/506.html', 'https://github.com/ossf/malicious-packages', 'https://osv.dev/list?ecosystem=PyPI&q=MAL-'],
    },
  },
  kinds: ADVISORY_RULE_KINDS,
  nodes: IMPORT_STATEMENTS,
  prepare: () => {
    loadAdvisories();
    prepareImportData();
  },

  async check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    await lookUpFileOnline(context);
    const pinned = new Map(versionsInUse(context).map((use) => [use.requirement, use.version]));
    for (const requirement of manifest.requirements) {
      if (!requirement.name || requirement.url || requirement.localPath) continue;
      const records = maliciousRecordsOf(requirement.normalized, pinned.get(requirement));
      if (records.length === 0) continue;
      context.report(requirement.nameRange.start, requirement.nameRange.end, { message: message(requirement.name, records), details: advisoryDetails(requirement.name, undefined, records) });
    }
  },

  checkNode(statement, context) {
    for (const { imported, resolution } of thirdPartyImports(statement, context.file)) {
      const top = imported.module.split('.', 1)[0];
      const names = resolution.kind === 'third-party' ? [top, ...resolution.distributions.map((distribution) => distribution.normalized)] : [top];
      const records = names.map((name) => maliciousRecordsOf(normalizeName(name))).find((found) => found.length > 0);
      if (records) context.report(imported.node, { message: message(top, records), details: advisoryDetails(top, undefined, records) });
    }
  },
};

export default rule;

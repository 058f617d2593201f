import { unsafeFix } from '../../engine/fixer';
import { defineFileRule } from '../../engine/file-rule';
import { findTyposquat } from '../../supply-chain/typosquat';
import { MANIFEST_RULE_KINDS, manifestOf } from './shared';
import { isKnownMalicious } from './malicious-package';

export default defineFileRule({
  meta: {
    id: 'PWD101',
    name: 'typosquatted-dependency',
    title: 'Dependency name looks like a typosquat of a popular package',
    category: 'supply-chain',
    severity: 'high',
    confidence: 'medium',
    cwe: 1357,
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: 'Finds declared dependencies whose name is one small edit away from a popular PyPI package (`reqeusts`, `python-dateutils`, `djanga`), checked offline against a list of the most downloaded projects. A name no project on PyPI has (per the shipped snapshot of all names) needs less: two edits from a top-1,000 name or one from a top-5,000 name, blocks of a popular name swapped (`matlibplot`), a standard-library module\'s name (`urllib`), or a slip of `requirements.txt`; such a name is a squat or a slopsquat waiting to be registered.',
      why: 'Attackers register look-alike names of popular packages and wait for a typo in a requirements file or a `pip install` command. The package installs and its `setup.py` or import-time code runs with the developer\'s or the CI runner\'s privileges: stealing tokens, SSH keys and cloud credentials is the usual payload.',
      example: 'reqeusts==2.31.0\npython-dateutils>=2.8',
      safe: 'requests==2.31.0\npython-dateutil>=2.8',
      language: 'requirements',
      references: [
        'https://cwe.mitre.org/data/definitions/1357.html',
        'https://blog.pypi.org/posts/2024-03-25-mitigating-typosquatting-and-malware/',
        'https://packaging.python.org/en/latest/specifications/name-normalization/',
      ],
    },
  },
  kinds: MANIFEST_RULE_KINDS,
  // The popularity indexes take a moment to build: before the first check, not inside it.
  prepare: () => void findTyposquat('reqeusts'),

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    for (const requirement of manifest.requirements) {
      // A name known to be malware gets PWD303's finding instead.
      if (!requirement.name || requirement.url || requirement.localPath || isKnownMalicious(requirement.name)) continue;
      const squat = findTyposquat(requirement.name);
      if (!squat) continue;
      const { start, end } = requirement.nameRange;
      context.report(start, end, {
        message: squat.intendedRank === 0
          ? `\`${requirement.name}\` is ${squat.reason}: such names are squatted to get malware installed. Remove it, or use the package you meant.`
          : `\`${requirement.name}\` looks like a typosquat of \`${squat.intended}\` (#${squat.intendedRank} among PyPI's most downloaded packages): ${squat.reason}. Look-alike names are registered to get malware installed by a typo; if you meant \`${squat.intended}\`, replace the name.`,
        fix: () => (squat.intendedRank === 0 ? [] : [unsafeFix(`Replace with ${squat.intended}`, 'a different package is installed', { start, end, newText: squat.intended })]),
      });
    }
  },
});

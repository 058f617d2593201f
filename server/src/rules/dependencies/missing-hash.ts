import { defineFileRule } from '../../engine/file-rule';
import { displayName, manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD104',
    name: 'missing-hash',
    title: 'Requirement without --hash in a hash-checked file',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'high',
    cwe: 494,
    fixable: false,
    docs: {
      what: 'In a requirements file where some requirement has `--hash` (or `--require-hashes` is set), finds each requirement that has none.',
      why: 'Once one requirement carries a hash, pip switches to hash-checking mode and refuses to install anything unhashed: the install fails. Teams then "fix" it by deleting the hashes, losing the protection they give: a hash proves the file downloaded is the one that was reviewed, even when the index or a mirror is compromised.',
      example: 'requests==2.31.0 --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f\nidna==3.7',
      safe: 'requests==2.31.0 --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f\nidna==3.7 --hash=sha256:82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0\n# pip-compile --generate-hashes writes them all',
      language: 'requirements',
      references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode'],
    },
  },
  kinds: ['requirements'],

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    const hashChecked = manifest.requireHashes || manifest.requirements.some((requirement) => requirement.hashes.length > 0);
    if (!hashChecked) return;
    for (const requirement of manifest.requirements) {
      if (requirement.hashes.length > 0 || requirement.localPath) continue;
      const range = requirement.name ? requirement.nameRange : (requirement.url?.range ?? requirement.nameRange);
      context.report(range.start, range.end, {
        message: `\`${displayName(requirement)}\` has no \`--hash\`, but ${manifest.requireHashes ? '`--require-hashes` is set' : 'other requirements in this file have one'}: pip's hash-checking mode will refuse to install it. Add its hashes (\`pip-compile --generate-hashes\` or \`pip hash\`) rather than removing the others.`,
      });
    }
  },
});

import { defineFileRule } from '../../engine/file-rule';
import { manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD106',
    name: 'not-hash-pinned',
    title: 'Requirements file without hashes',
    category: 'supply-chain',
    severity: 'low',
    confidence: 'medium',
    cwe: 494,
    fixable: false,
    profile: 'strict',
    docs: {
      what: 'A hint, once per requirements file, when none of its requirements carries a `--hash`.',
      why: 'A version pin says which release to install; only a hash proves the file downloaded is the one that was reviewed. Without hashes a compromised index, mirror or proxy can serve different code under the same version.',
      example: 'requests==2.31.0\nidna==3.7',
      safe: '# pip-compile --generate-hashes requirements.in\nrequests==2.31.0 --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f\nidna==3.7 --hash=sha256:82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0',
      language: 'requirements',
      references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode'],
    },
  },
  kinds: ['requirements'],

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest || manifest.requireHashes) return;
    const installable = manifest.requirements.filter((requirement) => !requirement.localPath);
    if (installable.length === 0 || installable.some((requirement) => requirement.hashes.length > 0)) return;
    const first = installable[0];
    context.report(first.nameRange.start, first.nameRange.end, {
      message: `None of the ${installable.length} requirement${installable.length === 1 ? '' : 's'} in this file is hash-pinned: pip cannot check that what it downloads is what was reviewed. Generate hashes (\`pip-compile --generate-hashes\`, \`uv pip compile --generate-hashes\`) and install with \`--require-hashes\`.`,
    });
  },
});

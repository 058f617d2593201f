import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';
import { hasValidCrc32Checksum } from './detectors/encoding';

export default defineSecretDetector({
  meta: {
    id: 'PWS115',
    name: 'npm-token',
    title: 'npm access token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds npm access tokens (`npm_` and 36 base62 characters). Their last six characters are a CRC-32 checksum of the 30 before, which is verified, so look-alikes are not reported.',
      why: 'An npm token with publish rights lets anyone release new versions of the owner\'s packages: a supply-chain attack on every project that depends on them. Front-end tooling in Python projects (docs sites, dashboards) is where such tokens end up.',
      example: 'NPM_TOKEN = "npm_…36 characters…"',
      safe: 'import os\n\nNPM_TOKEN = os.environ["NPM_TOKEN"]',
      references: [CWE_798, 'https://github.blog/2021-09-23-announcing-npms-new-access-token-format/', 'https://docs.npmjs.com/revoking-access-tokens'],
    },
  },
  environmentName: 'NPM_TOKEN',
  revoke: 'revoke it with `npm token revoke` or on npmjs.com',
  formats: [
    regexFormat({
      kind: 'npm access token',
      keywords: ['npm_'],
      pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
      validate: (token) => hasValidCrc32Checksum(token, 4),
    }),
  ],
});

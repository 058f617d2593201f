import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';
import { decodeBase64 } from './detectors/encoding';

export default defineSecretDetector({
  meta: {
    id: 'PWS145',
    name: 'jfrog-token',
    title: 'JFrog (Artifactory) API key or reference token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds JFrog Artifactory API keys (`AKCp` and 69 characters) and reference tokens (64 characters whose base64 decodes to `reftkn:01:…`), under any variable name.',
      why: 'A JFrog key reads and publishes to the organization\'s repositories: the private packages and images every build installs. Publishing is a supply-chain compromise of everything downstream; reading leaks the private code.',
      example: 'PIP_INDEX_URL = "https://ci:AKCp…@acme.jfrog.io/artifactory/api/pypi/pypi/simple"',
      safe: 'import os\n\nPIP_INDEX_URL = os.environ["PIP_INDEX_URL"]  # set by the CI\'s secret store',
      references: [CWE_798, 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens'],
    },
  },
  environmentName: 'JFROG_ACCESS_TOKEN',
  revoke: 'revoke the key or token in the JFrog Platform (Identity and Access → Access Tokens)',
  formats: [
    regexFormat({
      kind: 'JFrog API key',
      keywords: ['AKCp'],
      pattern: /AKCp[A-Za-z0-9]{69}(?![A-Za-z0-9])/,
      validate: (key) => looksRandom(key.slice(4), 3.5),
    }),
    regexFormat({
      kind: 'JFrog reference token',
      keywords: ['cmVmdGtuOjAxOj'],
      pattern: /cmVmdGtuOjAxOj[A-Za-z0-9]{50}(?![A-Za-z0-9])/,
      validate: (token) => decodeBase64(token)?.toString('latin1').startsWith('reftkn:01:') === true,
    }),
  ],
});

import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';
import { decodeBase64 } from './detectors/encoding';

/**
 * A PyPI token is `pypi-` and a base64url macaroon (version 2): its location field says
 * `pypi.org` (so it starts `AgEIcHlwaS5vcmc`) or `test.pypi.org`, and it ends with the signature
 * field: type 6, length 32, then the 32 bytes.
 */
function isMacaroon(token: string): boolean {
  const bytes = decodeBase64(token.slice(5));
  if (!bytes || bytes.length < 60 || bytes[0] !== 2) return false;
  if (!bytes.subarray(0, 24).toString('latin1').includes('pypi.org')) return false;
  return bytes[bytes.length - 34] === 6 && bytes[bytes.length - 33] === 32;
}

export default defineSecretDetector({
  meta: {
    id: 'PWS116',
    name: 'pypi-token',
    title: 'PyPI API token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds PyPI and TestPyPI API tokens (`pypi-AgEIcHlwaS5vcmc…`, `pypi-AgENdGVzdC5weXBpLm9yZw…`) in Python, `.pypirc`-style INI, `pyproject.toml`, `.env` files, workflows and notebooks. The token is decoded: it must be a macaroon whose location is `pypi.org` and which ends with a 32-byte signature, so truncated or made-up tokens are not reported.',
      why: 'A PyPI token uploads new releases of the owner\'s projects (or all of them, for an account-wide token): whoever finds it can publish malware under a trusted name to everyone who installs it. Prefer trusted publishing from CI, which needs no long-lived token at all.',
      example: '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc…',
      language: 'ini',
      safe: '# .github/workflows/release.yml: trusted publishing, no token in the repository\npermissions:\n  id-token: write\nsteps:\n  - uses: pypa/gh-action-pypi-publish@release/v1',
      references: [CWE_798, 'https://pypi.org/help/#apitoken', 'https://docs.pypi.org/trusted-publishers/'],
    },
  },
  environmentName: 'PYPI_TOKEN',
  revoke: 'remove the token in your PyPI account settings (API tokens)',
  formats: [
    regexFormat({
      kind: 'PyPI API token',
      keywords: ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBpLm9yZw'],
      pattern: /pypi-Ag[A-Za-z0-9_-]{60,2000}(?![A-Za-z0-9_-])/,
      notAfter: /[A-Za-z0-9_-]/,
      skipSamples: false,
      validate: (token) => isMacaroon(token) && (token.startsWith('pypi-AgEN') ? { kind: 'TestPyPI API token', severity: 'medium' } : true),
    }),
  ],
});

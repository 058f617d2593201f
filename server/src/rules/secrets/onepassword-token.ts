import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';
import { decodeBase64 } from './detectors/encoding';

/** Fields of the account credentials a service account token carries (its JSON). */
const CREDENTIAL_FIELDS = ['email', 'muk', 'secretKey', 'srpX', 'signInAddress', 'userAuth'];

/** The body decodes to a JSON object holding at least two of a service account's credential fields. */
function isServiceAccountToken(base64: string): boolean {
  try {
    const value: unknown = JSON.parse(decodeBase64(base64)?.toString('utf8') ?? '');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return CREDENTIAL_FIELDS.filter((field) => field in value).length >= 2;
  } catch {
    return false;
  }
}

export default defineSecretDetector({
  meta: {
    id: 'PWS135',
    name: 'onepassword-token',
    title: '1Password service account token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds 1Password service account tokens: `ops_` and base64 of a JSON object holding the account\'s credentials (`secretKey`, `muk`, `srpX`, `signInAddress`…). The base64 is decoded and its fields checked, so look-alikes are not reported. Account secret keys (`A3-` and five groups of letters and digits) are found too.',
      why: 'A service account token opens every vault the service account was granted: all the passwords, API keys and certificates stored there, usually the secrets of whole environments. It does not expire unless an expiry was set.',
      example: 'import subprocess\n\nsubprocess.run(["op", "read", "op://prod/db/password"], env={"OP_SERVICE_ACCOUNT_TOKEN": "ops_eyJ…"}, check=True)',
      safe: 'import subprocess\n\n# OP_SERVICE_ACCOUNT_TOKEN comes from the CI\'s secret store, inherited from the environment.\nsubprocess.run(["op", "read", "op://prod/db/password"], check=True)',
      references: [CWE_798, 'https://developer.1password.com/docs/service-accounts/security/', 'https://developer.1password.com/docs/service-accounts/manage-service-accounts/'],
    },
  },
  environmentName: 'OP_SERVICE_ACCOUNT_TOKEN',
  revoke: 'revoke it on the service account\'s page in 1Password (Developer → Service accounts)',
  formats: [
    regexFormat({
      kind: '1Password service account token',
      keywords: ['ops_eyJ'],
      pattern: /ops_eyJ[A-Za-z0-9+/_-]{100,2000}={0,2}(?![A-Za-z0-9+/=_-])/,
      // Base64 of JSON may spell anything (`AAAA`, `test`): decoding is the check.
      skipSamples: false,
      validate: (token) => isServiceAccountToken(token.slice(4)),
    }),
    regexFormat({
      kind: '1Password account secret key',
      keywords: ['A3-'],
      notAfter: /[A-Za-z0-9-]/,
      pattern: /A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![A-Za-z0-9-])/,
      validate: (key) => looksRandom(key.slice(3).replace(/-/g, ''), 3.5),
    }),
  ],
});

import { CWE_798, backOver, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';
import { decodeBase64 } from './detectors/encoding';

/** Whether base64 text decodes to a JSON object with these fields (the organization token's claims). */
function isJsonWith(base64: string, fields: readonly string[]): boolean {
  try {
    const value: unknown = JSON.parse(decodeBase64(base64)?.toString('utf8') ?? '');
    return typeof value === 'object' && value !== null && fields.every((field) => field in value);
  } catch {
    return false;
  }
}

export default defineSecretDetector({
  meta: {
    id: 'PWS137',
    name: 'sentry-token',
    title: 'Sentry auth token or DSN in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Sentry organization auth tokens (`sntrys_`, base64 JSON naming the organization and its region, then a secret; the JSON is decoded and checked), user auth tokens (`sntryu_` and 64 hex digits), and DSNs with their key (`https://<key>@o….ingest.sentry.io/<project>`, reported low: a DSN only sends events).',
      why: 'An auth token manages the Sentry organization: it reads every event (stack traces, request data, often personal data and secrets caught in locals), changes projects and uploads release artifacts. A DSN in public code lets anyone flood the project with events.',
      example: 'import sentry_sdk\n\nsentry_sdk.init(dsn="https://…@o123.ingest.sentry.io/456")',
      safe: 'import os\n\nimport sentry_sdk\n\nsentry_sdk.init(dsn=os.environ["SENTRY_DSN"])',
      references: [CWE_798, 'https://docs.sentry.io/account/auth-tokens/', 'https://docs.sentry.io/concepts/key-terms/dsn-explainer/'],
    },
  },
  environmentName: 'SENTRY_AUTH_TOKEN',
  revoke: 'revoke the token in Sentry (Settings → Auth Tokens), or rotate the DSN\'s client key',
  formats: [
    regexFormat({
      kind: 'Sentry organization auth token',
      keywords: ['sntrys_eyJ'],
      pattern: /sntrys_eyJ[A-Za-z0-9+/]{20,400}={0,2}_[A-Za-z0-9+/]{43}(?![A-Za-z0-9+/=_-])/,
      validate: (token) => isJsonWith(token.slice(7, token.lastIndexOf('_')), ['iat']),
    }),
    regexFormat({
      kind: 'Sentry user auth token',
      keywords: ['sntryu_'],
      pattern: /sntryu_[a-f0-9]{64}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(7), 3),
    }),
    regexFormat({
      kind: 'Sentry DSN',
      keywords: ['.sentry.io/'],
      start: backOver(/[A-Za-z0-9@.:/-]/, 120),
      notAfter: /[A-Za-z0-9]/,
      pattern: /https?:\/\/(?<secret>[0-9a-f]{32})@[a-z0-9.-]{1,80}\.sentry\.io\/\d{1,12}(?![0-9])/,
      validate: (key) => looksRandom(key, 3) && { severity: 'low', confidence: 'medium' },
    }),
  ],
});

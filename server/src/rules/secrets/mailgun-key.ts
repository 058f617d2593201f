import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS139',
    name: 'mailgun-key',
    title: 'Mailgun API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Mailgun private API keys: `key-` and 32 hex digits, under any variable name. Public validation keys (`pubkey-`) are not secrets and are not reported.',
      why: 'A Mailgun key sends mail from the account\'s domains (phishing that passes SPF and DKIM), reads the logs of every message sent and manages routes that can forward incoming mail elsewhere.',
      example: 'import requests\n\nrequests.post(url, auth=("api", "key-…"), data=message, timeout=10)',
      safe: 'import os\n\nimport requests\n\nrequests.post(url, auth=("api", os.environ["MAILGUN_API_KEY"]), data=message, timeout=10)',
      references: [CWE_798, 'https://documentation.mailgun.com/docs/mailgun/api-reference/authentication/'],
    },
  },
  environmentName: 'MAILGUN_API_KEY',
  revoke: 'delete the key in Mailgun (API Security)',
  formats: [
    regexFormat({
      kind: 'Mailgun API key',
      keywords: ['key-'],
      pattern: /key-[0-9a-f]{32}(?![0-9A-Za-z_-])/,
      validate: (key) => looksRandom(key.slice(4), 3),
    }),
  ],
});

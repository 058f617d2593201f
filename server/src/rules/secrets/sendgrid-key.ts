import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS114',
    name: 'sendgrid-key',
    title: 'SendGrid API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds SendGrid API keys: `SG.`, a 22-character key ID, a dot and a 43-character secret (URL-safe base64).',
      why: 'A SendGrid key sends mail from the account\'s verified domains — phishing that passes SPF and DKIM — and, with full access, reads contacts and changes settings. SendGrid revokes keys it finds in public repositories.',
      example: 'from sendgrid import SendGridAPIClient\n\nsg = SendGridAPIClient("SG.…")',
      safe: 'import os\n\nfrom sendgrid import SendGridAPIClient\n\nsg = SendGridAPIClient(os.environ["SENDGRID_API_KEY"])',
      references: [CWE_798, 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys'],
    },
  },
  environmentName: 'SENDGRID_API_KEY',
  revoke: 'delete the key in SendGrid (Settings → API Keys)',
  formats: [
    regexFormat({
      kind: 'SendGrid API key',
      keywords: ['SG.'],
      pattern: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
      validate: (key) => looksRandom(key.slice(26), 4),
    }),
  ],
});

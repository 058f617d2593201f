import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS141',
    name: 'brevo-key',
    title: 'Brevo (Sendinblue) API or SMTP key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Brevo (formerly Sendinblue) API keys (`xkeysib-`) and SMTP keys (`xsmtpsib-`): 64 hex digits, a dash and 16 letters or digits.',
      why: 'A Brevo key sends email and SMS from the account (phishing from a trusted sender) and exports its contact lists.',
      example: 'import sib_api_v3_sdk\n\nconfiguration = sib_api_v3_sdk.Configuration()\nconfiguration.api_key["api-key"] = "xkeysib-…"',
      safe: 'import os\n\nimport sib_api_v3_sdk\n\nconfiguration = sib_api_v3_sdk.Configuration()\nconfiguration.api_key["api-key"] = os.environ["BREVO_API_KEY"]',
      references: [CWE_798, 'https://developers.brevo.com/docs/getting-started'],
    },
  },
  environmentName: 'BREVO_API_KEY',
  revoke: 'delete the key in Brevo (SMTP & API)',
  formats: [
    regexFormat({
      kind: 'Brevo key',
      keywords: ['xkeysib-', 'xsmtpsib-'],
      pattern: /x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9])/,
      validate: (key) => looksRandom(key.slice(key.indexOf('-') + 1, key.indexOf('-') + 65), 3) && { kind: key.startsWith('xkeysib') ? 'Brevo API key' : 'Brevo SMTP key' },
    }),
  ],
});

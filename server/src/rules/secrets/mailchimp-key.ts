import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS140',
    name: 'mailchimp-key',
    title: 'Mailchimp API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Mailchimp (Intuit Mailchimp Marketing) API keys: 32 hex digits, a dash and the data center (`-us21`), under any variable name.',
      why: 'A Mailchimp key manages the account\'s audiences: it exports every subscriber\'s address and details and sends campaigns to them from the brand\'s trusted sender.',
      example: 'from mailchimp_marketing import Client\n\nclient = Client()\nclient.set_config({"api_key": "…-us21", "server": "us21"})',
      safe: 'import os\n\nfrom mailchimp_marketing import Client\n\nclient = Client()\nclient.set_config({"api_key": os.environ["MAILCHIMP_API_KEY"], "server": "us21"})',
      references: [CWE_798, 'https://mailchimp.com/developer/marketing/guides/quick-start/'],
    },
  },
  environmentName: 'MAILCHIMP_API_KEY',
  revoke: 'disable the key in Mailchimp (Profile → Extras → API keys)',
  formats: [
    regexFormat({
      kind: 'Mailchimp API key',
      keywords: ['-us'],
      start: (_text, at) => at - 32,
      notAfter: /[0-9A-Za-z]/,
      pattern: /[0-9a-f]{32}-us\d{1,2}(?![0-9A-Za-z])/,
      validate: (key) => looksRandom(key.slice(0, 32), 3),
    }),
  ],
});

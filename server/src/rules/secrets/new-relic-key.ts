import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS144',
    name: 'new-relic-key',
    title: 'New Relic key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds New Relic user API keys (`NRAK-`), license (ingest) keys (40 characters ending `NRAL`), insert keys (`NRII-`) and browser keys (`NRJS-`, reported low: they ship in web pages).',
      why: 'A user API key queries and changes everything the user can see in New Relic (NerdGraph): telemetry, dashboards, alert policies. A license key sends data as the account, filling it with noise or with forged metrics and logs.',
      example: 'NEW_RELIC_LICENSE_KEY = "…NRAL"',
      safe: 'import os\n\nNEW_RELIC_LICENSE_KEY = os.environ["NEW_RELIC_LICENSE_KEY"]',
      references: [CWE_798, 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/'],
    },
  },
  environmentName: 'NEW_RELIC_LICENSE_KEY',
  revoke: 'delete or rotate the key in New Relic (API keys)',
  formats: [
    regexFormat({
      kind: 'New Relic user API key',
      keywords: ['NRAK-'],
      pattern: /NRAK-[A-Z0-9]{27}(?![A-Za-z0-9])/,
      validate: (key) => looksRandom(key.slice(5), 3),
    }),
    regexFormat({
      kind: 'New Relic license key',
      keywords: ['NRAL'],
      start: (_text, at) => at - 36,
      notAfter: /[A-Za-z0-9]/,
      pattern: /[a-f0-9]{36}NRAL(?![A-Za-z0-9])/,
      validate: (key) => looksRandom(key.slice(0, 36), 3),
    }),
    regexFormat({
      kind: 'New Relic insert key',
      keywords: ['NRII-'],
      pattern: /NRII-[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/,
      validate: (key) => looksRandom(key.slice(5), 3.5),
    }),
    regexFormat({
      kind: 'New Relic browser key',
      keywords: ['NRJS-'],
      pattern: /NRJS-[a-f0-9]{19}(?![A-Za-z0-9])/,
      validate: (key) => looksRandom(key.slice(5), 3) && { severity: 'low', confidence: 'medium' },
    }),
  ],
});

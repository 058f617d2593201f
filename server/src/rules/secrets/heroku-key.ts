import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS142',
    name: 'heroku-key',
    title: 'Heroku API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Heroku API keys: the current format (`HRKU-AA` and 58 characters) under any variable name, and the older UUID keys assigned to `HEROKU_API_KEY` (any case).',
      why: 'A Heroku API key acts as its user on every app they can reach: it reads config vars (where the apps\' database URLs and other secrets live), deploys code and scales dynos.',
      example: 'HEROKU_API_KEY = "HRKU-AA…"',
      safe: 'import os\n\nHEROKU_API_KEY = os.environ["HEROKU_API_KEY"]',
      references: [CWE_798, 'https://devcenter.heroku.com/articles/authentication'],
    },
  },
  environmentName: 'HEROKU_API_KEY',
  revoke: 'regenerate the key (heroku authorizations:revoke, or Account settings)',
  formats: [
    regexFormat({
      kind: 'Heroku API key',
      keywords: ['HRKU-AA'],
      pattern: /HRKU-AA[0-9A-Za-z_-]{58}(?![0-9A-Za-z_-])/,
      validate: (key) => looksRandom(key.slice(7), 3.5),
    }),
    regexFormat({
      kind: 'Heroku API key',
      keywords: ['HEROKU_API_KEY', 'heroku_api_key'],
      pattern: /HEROKU_API_KEY['"]?\s{0,5}(?::|=|:=)\s{0,5}['"]?(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])/i,
      validate: (key) => looksRandom(key.replace(/-/g, ''), 3),
    }),
  ],
});

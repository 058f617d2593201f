import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS153',
    name: 'prefect-key',
    title: 'Prefect Cloud API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Prefect Cloud API keys: `pnu_` and 36 letters and digits.',
      why: 'A Prefect key runs and edits the workspace\'s flows and deployments and reads their blocks, where credentials for databases and clouds are stored.',
      example: 'PREFECT_API_KEY = "pnu_…"',
      safe: 'import os\n\nPREFECT_API_KEY = os.environ["PREFECT_API_KEY"]',
      references: [CWE_798, 'https://docs.prefect.io/v3/manage/cloud/manage-users/api-keys'],
    },
  },
  environmentName: 'PREFECT_API_KEY',
  revoke: 'delete the key in Prefect Cloud (API keys)',
  formats: [
    regexFormat({
      kind: 'Prefect API key',
      keywords: ['pnu_'],
      pattern: /pnu_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
      validate: (key) => looksRandom(key.slice(4), 3.5),
    }),
  ],
});

import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS148',
    name: 'doppler-token',
    title: 'Doppler token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Doppler tokens: personal (`dp.pt.`), service (`dp.st.`), service account (`dp.sa.`), CLI (`dp.ct.`), SCIM and audit tokens, with their 40–44 random characters.',
      why: 'A Doppler token reads the secrets Doppler stores for the project\'s configs: database passwords, API keys, signing keys of every environment it was scoped to.',
      example: 'DOPPLER_TOKEN = "dp.st.prd.…"',
      safe: 'import os\n\nDOPPLER_TOKEN = os.environ["DOPPLER_TOKEN"]',
      references: [CWE_798, 'https://docs.doppler.com/docs/token-formats'],
    },
  },
  environmentName: 'DOPPLER_TOKEN',
  revoke: 'revoke the token in Doppler (Access)',
  formats: [
    regexFormat({
      kind: 'Doppler token',
      keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
      pattern: /dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,44}(?![A-Za-z0-9])/,
      validate: (token) => looksRandom(token.slice(token.lastIndexOf('.') + 1), 3.5),
    }),
  ],
});

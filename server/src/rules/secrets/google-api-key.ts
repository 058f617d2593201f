import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS110',
    name: 'google-api-key',
    title: 'Google API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Google Cloud and Firebase API keys: `AIza` followed by 35 URL-safe base64 characters.',
      why: 'An unrestricted API key bills the project for every call made with it (Maps, Gemini, Translate…) and may give access to data the APIs expose. Keys meant for browsers must be restricted by referrer and API; keys in server code belong in the environment.',
      example: 'import google.generativeai as genai\n\ngenai.configure(api_key="AIza…")',
      safe: 'import os\n\nimport google.generativeai as genai\n\ngenai.configure(api_key=os.environ["GOOGLE_API_KEY"])',
      references: [CWE_798, 'https://cloud.google.com/docs/authentication/api-keys', 'https://cloud.google.com/docs/authentication/api-keys-best-practices'],
    },
  },
  environmentName: 'GOOGLE_API_KEY',
  revoke: 'delete or regenerate the key in the Google Cloud console (APIs & Services → Credentials)',
  formats: [
    regexFormat({
      kind: 'Google API key',
      keywords: ['AIza'],
      pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/,
      notAfter: /[A-Za-z0-9_-]/,
      validate: (key) => looksRandom(key.slice(4), 3.5),
    }),
  ],
});

import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS108',
    name: 'openai-key',
    title: 'OpenAI API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds OpenAI API keys: legacy user keys (`sk-…`), project keys (`sk-proj-…`), service-account and admin keys (`sk-svcacct-`, `sk-admin-`). Every format carries the marker `T3BlbkFJ` (base64 of "OpenAI") in its middle, which is required, so other `sk-` strings are not reported.',
      why: 'An API key bills its organisation for every request made with it and can read the project\'s files, assistants and fine-tuned models. Leaked keys are abused within hours to resell model access, often running up large bills.',
      example: 'from openai import OpenAI\n\nclient = OpenAI(api_key="sk-proj-…")',
      safe: 'from openai import OpenAI\n\nclient = OpenAI()  # reads OPENAI_API_KEY from the environment',
      references: [CWE_798, 'https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety'],
    },
  },
  environmentName: 'OPENAI_API_KEY',
  revoke: 'delete the key in the OpenAI dashboard (API keys)',
  formats: [
    regexFormat({
      kind: 'OpenAI API key',
      keywords: ['sk-'],
      pattern: /sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}(?![A-Za-z0-9_-])/,
      notAfter: /[A-Za-z0-9_-]/,
    }),
  ],
});

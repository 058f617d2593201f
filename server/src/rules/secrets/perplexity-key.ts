import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS152',
    name: 'perplexity-key',
    title: 'Perplexity API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Perplexity API keys: `pplx-` and 48 letters and digits.',
      why: 'A Perplexity key runs queries on the account\'s credit; usage is billed to the owner.',
      example: 'from openai import OpenAI\n\nclient = OpenAI(api_key="pplx-…", base_url="https://api.perplexity.ai")',
      safe: 'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["PERPLEXITY_API_KEY"], base_url="https://api.perplexity.ai")',
      references: [CWE_798, 'https://docs.perplexity.ai/guides/getting-started'],
    },
  },
  environmentName: 'PERPLEXITY_API_KEY',
  revoke: 'delete the key in Perplexity (API settings)',
  formats: [
    regexFormat({
      kind: 'Perplexity API key',
      keywords: ['pplx-'],
      pattern: /pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])/,
      validate: (key) => looksRandom(key.slice(5), 3.5),
    }),
  ],
});

import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS129',
    name: 'groq-key',
    title: 'Groq API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Groq API keys: `gsk_` and 52 letters and digits.',
      why: 'Whoever holds the key runs models on the owner\'s account: usage billed to it, rate limits exhausted for the real application, and requests made in its name.',
      example: 'from groq import Groq\n\nclient = Groq(api_key="gsk_…")',
      safe: 'from groq import Groq\n\nclient = Groq()  # reads GROQ_API_KEY from the environment',
      references: [CWE_798, 'https://console.groq.com/docs/quickstart', 'https://console.groq.com/keys'],
    },
  },
  environmentName: 'GROQ_API_KEY',
  revoke: 'delete it in the Groq console (API Keys)',
  formats: [
    regexFormat({
      kind: 'Groq API key',
      keywords: ['gsk_'],
      pattern: /gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(4), 3.5),
    }),
  ],
});

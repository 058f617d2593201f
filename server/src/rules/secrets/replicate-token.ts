import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS146',
    name: 'replicate-token',
    title: 'Replicate API token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Replicate API tokens: `r8_` and 37 letters and digits.',
      why: 'A Replicate token runs models on the account\'s bill and reads its predictions, trainings and private models.',
      example: 'import replicate\n\nclient = replicate.Client(api_token="r8_…")',
      safe: 'import os\n\nimport replicate\n\nclient = replicate.Client(api_token=os.environ["REPLICATE_API_TOKEN"])',
      references: [CWE_798, 'https://replicate.com/docs/topics/security/api-tokens'],
    },
  },
  environmentName: 'REPLICATE_API_TOKEN',
  revoke: 'delete the token in Replicate (Account → API tokens)',
  formats: [
    regexFormat({
      kind: 'Replicate API token',
      keywords: ['r8_'],
      pattern: /r8_[A-Za-z0-9]{37}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(3), 3.5),
    }),
  ],
});

import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';
import { shannonEntropy } from './detectors/encoding';

const mixedCase = (letters: string) => /[a-z]/.test(letters) && /[A-Z]/.test(letters) && shannonEntropy(letters) >= 3.5;

export default defineSecretDetector({
  meta: {
    id: 'PWS117',
    name: 'huggingface-token',
    title: 'Hugging Face access token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Hugging Face user access tokens (`hf_` and 34 letters) and organisation API tokens (`api_org_` and 34 letters), mixed-case as the Hub issues them.',
      why: 'A write token pushes models and datasets under its owner\'s name — a poisoned model or a pickle with a payload, downloaded by everyone who trusts the repository — and reads private and gated repositories.',
      example: 'from huggingface_hub import login\n\nlogin(token="hf_…")',
      safe: 'from huggingface_hub import login\n\nlogin()  # or set HF_TOKEN in the environment',
      references: [CWE_798, 'https://huggingface.co/docs/hub/security-tokens'],
    },
  },
  environmentName: 'HF_TOKEN',
  revoke: 'invalidate it in your Hugging Face settings (Access Tokens)',
  formats: [
    regexFormat({
      kind: 'Hugging Face access token',
      keywords: ['hf_'],
      pattern: /hf_[A-Za-z]{34}(?![A-Za-z0-9_])/,
      validate: (token) => mixedCase(token.slice(3)),
    }),
    regexFormat({
      kind: 'Hugging Face organisation token',
      keywords: ['api_org_'],
      pattern: /api_org_[A-Za-z]{34}(?![A-Za-z0-9_])/,
      validate: (token) => mixedCase(token.slice(8)),
    }),
  ],
});

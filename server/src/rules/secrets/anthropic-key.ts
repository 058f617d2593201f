import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS109',
    name: 'anthropic-key',
    title: 'Anthropic API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Anthropic API keys (`sk-ant-api03-…`) and admin keys (`sk-ant-admin01-…`): the prefix, 93 URL-safe base64 characters and the closing `AA`.',
      why: 'An API key bills its organisation for every request made with it; an admin key can also create keys and manage the organisation\'s members. Leaked keys are abused quickly to resell model access.',
      example: 'import anthropic\n\nclient = anthropic.Anthropic(api_key="sk-ant-api03-…")',
      safe: 'import anthropic\n\nclient = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY from the environment',
      references: [CWE_798, 'https://docs.anthropic.com/en/api/getting-started'],
    },
  },
  environmentName: 'ANTHROPIC_API_KEY',
  revoke: 'delete the key in the Anthropic Console',
  formats: [
    regexFormat({
      kind: 'Anthropic API key',
      keywords: ['sk-ant-'],
      pattern: /sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/,
      notAfter: /[A-Za-z0-9_-]/,
      validate: (key) => !key.startsWith('sk-ant-admin') || { kind: 'Anthropic admin key' },
    }),
  ],
});

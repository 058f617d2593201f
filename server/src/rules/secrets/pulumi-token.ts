import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS149',
    name: 'pulumi-token',
    title: 'Pulumi access token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Pulumi Cloud access tokens: `pul-` and 40 hex digits.',
      why: 'A Pulumi token reads the organization\'s stacks, whose state holds every resource\'s outputs, often including secrets, and runs updates that change the cloud infrastructure.',
      example: 'PULUMI_ACCESS_TOKEN = "pul-…"',
      safe: 'import os\n\nPULUMI_ACCESS_TOKEN = os.environ["PULUMI_ACCESS_TOKEN"]',
      references: [CWE_798, 'https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/'],
    },
  },
  environmentName: 'PULUMI_ACCESS_TOKEN',
  revoke: 'delete the token in Pulumi Cloud (Access Tokens)',
  formats: [
    regexFormat({
      kind: 'Pulumi access token',
      keywords: ['pul-'],
      pattern: /pul-[a-f0-9]{40}(?![A-Za-z0-9])/,
      validate: (token) => looksRandom(token.slice(4), 3),
    }),
  ],
});

import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS151',
    name: 'aws-bedrock-key',
    title: 'Amazon Bedrock API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds long-term Amazon Bedrock API keys: `ABSK` and the base64 of the key, under any variable name.',
      why: 'A Bedrock API key invokes foundation models on the AWS account\'s bill (model abuse runs up thousands of dollars a day) and reaches whatever Bedrock resources its IAM user is allowed.',
      example: 'import os\n\nos.environ["AWS_BEARER_TOKEN_BEDROCK"] = "ABSK…"',
      safe: '# AWS_BEARER_TOKEN_BEDROCK is set by the deployment\'s secret store, never in code.\nimport boto3\n\nclient = boto3.client("bedrock-runtime")',
      references: [CWE_798, 'https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html'],
    },
  },
  environmentName: 'AWS_BEARER_TOKEN_BEDROCK',
  revoke: 'delete the key (its IAM service-specific credential) in IAM',
  formats: [
    regexFormat({
      kind: 'Amazon Bedrock API key',
      keywords: ['ABSK'],
      notAfter: /[A-Za-z0-9+/]/,
      pattern: /ABSK[A-Za-z0-9+/]{109,269}={0,2}(?![A-Za-z0-9+/=])/,
      validate: (key) => looksRandom(key.slice(4), 4),
    }),
  ],
});

import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';

/** Access keys (long-term `AKIA`, temporary `ASIA`, STS bearer `ABIA`, context-specific `ACCA`) sign requests; the other prefixes name IAM entities. */
const CREDENTIAL_PREFIXES = new Set(['AKIA', 'ASIA', 'ABIA', 'ACCA']);

export default defineSecretDetector({
  meta: {
    id: 'PWS101',
    name: 'aws-access-key',
    title: 'AWS access key ID in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds AWS access key IDs — `AKIA` (long-term), `ASIA` (temporary), `ABIA` (STS service bearer) and `ACCA` (context-specific) followed by 16 base32 characters — in Python strings and comments and in the project\'s configuration files, `.env` files, workflows and notebooks. IAM unique IDs with the same shape (`AIDA`, `AROA`, `AGPA`, `ANPA`, `ANVA`, `AIPA`) are reported with low severity: they are not credentials, but they name the account\'s users and roles. AWS\'s documentation key (`AKIAIOSFODNN7EXAMPLE`) and other samples are not reported.',
      why: 'An access key ID is half of an AWS credential, and the secret access key is rarely far away: together they let anyone act as the IAM user, often with broad permissions (S3 buckets, EC2 instances, billing). Leaked keys are found by automated scanners within minutes of a push.',
      example: 'import boto3\n\ns3 = boto3.client("s3", aws_access_key_id="AKIA…", aws_secret_access_key="…")',
      safe: 'import boto3\n\n# Credentials come from the environment, ~/.aws, or the instance role.\ns3 = boto3.client("s3")',
      references: [CWE_798, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
    },
  },
  environmentName: 'AWS_ACCESS_KEY_ID',
  revoke: 'deactivate and delete the key in IAM',
  formats: [
    regexFormat({
      kind: 'AWS access key ID',
      keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA'],
      pattern: /(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}(?![A-Za-z0-9])/,
      notAfter: /[A-Za-z0-9]/,
      validate: (id) => CREDENTIAL_PREFIXES.has(id.slice(0, 4)) || { kind: 'AWS IAM unique ID', severity: 'low', confidence: 'medium' },
    }),
  ],
});

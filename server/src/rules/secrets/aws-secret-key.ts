import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS102',
    name: 'aws-secret-key',
    title: 'AWS secret access key in source or configuration',
    severity: 'high',
    confidence: 'medium',
    docs: {
      what: 'Finds AWS secret access keys: 40 base64 characters given to a name that says AWS and secret or key (`AWS_SECRET_ACCESS_KEY = "…"`, `aws_secret_access_key="…"`, `aws_secret_access_key: …` in YAML, `.env` and INI files, `~/.aws/credentials`-style files). The value must look random (mixed case and digits); AWS\'s documentation key and other samples are not reported.',
      why: 'The secret access key signs every AWS API request: whoever has it (and the access key ID beside it) acts as the IAM user, with all of its permissions. Keys in a repository are harvested by automated scanners within minutes of a push, and stay in its history after they are deleted.',
      example: 'AWS_SECRET_ACCESS_KEY = "…40 characters…"',
      safe: 'import os\n\nAWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]\n# better still: let boto3 find credentials (environment, ~/.aws, instance role)',
      references: [CWE_798, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html', 'https://boto3.amazonaws.com/v1/documentation/api/latest/guide/credentials.html'],
    },
  },
  environmentName: 'AWS_SECRET_ACCESS_KEY',
  revoke: 'deactivate and delete the key in IAM',
  formats: [
    regexFormat({
      kind: 'AWS secret access key',
      keywords: ['aws', 'Aws', 'AWS'],
      // The name (`aws…secret…`, `AWS…KEY`), a separator (`=`, `:`, `,`, with quotes), the value.
      pattern: /(?:aws|Aws|AWS)[A-Za-z0-9_.-]{0,40}?["']?\s{0,3}(?:=>|=|:|,)\s{0,3}(?:[bBrRuU]{0,2}["'])?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/,
      notAfter: /[0-9]/,
      validate(secret, { text, start, matchStart }) {
        // `laws`, `draws`: the word must start at `aws` (or a camelCase `Aws`).
        if (text[matchStart] === 'a' && /[a-z]/.test(text[matchStart - 1] ?? '')) return false;
        return /secret|key/i.test(text.slice(matchStart, start)) && looksRandom(secret, 4) && /[a-z]/.test(secret) && /[A-Z]/.test(secret);
      },
    }),
  ],
});

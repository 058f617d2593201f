import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

const KINDS: Record<string, string> = { p: 'DigitalOcean personal access token', o: 'DigitalOcean OAuth token', r: 'DigitalOcean refresh token' };

export default defineSecretDetector({
  meta: {
    id: 'PWS143',
    name: 'digitalocean-token',
    title: 'DigitalOcean token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds DigitalOcean personal access tokens (`dop_v1_`), OAuth access tokens (`doo_v1_`) and refresh tokens (`dor_v1_`): the prefix and 64 hex digits.',
      why: 'A DigitalOcean token manages the team\'s droplets, databases, Spaces and DNS: it can read backups, create machines at the team\'s expense or delete production.',
      example: 'import digitalocean\n\nmanager = digitalocean.Manager(token="dop_v1_…")',
      safe: 'import os\n\nimport digitalocean\n\nmanager = digitalocean.Manager(token=os.environ["DIGITALOCEAN_TOKEN"])',
      references: [CWE_798, 'https://docs.digitalocean.com/reference/api/create-personal-access-token/'],
    },
  },
  environmentName: 'DIGITALOCEAN_TOKEN',
  revoke: 'delete the token in DigitalOcean (API → Tokens)',
  formats: [
    regexFormat({
      kind: 'DigitalOcean token',
      keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
      pattern: /do[por]_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(7), 3) && { kind: KINDS[token[2]] },
    }),
  ],
});

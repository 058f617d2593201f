import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS150',
    name: 'atlassian-token',
    title: 'Atlassian API token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Atlassian API tokens (Jira, Confluence, Bitbucket Cloud): `ATATT3` and 186 characters, under any variable name.',
      why: 'An Atlassian API token acts as its user: it reads and edits every Jira issue and Confluence page they can see (designs, incidents, credentials pasted into tickets) and, on Bitbucket, their repositories.',
      example: 'from atlassian import Jira\n\njira = Jira(url="https://acme.atlassian.net", username="ci@acme.example", password="ATATT3…")',
      safe: 'import os\n\nfrom atlassian import Jira\n\njira = Jira(url="https://acme.atlassian.net", username="ci@acme.example", password=os.environ["JIRA_API_TOKEN"])',
      references: [CWE_798, 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/'],
    },
  },
  environmentName: 'ATLASSIAN_API_TOKEN',
  revoke: 'revoke the token at id.atlassian.com (Security → API tokens)',
  formats: [
    regexFormat({
      kind: 'Atlassian API token',
      keywords: ['ATATT3'],
      pattern: /ATATT3[A-Za-z0-9_=-]{186}(?![A-Za-z0-9_=-])/,
      validate: (token) => looksRandom(token.slice(6), 4),
    }),
  ],
});

import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS130',
    name: 'linear-key',
    title: 'Linear API key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Linear personal API keys: `lin_api_` and 32 to 128 letters, digits and `_` (40 letters and digits today).',
      why: 'A Linear API key acts as its user in the workspace: it reads every issue, project and comment the user can — roadmaps, security reports, customer names — and creates, edits and deletes them.',
      example: 'import requests\n\nrequests.post("https://api.linear.app/graphql", json={"query": QUERY}, headers={"Authorization": "lin_api_…"})',
      safe: 'import os\n\nimport requests\n\nrequests.post("https://api.linear.app/graphql", json={"query": QUERY}, headers={"Authorization": os.environ["LINEAR_API_KEY"]})',
      references: [CWE_798, 'https://linear.app/developers/graphql', 'https://linear.app/docs/security-and-access'],
    },
  },
  environmentName: 'LINEAR_API_KEY',
  revoke: 'revoke it in Linear\'s settings (Security & access → Personal API keys)',
  formats: [
    regexFormat({
      kind: 'Linear API key',
      keywords: ['lin_api_'],
      pattern: /lin_api_[A-Za-z0-9_]{32,128}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(8), 3.5),
    }),
  ],
});

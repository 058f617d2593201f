import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS133',
    name: 'figma-token',
    title: 'Figma personal access token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Figma personal access tokens: `figd_` and 40 to 200 letters, digits, `_` and `-`.',
      why: 'A Figma token reads every file its owner can — unreleased product designs, internal tools\' screens, exported assets — and, with write scopes, comments and variables in them.',
      example: 'import requests\n\nrequests.get(f"https://api.figma.com/v1/files/{KEY}", headers={"X-Figma-Token": "figd_…"})',
      safe: 'import os\n\nimport requests\n\nrequests.get(f"https://api.figma.com/v1/files/{KEY}", headers={"X-Figma-Token": os.environ["FIGMA_TOKEN"]})',
      references: [CWE_798, 'https://help.figma.com/hc/en-us/articles/8085703771159-Manage-personal-access-tokens'],
    },
  },
  environmentName: 'FIGMA_TOKEN',
  revoke: 'revoke it in Figma\'s settings (Security → Personal access tokens)',
  formats: [
    regexFormat({
      kind: 'Figma personal access token',
      keywords: ['figd_'],
      pattern: /figd_[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/,
      validate: (token) => looksRandom(token.slice(5), 3.5),
    }),
  ],
});

import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS131',
    name: 'notion-token',
    title: 'Notion integration token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Notion integration tokens in the format issued since September 2024: `ntn_`, 11 digits and 35 letters and digits. Older tokens (`secret_` and 43 characters) are not matched here: that prefix is too common a word; the name-based rules (PWS001, PWS004) still see them under names like `NOTION_TOKEN`.',
      why: 'An integration token reads and edits every page and database shared with the integration: internal documentation, meeting notes, customer lists, credentials people paste into pages.',
      example: 'from notion_client import Client\n\nnotion = Client(auth="ntn_…")',
      safe: 'import os\n\nfrom notion_client import Client\n\nnotion = Client(auth=os.environ["NOTION_TOKEN"])',
      references: [CWE_798, 'https://developers.notion.com/docs/authorization', 'https://www.notion.so/help/create-integrations-with-the-notion-api'],
    },
  },
  environmentName: 'NOTION_TOKEN',
  revoke: 'refresh the integration\'s secret in Notion\'s integration settings (notion.so/my-integrations)',
  formats: [
    regexFormat({
      kind: 'Notion integration token',
      keywords: ['ntn_'],
      pattern: /ntn_[0-9]{11}[A-Za-z0-9]{35}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(15), 3.5),
    }),
  ],
});

import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS118',
    name: 'databricks-token',
    title: 'Databricks personal access token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Databricks personal access tokens: `dapi` and 32 hexadecimal digits (optionally `-2`-style suffixes).',
      why: 'A Databricks token acts as its user in the workspace: it runs jobs and notebooks on the clusters, reads every table the user can, and reaches the cloud credentials those clusters hold.',
      example: 'from databricks import sql\n\nconnection = sql.connect(server_hostname=HOST, http_path=PATH, access_token="dapi…")',
      safe: 'import os\n\nfrom databricks import sql\n\nconnection = sql.connect(server_hostname=HOST, http_path=PATH, access_token=os.environ["DATABRICKS_TOKEN"])',
      references: [CWE_798, 'https://docs.databricks.com/en/dev-tools/auth/pat.html'],
    },
  },
  environmentName: 'DATABRICKS_TOKEN',
  revoke: 'revoke it in the workspace\'s user settings (Access tokens)',
  formats: [
    regexFormat({
      kind: 'Databricks access token',
      keywords: ['dapi'],
      pattern: /dapi[0-9a-f]{32}(?:-\d)?(?![0-9A-Za-z])/,
      validate: (token) => looksRandom(token.slice(4, 36), 3),
    }),
  ],
});

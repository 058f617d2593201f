import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS147',
    name: 'supabase-key',
    title: 'Supabase access token or secret key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Supabase personal access tokens (`sbp_` and 40 hex digits) and secret API keys (`sb_secret_`). Publishable keys (`sb_publishable_`) are meant for clients and are not reported.',
      why: 'A personal access token manages every project of the account through the Management API; a secret key bypasses row-level security and reads and writes the whole database.',
      example: 'from supabase import create_client\n\nsupabase = create_client(url, "sb_secret_…")',
      safe: 'import os\n\nfrom supabase import create_client\n\nsupabase = create_client(url, os.environ["SUPABASE_SECRET_KEY"])',
      references: [CWE_798, 'https://supabase.com/docs/guides/api/api-keys'],
    },
  },
  environmentName: 'SUPABASE_SECRET_KEY',
  revoke: 'delete the token or key in the Supabase dashboard',
  formats: [
    regexFormat({
      kind: 'Supabase personal access token',
      keywords: ['sbp_'],
      pattern: /sbp_[a-f0-9]{40}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(4), 3),
    }),
    regexFormat({
      kind: 'Supabase secret key',
      keywords: ['sb_secret_'],
      pattern: /sb_secret_[A-Za-z0-9_-]{30,64}(?![A-Za-z0-9_-])/,
      validate: (key) => looksRandom(key.slice(10), 3.5),
    }),
  ],
});

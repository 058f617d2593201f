import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

const KINDS: Record<string, string> = {
  vcp: 'Vercel personal access token',
  vci: 'Vercel integration token',
  vca: 'Vercel app access token',
  vcr: 'Vercel app refresh token',
  vck: 'Vercel AI Gateway API key',
};

export default defineSecretDetector({
  meta: {
    id: 'PWS132',
    name: 'vercel-token',
    title: 'Vercel token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Vercel tokens by their prefixes: personal access tokens (`vcp_`), integration tokens (`vci_`), app access and refresh tokens (`vca_`, `vcr_`) and AI Gateway API keys (`vck_`), each followed by 20 to 60 letters and digits of mixed case and digits, as Vercel generates them.',
      why: 'A Vercel token deploys as its owner: it changes what a production domain serves, reads and edits the projects\' environment variables (the other secrets of the application) and reads deployment sources and logs. An AI Gateway key spends the team\'s model budget.',
      example: 'import requests\n\nrequests.get("https://api.vercel.com/v9/projects", headers={"Authorization": "Bearer vcp_…"})',
      safe: 'import os\n\nimport requests\n\nrequests.get("https://api.vercel.com/v9/projects", headers={"Authorization": f"Bearer {os.environ[\'VERCEL_TOKEN\']}"})',
      references: [CWE_798, 'https://vercel.com/docs/rest-api#creating-an-access-token', 'https://vercel.com/account/settings/tokens'],
    },
  },
  environmentName: 'VERCEL_TOKEN',
  revoke: 'delete it in Vercel\'s account settings (Tokens), or the integration or AI Gateway settings it came from',
  formats: [
    regexFormat({
      kind: 'Vercel token',
      keywords: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
      pattern: /vc[pirak]_[A-Za-z0-9]{20,60}(?![A-Za-z0-9_])/,
      // `vcr_cassette…` and other names: a token mixes cases and digits.
      validate: (token) => /[0-9]/.test(token.slice(4)) && looksRandom(token.slice(4), 3.5) && { kind: KINDS[token.slice(0, 3)] },
    }),
  ],
});

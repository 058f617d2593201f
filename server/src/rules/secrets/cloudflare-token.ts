import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

const KINDS: Record<string, string> = {
  cfk: 'Cloudflare Global API key',
  cfut: 'Cloudflare user API token',
  cfat: 'Cloudflare account API token',
};

export default defineSecretDetector({
  meta: {
    id: 'PWS134',
    name: 'cloudflare-token',
    title: 'Cloudflare API token or key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Cloudflare API credentials in their scannable format: Global API keys (`cfk_`), user API tokens (`cfut_`) and account API tokens (`cfat_`), each followed by 40 letters and digits and an 8-digit lowercase hexadecimal checksum. Older tokens without a prefix (40 characters) are left to the name-based rules. Origin CA keys (`v1.0-`, 24 and 146 hex digits) are found too.',
      why: 'A Cloudflare token changes what its zones serve: DNS records (a domain pointed elsewhere, certificates issued for it), Workers code running in front of the site, firewall and cache rules. The Global API key can do all of it on every zone of the account.',
      example: 'from cloudflare import Cloudflare\n\nclient = Cloudflare(api_token="cfut_…")',
      safe: 'from cloudflare import Cloudflare\n\nclient = Cloudflare()  # reads CLOUDFLARE_API_TOKEN from the environment',
      references: [CWE_798, 'https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/', 'https://developers.cloudflare.com/fundamentals/api/how-to/roll-token/'],
    },
  },
  environmentName: 'CLOUDFLARE_API_TOKEN',
  revoke: 'roll or delete it in the Cloudflare dashboard (My Profile → API Tokens, or the account\'s API Tokens)',
  formats: [
    regexFormat({
      kind: 'Cloudflare API token',
      keywords: ['cfk_', 'cfut_', 'cfat_'],
      pattern: /(?:cfk|cfut|cfat)_[A-Za-z0-9]{40}[0-9a-f]{8}(?![A-Za-z0-9_])/,
      validate: (token) => {
        const prefix = token.slice(0, token.indexOf('_'));
        return looksRandom(token.slice(prefix.length + 1, prefix.length + 41), 3.5) && { kind: KINDS[prefix] };
      },
    }),
    regexFormat({
      kind: 'Cloudflare Origin CA key',
      keywords: ['v1.0-'],
      pattern: /v1\.0-[a-f0-9]{24}-[a-f0-9]{146}(?![A-Za-z0-9])/,
      validate: (key) => looksRandom(key.slice(5, 29), 3),
    }),
  ],
});

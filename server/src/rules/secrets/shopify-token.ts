import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

const KINDS: Record<string, string> = {
  shpat: 'Shopify Admin API access token',
  shpca: 'Shopify custom app access token',
  shppa: 'Shopify private app password',
  shpss: 'Shopify app shared secret',
};

export default defineSecretDetector({
  meta: {
    id: 'PWS125',
    name: 'shopify-token',
    title: 'Shopify access token or app secret in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Shopify credentials by their prefixes: Admin API access tokens (`shpat_`), custom app access tokens (`shpca_`), legacy private app passwords (`shppa_`) and app shared secrets (`shpss_`), each followed by 32 to 64 letters and digits (32 hexadecimal digits today).',
      why: 'An Admin API token acts as the app on the shop: it reads customers, orders and addresses, changes products and prices, and edits the theme (a skimmer on the checkout). An app\'s shared secret lets anyone sign webhooks and OAuth requests as the app.',
      example: 'import shopify\n\nsession = shopify.Session("acme.myshopify.com", "2024-10", "shpat_…")',
      safe: 'import os\n\nimport shopify\n\nsession = shopify.Session("acme.myshopify.com", "2024-10", os.environ["SHOPIFY_ACCESS_TOKEN"])',
      references: [CWE_798, 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens', 'https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets/rotate-revoke-client-credentials'],
    },
  },
  environmentName: 'SHOPIFY_ACCESS_TOKEN',
  revoke: 'rotate it in the app\'s API credentials (Shopify admin or Partner Dashboard), or uninstall the app to revoke its token',
  formats: [
    regexFormat({
      kind: 'Shopify access token',
      keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
      pattern: /shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(6), 3) && { kind: KINDS[token.slice(0, 5)] },
    }),
  ],
});

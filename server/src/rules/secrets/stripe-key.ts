import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS107',
    name: 'stripe-key',
    title: 'Stripe live secret or restricted key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Stripe live-mode secret keys (`sk_live_`) and restricted keys (`rk_live_`). Test-mode keys (`sk_test_`) and publishable keys (`pk_live_`, meant for browsers) are not reported.',
      why: 'A live secret key controls the Stripe account: it can create charges and refunds, read customers\' payment data and move payouts. Stripe revokes keys it finds in public repositories, which takes payments down until the key is replaced.',
      example: 'import stripe\n\nstripe.api_key = "sk_live_…"',
      safe: 'import os\n\nimport stripe\n\nstripe.api_key = os.environ["STRIPE_SECRET_KEY"]',
      references: [CWE_798, 'https://docs.stripe.com/keys', 'https://docs.stripe.com/keys-best-practices'],
    },
  },
  environmentName: 'STRIPE_SECRET_KEY',
  revoke: 'roll the key in the Stripe dashboard',
  formats: [
    regexFormat({
      kind: 'Stripe key',
      keywords: ['sk_live_', 'rk_live_'],
      pattern: /[sr]k_live_[A-Za-z0-9]{24,247}(?![A-Za-z0-9])/,
      validate: (key) => looksRandom(key.slice(8), 3.5) && { kind: key[0] === 's' ? 'Stripe live secret key' : 'Stripe live restricted key' },
    }),
  ],
});

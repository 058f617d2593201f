import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

const KINDS: Record<string, string> = {
  hvs: 'HashiCorp Vault service token',
  hvb: 'HashiCorp Vault batch token',
  hvr: 'HashiCorp Vault recovery token',
};

export default defineSecretDetector({
  meta: {
    id: 'PWS127',
    name: 'vault-token',
    title: 'HashiCorp Vault token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds HashiCorp Vault tokens in the format of Vault 1.10 and later: service tokens (`hvs.` and 90 to 120 characters), batch tokens (`hvb.` and 138 to 300) and recovery tokens (`hvr.` and 90 to 120), over letters, digits, `_` and `-`. Legacy service tokens (`s.` and 24 random letters and digits, before Vault 1.10) are found too.',
      why: 'A Vault token reads every secret its policies allow: database credentials, cloud keys, signing keys — often the keys to everything else. Service tokens can also create child tokens that outlive a careless revocation of the parent\'s copy.',
      example: 'import hvac\n\nclient = hvac.Client(url="https://vault.internal:8200", token="hvs.…")',
      safe: 'import os\n\nimport hvac\n\nclient = hvac.Client(url="https://vault.internal:8200", token=os.environ["VAULT_TOKEN"])',
      references: [CWE_798, 'https://developer.hashicorp.com/vault/docs/concepts/tokens', 'https://developer.hashicorp.com/vault/docs/commands/token/revoke'],
    },
  },
  environmentName: 'VAULT_TOKEN',
  revoke: 'revoke it with `vault token revoke` (its children go with it)',
  formats: [
    regexFormat({
      kind: 'HashiCorp Vault token',
      keywords: ['hvs.', 'hvr.'],
      pattern: /hv[sr]\.[A-Za-z0-9_-]{90,120}(?![A-Za-z0-9_-])/,
      validate: (token) => looksRandom(token.slice(4), 3.5) && { kind: KINDS[token.slice(0, 3)] },
    }),
    regexFormat({
      kind: 'HashiCorp Vault batch token',
      keywords: ['hvb.'],
      pattern: /hvb\.[A-Za-z0-9_-]{138,300}(?![A-Za-z0-9_-])/,
      validate: (token) => looksRandom(token.slice(4), 3.5),
    }),
    regexFormat({
      kind: 'HashiCorp Vault token (legacy)',
      keywords: ['s.'],
      pattern: /s\.[A-Za-z0-9]{24}(?![A-Za-z0-9_.-])/,
      // Before Vault 1.10 a service token was `s.` and 24 characters: upper and lower case and digits, random.
      validate: (token) => /[A-Z]/.test(token.slice(2)) && /[a-z]/.test(token.slice(2)) && /\d/.test(token) && looksRandom(token.slice(2), 3.5),
    }),
  ],
});

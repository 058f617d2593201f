import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

const KINDS: Record<string, string> = {
  api: 'Tailscale API access token',
  auth: 'Tailscale auth key',
  client: 'Tailscale OAuth client secret',
  scim: 'Tailscale SCIM token',
  webhook: 'Tailscale webhook secret',
};

export default defineSecretDetector({
  meta: {
    id: 'PWS128',
    name: 'tailscale-key',
    title: 'Tailscale key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Tailscale keys: `tskey-`, the key\'s type (`auth`, `api`, `client`, `scim`, `webhook`), an identifier of 8 to 40 characters and a secret of 16 to 60, separated by `-`.',
      why: 'An auth key joins any machine to the tailnet — inside the private network, past the firewall, as a trusted device. An API access token or OAuth client secret manages the tailnet itself: its devices, access rules and keys.',
      example: 'import subprocess\n\nsubprocess.run(["tailscale", "up", "--authkey", "tskey-auth-…"], check=True)',
      safe: 'import os\nimport subprocess\n\nsubprocess.run(["tailscale", "up", "--authkey", os.environ["TS_AUTHKEY"]], check=True)',
      references: [CWE_798, 'https://tailscale.com/kb/1085/auth-keys', 'https://tailscale.com/kb/1277/key-prefixes'],
    },
  },
  environmentName: 'TS_AUTHKEY',
  revoke: 'revoke it in the Tailscale admin console (Settings → Keys, or Trust credentials for OAuth clients)',
  formats: [
    regexFormat({
      kind: 'Tailscale key',
      keywords: ['tskey-'],
      pattern: /tskey-([a-z]{2,20})-[A-Za-z0-9_]{8,40}-([A-Za-z0-9_]{16,60})(?![A-Za-z0-9_-])/,
      validate: (token) => {
        const [, type, , secret] = token.split('-');
        return looksRandom(secret, 3.5) && { kind: KINDS[type] ?? 'Tailscale key' };
      },
    }),
  ],
});

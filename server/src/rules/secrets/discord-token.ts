import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';
import { decodeBase64 } from './detectors/encoding';

/** Base64 of a user ID's first two digits: every bot token starts with one of these. */
const ID_PREFIXES = ['MT', 'Mj', 'Mz', 'ND', 'NT', 'Nj', 'Nz', 'OD', 'OT'];

export default defineSecretDetector({
  meta: {
    id: 'PWS119',
    name: 'discord-token',
    title: 'Discord bot token or webhook URL in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Discord bot tokens — three dot-separated base64 parts whose first part must decode to the bot\'s numeric user ID — and Discord webhook URLs (`https://discord.com/api/webhooks/<id>/<token>`).',
      why: 'A bot token logs in as the bot in every server it has joined, with all of its permissions (reading messages, banning members, posting as a trusted bot). A webhook URL posts to its channel as anyone. Discord resets tokens it finds in public repositories.',
      example: 'import discord\n\nclient = discord.Client(intents=discord.Intents.default())\nclient.run("MTE…")',
      safe: 'import os\n\nimport discord\n\nclient = discord.Client(intents=discord.Intents.default())\nclient.run(os.environ["DISCORD_TOKEN"])',
      references: [CWE_798, 'https://discord.com/developers/docs/reference#authentication', 'https://discord.com/developers/docs/resources/webhook'],
    },
  },
  environmentName: 'DISCORD_TOKEN',
  revoke: 'reset the token in the Discord developer portal (or delete the webhook)',
  formats: [
    regexFormat({
      kind: 'Discord bot token',
      keywords: ID_PREFIXES,
      pattern: /[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-])/,
      notAfter: /[A-Za-z0-9_.-]/,
      validate(token) {
        const id = decodeBase64(token.slice(0, token.indexOf('.')))?.toString('latin1');
        return !!id && /^[1-9]\d{16,19}$/.test(id);
      },
    }),
    regexFormat({
      kind: 'Discord webhook URL',
      keywords: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
      start: (text, at) => (text.slice(Math.max(0, at - 8), at) === 'https://' ? at - 8 : at),
      notAfter: /[A-Za-z0-9_-]/,
      pattern: /(?:https:\/\/)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68}(?![A-Za-z0-9_-])/,
    }),
  ],
});

import { backOver, CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS120',
    name: 'telegram-bot-token',
    title: 'Telegram bot token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Telegram Bot API tokens: the bot\'s numeric ID (8–10 digits), a colon, and 35 URL-safe base64 characters starting with `A`, as BotFather issues them.',
      why: 'A bot token controls the bot: whoever has it reads the messages users send it (often personal data or commands), answers as the bot, and can take over its webhook.',
      example: 'from telegram.ext import Application\n\napp = Application.builder().token("123456789:AA…").build()',
      safe: 'import os\n\nfrom telegram.ext import Application\n\napp = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"]).build()',
      references: [CWE_798, 'https://core.telegram.org/bots/api#authorizing-your-bot', 'https://core.telegram.org/bots/features#botfather'],
    },
  },
  environmentName: 'TELEGRAM_BOT_TOKEN',
  revoke: 'revoke it with BotFather (/revoke)',
  formats: [
    regexFormat({
      kind: 'Telegram bot token',
      keywords: [':A'],
      start: backOver(/[0-9]/, 10),
      notAfter: /[A-Za-z0-9_:-]/,
      pattern: /[1-9]\d{7,9}:A[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])/,
      validate: (token) => looksRandom(token.slice(token.indexOf(':') + 1), 3.5),
    }),
  ],
});

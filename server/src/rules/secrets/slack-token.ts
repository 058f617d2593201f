import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

const KINDS: Record<string, string> = {
  b: 'Slack bot token',
  p: 'Slack user token',
  a: 'Slack app token',
  o: 'Slack OAuth token',
  s: 'Slack session token',
  r: 'Slack refresh token',
  e: 'Slack refresh token',
};

/**
 * The random tail: legacy session tokens (`xoxs-`, `xoxo-`: three numeric segments and a hex
 * tail as short as 10 digits) cannot reach the entropy bar of a long tail, so their structure is
 * the evidence and the tail only has to vary.
 */
function randomTail(token: string): boolean {
  const tail = token.slice(token.lastIndexOf('-') + 1);
  const segments = token.split('-').length - 2;
  if ((token[3] === 's' || token[3] === 'o') && segments === 3 && /^[0-9a-f]+$/i.test(tail)) return new Set(tail.toLowerCase()).size >= 5;
  return looksRandom(tail, 3);
}

/** Documentation placeholders: `xoxp-1234-1234-…`, `xoxb-0000-…`: every numeric segment counts up or repeats one digit. */
function hasCountingSegments(token: string): boolean {
  const numbers = token.split('-').slice(1, -1);
  return numbers.length > 0 && numbers.every((segment) => COUNTING.includes(segment) || /^(\d)\1*$/.test(segment));
}

const COUNTING = '0123456789'.repeat(3);

export default defineSecretDetector({
  meta: {
    id: 'PWS105',
    name: 'slack-token',
    title: 'Slack token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Slack API tokens: bot (`xoxb-`), user (`xoxp-`), app, OAuth, session and refresh tokens (`xoxa-`, `xoxo-`, `xoxs-`, `xoxr-`, `xoxe-`) with their numeric team and user segments, and app-level tokens (`xapp-`).',
      why: 'A Slack token reads and posts messages as its bot or user: private channels, direct messages and files are open to whoever finds it, and a bot can be used to phish the workspace from a trusted account.',
      example: 'from slack_sdk import WebClient\n\nclient = WebClient(token="xoxb-…")',
      safe: 'import os\n\nfrom slack_sdk import WebClient\n\nclient = WebClient(token=os.environ["SLACK_BOT_TOKEN"])',
      references: [CWE_798, 'https://api.slack.com/authentication/token-types', 'https://api.slack.com/authentication/best-practices'],
    },
  },
  environmentName: 'SLACK_TOKEN',
  revoke: 'revoke it in the Slack app\'s settings (or with auth.revoke)',
  formats: [
    regexFormat({
      kind: 'Slack token',
      keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-'],
      pattern: /xox[abposre]-(?:\d{1,16}-){1,3}[A-Za-z0-9]{8,200}(?![A-Za-z0-9-])/,
      validate: (token) => !hasCountingSegments(token) && randomTail(token) && { kind: KINDS[token[3]] },
    }),
    regexFormat({
      kind: 'Slack app-level token',
      keywords: ['xapp-'],
      pattern: /xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{64}(?![A-Za-z0-9])/,
    }),
  ],
});

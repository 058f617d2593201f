import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS106',
    name: 'slack-webhook',
    title: 'Slack incoming webhook URL in source or configuration',
    severity: 'medium',
    confidence: 'high',
    docs: {
      what: 'Finds Slack incoming-webhook and workflow-trigger URLs (`https://hooks.slack.com/services/T…/B…/…`, `/workflows/…`, `/triggers/…`): the URL itself is the credential.',
      why: 'Anyone with a webhook URL can post to its channel as the app: spam, phishing links from a trusted integration, fake alerts. Slack disables webhooks it finds leaked publicly, which silently breaks the integration.',
      example: 'SLACK_WEBHOOK = "https://hooks.slack.com/services/T…/B…/…"',
      safe: 'import os\n\nSLACK_WEBHOOK = os.environ["SLACK_WEBHOOK_URL"]',
      references: [CWE_798, 'https://api.slack.com/messaging/webhooks'],
    },
  },
  environmentName: 'SLACK_WEBHOOK_URL',
  revoke: 'regenerate the webhook in the Slack app\'s settings',
  replacesLiteral: true,
  formats: [
    regexFormat({
      kind: 'Slack webhook URL',
      keywords: ['hooks.slack.com/'],
      start: (text, at) => (text.slice(Math.max(0, at - 8), at) === 'https://' ? at - 8 : at),
      notAfter: /[A-Za-z0-9_.-]/,
      pattern: /(?:https:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{8,12}\/[AB][A-Z0-9]{8,12}\/(?:\d{6,20}\/)?[A-Za-z0-9]{24,34}(?![A-Za-z0-9])/,
    }),
  ],
});

import { caseVariants } from '../../engine/sites';
import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS113',
    name: 'twilio',
    title: 'Twilio API key or auth token in source or configuration',
    severity: 'high',
    confidence: 'medium',
    docs: {
      what: 'Finds Twilio API key SIDs (`SK` and 32 hexadecimal digits) and auth tokens (32 hexadecimal digits given to a name that says Twilio and token, secret or key: `TWILIO_AUTH_TOKEN = "…"`).',
      why: 'A Twilio auth token (or an API key with its secret) sends SMS and places calls billed to the account, and reads its message logs, which often hold one-time passwords. Leaked credentials are used for SMS-pumping fraud.',
      example: 'from twilio.rest import Client\n\nTWILIO_AUTH_TOKEN = "…32 hex digits…"\nclient = Client("AC…", TWILIO_AUTH_TOKEN)',
      safe: 'from twilio.rest import Client\n\nclient = Client()  # reads TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN from the environment',
      references: [CWE_798, 'https://www.twilio.com/docs/iam/api-keys', 'https://www.twilio.com/docs/usage/security'],
    },
  },
  environmentName: 'TWILIO_AUTH_TOKEN',
  revoke: 'rotate the auth token or delete the API key in the Twilio console',
  formats: [
    regexFormat({
      kind: 'Twilio API key SID',
      keywords: ['SK'],
      pattern: /SK[0-9a-f]{32}(?![0-9A-Za-z])/,
      validate: (sid) => looksRandom(sid.slice(2), 3),
    }),
    regexFormat({
      kind: 'Twilio auth token',
      keywords: caseVariants(['twilio']),
      pattern: /(?:twilio|Twilio|TWILIO)[A-Za-z0-9_.-]{0,40}?["']?\s{0,3}(?:=>|=|:|,)\s{0,3}(?:[bBrRuU]{0,2}["'])?(?<secret>[0-9a-f]{32})(?![0-9A-Za-z])/,
      notAfter: /[a-z0-9]/,
      validate: (token, { text, start, matchStart }) => /token|secret|key/i.test(text.slice(matchStart, start)) && /[a-f]/.test(token) && /\d/.test(token),
    }),
  ],
});

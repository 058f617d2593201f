// PEM and OpenSSH private key blocks: a `-----BEGIN … PRIVATE KEY-----` line, a body, and the
// matching `-----END … PRIVATE KEY-----` line. Shared by the private-key rule and the Google
// service-account rule (whose JSON holds such a block under "private_key").

const HEADER = /-----BEGIN (?<label>[A-Z0-9 ]{0,30})PRIVATE KEY(?: BLOCK)?-----/y;
const FOOTER = /-----END [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----/y;
/** Longer than any key's PEM (an RSA 8192 key is about 6 500 characters). */
const MAX_BODY = 16384;
/** How far from the service-account key's `-----BEGIN` its `"type": "service_account"` may be. */
const SERVICE_ACCOUNT_WINDOW = 8192;

/** The text around a `-----BEGIN` that `privateKeyBlockAt` and `isServiceAccountKey` may read. */
export const PRIVATE_KEY_READS = { before: SERVICE_ACCOUNT_WINDOW, after: Math.max(SERVICE_ACCOUNT_WINDOW, MAX_BODY + 128) };

export interface PrivateKeyBlock {
  start: number;
  end: number;
  /** "RSA", "OPENSSH", "EC", "ENCRYPTED", "PGP" or "" */
  label: string;
}

/** The private key block whose `-----BEGIN` is at `at`, if both its lines and a real body are there. */
export function privateKeyBlockAt(text: string, at: number): PrivateKeyBlock | undefined {
  HEADER.lastIndex = at;
  const header = HEADER.exec(text);
  if (!header) return undefined;
  const bodyStart = HEADER.lastIndex;
  // The body never holds five dashes: the next ones start the END line (or another block).
  const bodyEnd = text.indexOf('-----', bodyStart);
  if (bodyEnd === -1 || bodyEnd - bodyStart > MAX_BODY) return undefined;
  FOOTER.lastIndex = bodyEnd;
  if (!FOOTER.exec(text)) return undefined;
  const body = text.slice(bodyStart, bodyEnd);
  if (/\.\.\.|…|example|<[^<>\n]{0,40}>|your[-_ ]?(?:private[-_ ]?)?key/i.test(body)) return undefined;
  let base64 = 0;
  for (let i = 0; i < body.length; i++) if (/[A-Za-z0-9+/]/.test(body[i])) base64++;
  if (base64 < 64) return undefined;
  return { start: at, end: FOOTER.lastIndex, label: header.groups?.label?.trim() ?? '' };
}

const SERVICE_ACCOUNT_KEY = /["']private_key["']\s{0,5}:\s{0,5}["']$/;

/** Whether the block at `at` is the "private_key" of a Google service-account key (its own rule reports it). */
export function isServiceAccountKey(text: string, at: number): boolean {
  if (!SERVICE_ACCOUNT_KEY.test(text.slice(Math.max(0, at - 30), at))) return false;
  return text.slice(Math.max(0, at - SERVICE_ACCOUNT_WINDOW), at + SERVICE_ACCOUNT_WINDOW).includes('service_account');
}

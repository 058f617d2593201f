import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';
import { decodeBase64 } from './detectors/encoding';

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(decodeBase64(part)?.toString('utf8') ?? '');
  } catch {
    return undefined;
  }
}

/** Header and payload decode to JSON objects, and the header names its algorithm. */
function isJwt(token: string): boolean {
  const [header, payload] = token.split('.');
  const decoded = decodeJson(header) as { alg?: unknown } | undefined;
  const claims = decodeJson(payload);
  return typeof decoded === 'object' && decoded !== null && typeof decoded.alg === 'string' && typeof claims === 'object' && claims !== null;
}

export default defineSecretDetector({
  meta: {
    id: 'PWS121',
    name: 'jwt',
    title: 'JSON Web Token in source or configuration',
    severity: 'medium',
    confidence: 'high',
    docs: {
      what: 'Finds JSON Web Tokens: three base64url parts separated by dots, whose header decodes to JSON naming an algorithm (`alg`) and whose payload decodes to a JSON object. Tokens that only look like one are not reported.',
      why: 'A JWT is a bearer credential: whoever holds it is whoever it names, until it expires — and tokens copied into code for testing are often long-lived service tokens. Its claims (user IDs, e-mail addresses, scopes) are readable by anyone.',
      example: 'headers = {"Authorization": "Bearer eyJhbGciOi…"}',
      safe: 'import os\n\nheaders = {"Authorization": f"Bearer {os.environ[\'SERVICE_TOKEN\']}"}',
      references: [CWE_798, 'https://datatracker.ietf.org/doc/html/rfc7519', 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html'],
    },
  },
  environmentName: 'JWT_TOKEN',
  revoke: 'revoke it (or rotate the key that signed it) at its issuer',
  formats: [
    regexFormat({
      kind: 'JSON Web Token',
      keywords: ['eyJ'],
      pattern: /eyJ[A-Za-z0-9_-]{5,2000}\.eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{0,1000}(?![A-Za-z0-9_-])/,
      notAfter: /[A-Za-z0-9_-]/,
      // Base64 of JSON has long runs (`AAAA`) and may spell anything: decoding is the check.
      skipSamples: false,
      validate: isJwt,
    }),
  ],
});

import { defineRule } from '../../engine/rule';
import { JWT_DECODE, JWT_ENCODE } from './jwt-calls';

export default defineRule({
  meta: {
    id: 'PW610',
    name: 'jwt-hardcoded-key',
    title: 'JWT signing key written in the code',
    category: 'cryptography',
    // No Bandit or Ruff equivalent (their password checks do not look at key arguments).
    severity: 'high',
    confidence: 'high',
    cwe: 321,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds a string literal — in place or through a name bound to one — passed as the key of `jwt.encode` or `jwt.decode` (PyJWT, python-jose). Keys read from the environment, a file or a secret store are not reported; an empty key is left to PW609.',
      why: 'With an HMAC algorithm (`HS256`) the key both signs and verifies: anyone who reads the repository, a leaked copy of it or the built package can sign tokens the application accepts as its own, for any user. The key is also the same in every deployment and cannot be rotated without a release.',
      example: 'import jwt\n\ntoken = jwt.encode({"sub": user_id}, "change-me-secret", algorithm="HS256")',
      safe: 'import os\n\nimport jwt\n\ntoken = jwt.encode({"sub": user_id}, os.environ["JWT_SECRET"], algorithm="HS256")',
      references: [
        'https://cwe.mitre.org/data/definitions/321.html',
        'https://cwe.mitre.org/data/definitions/798.html',
        'https://pyjwt.readthedocs.io/en/stable/usage.html',
      ],
    },
  },
  calls: [...JWT_ENCODE, ...JWT_DECODE],

  checkCall(call, context) {
    const key = call.argument(1, 'key');
    if (!key) return;
    const value = context.model.literal(key.value)?.value;
    if (typeof value !== 'string' || value === '') return;
    context.report(key.value, {
      message: 'JWT key written in the code: anyone with the source can sign tokens; read it from the environment or a secret store.',
    });
  },
});

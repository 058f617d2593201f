import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import { JWT_DECODE } from './jwt-calls';

export default defineRule({
  meta: {
    id: 'PW609',
    name: 'jwt-unverified-decode',
    title: 'JWT decoded without verifying its signature',
    category: 'cryptography',
    // No Bandit or Ruff equivalent. High: an unverified token is whatever the client says it is.
    severity: 'high',
    confidence: 'high',
    cwe: 347,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `jwt.decode(...)` (PyJWT, python-jose) with `options={"verify_signature": False}`, the old `verify=False`, or an `algorithms` list that allows `"none"`.',
      why: 'A JWT is only as trustworthy as its signature check: without it, anyone can write a token saying `{"sub": "admin"}` and the application believes it. Allowing the `none` algorithm lets an attacker strip the signature altogether. Reading a token\'s header before choosing the key is what `jwt.get_unverified_header` is for; the claims must come from a verified decode.',
      example: 'import jwt\n\ndef current_user(token):\n    claims = jwt.decode(token, options={"verify_signature": False})\n    return claims["sub"]',
      safe: 'import jwt\n\ndef current_user(token):\n    claims = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"])\n    return claims["sub"]',
      references: [
        'https://cwe.mitre.org/data/definitions/347.html',
        'https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode',
        'https://portswigger.net/web-security/jwt',
      ],
    },
  },
  calls: JWT_DECODE,

  checkCall(call, context) {
    const verify = call.keyword('verify');
    if (verify && context.model.literal(verify.value)?.value === false) return report(verify.node, context);
    const options = call.keyword('options');
    const off = options && verificationOff(options.value, context);
    if (off) return report(off, context);
    const algorithms = call.argument(2, 'algorithms');
    const none = algorithms && allowsNone(algorithms.value, context);
    if (none) {
      context.report(none, {
        message: 'JWT decoded with the `none` algorithm allowed, so unsigned tokens pass; list only the algorithms you sign with.',
      });
    }
  },
});

function report(node: Node, context: RuleContext): void {
  context.report(node, {
    message: 'JWT decoded without verifying its signature: anyone can forge its claims; decode with the key and `algorithms=[…]`.',
  });
}

/** The `"verify_signature": False` pair of an options dict written in place or assigned once. */
function verificationOff(options: Node, context: RuleContext): Node | undefined {
  const dict = options.type === 'identifier' ? context.model.assignedValue(options) : options;
  if (dict?.type !== 'dictionary') return undefined;
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    if (key && value && context.model.literal(key)?.value === 'verify_signature' && context.model.literal(value)?.value === false) return options === dict ? pair : options;
  }
  return undefined;
}

/** The `"none"` item of an algorithms list (or the string itself). */
function allowsNone(algorithms: Node, context: RuleContext): Node | undefined {
  const isNone = (node: Node) => String(context.model.literal(node)?.value ?? '').toLowerCase() === 'none';
  if (isNone(algorithms)) return algorithms;
  const list = algorithms.type === 'identifier' ? context.model.assignedValue(algorithms) : algorithms;
  if (list?.type !== 'list' && list?.type !== 'tuple') return undefined;
  return list.namedChildren.find((item): item is Node => !!item && isNone(item));
}

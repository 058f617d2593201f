import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import { spellOrImport } from '../transport/spelling';
import { enclosingFunction, headOf } from './names';
import { brief } from '../filesystem/file-values';

/** Heads of names that hold a secret or a proof of knowing one (nonces are public). */
const SECRET_HEADS = new Set(['token', 'signature', 'hmac', 'secret', 'apikey', 'csrf', 'xsrf', 'otp', 'totp', 'hotp', 'secretkey']);
/**
 * Heads that are as often something public: a lexer's token, a MAC address, the digest of a
 * downloaded file. Alone they need the other side to look secret too.
 */
const WEAK_HEADS = new Set(['mac', 'digest', 'hexdigest']);
const KEY_QUALIFIERS = new Set(['api', 'secret', 'access', 'auth', 'signing', 'hmac', 'webhook', 'shared', 'private', 'session']);
const CODE_QUALIFIERS = new Set(['otp', 'verification', 'verify', 'confirmation', 'confirm', 'reset', 'activation', 'auth', 'login', 'mfa', 'fa', 'recovery', 'backup', 'security']);
/** Words that make a digest a keyed one: `hmac_digest`, `expected_signature_digest`. */
const KEYED_QUALIFIERS = new Set(['hmac', 'mac', 'signature', 'signing', 'auth', 'secret', 'webhook']);
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pw', 'pwd', 'pass', 'passphrase']);
/**
 * Words that make a "token" or "signature" something public or a flag: a cache or pagination
 * token, a parser's token, a file-format signature, a function's signature, `verify_signature`.
 */
const PUBLIC_QUALIFIERS = new Set([
  'cache', 'cached', 'page', 'pagination', 'cursor', 'continuation', 'sync', 'lexer', 'parser', 'syntax', 'eof', 'next', 'prev',
  'previous', 'last', 'magic', 'file', 'header', 'format', 'pack', 'index', 'type', 'method', 'function', 'func', 'call', 'verify',
  'is', 'has', 'use', 'should', 'require', 'required', 'enable', 'enabled', 'check', 'no', 'skip',
]);
/** Methods whose comparisons are value equality, not authentication. */
const EQUALITY_METHODS = new Set(['__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__', '__hash__', '__contains__']);

/** Methods that return a transformed copy of a string: `sig.lower()` compares like `sig`. */
const SAME_VALUE_METHODS = new Set(['lower', 'upper', 'strip', 'rstrip', 'lstrip', 'casefold', 'encode', 'decode']);
/** Mapping lookups whose string key names the value: `headers.get("X-Signature")`. */
const LOOKUP_METHODS = new Set(['get', 'getheader', 'get_header', 'getlist', 'pop']);

interface SecretOperand {
  /** How the finding names it. */
  name: string;
  /**
   * strong: named or computed as a secret (`api_key`, `reset_token`, `hmac.new(…).hexdigest()`);
   * weak: possibly one (`token`, `mac`, `digest`); public: named as something public (`cache_token`).
   */
  strength: 'strong' | 'weak' | 'public';
  /** Computed in place (`mac.hexdigest()`) rather than a named value. */
  computed?: boolean;
}

export default defineRule({
  meta: {
    id: 'PW608',
    name: 'timing-unsafe-comparison',
    title: 'Secret compared with == instead of a constant-time comparison',
    category: 'cryptography',
    // Beyond Bandit and Ruff (no equivalent). Medium severity: exploiting the timing difference
    // over a network needs many measurements, but it recovers the whole secret. Medium
    // confidence: secrets are recognised by name (or an HMAC computation). Names that are as often
    // public (a bare `token`, `mac`, `digest`) count only when the other side looks secret too,
    // and then with low confidence. A metadata test wants a call trigger; `operator.eq` is one.
    severity: 'medium',
    confidence: 'medium',
    cwe: 208,
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `==` and `!=` comparisons (and `operator.eq` / `operator.ne`) where one side is named like a secret or a proof of one — a signature, HMAC, API key, CSRF or reset token, OTP, password hash, secret — or is computed with `hmac`, and the other side is not a literal, `None`, a length or a capitalised constant. Names that are often public (a bare `token`, `mac` or `digest`; `cache_token`, `next_page_token`, a file-format `signature`) are reported only when both sides look secret, and comparisons inside `__eq__` are left alone.',
      why: 'String and bytes equality stops at the first differing character, so the time a failed comparison takes tells how much of a guess was right. An attacker who can submit guesses (a webhook signature, an API key, a reset token) can measure that difference and recover the expected value one character at a time. `hmac.compare_digest` takes the same time whatever the inputs; both arguments must be `str` (ASCII only) or both bytes-like, otherwise it raises `TypeError`.',
      example: 'import hashlib\nimport hmac\n\ndef verify(request, secret):\n    expected = hmac.new(secret, request.body, hashlib.sha256).hexdigest()\n    if request.headers["X-Signature"] != expected:\n        raise PermissionError("bad signature")',
      safe: 'import hashlib\nimport hmac\n\ndef verify(request, secret):\n    expected = hmac.new(secret, request.body, hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(request.headers["X-Signature"], expected):\n        raise PermissionError("bad signature")',
      references: [
        'https://cwe.mitre.org/data/definitions/208.html',
        'https://docs.python.org/3/library/hmac.html#hmac.compare_digest',
        'https://docs.python.org/3/library/secrets.html#secrets.compare_digest',
      ],
    },
  },
  nodes: ['comparison_operator'],
  // `operator.eq(sig, expected)` is the same comparison, rarely written.
  calls: ['operator.eq', 'operator.ne'],

  checkNode(node, context) {
    const operators = node.childrenForFieldName('operators');
    if (operators.length !== 1) return;
    const operator = operators[0]!.type;
    if (operator !== '==' && operator !== '!=') return;
    const operands = node.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
    if (operands.length !== 2) return;
    check(node, operands[0], operands[1], operator === '!=', context);
  },

  checkCall(call, context) {
    const left = call.positional(0)?.value;
    const right = call.positional(1)?.value;
    if (!left || !right || call.arguments.length !== 2) return;
    check(call.node, left, right, call.qualifiedName === 'operator.ne', context);
  },
});

function check(node: Node, left: Node, right: Node, negated: boolean, context: RuleContext): void {
  const leftSecret = secretOperand(left, context);
  const rightSecret = secretOperand(right, context);
  if (leftSecret?.strength === 'public' || rightSecret?.strength === 'public') return;
  const strong = [leftSecret, rightSecret].filter((s) => s?.strength === 'strong');
  // A weak name alone (`token == Keyword`, `digest != value`) is not enough; two are, with low confidence.
  if (strong.length === 0 && !(leftSecret && rightSecret)) return;
  if (isPublicValue(left, context) || isPublicValue(right, context)) return;
  const fn = enclosingFunction(node);
  if (fn && EQUALITY_METHODS.has(fn.childForFieldName('name')?.text ?? '')) return;
  // Name the comparison after a named value rather than an expression computing a digest.
  const candidates = (strong.length > 0 ? strong : [leftSecret, rightSecret]) as SecretOperand[];
  const secret = candidates.find((s) => !s.computed) ?? candidates[0];
  context.report(node, {
    message: `\`${negated ? '!=' : '=='}\` on \`${brief(secret.name, 30)}\` leaks by timing how much of a guess is right; use \`hmac.compare_digest\`.`,
    confidence: strong.length > 0 ? undefined : 'low',
    fix: (fixer) => compareDigestFix(node, left, right, negated, context, fixer),
  });
}

/** The secret an operand holds, judged by its name: `token`, `user.api_key`, `headers["X-Signature"]`, `mac.hexdigest()`. */
function secretOperand(node: Node, context: RuleContext, depth = 0): SecretOperand | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case 'identifier': {
      const byName = named(node.text);
      if (byName?.strength === 'strong' || byName?.strength === 'public') return byName;
      // `digest = hmac.new(key, msg, sha256).digest()` … `if response == digest`.
      const value = context.model.assignedValue(node);
      const computed = value?.type === 'call' ? secretOperand(value, context, depth + 1) : undefined;
      return computed?.strength === 'strong' ? { name: node.text, strength: 'strong' } : byName;
    }
    case 'attribute':
      return named(node.childForFieldName('attribute')!.text);
    case 'parenthesized_expression': {
      const inner = node.firstNamedChild;
      return inner ? secretOperand(inner, context, depth + 1) : undefined;
    }
    case 'subscript': {
      const key = node.childForFieldName('subscript');
      const value = key ? context.model.literal(key)?.value : undefined;
      return typeof value === 'string' ? named(value) : undefined;
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
      const fn = callee ? context.model.resolve(callee) : undefined;
      if (fn !== undefined && isHmac(fn)) return { name: `${callee!.text}()`, strength: 'strong', computed: true };
      if (callee?.type === 'attribute') {
        const method = callee.childForFieldName('attribute')!.text;
        if (method === 'digest' || method === 'hexdigest') {
          // A keyed digest is a secret; the digest of a downloaded file is not.
          const object = context.model.resolve(callee.childForFieldName('object')!);
          return { name: `${method}()`, strength: object !== undefined && isHmac(object) ? 'strong' : 'weak', computed: true };
        }
        if (SAME_VALUE_METHODS.has(method)) return secretOperand(callee.childForFieldName('object')!, context, depth + 1);
        if (LOOKUP_METHODS.has(method) && args.length > 0) {
          const value = context.model.literal(args[0])?.value;
          return typeof value === 'string' ? named(value) : undefined;
        }
        return undefined;
      }
      if ((fn === 'builtins.str' || fn === 'builtins.bytes') && args.length > 0) return secretOperand(args[0], context, depth + 1);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `hmac.new(…)`, `hmac.digest`, `cryptography…hmac.HMAC(…)`. */
function isHmac(qualifiedName: string): boolean {
  return qualifiedName === 'hmac.digest' || qualifiedName.startsWith('hmac.new(') || qualifiedName.startsWith('hmac.HMAC(') || qualifiedName.startsWith('cryptography.hazmat.primitives.hmac.HMAC(');
}

function named(name: string): SecretOperand | undefined {
  const parts = headOf(name);
  if (!parts) return undefined;
  const { head, before, words } = parts;
  let strength: SecretOperand['strength'] | undefined;
  if (head === 'token' && words.length === 1) strength = 'weak';
  else if (WEAK_HEADS.has(head)) strength = before.some((word) => KEYED_QUALIFIERS.has(word)) && head !== 'mac' ? 'strong' : 'weak';
  else if (
    SECRET_HEADS.has(head) ||
    (head === 'key' && before.some((word) => KEY_QUALIFIERS.has(word))) ||
    (head === 'code' && before.some((word) => CODE_QUALIFIERS.has(word))) ||
    (head === 'hash' && before.some((word) => PASSWORD_WORDS.has(word))) ||
    (PASSWORD_WORDS.has(head) && before.includes('hashed'))
  ) {
    strength = 'strong';
  }
  if (!strength) return undefined;
  return { name, strength: before.some((word) => PUBLIC_QUALIFIERS.has(word)) ? 'public' : strength };
}

/**
 * Values that are not secret: literals and containers of them, lengths and types, and constants
 * named in capitals (`signal.SIGINT`, `END_ELEMENT`) unless their name may be a secret (`API_KEY`, `TOKEN`).
 */
function isPublicValue(node: Node, context: RuleContext): boolean {
  // A literal written here; a constant (`API_KEY = "…"`) may well be the secret itself.
  if (node.type !== 'identifier' && context.model.literal(node)) return true;
  if (['list', 'tuple', 'set'].includes(node.type)) {
    return node.namedChildren.every((c) => !c || c.type === 'comment' || isPublicValue(c, context));
  }
  if (node.type === 'dictionary') return node.namedChildren.every((c) => !c || c.type === 'comment');
  const name = node.type === 'identifier' ? node.text : node.type === 'attribute' ? node.childForFieldName('attribute')!.text : undefined;
  if (name && /^[A-Z][A-Z0-9_]*$/.test(name) && /[A-Z]{2}/.test(name) && (named(name)?.strength ?? 'public') === 'public') return true;
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    const fn = callee ? context.model.resolve(callee) : undefined;
    return fn === 'builtins.len' || fn === 'builtins.type' || fn === 'builtins.id' || fn === 'builtins.hash';
  }
  return false;
}

/**
 * `a == b` → `hmac.compare_digest(a, b)`, `a != b` → `not hmac.compare_digest(a, b)`. Unsafe:
 * `compare_digest` raises TypeError where `==` answered False (str against bytes, non-ASCII
 * str). Not offered when a side may be None (`form.get("token")`): a missing field would raise.
 */
function compareDigestFix(node: Node, left: Node, right: Node, negated: boolean, context: RuleContext, fixer: Fixer): Fix[] {
  if (node.type === 'call' && negated) return [];
  if (mayBeNone(left, context) || mayBeNone(right, context)) return [];
  // `secrets.compare_digest` is the same function, for when `hmac` names something else here.
  for (const module of ['hmac', 'secrets']) {
    const spelled = spellOrImport(`${module}.compare_digest`, node, context, fixer);
    if (!spelled) continue;
    const call = `${spelled.text}(${left.text}, ${right.text})`;
    const change = 'TypeError unless both sides are bytes, or str with ASCII only';
    return [fixer.unsafe(`Use ${module}.compare_digest`, change, [...spelled.edits, fixer.replace(node, negated ? `not ${call}` : call)])];
  }
  return [];
}

/** Methods that answer None for a missing key or attribute unless given a default. */
const NONE_WHEN_MISSING = new Set(['get', 'getenv', 'getattr', 'pop', 'getfirst', 'getheader']);

/**
 * Whether an operand may hold None: a `.get(key)` / `os.getenv(name)` / `getattr(o, n, None)`
 * without a non-None default, a name assigned one, a parameter defaulting to None, or None itself.
 */
function mayBeNone(node: Node, context: RuleContext, depth = 0): boolean {
  if (depth > 4) return false;
  if (node.type === 'none') return true;
  if (node.type === 'parenthesized_expression') return node.firstNamedChild ? mayBeNone(node.firstNamedChild, context, depth + 1) : false;
  if (node.type === 'identifier') {
    const value = context.model.assignedValue(node);
    if (value) return mayBeNone(value, context, depth + 1);
    return parameterDefaultsToNone(node, context);
  }
  if (node.type !== 'call') return false;
  const callee = node.childForFieldName('function');
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  if (!name || !NONE_WHEN_MISSING.has(name)) return false;
  const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
  const defaultAt = name === 'getattr' ? 2 : 1;
  const fallback = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default')?.childForFieldName('value') ?? args[defaultAt];
  if (name === 'getattr' && args.length < 3) return false;
  return !fallback || fallback.type === 'none' || fallback.type === 'keyword_argument';
}

/** `def check(token=None)`: the name is that parameter, with a None default. */
function parameterDefaultsToNone(identifier: Node, context: RuleContext): boolean {
  const binding = context.model.lookup(identifier.text, identifier);
  if (binding?.kind !== 'param') return false;
  const parameter = context.model.nodeAt(binding.start, binding.end)?.parent;
  return parameter?.type === 'default_parameter' || parameter?.type === 'typed_default_parameter' ? parameter.childForFieldName('value')?.type === 'none' : false;
}

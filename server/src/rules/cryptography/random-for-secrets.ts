import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import type { Fix, Fixer } from '../../engine/fixer';
import { spellOrImport } from '../transport/spelling';
import { RANDOM_FUNCTIONS, isFallbackImport, randomFunction, secretName } from './random-sources';

/** Exact `secrets` equivalents, by `random` function. */
const SECRETS_EQUIVALENT: Record<string, string> = {
  choice: 'secrets.choice',
  randrange: 'secrets.randbelow',
  randint: 'secrets.randbelow',
  getrandbits: 'secrets.randbits',
  randbytes: 'secrets.token_bytes',
};

export default defineRule({
  meta: {
    id: 'PW606',
    name: 'random-for-secrets',
    title: 'Secret generated with the predictable random module',
    category: 'cryptography',
    // Beyond Bandit: B311 flags every `random` call as LOW. This rule only reports the calls whose
    // value is stored, passed or returned as a secret (a token, password, key, OTP…), where the
    // predictability is exploitable: high severity; medium confidence because it goes by names.
    // It does not claim B311/S311 (PW607 does), so that turning B311 off keeps this rule on.
    severity: 'high',
    confidence: 'medium',
    cwe: 338,
    fixable: true,
    fixApplicability: ['safe'],
    offInTests: true,
    docs: {
      what: 'Finds `random.choice`, `randint`, `randrange`, `getrandbits`, `random`, `choices`, `sample`, `shuffle`, `uniform` and `randbytes` (of the module or of a `random.Random` instance) whose result is assigned to, passed as, stored under or returned from something named like a secret: token, password, secret, salt, nonce, OTP, PIN, CSRF token, API key, session id, reset or verification code.',
      why: 'The `random` module is a Mersenne Twister: its whole state can be reconstructed from 624 consecutive 32-bit outputs (about 2.5 kB of observed values), after which every past and future value is known. An attacker who collects a few tokens, coupon codes or generated passwords can predict the next password-reset token or session id and take over accounts. The `secrets` module (or `random.SystemRandom`) draws from the operating system\'s CSPRNG.',
      example: 'import random\nimport string\n\nreset_token = "".join(random.choice(string.ascii_letters) for _ in range(32))\notp = random.randint(100000, 999999)',
      safe: 'import secrets\nimport string\n\nreset_token = "".join(secrets.choice(string.ascii_letters) for _ in range(32))\notp = secrets.randbelow(900000) + 100000\n# or simply: secrets.token_urlsafe(32)',
      references: [
        'https://cwe.mitre.org/data/definitions/338.html',
        'https://cwe.mitre.org/data/definitions/330.html',
        'https://docs.python.org/3/library/secrets.html',
        'https://docs.python.org/3/library/random.html',
      ],
    },
  },
  // A local returned by the function names the secret by the function's name; whether the
  // import is the `except ImportError` fallback of `from secrets import …` is read from the
  // `try` around it, wherever it is (an edit there changes no binding).
  reads: ['function', 'module'],
  calls: [...RANDOM_FUNCTIONS.map((name) => `random.${name}`), ...RANDOM_FUNCTIONS.map((name) => `random.Random().${name}`)],

  checkCall(call, context) {
    const fn = randomFunction(call.qualifiedName)!;
    const secret = secretName(call, context);
    if (!secret || isFallbackImport(call, context)) return;
    const where =
      secret.kind === 'function' ? `What \`${secret.name}()\` returns` : secret.kind === 'callee' ? `The value passed to \`${secret.name}()\`` : `\`${secret.name}\``;
    context.report(call.node, {
      message: `${where} comes from a predictable generator; ${advice(fn, call)}`,
      fix: (fixer) => fixes(call, fn, context, fixer),
    });
  },
});

function advice(fn: string, call: CallSite): string {
  if (fn === 'randint') return 'use `secrets.randbelow(b - a + 1) + a`.';
  if (fn === 'randrange' && call.arguments.length > 1) return 'use `secrets.randbelow(stop - start) + start`.';
  const equivalent = SECRETS_EQUIVALENT[fn];
  if (equivalent) return `use \`${equivalent}\`.`;
  return `use \`random.SystemRandom().${fn}\`.`;
}

function fixes(call: CallSite, fn: string, context: RuleContext, fixer: Fixer): Fix[] {
  if (call.hasStarArgs || call.hasStarKwargs || !call.argumentList) return [];
  const equivalent = SECRETS_EQUIVALENT[fn];
  if (!equivalent) return systemRandomFix(call, fn, context, fixer);
  const spelled = spellOrImport(equivalent, call.node, context, fixer);
  if (!spelled) return [];
  const title = `Use ${equivalent}`;
  const keywords = call.arguments.some((arg) => arg.name !== undefined);
  if (fn === 'randint' || (fn === 'randrange' && call.arguments.length === 2)) {
    if (call.arguments.length !== 2 || keywords) return [];
    const text = offsetBelow(spelled.text, call.positional(0)!.value, call.positional(1)!.value, fn === 'randint' ? 1 : 0, context);
    if (!text) return [];
    return [fixer.safe(title, [...spelled.edits, fixer.replace(call.node, needsParentheses(call.node) ? `(${text})` : text)])];
  }
  // One-argument forms map one to one: choice(seq), randrange(stop), getrandbits(k), randbytes(n).
  if (call.arguments.length !== 1 || keywords) return [];
  return [fixer.safe(title, [...spelled.edits, fixer.replace(call.callee, spelled.text)])];
}

/** `random.random()` → `random.SystemRandom().random()`: same function, the OS's generator. */
function systemRandomFix(call: CallSite, fn: string, context: RuleContext, fixer: Fixer): Fix[] {
  const spelled = spellOrImport('random.SystemRandom', call.node, context, fixer);
  if (!spelled) return [];
  return [fixer.safe('Use random.SystemRandom()', [...spelled.edits, fixer.replace(call.callee, `${spelled.text}().${fn}`)])];
}

/**
 * `randint(a, b)` → `randbelow(b - a + 1) + a` (`extra` 1), `randrange(a, b)` → `randbelow(b - a) + a`
 * (`extra` 0), folding integer literals. `a` is written twice, so it must be a literal or a name.
 */
function offsetBelow(randbelow: string, low: Node, high: Node, extra: number, context: RuleContext): string | undefined {
  const lowValue = integer(low);
  const highValue = integer(high);
  if (lowValue !== undefined && highValue !== undefined) return `${randbelow}(${highValue - lowValue + extra})${plus(lowValue)}`;
  const highText = ['identifier', 'attribute', 'call', 'subscript', 'integer', 'parenthesized_expression'].includes(high.type) || arithmetic(high) ? high.text : `(${high.text})`;
  if (lowValue !== undefined) {
    const offset = extra - lowValue;
    return `${randbelow}(${highText}${plus(offset)})${plus(lowValue)}`;
  }
  if (!isName(low)) return undefined;
  return `${randbelow}(${highText} - ${low.text}${plus(extra)}) + ${low.text}`;
}

function plus(value: number): string {
  return value === 0 ? '' : value > 0 ? ` + ${value}` : ` - ${-value}`;
}

/** An integer literal, possibly negative, written in the call. */
function integer(node: Node): number | undefined {
  const text = node.text.replace(/_/g, '');
  if (node.type === 'integer' && /^\d+$/.test(text)) return Number(text);
  if (node.type === 'unary_operator' && /^-\s*\d+$/.test(text)) return -Number(text.replace(/^-\s*/, ''));
  return undefined;
}

/** `n`, `self.limit`: safe to write twice. */
function isName(node: Node): boolean {
  if (node.type === 'identifier') return true;
  return node.type === 'attribute' && isName(node.childForFieldName('object')!);
}

/** Arithmetic that `+` and `-` may follow without parentheses: `n * 2`, `n - 1`. */
function arithmetic(node: Node): boolean {
  if (node.type !== 'binary_operator') return false;
  const operator = node.childForFieldName('operator')?.type;
  return operator !== undefined && ['+', '-', '*', '/', '//', '%', '**', '@'].includes(operator);
}

/** Whether `randbelow(n) + a` must be parenthesised where the call stood: `randint(1, 6) * 2`. */
function needsParentheses(call: Node): boolean {
  const parent = call.parent;
  if (!parent) return false;
  if (['binary_operator', 'unary_operator', 'attribute', 'await', 'list_splat', 'dictionary_splat'].includes(parent.type)) return true;
  return parent.type === 'subscript' && parent.childForFieldName('value')?.id === call.id;
}

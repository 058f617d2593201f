// What a value is called: the names a value flows into (the variable it is assigned to, the
// keyword it is passed as, the function that returns it) and what those names say about it
// (a secret token, a cache key). The cryptography rules use them to tell a session token from
// a dice roll, and an ETag from a password hash.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';

/** `resetToken`, `RESET_TOKEN`, `X-Reset-Token` → ["reset", "token"]; digits around words are dropped (`2fa` → "fa"). */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((word) => word.replace(/^\d+|\d+$/g, ''))
    .filter((word) => word.length > 0);
}

/** Words that end a name without saying what it holds: `token_value`, `secret_bytes`. */
const GENERIC_TAILS = new Set(['value', 'val', 'str', 'string', 'bytes', 'hex', 'raw', 'text', 'b', 'urlsafe', 'data', 'new', 'tmp', 'temp']);
/** Words after which a function name stops describing its result: `token_for_user`. */
const PREPOSITIONS = new Set(['for', 'of', 'from', 'with', 'to', 'by', 'in', 'on', 'at', 'as', 'if']);

/**
 * The head noun of a name and the words before it: `new_reset_token_value` → head "token",
 * before ["new", "reset"]; `generate_token_for_user` → head "token". Undefined for no words.
 */
export function headOf(name: string): { head: string; before: string[]; words: string[] } | undefined {
  let words = wordsOf(name);
  const cut = words.findIndex((word, index) => index > 0 && PREPOSITIONS.has(word));
  if (cut > 0) words = words.slice(0, cut);
  while (words.length > 1 && GENERIC_TAILS.has(words[words.length - 1])) words = words.slice(0, -1);
  if (words.length === 0) return undefined;
  return { head: words[words.length - 1], before: words.slice(0, -1), words };
}

/** Heads that name a secret on their own. */
const SECRET_HEADS = new Set([
  'token', 'password', 'passwd', 'passphrase', 'passcode', 'secret', 'nonce', 'salt', 'otp', 'totp', 'hotp',
  'csrf', 'xsrf', 'apikey', 'pin', 'iv', 'credential', 'credentials', 'sessionid', 'secretkey',
]);
/** Words that make `…_key`, `…_code`, `…_link` a secret: `api_key`, `reset_code`, `magic_link`. */
const SECRET_QUALIFIERS = new Set([
  'api', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'crypto', 'session', 'auth', 'authentication',
  'access', 'hmac', 'aes', 'master', 'license', 'activation', 'activate', 'invite', 'invitation', 'reset', 'verification',
  'verify', 'confirm', 'confirmation', 'otp', 'login', 'signin', 'sms', 'email', 'security', 'recovery', 'backup', 'mfa',
  'fa', 'twofa', 'magic', 'pairing', 'promo', 'coupon', 'voucher', 'gift', 'unlock', 'unsubscribe', 'one', 'onetime', 'pass',
]);
const QUALIFIED_HEADS = new Set(['key', 'code', 'link', 'url', 'hash', 'id', 'number']);

/**
 * Whether a name says that the value is a secret someone must not guess: `reset_token`,
 * `password`, `api_key`, `verification_code`, `generate_otp`. Plain `key`, `code`, `id` and
 * names whose head is something else (`token_length`, `password_chars`) are not.
 */
export function namesSecret(name: string): boolean {
  const parts = headOf(name);
  if (!parts) return false;
  const { head, before } = parts;
  if (SECRET_HEADS.has(head)) return true;
  if (head === 'id') return before.includes('session');
  if (QUALIFIED_HEADS.has(head)) return before.some((word) => SECRET_QUALIFIERS.has(word) || SECRET_HEADS.has(word));
  return false;
}

/** Words that mark a hash as a non-security use: a cache key, an ETag, a checksum, a shard. */
const NON_SECURITY_WORDS = new Set([
  'etag', 'cache', 'cached', 'caching', 'checksum', 'crc', 'shard', 'sharding', 'bucket', 'partition', 'dedup', 'dedupe',
  'deduplicate', 'deduplication',
]);

export function namesNonSecurityHash(name: string): boolean {
  const words = wordsOf(name);
  // `ETag` splits into "e" and "tag".
  return words.some((word, i) => NON_SECURITY_WORDS.has(word) || (word === 'e' && words[i + 1] === 'tag'));
}

/** Builtins and methods whose result carries their argument's value on: `str(x)`, `"".join(x)`. */
const CARRYING_FUNCTIONS = new Set(['builtins.str', 'builtins.int', 'builtins.bytes', 'builtins.format', 'builtins.repr']);
const CARRYING_PREFIXES = ['hashlib.', 'base64.', 'binascii.', 'hmac.'];
const CARRYING_METHODS = new Set([
  'join', 'format', 'encode', 'decode', 'hexdigest', 'digest', 'update', 'zfill', 'rjust', 'ljust', 'upper', 'lower', 'strip',
  'replace', 'to_bytes', 'hex', 'b64encode', 'urlsafe_b64encode', 'b32encode', 'hexlify',
]);

export interface ValueName {
  name: string;
  /** Where the name comes from: an assignment target, a keyword, a dict key, a function's name. */
  kind: 'target' | 'keyword' | 'key' | 'function' | 'callee' | 'argument';
}

/**
 * The names the value of `expression` ends up under: what it is assigned to (`self.token = …`,
 * `data["token"] = …`), the keyword it is passed as, the key of the dict entry it fills, the
 * function that returns it (also through a local it is stored in first), or the function it
 * is given to (`set_password(…)`). The value is followed through expressions that carry it on:
 * `"".join(… for …)`, `str(…)`, f-strings, `+`, `.hexdigest()`.
 */
export function valueNames(expression: Node, context: RuleContext): ValueName[] {
  const names: ValueName[] = [];
  let node = expression;
  for (let depth = 0; depth < 24; depth++) {
    const parent = node.parent;
    if (!parent) break;
    const is = (field: string) => parent.childForFieldName(field)?.id === node.id;
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'binary_operator':
      case 'boolean_operator':
      case 'conditional_expression':
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
      case 'interpolation':
      case 'string':
      case 'concatenated_string':
      case 'list_splat':
        node = parent;
        continue;
      case 'generator_expression':
      case 'list_comprehension':
      case 'set_comprehension':
        if (!is('body')) return names;
        node = parent;
        continue;
      case 'attribute':
      case 'subscript':
        if (!is(parent.type === 'attribute' ? 'object' : 'value')) return names;
        node = parent;
        continue;
      case 'call':
        // A method called on the value: `random.choice(words).upper()`.
        if (is('function')) {
          node = parent;
          continue;
        }
        // `"".join(random.choice(s) for _ in range(n))`: the generator is the argument list.
        if (!is('arguments') || !passesOn(parent, names, context)) return names;
        node = parent;
        continue;
      case 'argument_list': {
        const call = parent.parent;
        if (!call || call.type !== 'call' || !passesOn(call, names, context)) return names;
        node = call;
        continue;
      }
      case 'keyword_argument':
        if (is('value')) names.push({ name: parent.childForFieldName('name')!.text, kind: 'keyword' });
        return names;
      case 'pair': {
        const key = parent.childForFieldName('key');
        const text = key && is('value') ? context.model.literal(key)?.value : undefined;
        if (typeof text === 'string') names.push({ name: text, kind: 'key' });
        return names;
      }
      case 'assignment':
      case 'augmented_assignment':
        if (!is('right')) return names;
        targetNames(parent, node, context, names);
        // `a = b = value`: the outer assignment names it too.
        if (parent.parent?.type === 'assignment' && parent.parent.childForFieldName('right')?.id === parent.id) {
          node = parent;
          continue;
        }
        return names;
      case 'named_expression': {
        const name = parent.childForFieldName('name');
        if (name && is('value')) names.push({ name: name.text, kind: 'target' });
        return names;
      }
      case 'return_statement':
      case 'yield': {
        const fn = enclosingFunction(parent);
        if (fn) names.push({ name: fn.childForFieldName('name')!.text, kind: 'function' });
        return names;
      }
      default:
        return names;
    }
  }
  return names;
}

/** For a value passed to `call`: notes the callee's name, and says whether the call's result carries the value on. */
function passesOn(call: Node, names: ValueName[], context: RuleContext): boolean {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  if (method) names.push({ name: method, kind: 'callee' });
  return !!callee && carries(callee, context);
}

function carries(callee: Node, context: RuleContext): boolean {
  const name = context.model.resolve(callee);
  if (name !== undefined && (CARRYING_FUNCTIONS.has(name) || CARRYING_PREFIXES.some((prefix) => name.startsWith(prefix)))) return true;
  if (callee.type === 'attribute') return CARRYING_METHODS.has(callee.childForFieldName('attribute')!.text);
  return false;
}

/** The names an assignment binds its value to, and the function returning a local bound here. */
function targetNames(assignment: Node, value: Node, context: RuleContext, out: ValueName[]): void {
  const left = assignment.childForFieldName('left');
  if (!left) return;
  if (left.type === 'identifier') {
    // Looked up so that renaming the variable analyses the value again.
    context.model.lookup(left.text, value);
    out.push({ name: left.text, kind: 'target' });
    const fn = enclosingFunction(assignment);
    if (fn && returnsName(fn, left.text, context)) out.push({ name: fn.childForFieldName('name')!.text, kind: 'function' });
  } else if (left.type === 'attribute') {
    out.push({ name: left.childForFieldName('attribute')!.text, kind: 'target' });
  } else if (left.type === 'subscript') {
    const key = left.childForFieldName('subscript');
    const text = key ? context.model.literal(key)?.value : undefined;
    if (typeof text === 'string') out.push({ name: text, kind: 'key' });
  }
}

/** The function whose body holds `node` (not a lambda, not through a class body). */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
    if (p.type === 'lambda' || p.type === 'class_definition') return undefined;
  }
  return undefined;
}

/**
 * Whether a function returns the value of its local `name`, possibly transformed
 * (`return "".join(chars)`), rather than only using it (`return make(range(length))`).
 */
function returnsName(fn: Node, name: string, context: RuleContext): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  for (const statement of body.descendantsOfType('return_statement')) {
    if (!statement || enclosingFunction(statement)?.id !== fn.id) continue;
    for (const identifier of statement.descendantsOfType('identifier')) {
      if (identifier?.text !== name || !isValuePosition(identifier)) continue;
      if (valueNames(identifier, context).some((value) => value.kind === 'function')) return true;
    }
  }
  return false;
}

/** Whether an identifier is read as a value (not an attribute name or a keyword's name). */
function isValuePosition(identifier: Node): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'attribute') return parent.childForFieldName('object')?.id === identifier.id;
  if (parent?.type === 'keyword_argument') return parent.childForFieldName('value')?.id === identifier.id;
  return true;
}

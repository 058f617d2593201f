// What names and values look like secrets. Shared by the secrets rules: the hardcoded-password
// rules (PWS001–PWS003) and any detector that needs to tell a credential from a field name,
// a label or a placeholder, or to show a secret without revealing it.
import { caseVariants } from '../../engine/sites';
import { isPlaceholder } from './detectors/placeholders';

/**
 * Bandit's words for passwords (B105–B107: `pas+wo?r?d|pass(phrase)?|pwd|token|secrete?`),
 * matched against whole words of a name, as Bandit matches them between underscores.
 */
const PASSWORD_WORD = /^(?:pas+wo?r?d|pass(?:phrase)?|pwd|token|secrete?)$/;

/**
 * Last words that make a credential-looking name metadata rather than a credential:
 * `PASSWORD_FIELD`, `token_url`, `SECRET_NAME`, `password_min_length`, `token_type`.
 */
const METADATA_SUFFIXES = new Set([
  'field', 'fields', 'name', 'names', 'label', 'labels', 'prompt', 'message', 'messages', 'msg', 'text', 'title',
  'help', 'hint', 'placeholder', 'error', 'errors', 'url', 'urls', 'uri', 'endpoint', 'path', 'paths', 'file',
  'filename', 'dir', 'directory', 'header', 'headers', 'param', 'params', 'parameter', 'attr', 'attribute',
  'column', 'col', 'type', 'types', 'kind', 'length', 'len', 'min', 'max', 'size', 'regex', 're', 'pattern',
  'format', 'fmt', 'template', 'env', 'var', 'variable', 'id', 'ids', 'count', 'expiry', 'expires', 'expiration',
  'ttl', 'timeout', 'lifetime', 'age', 'prefix', 'suffix', 'separator', 'sep', 'scheme', 'style', 'class', 'mode',
  'policy', 'validator', 'widget', 'input', 'form', 'route', 'view', 'method', 'version', 'algorithm', 'algo',
  'arn', 'ref', 'location', 'key_name', 'index', 'option', 'setting', 'enabled', 'required', 'flag', 'cookie',
  'selector', 'xpath', 'css', 'locator', 'element', 'button', 'link', 'page', 'screen', 'dialog', 'state', 'status',
  'strength', 'hasher', 'hashers', 'backend', 'backends', 'provider', 'generator', 'reset', 'changed', 'confirm',
]);

/** First words that make a name a key for a credential (`CONF_PASSWORD = "password"`, `ATTR_TOKEN`). */
const KEY_PREFIXES = new Set(['conf', 'attr', 'field', 'param', 'col', 'column', 'header', 'label', 'env', 'form', 'input', 'arg', 'opt', 'option']);

/** Well-known default or sample passwords: reported as weak defaults, not as leaked secrets. */
const WEAK_DEFAULTS = new Set([
  'changeme', 'change_me', 'change-me', 'changeit', 'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin',
  'administrator', 'root', 'toor', 'default', 'letmein', '123456', '1234567', '12345678', '123456789', '1234',
  '12345', 'qwerty', 'guest', 'test', 'secret', 'pass', 'abc123', 'welcome', 'master', 'postgres', 'mysql',
]);

/**
 * Substrings every password-like name contains in some case (`pas`sword, `PWD`, `Token`,
 * `SECRET`): text tokens for the rules that look for secrets by name.
 */
export const SECRET_NAME_TOKENS: readonly string[] = caseVariants(['pas', 'pwd', 'token', 'secret']);

/** The words of a name: `dbPassword` → db, password; `API_TOKEN` → api, token; `X-Auth-Token` → x, auth, token. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a name (variable, attribute, keyword, parameter or dictionary key) holds a password or
 * similar secret by Bandit's words, and is not metadata about one (`PASSWORD_FIELD`, `token_url`,
 * `CONF_PASSWORD`).
 */
export function namesPassword(name: string): boolean {
  const words = nameWords(name);
  const at = words.findIndex((word) => PASSWORD_WORD.test(word));
  if (at === -1) return false;
  const last = words[words.length - 1];
  if (at < words.length - 1 && METADATA_SUFFIXES.has(last)) return false;
  // `PASSWORD_KEY = "password"` names a key; `SECRET_KEY` is Django's secret itself.
  if (at === words.length - 2 && last === 'key' && !words[at].startsWith('secret')) return false;
  if (at > 0 && KEY_PREFIXES.has(words[0])) return false;
  return true;
}

export type SecretValue = 'secret' | 'weak-default' | 'not-secret';

/**
 * What a string assigned to a password-like name is: a real-looking secret, a well-known weak
 * default (`changeme`, `admin`), or not a secret at all — empty, a placeholder (`<password>`,
 * `${DB_PASSWORD}`, `{{ token }}`, `xxx`, `your-token-here`), the name of a field or variable
 * (`"new_password"`, `"GITHUB_TOKEN"`), a label or message (`"Enter your password:"`), a URL
 * without credentials or a file path.
 */
export function classifySecretValue(value: string, name?: string): SecretValue {
  const text = value.trim();
  if (text === '' || !/[A-Za-z0-9]/.test(text)) return 'not-secret';
  // Tokens are random; a plain word compared with or assigned to `token` is a parser's token
  // (`token == "not in"`, `csrf_token == "NOTPROVIDED"`), not a credential.
  if (name !== undefined && onlyTokenWords(name) && /^[A-Za-z]+(?:[ _-][A-Za-z]+)*$/.test(text) && text.length < 20 && !/^change[-_]?(?:me|it)$/i.test(text)) return 'not-secret';
  // A capitalised word is a label: `Password`, `Token`.
  if (/^[A-Z][a-z]+$/.test(text) && PASSWORD_WORD.test(text.toLowerCase())) return 'not-secret';
  if (WEAK_DEFAULTS.has(text.toLowerCase())) return 'weak-default';
  if (isPlaceholder(text)) return 'not-secret';
  // A URL is a secret only when it carries credentials: `postgres://app:s3cret@db/app`.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return /^[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/i.test(text) ? 'secret' : 'not-secret';
  if (/^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)/.test(text)) return 'not-secret';
  // Field, key and environment variable names: `new_password`, `X-Auth-Token`, `GITHUB_TOKEN`.
  // (`pass` alone is left out: `testPass` is a password more often than a field name.)
  if (/^_*[A-Za-z][A-Za-z]*(?:[_.-][A-Za-z]+)*$/.test(text)) {
    const last = nameWords(text).pop() ?? '';
    if (last !== 'pass' && PASSWORD_WORD.test(last)) return 'not-secret';
  }
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(text)) return 'not-secret';
  if (/\s/.test(text)) {
    // Labels and messages: `Enter your password:`, `Invalid token.`, `Please choose a new password`.
    if (/[.:?!…]$/.test(text)) return 'not-secret';
    if (nameWords(text).some((word) => PASSWORD_WORD.test(word) || word === 'credentials')) return 'not-secret';
    if (text.split(/\s+/).length >= 3 && /^[A-Z][a-z]/.test(text) && !/\d/.test(text)) return 'not-secret';
  }
  return 'secret';
}

/** Whether the only password words of a name are `token`: `token`, `csrf_token`, `next_token`. */
function onlyTokenWords(name: string): boolean {
  const matched = nameWords(name).filter((word) => PASSWORD_WORD.test(word));
  return matched.length > 0 && matched.every((word) => word === 'token');
}

/**
 * A secret shown without revealing it: its first few characters and an ellipsis, never enough
 * to complete it (four characters for long values, fewer for short ones, none below four).
 */
export function maskSecret(value: string): string {
  const characters = Array.from(value);
  const shown = Math.min(4, Math.floor(characters.length / 4));
  return `${characters.slice(0, shown).join('')}…`;
}

/** An environment variable name for a Python name: `dbPassword` → DB_PASSWORD, `self.api_token` → API_TOKEN. */
export function environmentName(name: string): string {
  const words = nameWords(name);
  return words.length > 0 ? words.join('_').toUpperCase() : 'SECRET';
}

/** Words that make a following `key` a credential: `api_key`, `signingKey`, `ACCOUNT_KEY`. */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'auth', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'master',
  'client', 'app', 'application', 'consumer', 'license', 'licence', 'service', 'subscription', 'webhook', 'hmac',
  'session', 'shared', 'account', 'storage', 'admin', 'root', 'deploy', 'integration', 'server', 'jwt', 'cookie',
  'crypto', 'cipher', 'aes', 'fernet', 'developer', 'dev', 'partner', 'merchant', 'publisher', 'ingest', 'write', 'read',
]);

/** Names that hold keys and other credentials by other words than Bandit's: `api_key`, `apiKey`, `credentials`, `auth`. */
export function namesKey(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || (words.length > 1 && KEY_PREFIXES.has(words[0]))) return false;
  const last = words[words.length - 1];
  if (METADATA_SUFFIXES.has(last) && words.length > 1) return false;
  if (/^(?:api|access|private|secret|auth|client|master|signing|encryption|license|account|app)key$/.test(last)) return true;
  if (['credential', 'credentials', 'creds', 'cred', 'auth'].includes(last)) return true;
  return last === 'key' && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2]);
}

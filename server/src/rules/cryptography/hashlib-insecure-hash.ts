import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import type { Fix, Fixer } from '../../engine/fixer';
import { spellMember } from './imports';
import { namesNonSecurityHash, valueNames } from './names';

/** Algorithm names `hashlib.new` accepts (in any case) for broken hashes. */
const WEAK_NAMES = new Map([['md2', 'MD2'], ['md4', 'MD4'], ['md5', 'MD5'], ['sha', 'SHA-1'], ['sha1', 'SHA-1']]);
const WEAK_FUNCTIONS = ['hashlib.md4', 'hashlib.md5', 'hashlib.sha', 'hashlib.sha1'];
/**
 * `crypt` methods that are broken for passwords: DES-crypt (8 characters, 56-bit) and MD5-crypt.
 * Bandit also flags METHOD_BLOWFISH, which is bcrypt (`$2b$`), still an acceptable password hash:
 * it is left out.
 */
const WEAK_CRYPT_METHODS = new Map([['crypt.METHOD_CRYPT', 'DES-crypt'], ['crypt.METHOD_MD5', 'MD5-crypt']]);

export default defineRule({
  meta: {
    id: 'PW602',
    name: 'hashlib-insecure-hash',
    title: 'MD5 or SHA-1 from hashlib used for security',
    category: 'cryptography',
    // Bandit B324: HIGH/HIGH for hashlib, MEDIUM/HIGH for crypt methods. A digest that evidently
    // serves no security purpose (a name such as `etag`, `cache_key`, `checksum`) is reported
    // as low severity and low confidence: only the `usedforsecurity=False` marker is missing.
    severity: 'high',
    confidence: 'high',
    cwe: 327,
    bandit: 'B324',
    ruff: 'S324',
    fixable: true,
    fixApplicability: ['safe', 'unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `hashlib.md5()`, `hashlib.sha1()` (and `md4`) and `hashlib.new("md5" | "sha1" | "md4" | …)` unless they pass `usedforsecurity=False`, and `crypt.crypt()` / `crypt.mksalt()` with `METHOD_CRYPT` or `METHOD_MD5`. Digests stored under names like `etag`, `cache_key` or `checksum` are reported as low severity.',
      why: 'MD5 and SHA-1 collisions are practical, so signatures, integrity checks and deduplication that an attacker can feed are forgeable; as password hashes they are fast enough to brute-force billions of guesses per second. Since Python 3.9, `usedforsecurity=False` states that a digest is not a security measure (a cache key, an ETag) and keeps such code working on FIPS-restricted builds.',
      example: 'import hashlib\n\nsignature = hashlib.md5(secret + payload).hexdigest()\netag = hashlib.sha1(body).hexdigest()',
      safe: 'import hashlib\nimport hmac\n\nsignature = hmac.new(secret, payload, hashlib.sha256).hexdigest()\netag = hashlib.sha1(body, usedforsecurity=False).hexdigest()',
      references: [
        'https://cwe.mitre.org/data/definitions/327.html',
        'https://cwe.mitre.org/data/definitions/328.html',
        'https://docs.python.org/3/library/hashlib.html#hash-algorithms',
        'https://docs.python.org/3/library/crypt.html',
      ],
    },
  },
  // A digest stored in a local the function returns is named by the function.
  reads: ['function'],
  calls: [...WEAK_FUNCTIONS, 'hashlib.new', 'crypt.crypt', 'crypt.mksalt'],

  checkCall(call, context) {
    const name = call.qualifiedName!;
    if (name.startsWith('crypt.')) {
      checkCrypt(call, context);
      return;
    }
    const usedForSecurity = call.keyword('usedforsecurity');
    if (usedForSecurity) {
      // `usedforsecurity=False` is the point; a variable is the author's decision (as Bandit).
      if (context.model.literal(usedForSecurity.value)?.value !== true) return;
    } else if (call.hasStarKwargs) {
      return;
    }
    let algorithm: string;
    let written: string;
    if (name === 'hashlib.new') {
      const algorithmArgument = call.argument(0, 'name');
      const value = algorithmArgument && context.model.literal(algorithmArgument.value)?.value;
      const weak = typeof value === 'string' ? WEAK_NAMES.get(value.toLowerCase()) : undefined;
      if (!weak) return;
      algorithm = weak;
      written = `${call.callee.text}(${algorithmArgument!.value.text})`;
    } else {
      algorithm = WEAK_NAMES.get(name.slice('hashlib.'.length))!;
      written = call.callee.text;
    }
    const flagAvailable = supportsUsedForSecurity(context);
    const marker = flagAvailable ? '`usedforsecurity=False`' : '`usedforsecurity=False` (Python 3.9+)';
    const nonSecurity = valueNames(call.node, context).find((value) => namesNonSecurityHash(value.name));
    context.report(call.node, {
      message: nonSecurity
        ? `\`${written}\` computes \`${nonSecurity.name}\`, which looks like a non-security use of ${algorithm}; mark it with ${marker}.`
        : `\`${written}\` uses ${algorithm} (collisions are practical); use SHA-256, or mark a non-security use ${marker}.`,
      severity: nonSecurity ? 'low' : undefined,
      confidence: nonSecurity ? 'low' : undefined,
      fix: (fixer) => fixes(call, context, fixer, flagAvailable, nonSecurity !== undefined),
    });
  },
});

function checkCrypt(call: CallSite, context: RuleContext): void {
  const method = call.qualifiedName === 'crypt.crypt' ? call.argument(1, 'salt') : call.argument(0, 'method');
  if (!method) return;
  const scheme = WEAK_CRYPT_METHODS.get(context.model.resolve(method.value) ?? '');
  if (!scheme) return;
  context.report(method.value, {
    message: `\`${method.value.text}\` hashes passwords with ${scheme}, fast to brute-force; use a password hasher (argon2, bcrypt).`,
    severity: 'medium',
  });
}

/** `usedforsecurity` exists since Python 3.9: offer it unless the project supports older versions. */
function supportsUsedForSecurity(context: RuleContext): boolean {
  const minimum = context.file.minimumPython;
  return !minimum || minimum[0] > 3 || (minimum[0] === 3 && minimum[1] >= 9);
}

/**
 * SHA-256 changes every digest: a stored password hash or a signed cookie stops matching, so it
 * is unsafe. The marker changes nothing but the finding (safe), and is preferred only where the
 * digest evidently serves no security purpose: elsewhere it would hide a real weakness.
 */
function fixes(call: CallSite, context: RuleContext, fixer: Fixer, flagAvailable: boolean, nonSecurity: boolean): Fix[] {
  const found: Fix[] = [];
  const sha256 = sha256Edits(call, context, fixer);
  if (sha256) found.push(fixer.unsafe('Use hashlib.sha256', 'digests differ, so stored or exchanged ones stop matching', sha256));
  if (flagAvailable && call.argumentList) {
    found.push(fixer.safe('Mark as not for security (usedforsecurity=False)', fixer.setKeyword(call, 'usedforsecurity', 'False'), { preferred: nonSecurity }));
  }
  return found;
}

/** `hashlib.md5(x)` → `hashlib.sha256(x)`, `md5(x)` → `sha256(x)`, `hashlib.new("md5")` → `hashlib.new("sha256")`. */
function sha256Edits(call: CallSite, context: RuleContext, fixer: Fixer) {
  const callee = call.callee;
  if (call.qualifiedName === 'hashlib.new') {
    const value = call.argument(0, 'name')!.value;
    const content = value.type === 'string' ? value.namedChildren.filter((c) => c?.type === 'string_content') : [];
    if (content.length !== 1 || value.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
    return [fixer.replace(content[0]!, 'sha256')];
  }
  if (callee.type === 'attribute') return [fixer.replace(callee.childForFieldName('attribute')!, 'sha256')];
  if (callee.type !== 'identifier') return undefined;
  const spelled = spellMember('hashlib.sha256', 'hashlib', call.node, context, fixer, callee);
  return spelled ? [...spelled.edits, fixer.replace(callee, spelled.text)] : undefined;
}

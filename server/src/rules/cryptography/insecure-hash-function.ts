import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import type { Fix, Fixer, TextEdit } from '../../engine/fixer';
import { spellMember } from './imports';

const PYCRYPTO_PACKAGES = ['Crypto', 'Cryptodome'];
/** PyCrypto / PyCryptodome hash modules of broken algorithms (`SHA` is SHA-1, `SHA1` its PyCryptodome name). */
const PYCRYPTO_HASHES = ['MD2', 'MD4', 'MD5', 'SHA', 'SHA1'];
const HASHES_MODULE = 'cryptography.hazmat.primitives.hashes';
const CRYPTOGRAPHY_HASHES = [`${HASHES_MODULE}.MD5`, `${HASHES_MODULE}.SHA1`];

/**
 * Constructions that use the hash only through HMAC or as a mask/key generator: collisions do
 * not break them, and TOTP/HOTP authenticator apps expect SHA-1. Reported as low severity.
 */
const KEYED_USES: Record<string, string> = {
  'cryptography.hazmat.primitives.hmac.HMAC': 'HMAC',
  'cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC': 'PBKDF2-HMAC',
  'cryptography.hazmat.primitives.kdf.hkdf.HKDF': 'HKDF',
  'cryptography.hazmat.primitives.kdf.hkdf.HKDFExpand': 'HKDF',
  'cryptography.hazmat.primitives.kdf.kbkdf.KBKDFHMAC': 'KBKDF',
  'cryptography.hazmat.primitives.kdf.concatkdf.ConcatKDFHMAC': 'ConcatKDF',
  'cryptography.hazmat.primitives.kdf.concatkdf.ConcatKDFHash': 'ConcatKDF',
  'cryptography.hazmat.primitives.kdf.x963kdf.X963KDF': 'the X9.63 KDF',
  'cryptography.hazmat.primitives.asymmetric.padding.OAEP': 'OAEP padding',
  'cryptography.hazmat.primitives.asymmetric.padding.MGF1': 'MGF1',
  'cryptography.hazmat.primitives.twofactor.totp.TOTP': 'TOTP',
  'cryptography.hazmat.primitives.twofactor.hotp.HOTP': 'HOTP',
};

function algorithmOf(qualifiedName: string): string {
  const name = qualifiedName.endsWith('.new') ? qualifiedName.split('.').slice(-2, -1)[0] : qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
  return name === 'SHA' || name === 'SHA1' ? 'SHA-1' : name;
}

export default defineRule({
  meta: {
    id: 'PW601',
    name: 'insecure-hash-function',
    title: 'Broken hash function (MD2, MD4, MD5, SHA-1) from a crypto library',
    category: 'cryptography',
    // Bandit B303 (blacklist "md5"): MEDIUM severity, HIGH confidence. Uses through HMAC, KDFs,
    // OAEP/MGF1 and TOTP/HOTP are reported as low severity: they do not depend on collision
    // resistance.
    severity: 'medium',
    confidence: 'high',
    cwe: 327,
    bandit: 'B303',
    ruff: 'S303',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds MD2, MD4, MD5 and SHA-1 from PyCrypto / PyCryptodome (`Crypto.Hash.MD5.new()`, `Cryptodome.Hash.SHA.new()`, `SHA1.new()`) and from `cryptography` (`hashes.MD5()`, `hashes.SHA1()`). `hashlib.md5` and `hashlib.sha1` are PW602\'s.',
      why: 'MD5 collisions take seconds on a laptop and SHA-1 collisions are practical (SHAttered, 2017; chosen-prefix collisions, 2020). An attacker who can choose part of the input can make a benign and a malicious document, certificate or package with the same digest, so signatures and integrity checks built on these hashes can be forged. HMAC, key derivation, OAEP and TOTP do not rely on collision resistance and are reported as low severity.',
      example: 'from cryptography.hazmat.primitives import hashes\nfrom Crypto.Hash import MD5\n\ndigest = hashes.Hash(hashes.SHA1())\nfingerprint = MD5.new(certificate).hexdigest()',
      safe: 'from cryptography.hazmat.primitives import hashes\nfrom Crypto.Hash import SHA256\n\ndigest = hashes.Hash(hashes.SHA256())\nfingerprint = SHA256.new(certificate).hexdigest()',
      references: [
        'https://cwe.mitre.org/data/definitions/327.html',
        'https://cwe.mitre.org/data/definitions/328.html',
        'https://cryptography.io/en/latest/hazmat/primitives/cryptographic-hashes/',
        'https://www.pycryptodome.org/src/hash/hash',
        'https://shattered.io/',
      ],
    },
  },
  calls: [...PYCRYPTO_PACKAGES.flatMap((pkg) => PYCRYPTO_HASHES.map((hash) => `${pkg}.Hash.${hash}.new`)), ...CRYPTOGRAPHY_HASHES],

  checkCall(call, context) {
    const name = call.qualifiedName!;
    const algorithm = algorithmOf(name);
    const written = `${call.callee.text}()`;
    const receiver = receivingCall(call.node)?.childForFieldName('function');
    const receiverName = receiver ? context.model.resolve(receiver) : undefined;
    const keyedUse = receiverName !== undefined && Object.hasOwn(KEYED_USES, receiverName) ? KEYED_USES[receiverName] : undefined;
    if (keyedUse) {
      context.report(call.node, {
        message: `\`${written}\` in ${keyedUse} is not broken today, but ${algorithm} is deprecated; prefer SHA-256 in new code.`,
        severity: 'low',
        confidence: 'medium',
      });
      return;
    }
    context.report(call.node, {
      message: `\`${written}\` uses ${algorithm}, whose collisions are practical; use SHA-256 or stronger.`,
      fix: (fixer) => sha256Fix(call, context, fixer),
    });
  },
});

/** The call that receives `node` as an argument: `hmac.HMAC(key, <node>)`, `OAEP(algorithm=<node>)`. */
function receivingCall(node: Node): Node | undefined {
  let list = node.parent;
  if (list?.type === 'keyword_argument') list = list.parent;
  return list?.type === 'argument_list' && list.parent?.type === 'call' ? list.parent : undefined;
}

/** `hashes.MD5()` → `hashes.SHA256()`, `MD5.new(data)` → `SHA256.new(data)`. */
function sha256Fix(call: CallSite, context: RuleContext, fixer: Fixer): Fix[] {
  const sha256 = (edits: TextEdit | TextEdit[]) => fixer.unsafe('Use SHA-256', 'digests differ, so stored or exchanged ones stop matching', edits);
  const name = call.qualifiedName!;
  const callee = call.callee;
  if (name.startsWith(HASHES_MODULE)) {
    if (callee.type === 'attribute') return [sha256(fixer.replace(callee.childForFieldName('attribute')!, 'SHA256'))];
    const spelled = spellMember(`${HASHES_MODULE}.SHA256`, HASHES_MODULE, call.node, context, fixer, callee);
    return spelled ? [sha256([...spelled.edits, fixer.replace(callee, spelled.text)])] : [];
  }
  // PyCrypto: the hash is a module, `<module>.new(...)`.
  if (callee.type !== 'attribute') return [];
  const module = callee.childForFieldName('object')!;
  const pkg = name.split('.')[0];
  const target = `${pkg}.Hash.SHA256`;
  if (module.type === 'identifier') {
    const spelled = spellMember(target, target, call.node, context, fixer, module);
    return spelled ? [sha256([...spelled.edits, fixer.replace(module, spelled.text)])] : [];
  }
  if (module.type !== 'attribute') return [];
  const spelled = context.model.spell(target, call.node);
  if (spelled && !spelled.includes('.')) return [sha256(fixer.replace(module, spelled))];
  // `Crypto.Hash.MD5.new()` → `Crypto.Hash.SHA256.new()`: the submodule must be imported.
  const root = context.model.lookup(pkg, call.node);
  if (root && !(root.kind === 'import' && root.target === pkg)) return [];
  return [sha256([...fixer.ensureImport(target), fixer.replace(module.childForFieldName('attribute')!, 'SHA256')])];
}

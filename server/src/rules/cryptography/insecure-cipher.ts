import { defineRule } from '../../engine/rule';
import type { Level } from '../../engine/rule';

interface Weakness {
  /** The cipher's usual name. */
  cipher: string;
  /** What breaks it. */
  attack: string;
  severity: Level;
}

const BROKEN_KEY = '56-bit key, brute-forced in hours';
const SMALL_BLOCK = '64-bit block: Sweet32 collisions';

/** By the module (PyCrypto) or class (`cryptography`) name. Bandit's B304 list is the high ones. */
const WEAKNESSES: Record<string, Weakness> = {
  ARC2: { cipher: 'RC2', attack: 'related-key attacks, 64-bit block', severity: 'high' },
  RC2: { cipher: 'RC2', attack: 'related-key attacks, 64-bit block', severity: 'high' },
  ARC4: { cipher: 'RC4', attack: 'biased keystream', severity: 'high' },
  DES: { cipher: 'DES', attack: BROKEN_KEY, severity: 'high' },
  XOR: { cipher: 'XOR "encryption"', attack: 'one known plaintext gives the key', severity: 'high' },
  Blowfish: { cipher: 'Blowfish', attack: SMALL_BLOCK, severity: 'high' },
  IDEA: { cipher: 'IDEA', attack: SMALL_BLOCK, severity: 'high' },
  // Beyond Bandit: 64-bit block ciphers still in use. Medium: breaking them needs a lot of traffic.
  DES3: { cipher: 'Triple DES', attack: SMALL_BLOCK, severity: 'medium' },
  TripleDES: { cipher: 'Triple DES', attack: SMALL_BLOCK, severity: 'medium' },
  CAST: { cipher: 'CAST-128', attack: SMALL_BLOCK, severity: 'medium' },
  CAST5: { cipher: 'CAST-128', attack: SMALL_BLOCK, severity: 'medium' },
};

const PYCRYPTO_CIPHERS = ['ARC2', 'ARC4', 'Blowfish', 'DES', 'XOR', 'DES3', 'CAST'];
const CRYPTOGRAPHY_CIPHERS = ['ARC4', 'Blowfish', 'IDEA', 'TripleDES', 'CAST5'];
/** cryptography 43+ moved the legacy algorithms to `hazmat.decrepit`. */
const DECREPIT_CIPHERS = ['ARC4', 'Blowfish', 'IDEA', 'TripleDES', 'CAST5', 'RC2'];

export default defineRule({
  meta: {
    id: 'PW603',
    name: 'insecure-cipher',
    title: 'Broken or legacy cipher (RC4, DES, Blowfish, …)',
    category: 'cryptography',
    // Bandit B304 (blacklist "ciphers"): HIGH severity, HIGH confidence. Triple DES and CAST-128,
    // which Bandit does not list, are medium: their 64-bit block needs a lot of traffic to attack.
    severity: 'high',
    confidence: 'high',
    cwe: 327,
    bandit: 'B304',
    ruff: 'S304',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds ciphers created with RC2, RC4, DES, XOR, Blowfish, Triple DES or CAST from PyCrypto / PyCryptodome (`Crypto.Cipher.DES.new()`, `Cryptodome.Cipher.ARC4.new()`), and `cryptography`\'s `algorithms.ARC4`, `Blowfish`, `IDEA`, `TripleDES` and `CAST5` (also from `hazmat.decrepit`).',
      why: 'These ciphers are broken or too weak: DES keys are brute-forced in hours, RC4\'s biased keystream leaks repeated plaintexts, and 64-bit block ciphers (Blowfish, IDEA, Triple DES, CAST) leak plaintext after a few dozen gigabytes under one key (Sweet32). None of them authenticates the data, so ciphertexts can also be altered undetected. No automatic fix: switching the cipher changes keys and ciphertexts.',
      example: 'from Crypto.Cipher import DES\nfrom cryptography.hazmat.primitives.ciphers import Cipher, algorithms\n\ncipher = DES.new(key, DES.MODE_CBC, iv)\nstream = Cipher(algorithms.ARC4(key), mode=None).encryptor()',
      safe: 'import os\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nnonce = os.urandom(12)\nciphertext = AESGCM(key).encrypt(nonce, data, associated_data)',
      references: [
        'https://cwe.mitre.org/data/definitions/327.html',
        'https://sweet32.info/',
        'https://cryptography.io/en/latest/hazmat/decrepit/ciphers/',
        'https://cryptography.io/en/latest/hazmat/primitives/aead/',
      ],
    },
  },
  calls: [
    ...['Crypto', 'Cryptodome'].flatMap((pkg) => PYCRYPTO_CIPHERS.map((cipher) => `${pkg}.Cipher.${cipher}.new`)),
    ...CRYPTOGRAPHY_CIPHERS.map((cipher) => `cryptography.hazmat.primitives.ciphers.algorithms.${cipher}`),
    ...DECREPIT_CIPHERS.map((cipher) => `cryptography.hazmat.decrepit.ciphers.algorithms.${cipher}`),
  ],

  checkCall(call, context) {
    const segments = call.qualifiedName!.split('.');
    const name = segments[segments.length - 1] === 'new' ? segments[segments.length - 2] : segments[segments.length - 1];
    const weakness = Object.hasOwn(WEAKNESSES, name) ? WEAKNESSES[name] : undefined;
    if (!weakness) return;
    const written = segments[segments.length - 1] === 'new' ? `${call.callee.text}()` : `${call.callee.text}(…)`;
    context.report(call.node, {
      message: `\`${written}\` encrypts with ${weakness.cipher} (${weakness.attack}); use AES-GCM.`,
      severity: weakness.severity,
    });
  },
});

import { defineRule } from '../../engine/rule';
import { isBindingName, isComparisonOperand } from '../transport/spelling';

export default defineRule({
  meta: {
    id: 'PW604',
    name: 'insecure-cipher-mode',
    title: 'Block cipher in ECB mode',
    category: 'cryptography',
    // Bandit B305 (blacklist "cipher_modes"): MEDIUM severity, HIGH confidence.
    severity: 'medium',
    confidence: 'high',
    cwe: 327,
    bandit: 'B305',
    ruff: 'S305',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds the ECB mode of operation: `cryptography`\'s `modes.ECB()` and PyCrypto / PyCryptodome\'s `MODE_ECB` (`AES.new(key, AES.MODE_ECB)`, or stored for later use). Comparisons with the constant and `isinstance` checks against the class are not uses.',
      why: 'ECB encrypts equal plaintext blocks to equal ciphertext blocks, so the ciphertext shows the structure of the data (the "ECB penguin") and lets an attacker recognise repeated values, cut and paste blocks between messages, and decrypt byte by byte when they can get chosen text encrypted. It also provides no integrity. No automatic fix: the replacement needs a nonce that must be stored with the ciphertext.',
      example: 'from Crypto.Cipher import AES\nfrom cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n\ncipher = AES.new(key, AES.MODE_ECB)\nencryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()',
      safe: 'import os\nfrom Crypto.Cipher import AES\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\ncipher = AES.new(key, AES.MODE_GCM)  # random nonce in cipher.nonce\nnonce = os.urandom(12)\nciphertext = AESGCM(key).encrypt(nonce, data, None)',
      references: [
        'https://cwe.mitre.org/data/definitions/327.html',
        'https://cryptography.io/en/latest/hazmat/primitives/symmetric-encryption/#cryptography.hazmat.primitives.ciphers.modes.ECB',
        'https://www.pycryptodome.org/src/cipher/classic#ecb-mode',
      ],
    },
  },
  references: ['cryptography.hazmat.primitives.ciphers.modes.ECB', 'Crypto.Cipher.*.MODE_ECB', 'Cryptodome.Cipher.*.MODE_ECB'],

  checkReference(reference, context) {
    const { node, qualifiedName } = reference;
    // `if mode == AES.MODE_ECB`, `MODE_ECB = 1` on a class of one's own: not a use of the mode.
    if (isComparisonOperand(node) || isBindingName(node)) return;
    // `cryptography` encrypts with an instance: `modes.ECB()`. The class itself appears in
    // `isinstance` checks and registration tables that encrypt nothing.
    if (qualifiedName.startsWith('cryptography.') && !(node.parent?.type === 'call' && node.parent.childForFieldName('function')?.id === node.id)) return;
    context.report(node, {
      message: `\`${node.text}\` encrypts equal blocks alike, revealing patterns, with no tamper check; use GCM with a fresh nonce.`,
    });
  },
});

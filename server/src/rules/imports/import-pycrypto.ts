import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW933',
  name: 'import-pycrypto',
  title: 'Import of PyCrypto (Crypto.*)',
  bandit: 'B413',
  ruff: 'S413',
  cwe: 327,
  // Confidence medium: PyCryptodome, which is maintained, installs the same `Crypto` package
  // name; Bandit and Ruff report it all the same.
  confidence: 'medium',
  modules: ['Crypto.Cipher', 'Crypto.Hash', 'Crypto.IO', 'Crypto.Protocol', 'Crypto.PublicKey', 'Crypto.Random', 'Crypto.Signature', 'Crypto.Util'],
  message: (m) =>
    `\`${m}\` is imported: PyCrypto is unmaintained and vulnerable; use \`cryptography\` or PyCryptodome.`,
  docs: {
    why: 'PyCrypto has had no release since 2013, has a published buffer overflow in its AES implementation (CVE-2013-7459) and will not get fixes. PyCryptodome is a maintained fork that installs under the same `Crypto` package name, so an import alone cannot tell which library is installed: check the dependency list (`pycrypto` versus `pycryptodome`).',
    example: 'from Crypto.Cipher import AES\n\ncipher = AES.new(key, AES.MODE_GCM)',
    safe: 'from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\nciphertext = AESGCM(key).encrypt(nonce, data, None)\n# Or PyCryptodome under its own name (pip install pycryptodomex):\n# from Cryptodome.Cipher import AES',
    references: [
      'https://cwe.mitre.org/data/definitions/327.html',
      'https://github.com/pycrypto/pycrypto/issues/176',
      'https://nvd.nist.gov/vuln/detail/CVE-2013-7459',
      'https://www.pycryptodome.org/src/installation',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});

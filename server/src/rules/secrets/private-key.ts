import { CWE_798, defineSecretDetector, type SecretFormat } from './detectors/detector';
import { PRIVATE_KEY_READS, isServiceAccountKey, privateKeyBlockAt } from './detectors/private-key-block';

const KINDS: Record<string, string> = {
  RSA: 'RSA private key',
  EC: 'EC private key',
  DSA: 'DSA private key',
  OPENSSH: 'OpenSSH private key',
  ENCRYPTED: 'encrypted private key',
  PGP: 'PGP private key',
};

const pemBlock: SecretFormat = {
  keywords: ['-----BEGIN'],
  readsAround: PRIVATE_KEY_READS,
  find(text, at) {
    if (isServiceAccountKey(text, at)) return undefined;
    const block = privateKeyBlockAt(text, at);
    return block && { start: block.start, end: block.end, kind: KINDS[block.label] ?? 'private key', severity: block.label === 'ENCRYPTED' ? 'medium' : undefined };
  },
};

export default defineSecretDetector({
  meta: {
    id: 'PWS122',
    name: 'private-key',
    title: 'Private key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds private keys in PEM and OpenSSH form: a `-----BEGIN … PRIVATE KEY-----` line, a body, and the matching `-----END … PRIVATE KEY-----` line (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted and PGP keys), in triple-quoted strings, strings with `\\n` escapes, implicit concatenations, JSON and YAML. Both lines are required, and placeholder bodies (`...`) are not reported. Encrypted keys get medium severity.',
      why: 'A private key is the identity it belongs to: a server\'s TLS key lets an attacker impersonate it, an SSH deploy key opens the servers or repositories that trust it, a signing key signs releases. Unlike a password, it is rarely rotated.',
      example: 'SSH_KEY = """-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW…\n-----END OPENSSH PRIVATE KEY-----"""',
      safe: 'import os\nfrom pathlib import Path\n\nSSH_KEY = Path(os.environ["DEPLOY_KEY_FILE"]).read_text()',
      references: [CWE_798, 'https://cwe.mitre.org/data/definitions/321.html', 'https://datatracker.ietf.org/doc/html/rfc7468'],
    },
  },
  environmentName: 'PRIVATE_KEY',
  revoke: 'replace the key pair and remove the old public key wherever it is trusted',
  replacesLiteral: true,
  formats: [pemBlock],
});

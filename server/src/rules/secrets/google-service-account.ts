import { CWE_798, defineSecretDetector, type SecretFormat } from './detectors/detector';
import { PRIVATE_KEY_READS, isServiceAccountKey, privateKeyBlockAt } from './detectors/private-key-block';

const PRIVATE_KEY_FIELD = /private_key["']\s{0,5}:\s{0,5}["']/y;

/** The "private_key" of a JSON (or Python dict) with `"type": "service_account"`. */
const serviceAccountKey: SecretFormat = {
  keywords: ['private_key'],
  readsAround: PRIVATE_KEY_READS,
  find(text, at) {
    PRIVATE_KEY_FIELD.lastIndex = at;
    if (!PRIVATE_KEY_FIELD.exec(text)) return undefined;
    const begin = PRIVATE_KEY_FIELD.lastIndex;
    if (!text.startsWith('-----BEGIN', begin) || !isServiceAccountKey(text, begin)) return undefined;
    const block = privateKeyBlockAt(text, begin);
    return block && { start: block.start, end: block.end, kind: 'Google Cloud service-account key' };
  },
};

export default defineSecretDetector({
  meta: {
    id: 'PWS111',
    name: 'google-service-account',
    title: 'Google Cloud service-account key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Google Cloud service-account key files — JSON (or a Python dictionary) with `"type": "service_account"` and a `"private_key"` holding a PEM private key — committed as `.json` files, pasted into Python, or kept in notebooks. The private key is reported here, not again as a generic private key.',
      why: 'A service-account key authenticates as the service account, with every role it has in the project (often Editor), from anywhere, until the key is deleted; such keys do not expire by default. They are among the secrets most often leaked in public repositories.',
      example: 'CREDENTIALS = {\n    "type": "service_account",\n    "project_id": "billing-prod",\n    "private_key": "-----BEGIN PRIVATE KEY-----\\n…\\n-----END PRIVATE KEY-----\\n",\n}',
      safe: 'import google.auth\n\n# Application Default Credentials: workload identity, or GOOGLE_APPLICATION_CREDENTIALS\n# pointing at a key file outside the repository.\ncredentials, project = google.auth.default()',
      references: [CWE_798, 'https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys', 'https://cloud.google.com/docs/authentication/application-default-credentials'],
    },
  },
  environmentName: 'GOOGLE_SERVICE_ACCOUNT_KEY',
  revoke: 'delete the key in IAM (Service accounts → Keys)',
  replacesLiteral: true,
  formats: [serviceAccountKey],
});

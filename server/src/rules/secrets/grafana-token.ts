import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';
import { decodeBase64 } from './detectors/encoding';

/** A Grafana Cloud token's body is base64 of a JSON object (its stack, name and key). */
function isJsonObject(base64: string): boolean {
  try {
    const value: unknown = JSON.parse(decodeBase64(base64)?.toString('utf8') ?? '');
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

export default defineSecretDetector({
  meta: {
    id: 'PWS126',
    name: 'grafana-token',
    title: 'Grafana service account or Grafana Cloud token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Grafana service account tokens (`glsa_`, 32 letters and digits, `_` and an 8-digit hexadecimal checksum) and Grafana Cloud access policy tokens (`glc_` and base64 that decodes to a JSON object). Legacy API keys (`eyJrIjoi…`, base64 JSON with the key and its name, decoded and checked) are found too.',
      why: 'A service account token acts with its role on the Grafana instance: it reads every dashboard and the data sources behind them (databases, Prometheus, logs), and an editor or admin token changes alerting and data-source credentials. A Grafana Cloud token writes and reads the stack\'s metrics, logs and traces.',
      example: 'import requests\n\nrequests.get(f"{GRAFANA_URL}/api/dashboards/home", headers={"Authorization": "Bearer glsa_…"})',
      safe: 'import os\n\nimport requests\n\nrequests.get(f"{GRAFANA_URL}/api/dashboards/home", headers={"Authorization": f"Bearer {os.environ[\'GRAFANA_TOKEN\']}"})',
      references: [CWE_798, 'https://grafana.com/docs/grafana/latest/administration/service-accounts/', 'https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/'],
    },
  },
  environmentName: 'GRAFANA_TOKEN',
  revoke: 'delete it from its service account (Administration → Service accounts) or its Grafana Cloud access policy',
  formats: [
    regexFormat({
      kind: 'Grafana service account token',
      keywords: ['glsa_'],
      pattern: /glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}(?![A-Za-z0-9_])/,
      validate: (token) => looksRandom(token.slice(5, 37), 3.5),
    }),
    regexFormat({
      kind: 'Grafana Cloud token',
      keywords: ['glc_eyJ'],
      pattern: /glc_eyJ[A-Za-z0-9+/]{29,400}={0,2}(?![A-Za-z0-9+/=_-])/,
      // Base64 of JSON may spell anything (`AAAA`, `test`): decoding is the check.
      skipSamples: false,
      validate: (token) => isJsonObject(token.slice(4)),
    }),
    regexFormat({
      kind: 'Grafana API key (legacy)',
      keywords: ['eyJrIjoi'],
      notAfter: /[A-Za-z0-9+/]/,
      pattern: /eyJrIjoi[A-Za-z0-9+/]{40,400}={0,2}(?![A-Za-z0-9+/=_-])/,
      // base64 of {"k":"…","n":"…","id":…}: the key, its name and the organization.
      validate: (token) => isJsonObject(token) && /"n"\s*:/.test(decodeBase64(token)?.toString('utf8') ?? ''),
    }),
  ],
});

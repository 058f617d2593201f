import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS138',
    name: 'datadog-key',
    title: 'Datadog API or application key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Datadog API keys (32 hex digits) and application keys (40 hex digits) assigned to Datadog\'s own names (`DD_API_KEY`, `DD_APP_KEY`, `DATADOG_API_KEY`, `DATADOG_APP_KEY`, any case) in code, `.env` files and configuration. The keys have no prefix, so the name is the evidence; the value must look random.',
      why: 'An API key sends metrics, logs and events as the organization (and racks up its bill); an application key with it reads dashboards, monitors and logs, which hold hostnames, request data and often secrets.',
      example: 'from datadog import initialize\n\nDD_API_KEY = "3f…"\ninitialize(api_key=DD_API_KEY)',
      safe: 'import os\n\nDD_API_KEY = os.environ["DD_API_KEY"]',
      references: [CWE_798, 'https://docs.datadoghq.com/account_management/api-app-keys/'],
    },
  },
  environmentName: 'DD_API_KEY',
  revoke: 'revoke the key in Datadog (Organization Settings → API Keys)',
  formats: [
    regexFormat({
      kind: 'Datadog key',
      keywords: ['DD_API_KEY', 'DD_APP_KEY', 'DATADOG_API_KEY', 'DATADOG_APP_KEY', 'dd_api_key', 'dd_app_key', 'datadog_api_key', 'datadog_app_key'],
      pattern: /(?:DD|DATADOG)_(?:API|APP)_KEY['"]?\s{0,5}(?::|=|:=)\s{0,5}['"]?(?<secret>[0-9a-f]{40}|[0-9a-f]{32})(?![0-9A-Za-z])/i,
      validate: (key) => looksRandom(key, 3) && { kind: key.length === 40 ? 'Datadog application key' : 'Datadog API key' },
    }),
  ],
});

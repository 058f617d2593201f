import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS136',
    name: 'azure-ad-client-secret',
    title: 'Microsoft Entra ID (Azure AD) client secret in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Microsoft Entra ID (Azure AD) application client secrets: 40 characters whose fourth is a digit followed by `Q~` (the version marker of secrets created since 2021), under any variable name. The random part must look random.',
      why: 'A client secret signs in as the application: with the tenant and client IDs, which are not secret, anyone can get tokens for every API the app registration was granted (Microsoft Graph mail and files, Azure subscriptions, Key Vault).',
      example: 'from azure.identity import ClientSecretCredential\n\ncredential = ClientSecretCredential(tenant_id, client_id, "abc8Q~…")',
      safe: 'import os\n\nfrom azure.identity import ClientSecretCredential\n\ncredential = ClientSecretCredential(tenant_id, client_id, os.environ["AZURE_CLIENT_SECRET"])',
      references: [CWE_798, 'https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials', 'https://learn.microsoft.com/en-us/azure/security/fundamentals/secrets-best-practices'],
    },
  },
  environmentName: 'AZURE_CLIENT_SECRET',
  revoke: 'delete the secret in the app registration (Certificates & secrets)',
  formats: [
    regexFormat({
      kind: 'Microsoft Entra ID client secret',
      keywords: ['Q~'],
      start: (_text, at) => at - 4,
      notAfter: /[A-Za-z0-9_~.-]/,
      pattern: /[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
      validate: (secret) => looksRandom(secret.slice(6), 3.5),
    }),
  ],
});

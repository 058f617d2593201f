import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';
import { decodeBase64 } from './detectors/encoding';

export default defineSecretDetector({
  meta: {
    id: 'PWS112',
    name: 'azure-storage-key',
    title: 'Azure storage account key in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Azure storage account keys in connection strings (`DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…`): 88 base64 characters that decode to the 64 bytes of a storage key.',
      why: 'An account key grants full control of the storage account — every blob, queue, table and file share — and can sign SAS tokens for anyone. It does not expire and is valid from anywhere until rotated.',
      example: 'from azure.storage.blob import BlobServiceClient\n\nclient = BlobServiceClient.from_connection_string(\n    "DefaultEndpointsProtocol=https;AccountName=billing;AccountKey=…;EndpointSuffix=core.windows.net"\n)',
      safe: 'import os\n\nfrom azure.storage.blob import BlobServiceClient\n\nclient = BlobServiceClient.from_connection_string(os.environ["AZURE_STORAGE_CONNECTION_STRING"])\n# better still: DefaultAzureCredential and a managed identity',
      references: [CWE_798, 'https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage'],
    },
  },
  environmentName: 'AZURE_STORAGE_CONNECTION_STRING',
  revoke: 'rotate the account key in the Azure portal (Access keys)',
  replacesLiteral: true,
  formats: [
    regexFormat({
      kind: 'Azure storage account key',
      keywords: ['AccountKey='],
      pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/,
      validate: (key) => decodeBase64(key)?.length === 64,
    }),
  ],
});

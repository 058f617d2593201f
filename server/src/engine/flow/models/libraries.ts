// Third-party libraries: HTTP clients (SSRF), SQL toolkits, loaders, templates, XPath, JWT,
// LDAP, SSH and the escaping helpers that make values safe.
import type { FlowModel } from '../spec';

const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'stream'];
const REQUESTS_LIKE = ['requests', 'requests.Session()', 'requests.session()', 'httpx', 'httpx.Client()', 'httpx.AsyncClient()'];
/** asyncpg's connections and pools, and their methods that run the SQL they are given. */
const ASYNCPG = ['asyncpg.connect()', 'asyncpg.create_pool()', 'asyncpg.create_pool().acquire()'];
const ASYNCPG_QUERIES = ['fetch', 'fetchrow', 'fetchval', 'prepare', 'cursor', 'copy_from_query'];
/**
 * Azure SDK clients send their credential's token to the URL they are given: a URL the
 * attacker picks receives it. Constructors by their URL parameter, and the `from_*_url` ones.
 */
const AZURE_CLIENTS: readonly [string, string][] = [
  ...['secrets.SecretClient', 'keys.KeyClient', 'certificates.CertificateClient'].map((client): [string, string] => [`azure.keyvault.${client}`, 'vault_url']),
  ...['blob.BlobServiceClient', 'blob.ContainerClient', 'blob.BlobClient', 'fileshare.ShareServiceClient', 'fileshare.ShareClient', 'fileshare.ShareFileClient', 'fileshare.ShareDirectoryClient', 'queue.QueueServiceClient', 'queue.QueueClient', 'filedatalake.DataLakeServiceClient']
    .map((client): [string, string] => [`azure.storage.${client}`, 'account_url']),
  ['azure.data.tables.TableServiceClient', 'endpoint'],
  ['azure.data.tables.TableClient', 'endpoint'],
  ['azure.storage.blob.BlobClient.from_blob_url', 'blob_url'],
  ['azure.storage.blob.ContainerClient.from_container_url', 'container_url'],
  ['azure.storage.blob.download_blob_from_url', 'blob_url'],
  ['azure.storage.blob.upload_blob_to_url', 'blob_url'],
  ['azure.storage.fileshare.ShareFileClient.from_file_url', 'file_url'],
  ['azure.storage.fileshare.ShareClient.from_share_url', 'share_url'],
  ['azure.storage.fileshare.ShareDirectoryClient.from_directory_url', 'directory_url'],
  ['azure.storage.queue.QueueClient.from_queue_url', 'queue_url'],
];
const TEXT_CLAUSES = ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'sqlalchemy.TextClause', 'sqlalchemy.sql.expression.TextClause', 'sqlalchemy.sql.elements.TextClause', 'flask_sqlalchemy.SQLAlchemy().text'];

export const libraries: FlowModel = {
  name: 'libraries',
  sinks: [
    { rule: 'PWT001', kind: 'ssrf', calls: REQUESTS_LIKE.flatMap((client) => HTTP_METHODS.map((method) => `${client}.${method}`)), arguments: [[0, 'url']], shape: 'url' },
    { rule: 'PWT001', kind: 'ssrf', calls: REQUESTS_LIKE.map((client) => `${client}.request`), arguments: [[1, 'url']], shape: 'url' },
    ...AZURE_CLIENTS.map(([client, parameter]) => ({ rule: 'PWT001', kind: 'ssrf' as const, calls: [client], arguments: [[0, parameter]] as [number, string][], shape: 'url' as const })),
    { rule: 'PW401', kind: 'sql', methods: ['execute', 'executemany', 'executescript'], arguments: [[0, 'sql'], [0, 'query'], [0, 'operation'], [0, 'statement']], lowerWhenSanitized: true },
    { rule: 'PW401', kind: 'sql', calls: [...TEXT_CLAUSES, 'pandas.read_sql', 'pandas.read_sql_query'], arguments: [[0, 'text'], [0, 'sql']] },
    { rule: 'PW401', kind: 'sql', calls: ASYNCPG.flatMap((client) => ASYNCPG_QUERIES.map((method) => `${client}.${method}`)), arguments: [[0, 'query']] },
    { rule: 'PW104', kind: 'deserialization', calls: ['yaml.load', 'yaml.load_all'], arguments: [[0, 'stream']], when: 'unsafe-yaml-loader' },
    { rule: 'PW104', kind: 'deserialization', calls: ['yaml.unsafe_load', 'yaml.unsafe_load_all', 'yaml.full_load', 'yaml.full_load_all'], arguments: [[0, 'stream']] },
    { rule: 'PW105', kind: 'deserialization', calls: ['torch.load', 'torch.serialization.load'], arguments: [[0, 'f']], when: 'torch-unsafe' },
    { rule: 'PW107', kind: 'deserialization', calls: ['jsonpickle.decode', 'jsonpickle.loads'], arguments: [[0, 'string']] },
    { rule: 'PW108', kind: 'deserialization', calls: ['pandas.read_pickle'], arguments: [[0, 'filepath_or_buffer']] },
    { rule: 'PW109', kind: 'deserialization', calls: ['joblib.load'], arguments: [[0, 'filename']] },
    { rule: 'PW708', kind: 'xml', calls: ['lxml.etree.fromstring', 'lxml.etree.XML', 'lxml.etree.parse', 'lxml.etree.iterparse'], arguments: [[0, 'text'], [0, 'source']] },
    { rule: 'PW812', kind: 'template', calls: ['jinja2.Template', 'jinja2.environment.Template'], arguments: [[0, 'source']] },
    { rule: 'PW812', kind: 'template', calls: ['jinja2.Environment().from_string', 'jinja2.environment.Environment().from_string'], arguments: [[0, 'source']] },
    { rule: 'PW709', kind: 'xpath', calls: ['lxml.etree.XPath', 'lxml.etree.ETXPath'], arguments: [[0, 'path']] },
    { rule: 'PW709', kind: 'xpath', methods: ['xpath'], arguments: [[0, '_path']] },
    { rule: 'PW609', kind: 'jwt', calls: ['jwt.decode', 'jwt.api_jwt.decode', 'jose.jwt.decode'], arguments: [[0, 'jwt'], [0, 'token']], when: 'jwt-unverified' },
    { rule: 'PWT005', kind: 'ldap', calls: ['ldap.initialize().search_s', 'ldap.initialize().search', 'ldap.initialize().search_st', 'ldap.initialize().search_ext_s', 'ldap.initialize().search_ext'], arguments: [[0, 'base'], [2, 'filterstr']] },
    { rule: 'PWT005', kind: 'ldap', calls: ['ldap3.Connection().search', 'ldap3.Connection().extend.standard.paged_search'], arguments: [[0, 'search_base'], [1, 'search_filter']] },
    { rule: 'PW303', kind: 'shell', methods: ['exec_command'], arguments: [[0, 'command']] },
    { rule: 'PWT004', kind: 'xss', calls: ['werkzeug.wrappers.Response', 'werkzeug.Response', 'flask.Response'], arguments: [[0, 'response']] },
  ],
  sanitizers: [
    { calls: ['bleach.clean', 'bleach.linkify', 'nh3.clean'], kinds: ['xss', 'template'] },
    { calls: ['ldap.filter.escape_filter_chars', 'ldap3.utils.conv.escape_filter_chars', 'ldap.dn.escape_dn_chars', 'ldap3.utils.dn.escape_rdn'], kinds: ['ldap'] },
    { calls: ['sqlalchemy.bindparam', 'psycopg2.sql.Literal', 'psycopg2.sql.Identifier', 'psycopg.sql.Literal', 'psycopg.sql.Identifier'], kinds: ['sql'] },
  ],
};

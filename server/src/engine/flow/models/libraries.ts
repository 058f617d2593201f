// Third-party libraries: HTTP clients (SSRF), SQL toolkits, loaders, templates, XPath, JWT,
// LDAP, SSH and the escaping helpers that make values safe.
import type { FlowModel } from '../spec';

const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'stream'];
const REQUESTS_LIKE = ['requests', 'requests.Session()', 'requests.session()', 'httpx', 'httpx.Client()', 'httpx.AsyncClient()'];

export const libraries: FlowModel = {
  name: 'libraries',
  sinks: [
    { rule: 'PWT001', kind: 'ssrf', calls: REQUESTS_LIKE.flatMap((client) => HTTP_METHODS.map((method) => `${client}.${method}`)), arguments: [[0, 'url']], shape: 'url' },
    { rule: 'PWT001', kind: 'ssrf', calls: REQUESTS_LIKE.map((client) => `${client}.request`), arguments: [[1, 'url']], shape: 'url' },
    { rule: 'PW401', kind: 'sql', methods: ['execute', 'executemany', 'executescript'], arguments: [[0, 'sql'], [0, 'query'], [0, 'operation'], [0, 'statement']], lowerWhenSanitized: true },
    { rule: 'PW401', kind: 'sql', calls: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'pandas.read_sql', 'pandas.read_sql_query'], arguments: [[0, 'text'], [0, 'sql']] },
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
    { rule: 'PWT005', kind: 'ldap', calls: ['ldap.initialize().search_s', 'ldap.initialize().search', 'ldap.initialize().search_st', 'ldap.initialize().search_ext_s', 'ldap.initialize().search_ext'], arguments: [[2, 'filterstr']] },
    { rule: 'PWT005', kind: 'ldap', calls: ['ldap3.Connection().search'], arguments: [[1, 'search_filter']] },
    { rule: 'PW303', kind: 'shell', methods: ['exec_command'], arguments: [[0, 'command']] },
    { rule: 'PWT004', kind: 'xss', calls: ['werkzeug.wrappers.Response', 'werkzeug.Response', 'flask.Response'], arguments: [[0, 'response']] },
  ],
  sanitizers: [
    { calls: ['bleach.clean', 'bleach.linkify', 'nh3.clean'], kinds: ['xss', 'template'] },
    { calls: ['ldap.filter.escape_filter_chars', 'ldap3.utils.conv.escape_filter_chars'], kinds: ['ldap'] },
    { calls: ['sqlalchemy.bindparam', 'psycopg2.sql.Literal', 'psycopg2.sql.Identifier', 'psycopg.sql.Literal', 'psycopg.sql.Identifier'], kinds: ['sql'] },
  ],
};

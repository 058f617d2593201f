import { backOver, CWE_798, defineSecretDetector, regexFormat, type SecretDetector, type SecretMatch } from './detectors/detector';
import { isStandIn } from './detectors/placeholders';
import { matchesProviderFormat } from './detectors/provider-registry';
import { classifySecretValue } from './secret-names';

const DATABASE_SCHEMES = /^(?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|oracle|mongodb(?:\+srv)?|redis|rediss|amqps?|cockroachdb|clickhouse|snowflake)(?:\+[a-z0-9]+)?$/i;
/** Hosts that documentation uses: a URL pointing there is an example. */
const EXAMPLE_HOST = /^(?:[A-Za-z0-9-]+\.)*example(?:\.(?:com|org|net))?(?![A-Za-z0-9.-])/i;

/** What a password in a URL or connection string is: a secret, a well-known default, or a placeholder. */
function judgePassword(password: string, text: string, end: number, kind: string): boolean | Partial<SecretMatch> {
  if (EXAMPLE_HOST.test(text.slice(end + 1, end + 80))) return false;
  const value = classifySecretValue(password);
  if (value === 'not-secret') return false;
  if (value === 'weak-default') return { kind: `well-known default password in a ${kind}`, severity: 'low', confidence: 'high' };
  if (isStandIn(password) || matchesProviderFormat(password, { except: detector })) return false;
  return true;
}

const detector: SecretDetector = defineSecretDetector({
  meta: {
    id: 'PWS123',
    name: 'url-credentials',
    title: 'Password in a URL or database connection string',
    severity: 'medium',
    confidence: 'high',
    offInTests: true,
    docs: {
      what: 'Finds passwords written into URLs (`scheme://user:password@host`: database URLs such as `postgresql://app:…@db/app`, `redis://:…@cache`, `amqp://`, HTTP basic auth) and into key–value connection strings (`Server=…;User Id=…;Password=…;`, libpq\'s `host=… user=… password=…`). Placeholders (`{password}`, `${DB_PASSWORD}`, `%(password)s`, `****`), URLs without a password and documentation hosts (`example.com`) are not reported; well-known defaults (`postgres:postgres`, `password`) are reported with low severity. The finding covers the password only; the fix moves the whole URL to the environment.',
      why: 'A connection URL in the code gives its database (or broker, or cache) to everyone who can read the repository, with the application\'s own rights — usually read and write to all of its data — and the password is typically the same in every copy of the code.',
      example: 'DATABASE_URL = "postgresql://billing:…@db.internal:5432/billing"\nengine = create_engine(DATABASE_URL)',
      safe: 'import os\n\nengine = create_engine(os.environ["DATABASE_URL"])',
      references: [CWE_798, 'https://cwe.mitre.org/data/definitions/259.html', 'https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING'],
    },
  },
  environmentName: 'DATABASE_URL',
  revoke: 'change the password on the server',
  replacesLiteral: true,
  formats: [
    regexFormat({
      kind: 'URL',
      keywords: ['://'],
      start: backOver(/[A-Za-z0-9+.-]/, 20),
      pattern: /[A-Za-z][A-Za-z0-9+.-]{0,19}:\/\/[^\s:/?#@"'`<>]{0,128}:(?<secret>[^\s/?#@"'`<>]{1,256})@/,
      skipSamples: false,
      validate(password, { text, start, matchStart }) {
        const scheme = text.slice(matchStart, text.indexOf(':', matchStart));
        const kind = DATABASE_SCHEMES.test(scheme) ? 'database connection URL' : 'URL';
        const verdict = judgePassword(password, text, start + password.length, kind);
        return verdict === true ? { kind: `password in a ${kind}` } : verdict;
      },
    }),
    regexFormat({
      kind: 'password in a connection string',
      keywords: ['Password=', 'password=', 'PASSWORD=', 'Pwd=', 'PWD=', 'pwd='],
      pattern: /(?:Password|password|PASSWORD|Pwd|PWD|pwd)=(?<secret>[^;'"\s{}]{1,128})/,
      skipSamples: false,
      validate(password, { text, start, matchStart }) {
        // Another key of the same connection string before it, on the same line: `Server=…;`, `host=… user=…`.
        const window = text.slice(Math.max(0, matchStart - 300), matchStart);
        const before = window.slice(window.lastIndexOf('\n') + 1);
        if (!/(?:server|data source|host|hostaddr|dbname|database|uid|user id|user)\s?=[^;\s]/i.test(before) || !/[;\s]$/.test(before)) return false;
        return judgePassword(password, text, start + password.length, 'connection string');
      },
    }),
  ],
});

export default detector;

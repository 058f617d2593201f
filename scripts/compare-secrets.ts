// `node out/scripts/compare-secrets.js [--secretlint PATH] [--seed N] [--profile strict] [--keep]`:
// builds a seeded corpus of Python-project files holding fake secrets of every format, written the
// ways people write them, and look-alikes that are not secrets; runs Pyward's CLI and secretlint
// (recommended preset) on it; prints each tool's recall, false positives and time, per format and
// per way of writing. Prints figures; asserts nothing. Issue 4 (detect-secrets, gitleaks and
// secretlint): only secretlint is measured here, the others are not installable offline.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { breakChecksum, fakeSecrets, generator } from '../test/unit/secrets-fakes';

/** Pyward's secrets rules outside the PWS range: Flask's `SECRET_KEY` literal. */
const SECRET_CODE_RULES = new Set(['PW811']);
const DEFAULT_SECRETLINT = '/tmp/secretlint/node_modules/.bin/secretlint';

// ---------------------------------------------------------------------------------------------
// The corpus

interface Secret {
  /** The provider format: "GitHub classic token". */
  format: string;
  value: string;
  /** The name people give it: `GITHUB_TOKEN` (also decides the `.env` key and keyword argument). */
  name: string;
  /** Which tool's detectors the format comes from: Pyward's fakes, or secretlint's only. */
  origin: 'pyward' | 'secretlint-only';
  multiline?: boolean;
}

/** A labelled line: a secret (positive) or a look-alike (negative) and how it is written. */
interface Label {
  file: string;
  line: number;
  /** Last line of a multi-line secret. */
  endLine: number;
  positive: boolean;
  /** Format (positives) or negative category. */
  what: string;
  /** Way of writing: "module constant", ".env", "docstring"… */
  style: string;
}

class CorpusFile {
  readonly lines: string[] = [];
  constructor(readonly path: string, private readonly labels: Label[]) {}
  add(text: string, label?: { positive: boolean; what: string; style: string }): this {
    const line = this.lines.length + 1;
    const count = text.split('\n').length;
    this.lines.push(...text.split('\n'));
    if (label) this.labels.push({ file: this.path, line, endLine: line + count - 1, ...label });
    return this;
  }
  secret(text: string, secret: Secret, style: string): this {
    return this.add(text, { positive: true, what: secret.format, style });
  }
  negative(text: string, category: string, style: string): this {
    return this.add(text, { positive: false, what: category, style });
  }
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const DIGITS = '0123456789';

/** Every format: Pyward's fakes, plus formats only secretlint's recommended preset knows. */
function secretsOf(seed: number): Secret[] {
  const f = fakeSecrets(seed);
  const r = generator(seed + 1000);
  const p = (format: string, value: string, name: string, multiline = false): Secret => ({ format, value, name, origin: 'pyward', multiline });
  const s = (format: string, value: string, name: string): Secret => ({ format, value, name, origin: 'secretlint-only' });
  const azure = `DefaultEndpointsProtocol=https;AccountName=billingstore;AccountKey=${f.azureAccountKey};EndpointSuffix=core.windows.net`;
  // secretlint checks a PEM body starts as DER does (`MII…`), and 1Password's is base64 JSON ending `fQ==`.
  const pem = (label: string) => {
    const der = Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xbd, 0x02, 0x01, 0x00]), Buffer.from(r(HEX, 2 * 600), 'hex')]).toString('base64');
    return `-----BEGIN ${label}PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}PRIVATE KEY-----`;
  };
  let opsJson = JSON.stringify({ signInAddress: 'my.1password.com', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: r(ALNUM, 22) }, email: 'ops@example.org', srpX: r(HEX, 64), muk: { alg: 'A256GCM', ext: true, k: r(ALNUM, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' }, secretKey: `A3-${r(ALNUM, 6)}`, throttleSecret: { seed: r(HEX, 64), deviceUuid: r(ALNUM, 26) }, deviceUuid: r(ALNUM, 26) });
  while (opsJson.length % 3 !== 1) opsJson = `${opsJson.slice(0, -1)} }`;
  const onePassword = Buffer.from(opsJson).toString('base64');
  return [
    p('AWS access key ID', f.awsAccessKey, 'AWS_ACCESS_KEY_ID'),
    p('AWS secret access key', f.awsSecretKey, 'AWS_SECRET_ACCESS_KEY'),
    p('GitHub classic token (ghp_)', f.githubClassic, 'GITHUB_TOKEN'),
    p('GitHub OAuth token (gho_)', f.githubOauth, 'GH_OAUTH_TOKEN'),
    p('GitHub fine-grained PAT', f.githubFineGrained, 'GH_PAT'),
    p('GitLab PAT', f.gitlab, 'GITLAB_TOKEN'),
    p('Slack bot token', f.slackBot, 'SLACK_BOT_TOKEN'),
    p('Slack webhook URL', f.slackWebhook, 'SLACK_WEBHOOK_URL'),
    p('Stripe live secret key', f.stripe, 'STRIPE_API_KEY'),
    p('OpenAI project key', f.openai, 'OPENAI_API_KEY'),
    p('Anthropic API key', f.anthropic, 'ANTHROPIC_API_KEY'),
    p('Google API key', f.googleApiKey, 'GOOGLE_API_KEY'),
    p('Private key (PKCS#8 PEM)', pem(''), 'SIGNING_PRIVATE_KEY', true),
    p('RSA private key (PEM)', pem('RSA '), 'RSA_PRIVATE_KEY', true),
    p('Azure storage connection string', azure, 'AZURE_STORAGE_CONNECTION_STRING'),
    p('Twilio API key SID', f.twilioApiKey, 'TWILIO_API_KEY'),
    p('Twilio auth token', f.twilioAuthToken, 'TWILIO_AUTH_TOKEN'),
    p('SendGrid API key', f.sendgrid, 'SENDGRID_API_KEY'),
    p('npm token', f.npm, 'NPM_TOKEN'),
    p('PyPI token', f.pypi, 'PYPI_TOKEN'),
    p('TestPyPI token', f.testPypi, 'TEST_PYPI_TOKEN'),
    p('Hugging Face token', f.huggingface, 'HF_TOKEN'),
    p('Databricks token', f.databricks, 'DATABRICKS_TOKEN'),
    p('Discord bot token', f.discordBot, 'DISCORD_BOT_TOKEN'),
    p('Discord webhook URL', f.discordWebhook, 'DISCORD_WEBHOOK_URL'),
    p('Telegram bot token', f.telegram, 'TELEGRAM_BOT_TOKEN'),
    p('JWT', f.jwt, 'SERVICE_JWT'),
    p('Database URL with password', `postgresql://billing:${f.databasePassword}@db.internal:5432/billing`, 'DATABASE_URL'),
    p('Password (by name)', f.databasePassword, 'DB_PASSWORD'),
    p('API key, hex (by name)', f.apiKeyHex, 'WEATHER_API_KEY'),
    p('API key, base64 (by name)', f.apiKeyBase64, 'MAPS_API_KEY'),
    p('Groq API key', `gsk_${r(ALNUM, 52)}`, 'GROQ_API_KEY'),
    p('Linear API key', `lin_api_${r(ALNUM, 40)}`, 'LINEAR_API_KEY'),
    p('Notion integration token', `ntn_${r(DIGITS, 11)}${r(ALNUM, 35)}`, 'NOTION_TOKEN'),
    p('Shopify access token', `shpat_${r(HEX, 32)}`, 'SHOPIFY_ACCESS_TOKEN'),
    p('Grafana service account token', `glsa_${r(ALNUM, 32)}_${r(HEX, 8)}`, 'GRAFANA_TOKEN'),
    p('HashiCorp Vault token', `hvs.${r(`${ALNUM}_-`, 94)}`, 'VAULT_TOKEN'),
    p('Vercel token', `vcp_${r(ALNUM, 24)}`, 'VERCEL_TOKEN'),
    p('Docker Hub PAT', `dckr_pat_${r(`${ALNUM}_-`, 27)}`, 'DOCKER_PAT'),
    p('Figma token', `figd_${r(`${ALNUM}_-`, 40)}`, 'FIGMA_TOKEN'),
    p('Cloudflare API token', `cfut_${r(ALNUM, 40)}${r(HEX, 8)}`, 'CLOUDFLARE_API_TOKEN'),
    p('Tailscale API key', `tskey-api-${r(ALNUM, 12)}-${r(ALNUM, 30)}`, 'TAILSCALE_API_KEY'),
    p('1Password service account token', `ops_${onePassword}`, 'OP_SERVICE_ACCOUNT_TOKEN'),
    // Issue 16: new formats (PWS136–PWS154) and new shapes of older ones.
    p('GitLab routable PAT (one dot)', f.gitlabRoutableOneDot, 'GITLAB_TOKEN'),
    p('GitLab runner token (routable)', f.gitlabRunnerRoutable, 'CI_RUNNER_TOKEN'),
    p('Slack legacy session token (xoxs-)', f.slackLegacySession, 'SLACK_LEGACY_TOKEN'),
    p('AWS STS bearer key ID (ABIA)', f.awsBearerAccessKey, 'AWS_ACCESS_KEY_ID'),
    p('Vault legacy token (s.)', f.vaultLegacy, 'VAULT_TOKEN'),
    p('Cloudflare Origin CA key', f.cloudflareOriginCa, 'CF_ORIGIN_CA_KEY'),
    p('Grafana legacy API key', f.grafanaLegacy, 'GRAFANA_API_KEY'),
    p('1Password secret key', f.onePasswordSecretKey, 'OP_SECRET_KEY'),
    p('Azure AD client secret', f.azureAdClientSecret, 'AZURE_CLIENT_SECRET'),
    p('Sentry org auth token', f.sentryOrgToken, 'SENTRY_AUTH_TOKEN'),
    p('Sentry user auth token', f.sentryUserToken, 'SENTRY_USER_TOKEN'),
    p('Datadog API key (by name)', f.datadogApiKey, 'DD_API_KEY'),
    p('Mailgun API key', f.mailgun, 'MAILGUN_KEY'),
    p('Mailchimp API key', f.mailchimp, 'MAILCHIMP_KEY'),
    p('Brevo API key', f.brevo, 'BREVO_KEY'),
    p('Heroku API key', f.heroku, 'HEROKU_API_KEY'),
    p('DigitalOcean PAT', f.digitalocean, 'DO_TOKEN'),
    p('New Relic user API key', f.newRelicUser, 'NEW_RELIC_API_KEY'),
    p('New Relic license key', f.newRelicLicense, 'NEW_RELIC_LICENSE_KEY'),
    p('JFrog API key', f.jfrogApiKey, 'ARTIFACTORY_API_KEY'),
    p('JFrog reference token', f.jfrogReference, 'JFROG_TOKEN'),
    p('Replicate API token', f.replicate, 'REPLICATE_API_TOKEN'),
    p('Supabase access token', f.supabase, 'SUPABASE_ACCESS_TOKEN'),
    p('Doppler personal token', f.doppler, 'DOPPLER_TOKEN'),
    p('Pulumi access token', f.pulumi, 'PULUMI_ACCESS_TOKEN'),
    p('Atlassian API token', f.atlassian, 'JIRA_API_TOKEN'),
    p('Amazon Bedrock API key', f.bedrock, 'AWS_BEARER_TOKEN_BEDROCK'),
    p('Perplexity API key', f.perplexity, 'PPLX_API_KEY'),
    p('Prefect API key', f.prefect, 'PREFECT_API_KEY'),
    p('PlanetScale password', f.planetscale, 'PSCALE_PASSWORD'),
    s('HTTP basic auth in URL', `https://deploy:${r(ALNUM, 16)}@artifacts.acme-corp.io/simple`, 'PIP_INDEX_URL'),
  ];
}

/** `GITHUB_TOKEN` → `github_token`: the keyword-argument and configuration-key spelling. */
const snake = (name: string) => name.toLowerCase();
const pyString = (value: string) => (value.includes('\n') ? `"""${value}"""` : `"${value}"`);
const jsonLine = (text: string, last = false) => `    ${JSON.stringify(`${text}\n`)}${last ? '' : ','}`;

/** Writes the corpus into `root`; returns the labelled lines. */
function buildCorpus(root: string, seed: number): { labels: Label[]; secrets: Secret[] } {
  const labels: Label[] = [];
  const secrets = secretsOf(seed);
  const files: CorpusFile[] = [];
  const file = (path: string) => {
    const created = new CorpusFile(path, labels);
    files.push(created);
    return created;
  };
  const singleLine = secrets.filter((s) => !s.multiline);

  const constants = file('billing/constants.py').add('"""Constants of the billing service."""').add('');
  for (const s of secrets) constants.secret(`${s.name} = ${pyString(s.value)}`, s, 'module constant');

  const settings = file('billing/settings.py').add('import os').add('').add('DEBUG = False').add('ALLOWED_HOSTS = ["billing.example.org"]');
  for (const s of secrets) settings.secret(`${s.name} = ${pyString(s.value)}`, s, 'settings.py entry');

  const clients = file('billing/clients.py').add('from billing.sdk import Client').add('').add('');
  clients.add('def make_clients():').add('    clients = []');
  for (const s of secrets) clients.secret(`    clients.append(Client(${snake(s.name)}=${pyString(s.value)}, timeout=30))`, s, 'keyword argument');
  clients.add('    return clients');

  const dicts = file('billing/credentials.py').add('CREDENTIALS = {');
  for (const s of secrets) dicts.secret(`    "${snake(s.name)}": ${pyString(s.value)},`, s, 'dict literal');
  dicts.add('}');

  const fstrings = file('billing/requests_.py').add('import requests').add('').add('');
  fstrings.add('def call(base, page):');
  for (const s of singleLine) fstrings.secret(`    requests.get(f"{base}/v1?${snake(s.name)}=${s.value}&page={page}")`, s, 'f-string part');

  const comments = file('billing/notes.py').add('# Notes from the migration.').add('');
  for (const s of singleLine) comments.secret(`# old ${snake(s.name)}: ${s.value}`, s, 'comment');
  comments.add('VERSION = "1.0"');

  const docstrings = file('billing/docs.py');
  for (const s of secrets) {
    docstrings.add(`def use_${snake(s.name)}():`).add('    """Connects to the provider.').add('');
    docstrings.secret(`    Staging value: ${snake(s.name)}=${s.value}`, s, 'docstring');
    docstrings.add('    """').add('    return None').add('');
  }

  const env = file('.env').add('# local settings').add('DEBUG=1');
  for (const s of singleLine) env.secret(`${s.name}=${s.value}`, s, '.env');

  const ini = file('config.ini').add('[billing]').add('debug = false');
  for (const s of singleLine) ini.secret(`${snake(s.name)} = ${s.value}`, s, 'config.ini');

  const yaml = file('settings.yaml').add('billing:').add('  debug: false').add('  credentials:');
  for (const s of singleLine) yaml.secret(`    ${snake(s.name)}: "${s.value}"`, s, 'settings.yaml');

  const json = file('config.json').add('{').add('  "debug": false,');
  singleLine.forEach((s, i) => json.secret(`  "${snake(s.name)}": ${JSON.stringify(s.value)}${i === singleLine.length - 1 ? '' : ','}`, s, 'config.json'));
  json.add('}');

  const pyproject = file('pyproject.toml').add('[project]').add('name = "billing"').add('version = "1.0"').add('').add('[tool.billing]');
  for (const s of singleLine) pyproject.secret(`${snake(s.name)} = "${s.value}"`, s, 'pyproject.toml');

  const notebook = file('notebooks/explore.ipynb').add('{').add(' "cells": [').add('  {').add('   "cell_type": "code",').add('   "execution_count": null,').add('   "metadata": {},').add('   "outputs": [],').add('   "source": [');
  notebook.add(jsonLine('import os'));
  notebook.add(jsonLine('from billing.sdk import Client'));
  singleLine.forEach((s, i) => notebook.secret(jsonLine(`client_${i} = Client(${snake(s.name)}="${s.value}")`, i === singleLine.length - 1), s, 'notebook cell'));
  notebook.add('   ]').add('  }').add(' ],').add(' "metadata": {"language_info": {"name": "python"}},').add(' "nbformat": 4,').add(' "nbformat_minor": 5').add('}');

  const serviceKey = secrets.find((x) => x.format.startsWith('Private key'))!.value;
  const serviceAccount = file('keys/service-account.json').add('{').add('  "type": "service_account",').add('  "project_id": "billing-prod",').add(`  "private_key_id": "${generator(seed + 5)(HEX, 40)}",`);
  serviceAccount.add(`  "private_key": ${JSON.stringify(`${serviceKey}\n`)},`, { positive: true, what: 'Google service account key (JSON)', style: 'service-account.json' });
  serviceAccount.add('  "client_email": "billing@billing-prod.iam.gserviceaccount.com",').add('  "client_id": "104467432104521843210",').add('  "token_uri": "https://oauth2.googleapis.com/token"').add('}');

  buildNegatives(file, seed);

  for (const created of files) {
    const path = join(root, created.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${created.lines.join('\n')}\n`);
  }
  return { labels, secrets };
}

/** Look-alikes that are not leaked secrets. `changeme` is a weak default: counted on its own. */
function buildNegatives(file: (path: string) => CorpusFile, seed: number): void {
  const f = fakeSecrets(seed + 1);
  const r = generator(seed + 2000);
  const py = file('billing/lookalikes.py').add('import os').add('import uuid').add('');
  const n = (text: string, category: string) => py.negative(text, category, 'python');
  n('GITHUB_TOKEN = "<your-token>"', 'placeholder');
  n('DB_PASSWORD = "${DB_PASSWORD}"', 'placeholder');
  n('API_SECRET = "{{ api_secret }}"', 'placeholder');
  n('STRIPE_API_KEY = "xxx"', 'placeholder');
  n('OPENAI_API_KEY = "sk-..."', 'placeholder');
  n('client = Client(api_key="your-api-key-here")', 'placeholder');
  n('DATABASE_URL = "postgresql://user:${DB_PASSWORD}@db:5432/app"', 'placeholder');
  n('DATABASE_URL_TEMPLATE = "postgresql://<user>:<password>@localhost/app"', 'placeholder');
  n('GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]', 'environment look-up');
  n('password = os.getenv("DB_PASSWORD")', 'environment look-up');
  n('client = Client(api_key=os.environ.get("OPENAI_API_KEY"))', 'environment look-up');
  n('AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]', 'environment look-up');
  n('PASSWORD_FIELD = "password"', 'field name');
  n('TOKEN_HEADER = "X-Auth-Token"', 'field name');
  n('form = {"password": "new_password", "token": "csrf_token"}', 'field name');
  n('API_KEY_ENV = "OPENAI_API_KEY"', 'field name');
  n('TOKEN_URL = "https://oauth2.googleapis.com/token"', 'URL without credentials');
  n('DATABASE_URL = "postgresql://db.internal:5432/billing"', 'URL without credentials');
  n('PIP_INDEX_URL = "https://deploy:s3cr3tPassw0rd@pypi.example.com/simple"', 'URL on a documentation host');
  n('DOCS = "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure"', 'URL without credentials');
  n(`EMPTY_FILE_SHA256 = "${r(HEX, 64)}"`, 'hash / UUID / base64 data');
  n(`RELEASE_COMMIT = "${r(HEX, 40)}"`, 'hash / UUID / base64 data');
  n(`cache_key = "${r(HEX, 40)}"`, 'hash / UUID / base64 data');
  n(`REQUEST_ID = "${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-a${r(HEX, 3)}-${r(HEX, 12)}"`, 'hash / UUID / base64 data');
  n(`idempotency_key = "${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-8${r(HEX, 3)}-${r(HEX, 12)}"`, 'hash / UUID / base64 data');
  n(`LOGO_PNG = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQ${r(ALNUM + '+/', 80)}=="`, 'hash / UUID / base64 data');
  n(`INTEGRITY = "sha512-${r(ALNUM + '+/', 86)}=="`, 'hash / UUID / base64 data');
  n(`HOST_KEY_FINGERPRINT = "SHA256:${r(ALNUM + '+/', 43)}"`, 'hash / UUID / base64 data');
  n(`GITHUB_TOKEN = "${breakChecksum(f.githubClassic)}"`, 'broken-checksum token');
  n(`NPM_TOKEN = "${breakChecksum(f.npm)}"`, 'broken-checksum token');
  n('AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"', 'documentation EXAMPLE key');
  n('AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'documentation EXAMPLE key');
  n(`AWS_ACCOUNT_ID = "${r('123456789', 1)}${r(DIGITS, 11)}"`, 'AWS account ID (not secret)');
  // Issue 16: placeholders and look-alikes of the new formats.
  n('GOOGLE_API_KEY = "AIzaSyabcdefghijklmnopqrstuvwxyz1234567"', 'placeholder');
  n('SLACK_TOKEN = "xoxp-1234-1234-1234-abcdefghijklmnopqrstuvwxyz123456"', 'placeholder');
  n('AZURE_STORAGE = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=ConfigurationAccessTokenHere"', 'placeholder');
  n(`MAILGUN_PUBLIC_KEY = "pubkey-${r(HEX, 32)}"`, 'public key (not secret)');
  n(`BUILD_ID = "${r(HEX, 36)}NRAX"`, 'hash / UUID / base64 data');
  n('STATUS_NOTE = "s.ok"', 'field name');
  n('DB_PASSWORD = "changeme"', 'weak default (changeme)');
  n('connect(host="db", password="changeme")', 'weak default (changeme)');
  py.add('');

  const env = file('.env.example').add('# copy to .env and fill in');
  const e = (text: string, category: string) => env.negative(text, category, 'config');
  e('GITHUB_TOKEN=<your-token>', 'placeholder');
  e('OPENAI_API_KEY=${OPENAI_API_KEY}', 'placeholder');
  e('DB_PASSWORD=xxx', 'placeholder');
  e('STRIPE_API_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'placeholder');
  e('DATABASE_URL=postgresql://db.internal:5432/billing', 'URL without credentials');
  e('AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'documentation EXAMPLE key');
  e('AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'documentation EXAMPLE key');
  e('ADMIN_PASSWORD=changeme', 'weak default (changeme)');

  const yaml = file('deploy/values.yaml').add('app:');
  const y = (text: string, category: string) => yaml.negative(text, category, 'config');
  y('  db_password: "{{ vault_db_password }}"', 'placeholder');
  y('  api_token: "${API_TOKEN}"', 'placeholder');
  y('  password_field: password', 'field name');
  y(`  image_digest: "sha256:${r(HEX, 64)}"`, 'hash / UUID / base64 data');
  y(`  release_id: "${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-9${r(HEX, 3)}-${r(HEX, 12)}"`, 'hash / UUID / base64 data');

  const tests = file('tests/test_billing.py').add('from billing.sdk import Client').add('').add('');
  tests.add('def test_client_sends_key(requests_mock):');
  const t = (text: string) => tests.negative(text, 'test fixture', 'test');
  t('    client = Client(api_key="test-api-key")');
  t('    client.login(username="alice", password="pytest-password")');
  t('    assert client.token == "fake-token"');
  t('    headers = {"Authorization": "Bearer dummy-token"}');
  t('    API_KEY = "0123456789abcdef0123456789abcdef"');
}

// ---------------------------------------------------------------------------------------------
// Running the tools

interface Finding {
  tool: string;
  file: string;
  line: number;
  endLine: number;
  rule: string;
}

interface ToolRun {
  findings: Finding[];
  milliseconds: number;
  note?: string;
}

function run(command: string, args: string[], cwd: string): { stdout: string; stderr: string; status: number | null; milliseconds: number } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, milliseconds: performance.now() - started };
}

function runPyward(root: string, profile: string): ToolRun {
  const cli = resolve(__dirname, '../server/src/cli/main.js');
  const result = run(process.execPath, [cli, 'audit', root, '--format', 'json', '--fail-on', 'never', '--profile', profile], root);
  if (result.status !== 0) throw new Error(`pyward failed (${result.status}): ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: { ruleId: string; path: string; startLine: number; endLine: number }[] };
  // Only the secrets rules: another rule on the same line (a call without a timeout) is no detection.
  const findings = report.findings.filter((x) => x.ruleId.startsWith('PWS') || SECRET_CODE_RULES.has(x.ruleId)).map((x) => ({ tool: 'Pyward', file: x.path, line: x.startLine, endLine: x.endLine, rule: x.ruleId }));
  return { findings, milliseconds: result.milliseconds };
}

function runSecretlint(root: string, secretlint: string): ToolRun | undefined {
  if (!existsSync(secretlint)) return undefined;
  writeFileSync(join(root, '.secretlintrc.json'), `${JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }, null, 2)}\n`);
  // `**/*` skips dot files (`.env`); the second pattern gives them to secretlint too.
  const result = run(secretlint, ['--format', 'json', '--secretlintrc', join(root, '.secretlintrc.json'), `${root}/**/*`, `${root}/**/.*`], root);
  if (result.status !== 0 && result.status !== 1) throw new Error(`secretlint failed (${result.status}): ${result.stderr}`);
  const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; messageId?: string; loc: { start: { line: number }; end: { line: number } } }[] }[];
  const findings = files.flatMap((x) =>
    x.messages.map((m) => ({ tool: 'secretlint', file: relative(root, x.filePath), line: m.loc.start.line, endLine: m.loc.end.line, rule: `${m.ruleId.replace('@secretlint/secretlint-rule-', '')}${m.messageId ? `/${m.messageId}` : ''}` })),
  );
  return { findings, milliseconds: result.milliseconds };
}

// ---------------------------------------------------------------------------------------------
// Scoring

interface Score {
  found: Set<Label>;
  /** Negatives with at least one finding. */
  flagged: Set<Label>;
  /** The rules that hit each labelled line. */
  rules: Map<Label, Set<string>>;
  /** Findings on no labelled line. */
  unlabelled: Finding[];
}

function score(labels: Label[], findings: Finding[]): Score {
  const found = new Set<Label>();
  const flagged = new Set<Label>();
  const unlabelled: Finding[] = [];
  const rules = new Map<Label, Set<string>>();
  for (const finding of findings) {
    const hit = labels.filter((l) => l.file === finding.file && finding.line <= l.endLine && finding.endLine >= l.line);
    if (hit.length === 0) unlabelled.push(finding);
    for (const label of hit) {
      (label.positive ? found : flagged).add(label);
      rules.set(label, (rules.get(label) ?? new Set()).add(finding.rule));
    }
  }
  return { found, flagged, rules, unlabelled };
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);
const pad = (text: string, width: number) => text.padEnd(width);

function printTable(title: string, keys: string[], positives: Label[], key: (l: Label) => string, scores: [string, Score][]): void {
  console.log('');
  console.log(`${pad(title, 34)} ${'total'.padStart(5)}  ${scores.map(([tool]) => tool.padStart(10)).join('  ')}  rules (${scores[0][0]})`);
  for (const k of keys) {
    const mine = positives.filter((l) => key(l) === k);
    const cells = scores.map(([, s]) => `${mine.filter((l) => s.found.has(l)).length}`.padStart(10));
    const rules = [...new Set(mine.flatMap((l) => [...(scores[0][1].rules.get(l) ?? [])]))].sort().join(' ');
    console.log(`${pad(k, 34)} ${String(mine.length).padStart(5)}  ${cells.join('  ')}  ${rules}`);
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args.splice(at, 2)[1];
  };
  const secretlint = resolve(option('--secretlint') ?? DEFAULT_SECRETLINT);
  const seed = Number(option('--seed') ?? 20261121);
  const profile = option('--profile') ?? 'recommended';
  const keep = args.includes('--keep');

  const root = mkdtempSync(join(tmpdir(), 'pyward-secrets-corpus-'));
  try {
    const { labels, secrets } = buildCorpus(root, seed);
    const positives = labels.filter((l) => l.positive);
    const negatives = labels.filter((l) => !l.positive);
    console.log(`Corpus (seed ${seed}) in ${root}: ${positives.length} secrets of ${new Set(positives.map((l) => l.what)).size} formats, ${negatives.length} look-alikes`);

    const runs: [string, ToolRun][] = [['Pyward', runPyward(root, profile)]];
    const lint = runSecretlint(root, secretlint);
    if (lint) runs.push(['secretlint', lint]);
    else console.log(`secretlint not found at ${secretlint}: Pyward's figures alone (install it outside the repo, or pass --secretlint PATH).`);
    const scores: [string, Score][] = runs.map(([tool, result]) => [tool, score(labels, result.findings)]);

    console.log('');
    console.log(`${pad('tool', 12)} ${'recall'.padStart(16)}  ${'recall (shared formats)'.padStart(24)}  ${'false pos.'.padStart(10)}  ${'changeme'.padStart(8)}  ${'other'.padStart(5)}  ${'time'.padStart(8)}`);
    const shared = new Set(secrets.filter((s) => s.origin === 'pyward').map((s) => s.format));
    shared.add('Google service account key (JSON)');
    const sharedPositives = positives.filter((l) => shared.has(l.what));
    const weak = negatives.filter((l) => l.what.startsWith('weak default'));
    const realNegatives = negatives.filter((l) => !weak.includes(l));
    for (const [tool, s] of scores) {
      const result = runs.find(([name]) => name === tool)![1];
      const tp = s.found.size;
      const sharedTp = sharedPositives.filter((l) => s.found.has(l)).length;
      const fp = realNegatives.filter((l) => s.flagged.has(l)).length;
      const weakFlagged = weak.filter((l) => s.flagged.has(l)).length;
      console.log(
        `${pad(tool, 12)} ${`${tp}/${positives.length} ${percent(tp, positives.length)}`.padStart(16)}  ${`${sharedTp}/${sharedPositives.length} ${percent(sharedTp, sharedPositives.length)}`.padStart(24)}  ${`${fp}/${realNegatives.length}`.padStart(10)}  ${`${weakFlagged}/${weak.length}`.padStart(8)}  ${String(s.unlabelled.length).padStart(5)}  ${`${result.milliseconds.toFixed(0)} ms`.padStart(8)}`,
      );
    }

    const formats = [...new Set(positives.map((l) => l.what))];
    printTable('format (found of total)', formats, positives, (l) => l.what, scores);
    const styles = [...new Set(positives.map((l) => l.style))];
    printTable('way of writing (found of total)', styles, positives, (l) => l.style, scores);
    const categories = [...new Set(negatives.map((l) => l.what))];
    console.log('');
    console.log(`${pad('look-alikes (flagged of total)', 34)} ${'total'.padStart(5)}  ${scores.map(([tool]) => tool.padStart(10)).join('  ')}  rules`);
    for (const category of categories) {
      const mine = negatives.filter((l) => l.what === category);
      const rules = scores.map(([, s]) => [...new Set(mine.flatMap((l) => [...(s.rules.get(l) ?? [])]))].join(' ')).filter(Boolean).join(' | ');
      console.log(`${pad(category, 34)} ${String(mine.length).padStart(5)}  ${scores.map(([, s]) => `${mine.filter((l) => s.flagged.has(l)).length}`.padStart(10)).join('  ')}  ${rules}`);
    }

    // What one tool finds and the other does not, line by line, to act on.
    if (scores.length === 2) {
      const [[a, sa], [b, sb]] = scores;
      const only = (x: Score, y: Score, set: 'found' | 'flagged') =>
        labels.filter((l) => x[set].has(l) && !y[set].has(l)).map((l) => `${l.file}:${l.line}  ${l.what} (${l.style})  [${[...x.rules.get(l)!].join(', ')}]`);
      for (const [title, lines] of [
        [`Secrets ${b} finds and ${a} misses`, only(sb, sa, 'found')],
        [`Secrets ${a} finds and ${b} misses`, only(sa, sb, 'found')],
        [`Look-alikes ${a} flags and ${b} does not`, only(sa, sb, 'flagged')],
        [`Look-alikes ${b} flags and ${a} does not`, only(sb, sa, 'flagged')],
      ] as const) {
        console.log('');
        console.log(`${title}: ${lines.length}`);
        for (const line of lines) console.log(`  ${line}`);
      }
    }
    for (const [tool, s] of scores) {
      if (s.unlabelled.length === 0) continue;
      console.log('');
      console.log(`${tool} findings on unlabelled lines: ${s.unlabelled.length}`);
      for (const x of s.unlabelled) console.log(`  ${x.file}:${x.line}  ${x.rule}`);
    }
  } finally {
    if (keep) console.log(`\nCorpus kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

main();

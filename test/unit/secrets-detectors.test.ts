// The provider detectors (PWS101–PWS154) and the generic name-based rules (PWS001, PWS004):
// every format found in Python strings of every form, comments, configuration files and
// notebooks, with the exact range of the secret, a masked message and the revoke reminder;
// near misses (broken checksums, placeholders) and allow-list comments never reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/engine/finding';
import { analyzePython, analyzeSource } from '../../server/src/engine/index';
import { RuleRegistry } from '../../server/src/engine/registry';
import { secretDetectors, secretsRules } from '../../server/src/rules/secrets/index';
import { breakChecksum, fakeSecrets } from './secrets-fakes';

const registry = new RuleRegistry(secretsRules);
const f = fakeSecrets(21);
const pythonFile = { path: 'src/settings.py', isTest: false };

/** The value each detector must find, written as it appears (some need their name or context). */
const CASES: [id: string, secret: string, context?: (secret: string) => string][] = [
  ['PWS101', f.awsAccessKey],
  ['PWS102', f.awsSecretKey, (s) => `aws_secret_access_key = "${s}"`],
  ['PWS103', f.githubClassic],
  ['PWS103', f.githubOauth],
  ['PWS103', f.githubFineGrained],
  ['PWS104', f.gitlab],
  ['PWS105', f.slackBot],
  ['PWS106', f.slackWebhook],
  ['PWS107', f.stripe],
  ['PWS108', f.openai],
  ['PWS109', f.anthropic],
  ['PWS110', f.googleApiKey],
  ['PWS112', f.azureAccountKey, (s) => `"DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${s};EndpointSuffix=core.windows.net"`],
  ['PWS113', f.twilioApiKey],
  ['PWS113', f.twilioAuthToken, (s) => `TWILIO_AUTH_TOKEN = "${s}"`],
  ['PWS114', f.sendgrid],
  ['PWS115', f.npm],
  ['PWS116', f.pypi],
  ['PWS116', f.testPypi],
  ['PWS117', f.huggingface],
  ['PWS118', f.databricks],
  ['PWS119', f.discordBot],
  ['PWS119', f.discordWebhook],
  ['PWS120', f.telegram],
  ['PWS121', f.jwt],
  ['PWS122', f.rsaPrivateKey, (s) => `KEY = """${s}"""`],
  ['PWS123', f.databasePassword, (s) => `"postgresql://app:${s}@db.internal/app"`],
  ['PWS124', f.dockerHub],
  ['PWS125', f.shopifyAccessToken],
  ['PWS125', f.shopifyAppSecret],
  ['PWS126', f.grafanaServiceAccount],
  ['PWS126', f.grafanaCloud],
  ['PWS127', f.vaultService],
  ['PWS127', f.vaultBatch],
  ['PWS128', f.tailscaleAuth],
  ['PWS128', f.tailscaleApi],
  ['PWS129', f.groq],
  ['PWS130', f.linear],
  ['PWS131', f.notion],
  ['PWS132', f.vercel],
  ['PWS133', f.figma],
  ['PWS134', f.cloudflare],
  ['PWS135', f.onePassword],
  ['PWS104', f.gitlabRoutable],
  ['PWS104', f.gitlabRoutableOneDot],
  ['PWS104', f.gitlabRunnerRoutable],
  ['PWS105', f.slackLegacySession],
  ['PWS101', f.awsBearerAccessKey],
  ['PWS127', f.vaultLegacy],
  ['PWS134', f.cloudflareOriginCa],
  ['PWS126', f.grafanaLegacy],
  ['PWS135', f.onePasswordSecretKey],
  ['PWS136', f.azureAdClientSecret],
  ['PWS137', f.sentryOrgToken],
  ['PWS137', f.sentryUserToken],
  ['PWS137', f.sentryDsnKey, (s) => `SENTRY_DSN = "https://${s}@o4506.ingest.us.sentry.io/4506123"`],
  ['PWS138', f.datadogApiKey, (s) => `DD_API_KEY = "${s}"`],
  ['PWS139', f.mailgun],
  ['PWS140', f.mailchimp],
  ['PWS141', f.brevo],
  ['PWS142', f.heroku],
  ['PWS143', f.digitalocean],
  ['PWS144', f.newRelicUser],
  ['PWS144', f.newRelicLicense],
  ['PWS145', f.jfrogApiKey],
  ['PWS145', f.jfrogReference],
  ['PWS146', f.replicate],
  ['PWS147', f.supabase],
  ['PWS148', f.doppler],
  ['PWS149', f.pulumi],
  ['PWS150', f.atlassian],
  ['PWS151', f.bedrock],
  ['PWS152', f.perplexity],
  ['PWS153', f.prefect],
  ['PWS154', f.planetscale],
];

function only(findings: readonly Finding[], id: string): Finding {
  const mine = findings.filter((finding) => finding.ruleId === id);
  assert.equal(mine.length, 1, `expected one ${id}, got ${findings.map((x) => x.ruleId).join(', ') || 'nothing'}`);
  assert.equal(findings.length, 1, `other findings beside ${id}: ${findings.map((x) => x.ruleId).join(', ')}`);
  return mine[0];
}

function assertMasked(finding: Finding, secret: string): void {
  assert.ok(!finding.message.includes(secret.slice(0, 5)), `the message shows more than 4 characters: ${finding.message}`);
  assert.match(finding.message, /`[^`]{0,4}…`/);
  assert.match(finding.message, /must be revoked or rotated, not only removed/);
}

for (const [id, secret, context] of CASES) {
  const detector = secretDetectors.find((d) => d.meta.id === id)!;
  test(`${id} (${detector.meta.name}) finds ${secret.slice(0, 4)}… in Python: exact range, masked message`, async () => {
    const source = `${context ? context(secret) : `VALUE = "${secret}"`}\n`;
    const finding = only(await analyzePython(source, registry, { file: pythonFile }), id);
    const start = source.indexOf(id === 'PWS122' ? '-----BEGIN' : secret);
    assert.equal(source.slice(finding.start, finding.end), id === 'PWS122' ? secret : secret);
    assert.equal(finding.start, start);
    assertMasked(finding, secret);
  });
  test(`${id} (${detector.meta.name}) finds ${secret.slice(0, 4)}… in a YAML file and in a comment`, async () => {
    const line = context ? context(secret).replace(/^"|"$/g, '') : `value: ${secret}`;
    const yaml = `service:\n  ${line.replace(/\n/g, '\\n')}\n`;
    const inYaml = only(await analyzeSource(yaml, 'config', registry, { file: { path: 'config.yaml', isTest: false } }), id);
    assertMasked(inYaml, secret);
    if (id === 'PWS122') return;
    const comment = `# ${context ? context(secret) : secret}\nx = 1\n`;
    const inComment = only(await analyzePython(comment, registry, { file: pythonFile }), id);
    assert.match(inComment.message, /^This comment holds/);
  });
}

test('the severities: provider tokens are high, generic name-based findings lower', async () => {
  const tokens = await analyzePython(`GITHUB_TOKEN = "${f.githubClassic}"\nSTRIPE = "${f.stripe}"\n`, registry, { file: pythonFile });
  assert.deepEqual(tokens.map((x) => x.severity), ['high', 'high']);
  const generic = await analyzePython(`DB_PASSWORD = "${f.databasePassword}"\nWEATHER_API_KEY = "${f.apiKeyHex}"\n`, registry, { file: pythonFile });
  assert.deepEqual(generic.map((x) => `${x.ruleId}:${x.severity}`), ['PWS001:low', 'PWS004:medium']);
  const weak = await analyzePython('BROKER = "amqp://guest:guest@localhost:5672//"\n', registry, { file: pythonFile });
  assert.equal(weak[0].severity, 'low');
  assert.match(weak[0].message, /well-known default password/);
});

test('near misses are not reported: broken checksums, truncated tokens, samples, placeholders', async () => {
  const values = [
    breakChecksum(f.githubClassic),
    breakChecksum(f.npm),
    f.githubClassic.slice(0, -1),
    f.pypi.slice(0, 50),
    'AKIAIOSFODNN7EXAMPLE',
    'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    `eyJ${'a'.repeat(10)}.eyJ${'b'.repeat(10)}.c`,
    '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
    `${f.rsaPrivateKey.split('\n').slice(0, -1).join('\n')}`,
    'postgresql://app:${DB_PASSWORD}@db/app',
    'postgresql://app:{password}@db/app',
    'postgresql://app@db/app',
    'https://user:Zx81-kd93@example.com/',
    f.dockerHub.slice(0, -1),
    `dckr_pat_${'x'.repeat(27)}`,
    f.shopifyAccessToken.replace('shpat_', 'shpxx_'),
    f.grafanaServiceAccount.slice(0, 37),
    `glc_eyJ${'abcdEFGH'.repeat(6)}`,
    f.vaultService.slice(0, 60),
    f.tailscaleAuth.slice(0, f.tailscaleAuth.lastIndexOf('-')),
    f.groq.slice(0, -1),
    `lin_api_${'x'.repeat(40)}`,
    `ntn_abcdefghijk${f.notion.slice(15)}`,
    'vcr_cassettedirectorylibrary',
    `figd_EXAMPLE${f.figma.slice(12)}`,
    `${f.cloudflare.slice(0, -8)}ABCDEF12`,
    f.onePassword.slice(0, 200),
    `ops_${Buffer.from(JSON.stringify({ kind: 'deployment', replicas: 3, image: 'registry.internal/app:1.4.2' })).toString('base64')}`,
  ];
  for (const value of values) {
    const findings = await analyzePython(`VALUE = """${value}"""\n`, registry, { file: pythonFile });
    assert.deepEqual(findings.map((x) => x.ruleId), [], value);
  }
});

test('issue 16 near misses: placeholders, public keys and broken structures are not reported', async () => {
  const notJson = Buffer.from('not json at all, just text padding it out').toString('base64').replace(/=+$/, '');
  const values = [
    'AIzaSyabcdefghijklmnopqrstuvwxyz1234567',
    'xoxp-1234-1234-1234-abcdefghijklmnopqrstuvwxyz123456',
    'xoxb-0000-0000-aB3dE5fG7hJ9kL1mN3pQ5rS7',
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=ConfigurationAccessTokenHere',
    `sntrys_eyJ${notJson}_${f.sentryOrgToken.slice(-43)}`,
    `pub${f.mailgun}`,
    f.jfrogReference.replace('cmVmdGtuOjAxOj', 'cmVmdGtuOjAyOj'),
    `eyJrIjoi${notJson}`,
    `${f.azureAdClientSecret.slice(0, 3)}xQ~${f.azureAdClientSecret.slice(6)}`,
    f.digitalocean.slice(0, -1),
    's.short',
    's.abcdefghijklmnopqrstuvwx',
  ];
  for (const value of values) {
    const findings = await analyzePython(`VALUE = """${value}"""\n`, registry, { file: pythonFile });
    assert.deepEqual(findings.filter((x) => x.ruleId !== 'PWS001' && x.ruleId !== 'PWS004').map((x) => x.ruleId), [], value);
  }
});

test('false-positive filters of the generic checks: empty, placeholders, field names, URLs, environment look-ups', async () => {
  const source = [
    'import os',
    'API_KEY = ""',
    'API_KEY = "<your-api-key>"',
    'API_KEY = "${API_KEY}"',
    'API_KEY = "{{ api_key }}"',
    'API_KEY = "%(api_key)s"',
    'API_KEY = "xxxxxxxxxxxxxxxxxxxxxxxx"',
    'API_KEY = "****************"',
    'API_KEY = "your_api_key_here"',
    'API_KEY = "dummy-key-0123456789abcdef"',
    'PASSWORD_FIELD = "password"',
    'TOKEN_URL = "https://auth.internal/token"',
    'API_KEY = os.environ["API_KEY"]',
    'API_KEY = os.getenv("API_KEY")',
    'CACHE_KEY = "4f9c2a7e1b8d3f6a0c5e9b2d"',
    '',
  ].join('\n');
  assert.deepEqual(await analyzePython(source, registry, { file: pythonFile }), []);
});

test('Python string forms: bytes, f-string parts, implicit concatenation, triple quotes, comments', async () => {
  const source = [
    `A = b"${f.githubClassic}"`,
    `B = f"token {f.githubOauth}"`.replace('{f.githubOauth}', f.githubOauth),
    `C = ("prefix-" "${f.npm}")`,
    `D = """\n${f.googleApiKey}\n"""`,
    `# ${f.huggingface}`,
    `E = f"{user}:${f.sendgrid}"`,
    `F = x.${'AIza'}call()`,
    '',
  ].join('\n');
  const findings = await analyzePython(source, registry, { file: pythonFile });
  assert.deepEqual(findings.map((x) => x.ruleId), ['PWS103', 'PWS103', 'PWS115', 'PWS110', 'PWS117', 'PWS114']);
});

test('allow-list comments: detect-secrets pragmas, gitleaks:allow and our own suppression, in Python and config files', async () => {
  const python = [
    `A = "${f.githubClassic}"  # pragma: allowlist secret`,
    '# pragma: allowlist nextline secret',
    `B = "${f.githubClassic}"`,
    `C = "${f.githubClassic}"  # gitleaks:allow`,
    `D = "${f.githubClassic}"  # pyward: ignore[PWS103]`,
    `E = "${f.githubClassic}"`,
    '',
  ].join('\n');
  const findings = await analyzePython(python, registry, { file: pythonFile });
  assert.deepEqual(findings.map((x) => `${x.ruleId}@${python.slice(0, x.start).split('\n').length}`), ['PWS103@6']);
  const env = [`A=${f.stripe}  # pragma: allowlist secret`, '# pragma: allowlist nextline secret', `B=${f.stripe}`, `C=${f.stripe}  # gitleaks:allow`, `D=${f.stripe}  # pyward: ignore[PWS107]`, `E=${f.stripe}`, ''].join('\n');
  const inEnv = await analyzeSource(env, 'config', registry, { file: { path: 'deploy/prod.env', isTest: false } });
  assert.deepEqual(inEnv.map((x) => `${x.ruleId}@${env.slice(0, x.start).split('\n').length}`), ['PWS107@6']);
});

test('configuration files: ranges cover the value only; a git-ignored .env is where secrets belong', async () => {
  const ini = `[database]\npassword = "${f.databasePassword}"  ; production\n`;
  const [finding] = await analyzeSource(ini, 'config', registry, { file: { path: 'settings.ini', isTest: false } });
  assert.equal(ini.slice(finding.start, finding.end), f.databasePassword);
  assert.equal(finding.ruleId, 'PWS001');
  const json = `{"client": {"api_key": "${f.apiKeyBase64}", "token": "${f.slackBot}"}}`;
  const inJson = await analyzeSource(json, 'config', registry, { file: { path: 'config.json', isTest: false } });
  assert.deepEqual(inJson.map((x) => `${x.ruleId}:${json.slice(x.start, x.end)}`), [`PWS004:${f.apiKeyBase64}`, `PWS105:${f.slackBot}`]);
});

test('notebooks: secrets in code cells (as Python) and in outputs (in the notebook JSON)', async () => {
  const notebook = JSON.stringify(
    {
      cells: [
        { cell_type: 'code', source: ['import openai\n', `openai.api_key = "${f.openai}"\n`], metadata: {}, execution_count: 1, outputs: [{ output_type: 'stream', name: 'stdout', text: [`token: ${f.githubClassic}\n`] }] },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
  const findings = await analyzeSource(notebook, 'notebook', registry, { file: { path: 'analysis.ipynb', isTest: false } });
  assert.deepEqual(findings.map((x) => `${x.ruleId}:${notebook.slice(x.start, x.end)}`), [`PWS108:${f.openai}`, `PWS103:${f.githubClassic}`]);
  assert.match(findings[0].message, /^`api_key` holds an OpenAI API key/);
  assert.match(findings[1].message, /^This notebook holds a GitHub personal access token/);
});

test('PWS124–PWS135 name the kind of credential from its prefix, and the way to revoke it', async () => {
  const cases: [secret: string, kind: RegExp, revoke: RegExp][] = [
    [f.dockerHub, /a Docker Hub personal access token/, /Docker Hub's account settings/],
    [f.shopifyAccessToken, /a Shopify Admin API access token/, /rotate it in the app's API credentials/],
    [f.shopifyAppSecret, /a Shopify app shared secret/, /rotate it/],
    [f.grafanaServiceAccount, /a Grafana service account token/, /Service accounts/],
    [f.grafanaCloud, /a Grafana Cloud token/, /access policy/],
    [f.vaultService, /a HashiCorp Vault service token/, /`vault token revoke`/],
    [f.vaultBatch, /a HashiCorp Vault batch token/, /`vault token revoke`/],
    [f.tailscaleAuth, /a Tailscale auth key/, /Tailscale admin console/],
    [f.tailscaleApi, /a Tailscale API access token/, /Tailscale admin console/],
    [f.groq, /a Groq API key/, /Groq console/],
    [f.linear, /a Linear API key/, /Personal API keys/],
    [f.notion, /a Notion integration token/, /my-integrations/],
    [f.vercel, /a Vercel personal access token/, /Vercel's account settings/],
    [f.figma, /a Figma personal access token/, /Figma's settings/],
    [f.cloudflare, /a Cloudflare user API token/, /roll or delete it/],
    [f.onePassword, /a 1Password service account token/, /service account's page in 1Password/],
  ];
  for (const [secret, kind, revoke] of cases) {
    const [finding] = await analyzePython(`PROVIDER_TOKEN = "${secret}"\n`, registry, { file: pythonFile });
    assert.match(finding.message, kind, secret.slice(0, 4));
    assert.match(finding.message, revoke, secret.slice(0, 4));
    assert.match(finding.message, /os\.environ\["PROVIDER_TOKEN"\]/);
  }
});

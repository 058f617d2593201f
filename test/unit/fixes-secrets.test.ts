// The fixes and messages of the hardcoded-password rules (PWS001–PWS003): the secret never
// appears in a message, and the fix reads it from the environment. Exact text, still valid
// Python, and the finding gone afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFix, findingsOf, onlyFinding } from '../helpers';
import { classifySecretValue, environmentName, maskSecret, namesPassword } from '../../server/src/rules/secrets/secret-names';

test('PWS001: the literal becomes os.environ["NAME"] and `import os` is added', async () => {
  await assertFix(
    'import logging\n\nDB_PASSWORD = "Sup3r-s3cret!"\n',
    'PWS001',
    'Read from environment (os.environ["DB_PASSWORD"])',
    'import logging\nimport os\n\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n',
  );
});

test('PWS001: the user\'s spelling of os.environ is kept; attribute, key and camelCase names become UPPER_SNAKE', async () => {
  await assertFix(
    'from os import environ\n\nclass Mailer:\n    def __init__(self):\n        self.smtpPassword = "mail-pass-2024"\n',
    'PWS001',
    'Read from environment (environ["SMTP_PASSWORD"])',
    'from os import environ\n\nclass Mailer:\n    def __init__(self):\n        self.smtpPassword = environ["SMTP_PASSWORD"]\n',
  );
  await assertFix(
    'import os\nconfig = {"db.password": "pg-pass-77"}\n',
    'PWS001',
    'Read from environment (os.environ["DB_PASSWORD"])',
    'import os\nconfig = {"db.password": os.environ["DB_PASSWORD"]}\n',
  );
});

test('PWS001: a hardcoded fallback of an environment look-up becomes a required variable', async () => {
  await assertFix(
    'import os\nSIGNING_SECRET = os.environ.get("SIGNING_SECRET", "dev-signing-secret-123")\n',
    'PWS001',
    'Require the environment variable (os.environ["SIGNING_SECRET"])',
    'import os\nSIGNING_SECRET = os.environ["SIGNING_SECRET"]\n',
  );
});

test('PWS001: the message masks the secret; weak defaults have their own message', async () => {
  const secret = await onlyFinding('API_TOKEN = "tok_9Xr2Lq7Vb1Zz"\n', 'PWS001');
  assert.ok(!secret.message.includes('tok_9Xr2Lq7Vb1Zz'));
  assert.ok(!secret.message.includes('Lq7V'));
  assert.match(secret.message, /the hardcoded secret `tok_…`/);
  const weak = await onlyFinding('ADMIN_PASSWORD = "changeme"\n', 'PWS001');
  assert.match(weak.message, /a well-known default password/);
  assert.ok(!weak.message.includes('changeme'));
  assert.equal(weak.confidence, 'high');
});

test('PWS001: SECRET_KEY where Flask and Django read it is left to PW811', async () => {
  const source = 'from flask import Flask\napp = Flask(__name__)\napp.secret_key = "8f42a73054b1749f"\nSECRET_KEY = "0c4e9f7d2b1a8e6c"\n';
  assert.deepEqual(await findingsOf(source, 'PWS001'), []);
  assert.equal((await findingsOf(source, 'PW811')).length, 2);
});

test('PWS002: a keyword argument is read from the environment', async () => {
  await assertFix(
    'import psycopg2\n\nconn = psycopg2.connect(host="db", password="Sup3r-s3cret!")\n',
    'PWS002',
    'Read from environment (os.environ["PASSWORD"])',
    'import os\n\nimport psycopg2\n\nconn = psycopg2.connect(host="db", password=os.environ["PASSWORD"])\n',
  );
});

test('PWS003: a parameter default becomes os.getenv("NAME"), which leaves it optional and never fails at import time', async () => {
  await assertFix(
    'import os\n\ndef connect(host, db_password="Sup3r-s3cret!"):\n    return host, db_password\n',
    'PWS003',
    'Read from environment (os.getenv("DB_PASSWORD"))',
    'import os\n\ndef connect(host, db_password=os.getenv("DB_PASSWORD")):\n    return host, db_password\n',
  );
});

test('the fix is not offered when `os` is a local name that no import can fix', async () => {
  const finding = await onlyFinding('def f(os):\n    password = "Sup3r-s3cret!"\n    return os, password\n', 'PWS001');
  assert.deepEqual(finding.fixes, []);
});

test('secret-names: password names, metadata names and key names', () => {
  for (const name of ['password', 'DB_PASSWORD', 'dbPassword', 'passwd', 'pwd', 'api_token', 'X-Auth-Token', 'SECRET_KEY', 'client_secret', 'passphrase', 'secrete']) {
    assert.ok(namesPassword(name), name);
  }
  for (const name of ['PASSWORD_FIELD', 'token_url', 'TOKEN_TYPE', 'password_min_length', 'CONF_PASSWORD', 'PASSWORD_KEY', 'tokenizer', 'max_tokens', 'author', 'secretary', 'bypass_cache']) {
    assert.ok(!namesPassword(name), name);
  }
});

test('secret-names: values that are not secrets', () => {
  for (const value of ['', '   ', '***', 'xxxx', '<password>', '${DB_PASSWORD}', '$DB_PASSWORD', '{{ token }}', '%(password)s', '{password}', 'your-password-here', 'new_password', 'GITHUB_TOKEN', 'X-Auth-Token', 'Password', 'Enter your password:', 'Invalid token', 'https://auth.example.com/token', '/etc/secret.key', 'DJANGO_SETTINGS_MODULE']) {
    assert.equal(classifySecretValue(value), 'not-secret', value);
  }
  for (const value of ['changeme', 'admin', 'password', 'Passw0rd', '123456']) assert.equal(classifySecretValue(value), 'weak-default', value);
  for (const value of ['Sup3r-s3cret!', 'tok_9Xr2Lq7Vb1', 'correct horse battery staple', 'Bearer abc123', 'postgres://app:pg-pass@db/app', 'hunter2']) {
    assert.equal(classifySecretValue(value), 'secret', value);
  }
});

test('secret-names: masking never completes a secret; environment names', () => {
  assert.equal(maskSecret('tok_9Xr2Lq7Vb1Zz'), 'tok_…');
  assert.equal(maskSecret('hunter2'), 'h…');
  assert.equal(maskSecret('abc'), '…');
  assert.equal(maskSecret('秘密のパスワードです'), '秘密…');
  assert.equal(environmentName('dbPassword'), 'DB_PASSWORD');
  assert.equal(environmentName('X-Auth-Token'), 'X_AUTH_TOKEN');
  assert.equal(environmentName('APIToken'), 'API_TOKEN');
});

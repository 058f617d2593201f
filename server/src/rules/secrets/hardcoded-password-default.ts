import { defineRule } from '../../engine/rule';
import { literalString, reportHardcoded } from './hardcoded-secret';

export default defineRule({
  meta: {
    id: 'PWS003',
    name: 'hardcoded-password-default',
    title: 'Hardcoded password as a parameter default',
    category: 'secrets',
    // Bandit's defaults for B107 (low, medium); well-known default passwords are reported with
    // high confidence.
    severity: 'low',
    confidence: 'medium',
    cwe: 259,
    bandit: 'B107',
    ruff: 'S107',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds function and lambda parameters named like a password (`password`, `db_password`, `token`, `secret`, `passphrase`…, keyword-only ones included) whose default is a non-empty string literal. `None` and empty defaults, placeholders and labels are not reported; well-known defaults (`changeme`, `admin`) get their own message, and the secret never appears in the message.',
      why: 'A default password is used whenever a caller forgets to pass one, so the code quietly works with a credential that everyone who can read the source knows. It cannot be rotated without a release, and it is usually the same everywhere the code runs.',
      example: 'def connect(host, user="app", password="Sup3r-s3cret!"):\n    return psycopg2.connect(host=host, user=user, password=password)',
      safe: 'def connect(host, password, user="app"):\n    return psycopg2.connect(host=host, user=user, password=password)\n\nconnect("db", os.environ["DB_PASSWORD"])',
      references: [
        'https://cwe.mitre.org/data/definitions/259.html',
        'https://cwe.mitre.org/data/definitions/798.html',
        'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password',
      ],
    },
  },
  nodes: ['default_parameter', 'typed_default_parameter'],

  checkNode(parameter, context) {
    const name = parameter.childForFieldName('name');
    const value = parameter.childForFieldName('value');
    if (name?.type !== 'identifier' || !value) return;
    const text = literalString(value);
    if (text === undefined) return;
    reportHardcoded({ literal: value, value: text, name: name.text, subject: `The default of parameter \`${name.text}\` is` }, context, { optional: true });
  },
});

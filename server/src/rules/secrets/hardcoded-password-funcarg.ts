import { defineRule } from '../../engine/rule';
import { literalString, reportHardcoded } from './hardcoded-secret';
import { namesPassword } from './secret-names';
import { isFrameworkSecretKeyArgument } from './framework-secret-key';

export default defineRule({
  meta: {
    id: 'PWS002',
    name: 'hardcoded-password-funcarg',
    title: 'Hardcoded password passed as a keyword argument',
    category: 'secrets',
    // Bandit's defaults for B106 (low, medium); well-known default passwords are reported with
    // high confidence.
    severity: 'low',
    confidence: 'medium',
    cwe: 259,
    bandit: 'B106',
    ruff: 'S106',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds calls that pass a non-empty string literal to a keyword argument named like a password (`password=`, `passwd=`, `db_password=`, `api_token=`, `secret=`, `passphrase=`…). Well-known defaults (`changeme`, `admin`) get their own message; placeholders, labels and field names are not reported, and the secret never appears in the message.',
      why: 'A password written into a call is readable by everyone who can read the code — the repository and its history, packages, container images — cannot be rotated without a release, and is usually the same in every environment.',
      example: 'import psycopg2\n\nconnection = psycopg2.connect(host="db", user="app", password="Sup3r-s3cret!")',
      safe: 'import os\n\nimport psycopg2\n\nconnection = psycopg2.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])',
      references: [
        'https://cwe.mitre.org/data/definitions/259.html',
        'https://cwe.mitre.org/data/definitions/798.html',
        'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password',
      ],
    },
  },
  nodes: ['keyword_argument'],

  checkNode(argument, context) {
    // The name and the literal first: `Node.parent` walks down from the root, and most keyword
    // arguments are not password-named string literals.
    const name = argument.childForFieldName('name');
    const value = argument.childForFieldName('value');
    if (!name || !value || !namesPassword(name.text)) return;
    const text = literalString(value);
    if (text === undefined) return;
    const call = argument.parent?.type === 'argument_list' ? argument.parent.parent : null;
    if (call?.type !== 'call') return;
    if (isFrameworkSecretKeyArgument(name.text, call, context.model)) return;
    const callee = call.childForFieldName('function')?.text ?? '';
    const shown = callee.length > 40 ? `${callee.slice(0, 39)}…` : callee;
    reportHardcoded({ literal: value, value: text, name: name.text, subject: `\`${shown}(${name.text}=…)\` is passed` }, context);
  },
});

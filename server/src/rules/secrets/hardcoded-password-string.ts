import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../engine/rule';
import type { FileRule } from '../../engine/file-rule';
import { enclosing } from '../../engine/sites';
import type { Fixer } from '../../engine/fixer';
import { spellOrImport } from '../transport/spelling';
import { checkConfigValues, literalString, reportHardcoded } from './hardcoded-secret';
import { SECRET_FILE_KINDS } from './detectors/detector';
import { requireVariableFix } from './detectors/environment-fix';
import { classifySecretValue, maskSecret, namesPassword, SECRET_NAME_TOKENS } from './secret-names';
import { isFrameworkSecretKeyTarget } from './framework-secret-key';

/** Environment look-ups whose second argument is returned when the variable is unset. */
const ENVIRONMENT_GETTERS = new Set(['os.environ.get', 'os.getenv']);


const CONSTRUCTS = new Set(['assignment', 'comparison_operator', 'pair']);

const hardcodedPasswordString: Rule & FileRule = {
  meta: {
    id: 'PWS001',
    name: 'hardcoded-password-string',
    title: 'Hardcoded password in an assignment, comparison or dictionary',
    category: 'secrets',
    // Bandit's defaults for B105 (low, medium); well-known default passwords are reported with
    // high confidence.
    severity: 'low',
    confidence: 'medium',
    cwe: 259,
    bandit: 'B105',
    ruff: 'S105',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds non-empty string literals assigned to a name, attribute or key that looks like a password (Bandit\'s words: `password`, `passwd`, `pass`, `passphrase`, `pwd`, `secret`, `token`, as whole words of the name, also in camelCase), compared with one (`==`, `!=`), or stored under such a key in a dictionary — and hardcoded fallbacks of environment look-ups (`os.environ.get("DB_PASSWORD", "dev-pass")`). The same names are checked in configuration files (`.env` files that git does not ignore, INI, `setup.cfg`, TOML, YAML, JSON, workflows): `DB_PASSWORD=…`, `password = …`, `password: …`. Well-known defaults (`changeme`, `admin`, `password`) get their own message. Not reported: field and variable names (`PASSWORD_FIELD = "password"`, `CONF_TOKEN = "token"`, `"GITHUB_TOKEN"`), labels (`"Enter your password:"`), placeholders (`"<password>"`, `"${DB_PASSWORD}"`, `"xxx"`), URLs without credentials, paths, and metadata names (`token_url`, `password_min_length`, `token_type`). The secret itself never appears in the message.',
      why: 'A password in the source is readable by everyone who can read the code: the repository and its whole history, forks, packages, container images, logs of CI builds. It cannot be rotated without a release, is usually the same in every environment, and is one of the first things attackers search leaked code for.',
      example: 'DB_PASSWORD = "Sup3r-s3cret!"\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-key-123")\n\nif password == "letmein42":\n    grant_access()\n\nconfig = {"user": "app", "password": "changeme"}',
      safe: 'import os\n\nDB_PASSWORD = os.environ["DB_PASSWORD"]\nSECRET_KEY = os.environ["SECRET_KEY"]\n\nif hmac.compare_digest(password_hash(password), stored_hash):\n    grant_access()\n\nconfig = {"user": "app", "password": os.environ["DB_PASSWORD"]}',
      references: [
        'https://cwe.mitre.org/data/definitions/259.html',
        'https://cwe.mitre.org/data/definitions/798.html',
        'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password',
      ],
    },
  },
  // Triggered by the words a secret's name contains (rare), not by every assignment, comparison
  // and dictionary entry in every file; the check then looks at the construct the word is in.
  tokens: SECRET_NAME_TOKENS,

  checkToken(token, context) {
    const construct = enclosing(token.node, CONSTRUCTS);
    if (construct) this.checkNode!(construct, context);
  },

  checkNode(node, context) {
    if (node.type === 'assignment') checkAssignment(node, context);
    else if (node.type === 'comparison_operator') checkComparison(node, context);
    else checkPair(node, context);
  },

  // The same check in `.env`, INI, TOML, YAML and JSON files: `DB_PASSWORD=…`, `password: …`.
  kinds: SECRET_FILE_KINDS.filter((kind) => kind !== 'notebook'),

  check(context) {
    checkConfigValues(context, namesPassword, classifySecretValue, 'the hardcoded secret');
  },
};

export default hardcodedPasswordString;

/** `a = password = "x"`, `user, password = "app", "x"`, `self.token: str = "x"`, `cfg["secret"] = "x"`. */
function checkAssignment(assignment: Node, context: RuleContext): void {
  // A chain (`a = password = "x"`) is handled once, from its outermost assignment.
  while (assignment.parent?.type === 'assignment') assignment = assignment.parent;
  const targets: Node[] = [];
  let value: Node | null = assignment;
  while (value?.type === 'assignment') {
    const left = value.childForFieldName('left');
    if (left) targets.push(left);
    value = value.childForFieldName('right');
  }
  if (!value) return;
  if (value.type === 'expression_list') {
    const values = items(value);
    for (const target of targets) {
      if (target.type !== 'pattern_list' && target.type !== 'tuple_pattern') continue;
      const names = items(target);
      if (names.length !== values.length) continue;
      names.forEach((name, index) => checkTargets([name], values[index], context));
    }
    return;
  }
  checkTargets(targets, value, context);
}

function checkTargets(targets: Node[], value: Node, context: RuleContext): void {
  if (value.type === 'call') {
    checkEnvironmentFallback(targets, value, context);
    return;
  }
  const text = literalString(value);
  if (text === undefined) return;
  for (const target of targets) {
    const name = targetName(target);
    if (name === undefined || !namesPassword(name)) continue;
    if (isFrameworkSecretKeyTarget(target)) return;
    // `os.environ["DB_PASSWORD"] = "…"` sets the variable itself: reading it back is no fix.
    const object = target.type === 'subscript' ? target.childForFieldName('value') : null;
    const setsEnvironment = !!object && context.model.resolve(object) === 'os.environ';
    reportHardcoded({ literal: value, value: text, name, subject: `\`${target.text}\` is assigned` }, context, { fix: !setsEnvironment });
    return;
  }
}

/** The name a target binds: `password`, `self.password` → password, `config["password"]` → password. */
function targetName(target: Node): string | undefined {
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text;
  if (target.type === 'subscript') {
    const key = target.childForFieldName('subscript');
    return key ? literalString(key) : undefined;
  }
  return undefined;
}

function items(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
}

/** `if password == "x"`, `if "x" != settings.token`. */
function checkComparison(comparison: Node, context: RuleContext): void {
  const operands = items(comparison);
  const operators = comparison.children.filter((child) => child && !child.isNamed).map((child) => child!.text);
  if (operands.length !== operators.length + 1) return;
  // A chain `password == other == "x"` compares each neighbour with the next.
  const namesAndLiterals = operands.slice(0, -1).flatMap((left, i) => {
    if (operators[i] !== '==' && operators[i] !== '!=') return [];
    const right = operands[i + 1];
    return [[left, right], [right, left]] as const;
  });
  // A literal compared with any name in the chain that names a password.
  const chained = operators.every((operator) => operator === '==');
  const pairs = chained ? operands.flatMap((name) => operands.filter((o) => o.id !== name.id).map((literal) => [name, literal] as const)) : namesAndLiterals;
  for (const [name, literal] of pairs) {
    const text = literalString(literal);
    const target = targetName(name);
    if (text === undefined || target === undefined) continue;
    if (reportHardcoded({ literal, value: text, name: target, subject: `\`${name.text}\` is compared with` }, context)) return;
  }
}

/** `{"password": "x"}` */
function checkPair(pair: Node, context: RuleContext): void {
  const key = pair.childForFieldName('key');
  const value = pair.childForFieldName('value');
  if (!key || !value) return;
  const name = literalString(key);
  const text = literalString(value);
  if (name === undefined || text === undefined) return;
  // `{"username": "username", "password": "password"}` maps field names, it holds no credential.
  if (text === name && pair.parent && items(pair.parent).some((other) => other.id !== pair.id && other.type === 'pair' && isSelfMapped(other))) return;
  reportHardcoded({ literal: value, value: text, name, subject: `The \`${key.text}\` entry holds` }, context);
}

function isSelfMapped(pair: Node): boolean {
  const key = pair.childForFieldName('key');
  const value = pair.childForFieldName('value');
  if (!key || !value) return false;
  const name = literalString(key);
  return name !== undefined && name === literalString(value);
}

/** `SECRET_KEY = os.environ.get("SECRET_KEY", "dev-key")`: a hardcoded secret for when the variable is unset. */
function checkEnvironmentFallback(targets: Node[], call: Node, context: RuleContext): void {
  const callee = call.childForFieldName('function');
  if (!callee || !ENVIRONMENT_GETTERS.has(context.model.resolve(callee) ?? '')) return;
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return;
  const list = items(args);
  const variable = list[0]?.type === 'keyword_argument' ? undefined : list[0];
  const fallback = list.length === 2 && list[1].type !== 'keyword_argument' ? list[1] : list.find((a) => a.type === 'keyword_argument' && ['default', 'failobj'].includes(a.childForFieldName('name')?.text ?? ''))?.childForFieldName('value');
  if (!variable || !fallback) return;
  const text = literalString(fallback);
  if (text === undefined) return;
  const variableName = literalString(variable);
  const names = [...targets.map(targetName), variableName].filter((n): n is string => n !== undefined);
  const name = names.find(namesPassword);
  if (name === undefined) return;
  const kind = classifySecretValue(text, name);
  if (kind === 'not-secret') return;
  const shown = kind === 'weak-default' ? 'a well-known default password' : `the hardcoded secret \`${maskSecret(text)}\``;
  context.report(fallback, {
    message: `\`${callee.text}(${variable.text}, …)\` falls back to ${shown} when the variable is unset: a deployment that forgets it silently runs with a secret anyone can read in the source. Require the variable (\`os.environ[${variable.text}]\`) so that a missing secret fails loudly.`,
    confidence: kind === 'weak-default' ? 'high' : undefined,
    fix: (fixer) => requireVariableFix(call, variable, context, fixer),
  });
}

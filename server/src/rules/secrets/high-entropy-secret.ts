import type { Node } from 'web-tree-sitter';
import type { FileRule } from '../../engine/file-rule';
import type { Rule, RuleContext } from '../../engine/rule';
import { caseVariants, enclosing, type TokenSite } from '../../engine/sites';
import { stringLiteral } from '../../engine/semantic/bindings';
import { CWE_798, REVOKE_REMINDER, SECRET_FILE_KINDS } from './detectors/detector';
import { isHighEntropySecret } from './detectors/entropy';
import { matchesProviderFormat } from './detectors/provider-registry';
import { targetName } from './detectors/python-literal';
import { checkConfigValues, environmentFix } from './hardcoded-secret';
import { environmentName, maskSecret, namesKey, namesPassword } from './secret-names';

const CONSTRUCTS = new Set(['assignment', 'pair', 'keyword_argument', 'default_parameter', 'typed_default_parameter']);

/** A name the key-like words make secret, and Bandit's password words do not (PWS001–PWS003 report those). */
const wantsName = (name: string) => namesKey(name) && !namesPassword(name);

const highEntropySecret: Rule & FileRule = {
  meta: {
    id: 'PWS004',
    name: 'high-entropy-secret',
    title: 'Random-looking key or credential assigned to a secret-like name',
    category: 'secrets',
    severity: 'medium',
    confidence: 'medium',
    cwe: 798,
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds random-looking values — hexadecimal strings of 20 characters or more, or base64-like strings of 16 or more with letters and digits and high Shannon entropy — given to names that hold keys and credentials by other words than passwords: `api_key`, `apiKey`, `x-api-key`, `client_key`, `encryption_key`, `license_key`, `credentials`, `auth`. Python assignments, dictionary entries, keyword arguments and parameter defaults are checked, and so are `.env`, INI, TOML, YAML and JSON files. Placeholders and values a provider\'s rule recognises (PWS101–PWS135) are left to those.',
      why: 'An API key in the code is readable by everyone who can read the repository, its history, and every package and image built from it; it usually works from anywhere, and rotating it takes a release.',
      example: 'WEATHER_API_KEY = "4f9c2a7e1b8d3f6a0c5e9b2d7a1f4c8e"\nclient = Weather(api_key="q8ZtN3vR7xL2mK9pW4sY6bD1")',
      safe: 'import os\n\nWEATHER_API_KEY = os.environ["WEATHER_API_KEY"]\nclient = Weather(api_key=os.environ["WEATHER_CLIENT_KEY"])',
      references: [CWE_798, 'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password', 'https://github.com/Yelp/detect-secrets#plugins'],
    },
  },
  tokens: caseVariants(['key', 'auth', 'cred']),

  checkToken(token: TokenSite, context: RuleContext) {
    const construct = enclosing(token.node, CONSTRUCTS);
    if (!construct) return;
    const binding = bindingOf(construct);
    // The token must be in the name: a value that mentions `key` is not this rule's business.
    if (!binding || token.start < binding.nameNode.startIndex || token.start >= binding.nameNode.endIndex) return;
    const value = stringLiteral(binding.literal);
    if (value === undefined || !wantsName(binding.name) || !isHighEntropySecret(value) || matchesProviderFormat(value, { name: binding.name })) return;
    const variable = environmentName(binding.name);
    context.report(binding.literal, {
      message: `\`${binding.name}\` holds the random-looking hardcoded key \`${maskSecret(value)}\`: anyone who can read the code, its history or a package of it can use it. Read it from the environment (\`os.environ["${variable}"]\`) or a secret store; if it was ever committed, ${REVOKE_REMINDER}.`,
      fix: (fixer) => environmentFix(binding.literal, variable, context, fixer, binding.optional),
    });
  },

  kinds: SECRET_FILE_KINDS.filter((kind) => kind !== 'notebook'),

  check(context) {
    checkConfigValues(context, wantsName, (value) => (isHighEntropySecret(value) ? 'secret' : 'not-secret'), 'the random-looking key');
  },
};

export default highEntropySecret;

interface Binding {
  name: string;
  nameNode: Node;
  literal: Node;
  optional: boolean;
}

/** `api_key = "…"`, `{"api_key": "…"}`, `f(api_key="…")`, `def f(api_key="…")`: the name and the literal. */
function bindingOf(construct: Node): Binding | undefined {
  const field = (name: string) => construct.childForFieldName(name);
  let nameNode: Node | null;
  let literal: Node | null;
  let name: string | undefined;
  if (construct.type === 'assignment') {
    nameNode = field('left');
    literal = field('right');
    name = nameNode ? targetName(nameNode) : undefined;
  } else if (construct.type === 'pair') {
    nameNode = field('key');
    literal = field('value');
    name = nameNode ? stringLiteral(nameNode) : undefined;
  } else {
    nameNode = field('name');
    literal = field('value');
    name = nameNode?.text;
  }
  if (!nameNode || !literal || name === undefined || (literal.type !== 'string' && literal.type !== 'concatenated_string')) return undefined;
  return { name, nameNode, literal, optional: construct.type === 'default_parameter' || construct.type === 'typed_default_parameter' };
}

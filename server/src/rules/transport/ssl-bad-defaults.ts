import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';

/** Bandit's `bad_protocol_versions` (B502/B503): names of broken protocol selectors, by their last segment. */
const BAD_VERSIONS: Record<string, string> = {
  PROTOCOL_SSLv2: 'SSL 2.0',
  PROTOCOL_SSLv3: 'SSL 3.0',
  PROTOCOL_TLSv1: 'TLS 1.0',
  PROTOCOL_TLSv1_1: 'TLS 1.1',
  SSLv2_METHOD: 'SSL 2.0',
  SSLv23_METHOD: 'SSL 2.0 and 3.0 unless OP_NO_SSLv2/OP_NO_SSLv3 are set',
  SSLv3_METHOD: 'SSL 3.0',
  TLSv1_METHOD: 'TLS 1.0',
  TLSv1_1_METHOD: 'TLS 1.1',
};

/** The same selectors as qualified names, for references resolved through imports. */
const QUALIFIED = [
  ...['PROTOCOL_SSLv2', 'PROTOCOL_SSLv3', 'PROTOCOL_TLSv1', 'PROTOCOL_TLSv1_1'].map((name) => `ssl.${name}`),
  ...['SSLv2_METHOD', 'SSLv23_METHOD', 'SSLv3_METHOD', 'TLSv1_METHOD', 'TLSv1_1_METHOD'].map((name) => `OpenSSL.SSL.${name}`),
];

const DEFAULT_PARAMETERS = ['default_parameter', 'typed_default_parameter'];

export default defineRule({
  meta: {
    id: 'PW513',
    name: 'ssl-bad-defaults',
    title: 'Function whose parameter defaults to a broken SSL/TLS version',
    category: 'transport',
    // Bandit B503: MEDIUM/MEDIUM. Confidence high when the default resolves through the imports
    // to an `ssl` or pyOpenSSL selector; medium (Bandit's) when only its last name matches.
    severity: 'medium',
    confidence: 'medium',
    cwe: 327,
    bandit: 'B503',
    ruff: 'S503',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds function (and lambda) parameters whose default value is a broken protocol selector: `ssl.PROTOCOL_SSLv2`, `PROTOCOL_SSLv3`, `PROTOCOL_TLSv1`, `PROTOCOL_TLSv1_1`, or pyOpenSSL\'s `SSLv2_METHOD`, `SSLv23_METHOD`, `SSLv3_METHOD`, `TLSv1_METHOD`, `TLSv1_1_METHOD`, as in `def connect(host, ssl_version=ssl.PROTOCOL_SSLv3)`. (PW504 also reports these names wherever they are used.)',
      why: 'A default is what every caller gets without asking: each call that does not pass a version negotiates SSL 2.0/3.0 (DROWN, POODLE) or TLS 1.0/1.1 (deprecated by RFC 8996), which a network attacker can downgrade to and decrypt or tamper with. Callers rarely read a helper\'s defaults, so the weak protocol spreads silently.',
      example: 'import ssl\n\ndef connect(sock, ssl_version=ssl.PROTOCOL_TLSv1):\n    return ssl.SSLContext(ssl_version).wrap_socket(sock)',
      safe: 'import ssl\n\ndef connect(sock, host, context=None):\n    context = context or ssl.create_default_context()  # TLS 1.2+, certificates checked\n    return context.wrap_socket(sock, server_hostname=host)',
      references: [
        'https://cwe.mitre.org/data/definitions/327.html',
        'https://docs.python.org/3/library/ssl.html#ssl.create_default_context',
        'https://www.rfc-editor.org/rfc/rfc8996',
      ],
    },
  },
  references: QUALIFIED,
  // Defaults the imports do not explain (`SSLv3_METHOD` from a wrapper module): Bandit's last-name test.
  nodes: DEFAULT_PARAMETERS,

  checkReference(reference, context) {
    const parameter = defaultOf(reference.node);
    if (!parameter) return;
    report(parameter, reference.node, reference.qualifiedName, 'high', context);
  },

  checkNode(node, context) {
    const value = node.childForFieldName('value');
    if (!value || (value.type !== 'identifier' && value.type !== 'attribute')) return;
    const resolved = context.model.resolve(value);
    if (resolved !== undefined && QUALIFIED.includes(resolved)) return; // checkReference's
    const last = value.type === 'attribute' ? value.childForFieldName('attribute')?.text : value.text;
    if (!last || !(last in BAD_VERSIONS)) return;
    report(node, value, last, 'medium', context);
  },
});

/** The default parameter whose value is `node`, if it is one. */
function defaultOf(node: Node): Node | undefined {
  const parent = node.parent;
  if (!parent || !DEFAULT_PARAMETERS.includes(parent.type)) return undefined;
  return parent.childForFieldName('value')?.id === node.id ? parent : undefined;
}

function report(parameter: Node, value: Node, name: string, confidence: 'high' | 'medium', context: RuleContext): void {
  const last = name.slice(name.lastIndexOf('.') + 1);
  const parameterName = parameter.childForFieldName('name')?.text ?? 'the parameter';
  let fn: Node | null = parameter.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'lambda') fn = fn.parent;
  const owner = fn?.type === 'function_definition' ? `\`${fn.childForFieldName('name')?.text}\`` : 'The lambda';
  context.report(parameter, {
    message: `${owner} defaults \`${parameterName}\` to a broken TLS/SSL version; default to \`None\` and TLS 1.2+.`,
    confidence,
  });
}

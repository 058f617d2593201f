import { defineRule } from '../../engine/rule';
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import { isBindingName, isComparisonOperand, replaceLastName } from './spelling';

/** Protocol selectors of the ssl module that pin a broken protocol version. */
const SSL_PROTOCOLS = ['ssl.PROTOCOL_SSLv2', 'ssl.PROTOCOL_SSLv3', 'ssl.PROTOCOL_TLSv1', 'ssl.PROTOCOL_TLSv1_1'];
/** `ssl.TLSVersion` members for broken versions (used as minimum or maximum versions). */
const TLS_VERSIONS = ['ssl.TLSVersion.SSLv3', 'ssl.TLSVersion.TLSv1', 'ssl.TLSVersion.TLSv1_1'];
/** pyOpenSSL methods that pin a broken protocol version. */
const OPENSSL_METHODS = ['OpenSSL.SSL.SSLv2_METHOD', 'OpenSSL.SSL.SSLv3_METHOD', 'OpenSSL.SSL.TLSv1_METHOD', 'OpenSSL.SSL.TLSv1_1_METHOD'];

const VERSION_NAMES: Record<string, string> = {
  SSLv2: 'SSL 2.0',
  SSLv3: 'SSL 3.0',
  TLSv1: 'TLS 1.0',
  TLSv1_1: 'TLS 1.1',
};

function versionOf(qualifiedName: string): string {
  const last = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1).replace(/^PROTOCOL_/, '').replace(/_METHOD$/, '');
  return VERSION_NAMES[last] ?? last;
}

export default defineRule({
  meta: {
    id: 'PW504',
    name: 'insecure-tls-version',
    title: 'Broken SSL/TLS protocol version',
    category: 'transport',
    // Bandit B502 (ssl_with_bad_version): HIGH/HIGH. `ssl.wrap_socket` is reported with
    // severity medium: Bandit's B504 rates an unversioned call LOW because it only considers
    // the protocol default, but the function also defaults to `cert_reqs=CERT_NONE` and never
    // checks the host name.
    severity: 'high',
    confidence: 'high',
    cwe: 327,
    bandit: 'B502',
    ruff: 'S502',
    alsoCovers: ['B504', 'S504'],
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds references to `ssl.PROTOCOL_SSLv2`, `PROTOCOL_SSLv3`, `PROTOCOL_TLSv1`, `PROTOCOL_TLSv1_1`, to `ssl.TLSVersion.SSLv3` / `TLSv1` / `TLSv1_1`, and to pyOpenSSL\'s `SSLv2_METHOD`, `SSLv3_METHOD`, `TLSv1_METHOD`, `TLSv1_1_METHOD`, wherever they are used; and calls of the deprecated `ssl.wrap_socket`.',
      why: 'SSL 2.0 and 3.0 are broken (DROWN, POODLE) and TLS 1.0 and 1.1 were deprecated by RFC 8996: they rely on weak constructions (CBC with predictable IVs, MD5/SHA-1 handshakes) that let a network attacker decrypt or tamper with traffic, and pinning them also blocks newer versions. `ssl.wrap_socket` (removed in Python 3.12) verifies no certificate by default and never checks the host name.',
      example: 'import ssl\n\ncontext = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\ncontext.minimum_version = ssl.TLSVersion.TLSv1\ntls = ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)',
      safe: 'import ssl\n\ncontext = ssl.create_default_context()  # TLS 1.2+, certificates and host names checked\ncontext.minimum_version = ssl.TLSVersion.TLSv1_2\ntls = context.wrap_socket(sock, server_hostname="example.com")',
      references: [
        'https://cwe.mitre.org/data/definitions/327.html',
        'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version',
        'https://docs.python.org/3/library/ssl.html#protocol-versions',
        'https://www.rfc-editor.org/rfc/rfc8996',
        'https://www.pyopenssl.org/en/stable/api/ssl.html',
      ],
    },
  },
  // Whether the context is a client's: the function's later `wrap_socket` calls.
  reads: ['function'],
  calls: ['ssl.wrap_socket'],
  references: [...SSL_PROTOCOLS, ...TLS_VERSIONS, ...OPENSSL_METHODS],

  checkCall(call, context) {
    // `ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_SSLv3)`: the protocol's finding says it all; one per line.
    const version = call.keyword('ssl_version') ?? call.positional(5);
    const pinned = version ? context.model.resolve(version.value) : undefined;
    if (pinned !== undefined && SSL_PROTOCOLS.includes(pinned)) return;
    context.report(call.node, {
      message: `\`${call.callee.text}\` checks no certificate or host name (removed in 3.12); use \`SSLContext.wrap_socket\`.`,
      severity: 'medium',
    });
  },

  checkReference(reference, context) {
    const { node, qualifiedName } = reference;
    if (isComparisonOperand(node) || isBindingName(node)) return;
    // A parameter's default is PW513's (ssl-bad-defaults): one finding per default, not two.
    if (isParameterDefault(node)) return;
    const version = versionOf(qualifiedName);
    if (qualifiedName.startsWith('ssl.TLSVersion.')) {
      const assigned = assignedAttribute(node);
      const minimum = assigned === 'minimum_version';
      context.report(node, {
        message:
          assigned === 'maximum_version'
            ? `\`${node.text}\` caps connections at ${version}, a broken version; remove the cap and require TLS 1.2 or later.`
            : `\`${node.text}\` allows ${version}, a broken version attackers downgrade to; require TLS 1.2 or later.`,
        fix: minimum
          ? (fixer) => {
              const edits = replaceLastName(node, qualifiedName, 'TLSv1_2', context, fixer);
              return edits ? [fixer.unsafe('Require TLS 1.2 or later', 'peers without TLS 1.2 can no longer connect', edits)] : [];
            }
          : undefined,
      });
      return;
    }
    if (qualifiedName.startsWith('OpenSSL.')) {
      context.report(node, {
        message: `\`${node.text}\` pins ${version}, a broken protocol version; use \`SSL.TLS_CLIENT_METHOD\` with a TLS 1.2 minimum.`,
      });
      return;
    }
    const client = clientContext(node, context);
    context.report(node, {
      message: client
        ? `\`${node.text}\` pins ${version}, a broken protocol version; use \`ssl.PROTOCOL_TLS_CLIENT\` (TLS 1.2+, checked).`
        : `\`${node.text}\` pins ${version}, a broken protocol version; use \`ssl.create_default_context()\` or TLS 1.2+.`,
      details: client
        ? undefined
        : 'No automatic rewrite: this is not clearly a client context (no later `wrap_socket` with `server_hostname`), and `PROTOCOL_TLS_CLIENT` refuses server use.',
      fix: client ? (fixer) => clientFix(node, qualifiedName, context, fixer) : undefined,
    });
  },
});

/** The attribute a reference is assigned to: `ctx.minimum_version = <node>` → "minimum_version". */
function assignedAttribute(node: Node): string | undefined {
  const assignment = node.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== node.id) return undefined;
  const left = assignment.childForFieldName('left');
  return left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : undefined;
}

/**
 * Whether `node` is the protocol of a client context: `name = ssl.SSLContext(<node>)` where the
 * same scope later calls `name.wrap_socket(…, server_hostname=…)` and not `server_side=True`.
 */
function clientContext(node: Node, context: RuleContext): boolean {
  const list = node.parent;
  const call = list?.type === 'argument_list' ? list.parent : list?.type === 'keyword_argument' ? list.parent?.parent : undefined;
  if (!call || call.type !== 'call') return false;
  if (list?.type === 'argument_list' && list.namedChildren.find((c) => c?.type !== 'comment')?.id !== node.id) return false;
  if (list?.type === 'keyword_argument' && list.childForFieldName('name')?.text !== 'protocol') return false;
  const fn = call.childForFieldName('function');
  if (!fn || context.model.resolve(fn) !== 'ssl.SSLContext') return false;
  const assignment = call.parent;
  const target = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === call.id ? assignment.childForFieldName('left') : undefined;
  if (target?.type !== 'identifier') return false;
  let scope: Node | null = assignment!.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  if (!scope) return false;
  let client = false;
  for (const wrap of scope.descendantsOfType('call')) {
    if (!wrap || wrap.startIndex < call.endIndex) continue;
    const callee = wrap.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('object')?.text !== target.text) continue;
    if (callee.childForFieldName('attribute')?.text !== 'wrap_socket') continue;
    const keywords = (wrap.childForFieldName('arguments')?.namedChildren ?? []).filter((c) => c?.type === 'keyword_argument');
    const named = (name: string) => keywords.find((k) => k?.childForFieldName('name')?.text === name);
    const serverSide = named('server_side');
    if (serverSide && context.model.literal(serverSide.childForFieldName('value')!)?.value !== false) return false;
    if (named('server_hostname')) client = true;
  }
  return client;
}

/** `ssl.SSLContext(ssl.PROTOCOL_TLSv1)` → `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`. */
function clientFix(node: Node, qualifiedName: string, context: RuleContext, fixer: Fixer): Fix[] {
  const edits = replaceLastName(node, qualifiedName, 'PROTOCOL_TLS_CLIENT', context, fixer);
  // Not preferred: a PROTOCOL_TLS_CLIENT context requires a valid certificate, so the
  // connection fails until the server's CA is loaded.
  return edits ? [fixer.unsafe('Use ssl.PROTOCOL_TLS_CLIENT', 'certificates and host names are now verified', edits)] : [];
}

/** Whether `node` is (part of) the default value of a function parameter. */
function isParameterDefault(node: Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') return parent.childForFieldName('value')?.id === child.id;
    if (parent.type.endsWith('statement') || parent.type === 'block' || parent.type === 'parameters') return false;
  }
  return false;
}

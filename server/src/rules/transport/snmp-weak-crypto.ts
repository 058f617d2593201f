import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';

/** pysnmp's "no authentication" and "no privacy" protocol constants, old and new names. */
const NO_AUTH = new Set(['usmNoAuthProtocol', 'USM_AUTH_NONE']);
const NO_PRIV = new Set(['usmNoPrivProtocol', 'USM_PRIV_NONE']);

export default defineRule({
  meta: {
    id: 'PW511',
    name: 'snmp-weak-crypto',
    title: 'SNMPv3 user without encryption (noAuthNoPriv / authNoPriv)',
    category: 'transport',
    // Bandit B509: MEDIUM/HIGH, when `UsmUserData` has fewer than three positional arguments.
    // Here the keys are found by position or keyword, and an explicit "no auth"/"no privacy"
    // protocol or a `None` key counts as missing.
    severity: 'medium',
    confidence: 'high',
    cwe: 319,
    bandit: 'B509',
    ruff: 'S509',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds pysnmp `UsmUserData(...)` without a privacy key (`privKey`), or with `privProtocol=usmNoPrivProtocol` / `authProtocol=usmNoAuthProtocol`: the SNMPv3 `noAuthNoPriv` and `authNoPriv` security levels.',
      why: 'Without a privacy key SNMPv3 sends every request and response unencrypted, so anyone on the path reads the device\'s data (and, without an authentication key, can also forge requests as that user, which is no better than a v2c community string). `authPriv`, with both keys, authenticates and encrypts each message.',
      example: 'from pysnmp.hlapi import UsmUserData\n\nreader = UsmUserData("monitor", auth_key)',
      safe: 'from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMACSHAAuthProtocol\n\nreader = UsmUserData(\n    "monitor",\n    auth_key,\n    priv_key,\n    authProtocol=usmHMACSHAAuthProtocol,\n    privProtocol=usmAesCfb128Protocol,\n)',
      references: [
        'https://cwe.mitre.org/data/definitions/319.html',
        'https://www.rfc-editor.org/rfc/rfc3414',
        'https://github.com/lextudio/pysnmp',
      ],
    },
  },
  calls: ['pysnmp.**.UsmUserData'],

  checkCall(call, context) {
    if (!call.qualifiedName!.startsWith('pysnmp.hlapi.')) return;
    const name = call.callee.text;
    const authKey = call.argument(1, 'authKey');
    const privKey = call.argument(2, 'privKey');
    const authProtocol = call.argument(3, 'authProtocol');
    const privProtocol = call.argument(4, 'privProtocol');
    const noAuth = isNone(authKey?.value, context) || names(authProtocol?.value, NO_AUTH, context);
    const noPriv = isNone(privKey?.value, context) || names(privProtocol?.value, NO_PRIV, context);
    if (!noAuth && !noPriv) return;
    // A key could arrive through *args/**kwargs.
    if ((call.hasStarArgs || call.hasStarKwargs) && (!authKey || !privKey)) return;
    const level = noAuth ? 'noAuthNoPriv' : 'authNoPriv';
    context.report(call.node, {
      message: noAuth
        ? `\`${name}\` sets up an SNMPv3 user without authentication or encryption; give SHA auth and AES privacy keys.`
        : `\`${name}\` sets up an SNMPv3 user without encryption, so traffic is readable; give an AES privacy key.`,
    });
  },
});

/** A missing argument or an explicit `None`. */
function isNone(node: Node | undefined, context: RuleContext): boolean {
  return node === undefined || context.model.literal(node)?.value === null;
}

/** Whether an argument names one of pysnmp's constants (by its last name). */
function names(node: Node | undefined, constants: ReadonlySet<string>, context: RuleContext): boolean {
  if (!node) return false;
  const name = context.model.resolve(node);
  if (name === undefined || !name.startsWith('pysnmp.')) return false;
  return constants.has(name.slice(name.lastIndexOf('.') + 1));
}

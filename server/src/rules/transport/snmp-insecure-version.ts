import { defineRule } from '../../engine/rule';

const VERSIONS: Record<number, string> = { 0: 'SNMPv1', 1: 'SNMPv2c' };

export default defineRule({
  meta: {
    id: 'PW510',
    name: 'snmp-insecure-version',
    title: 'SNMPv1/v2c community-string authentication (pysnmp CommunityData)',
    category: 'transport',
    // Bandit B508: MEDIUM/HIGH, for `mpModel=0` or `mpModel=1` only. Reported here for every
    // `CommunityData`: without `mpModel` it is SNMPv2c (pysnmp's default), and 0 and 1 are the
    // only versions community-based security exists for.
    severity: 'medium',
    confidence: 'high',
    cwe: 319,
    bandit: 'B508',
    ruff: 'S508',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds pysnmp `CommunityData(...)` (from `pysnmp.hlapi` and its `asyncio`/`v1arch`/`v3arch` variants): SNMPv1 with `mpModel=0`, SNMPv2c with `mpModel=1` or by default.',
      why: 'SNMPv1 and v2c authenticate with a community string that is sent in clear text in every packet, with no encryption and no integrity protection. Anyone who can see the traffic learns the community and can then read the device\'s whole configuration and state (interfaces, routes, ARP tables, sometimes credentials), and with a write community reconfigure it. SNMPv3 (`UsmUserData` with authentication and privacy keys) authenticates each user and encrypts the payload.',
      example: 'from pysnmp.hlapi import CommunityData, SnmpEngine, UdpTransportTarget, getCmd\n\nauth = CommunityData("public", mpModel=0)',
      safe: 'from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMACSHAAuthProtocol\n\nauth = UsmUserData(\n    "monitor",\n    auth_key,\n    priv_key,\n    authProtocol=usmHMACSHAAuthProtocol,\n    privProtocol=usmAesCfb128Protocol,\n)',
      references: [
        'https://cwe.mitre.org/data/definitions/319.html',
        'https://www.cisa.gov/news-events/alerts/2017/06/05/reducing-risk-snmp-abuse',
        'https://github.com/lextudio/pysnmp',
      ],
    },
  },
  calls: ['pysnmp.**.CommunityData'],

  checkCall(call, context) {
    if (!call.qualifiedName!.startsWith('pysnmp.hlapi.')) return;
    const name = call.callee.text;
    const model = call.argument(2, 'mpModel');
    if (!model && (call.hasStarArgs || call.hasStarKwargs)) return;
    const value = model ? context.model.literal(model.value)?.value : 1;
    const version = typeof value === 'number' ? VERSIONS[value] : undefined;
    if (model && typeof value === 'number' && !version) return; // not a valid message processing model
    const which = version ? `${version}${model ? '' : ' (the default)'}` : 'SNMPv1 or v2c';
    context.report(call.node, {
      message: `\`${name}\` uses ${which} community strings, sent in clear text; use SNMPv3 with auth and privacy keys.`,
    });
  },
});

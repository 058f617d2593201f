import { defineRule } from '../../engine/rule';
import { FROM_NETWORK, isRoundTrip, loadsNetworkContent } from './untrusted-data';

export default defineRule({
  meta: {
    id: 'PW103',
    name: 'marshal-load',
    title: 'Deserialization with marshal',
    category: 'deserialization',
    // Bandit's defaults for B302 (medium, high); raised to high when the data comes from the network.
    severity: 'medium',
    confidence: 'high',
    cwe: 502,
    bandit: 'B302',
    ruff: 'S302',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `marshal.load` and `marshal.loads`.',
      why: 'marshal is the format of Python\'s own `.pyc` files and is documented as not secure against erroneous or maliciously constructed data: crafted input can crash or corrupt the interpreter, and it can build code objects that run attacker-written bytecode as soon as something executes them. Its format also changes between Python versions.',
      example: 'import marshal\n\ndef receive(sock):\n    return marshal.loads(sock.recv(65536))',
      safe: 'import json\n\ndef receive(sock):\n    return json.loads(sock.recv(65536))',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://docs.python.org/3/library/marshal.html',
      ],
    },
  },
  calls: ['marshal.load', 'marshal.loads'],

  checkCall(call, context) {
    const callee = call.callee.text;
    const parameter = call.qualifiedName === 'marshal.loads' ? 'bytes' : 'file';
    if (isRoundTrip(call, 0, parameter, context.model, ['marshal.dumps'])) return;
    if (loadsNetworkContent(call, 0, parameter, context.model)) {
      context.report(call.node, {
        message: `\`${callee}\` unmarshals downloaded content, and marshal is unsafe against crafted data; exchange data as JSON.`,
        severity: 'high',
      });
      return;
    }
    context.report(call.node, {
      message: `\`${callee}\` is unsafe against crafted data (crashes, code objects); use it only for data this program wrote.`,
    });
  },
});

import { defineRule } from '../../engine/rule';
import { FROM_NETWORK, loadsNetworkContent } from './untrusted-data';

export default defineRule({
  meta: {
    id: 'PW107',
    name: 'jsonpickle-decode',
    title: 'Deserialization with jsonpickle',
    category: 'deserialization',
    // Bandit's defaults for jsonpickle in B301 (medium, high); raised to high when the JSON is
    // fetched over the network.
    severity: 'medium',
    confidence: 'high',
    cwe: 502,
    bandit: 'B301',
    ruff: 'S301',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `jsonpickle.decode` (and its alias `jsonpickle.loads`), `jsonpickle.unpickler.decode` and `jsonpickle.unpickler.Unpickler`.',
      why: 'jsonpickle looks like JSON but restores arbitrary Python objects: tags such as `py/object`, `py/reduce` and `py/function` make the decoder import classes and call functions named in the document. A request body, cookie or message decoded with it lets the sender run code on the server.',
      example: 'import jsonpickle\n\n@app.route("/cart", methods=["POST"])\ndef update_cart():\n    cart = jsonpickle.decode(request.get_data(as_text=True))\n    return save(cart)',
      safe: 'import json\n\n@app.route("/cart", methods=["POST"])\ndef update_cart():\n    data = json.loads(request.get_data(as_text=True))\n    cart = Cart(items=[Item(**item) for item in data["items"]])\n    return save(cart)',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://jsonpickle.github.io/',
        'https://github.com/jsonpickle/jsonpickle#security',
      ],
    },
  },
  calls: ['jsonpickle.decode', 'jsonpickle.loads', 'jsonpickle.unpickler.decode', 'jsonpickle.unpickler.Unpickler'],

  checkCall(call, context) {
    const callee = call.callee.text;
    if (call.qualifiedName !== 'jsonpickle.unpickler.Unpickler' && loadsNetworkContent(call, 0, 'string', context.model)) {
      context.report(call.node, {
        message: `\`${callee}\` decodes downloaded jsonpickle: its server can run code here; parse it with \`json.loads\` instead.`,
        severity: 'high',
      });
      return;
    }
    context.report(call.node, {
      message: `\`${callee}\` rebuilds any object the data names (code execution); use \`json.loads\`.`,
    });
  },
});

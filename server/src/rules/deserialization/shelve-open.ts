import { defineRule } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'PW102',
    name: 'shelve-open',
    title: 'Shelf opened (values are pickles)',
    category: 'deserialization',
    // Bandit's defaults for shelve in B301 (medium, high).
    severity: 'medium',
    confidence: 'high',
    cwe: 502,
    bandit: 'B301',
    ruff: 'S301',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `shelve.open` and `shelve.DbfilenameShelf`, which store every value with pickle.',
      why: 'Reading a value from a shelf unpickles it, and unpickling can call any Python function. Whoever can replace or write the shelf file (a shared or world-writable directory, a file that came with an upload or a download) runs code with the privileges of the program the next time it reads from the shelf.',
      example: 'import shelve\n\nwith shelve.open(os.path.join(upload_dir, "session")) as db:\n    cart = db["cart"]',
      safe: 'import json\nimport sqlite3\n\n# Data-only storage: values cannot carry code.\nwith sqlite3.connect(DB_PATH) as db:\n    row = db.execute("SELECT cart FROM sessions WHERE id = ?", (session_id,)).fetchone()\n    cart = json.loads(row[0])',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://docs.python.org/3/library/shelve.html',
        'https://docs.python.org/3/library/pickle.html',
      ],
    },
  },
  calls: ['shelve.open', 'shelve.DbfilenameShelf'],

  checkCall(call, context) {
    context.report(call.node, {
      message: `\`${call.callee.text}\` stores values with pickle: a shelf file others can write runs their code; keep it private.`,
    });
  },
});

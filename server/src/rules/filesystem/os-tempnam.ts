import { defineRule } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'PW954',
    name: 'os-tempnam',
    title: 'Temporary file name from os.tempnam / os.tmpnam',
    category: 'filesystem',
    // Bandit's defaults for B325 (medium, high); Bandit has since dropped the check with
    // Python 2, and Ruff has no equivalent.
    severity: 'medium',
    confidence: 'high',
    cwe: 377,
    bandit: 'B325',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds calls of `os.tempnam` and `os.tmpnam` (Python 2 only; both were removed in Python 3).',
      why: 'Like `tempfile.mktemp`, these only return a name: another local user can create that path, or a symlink there, before the program opens it, and the program then writes through their file. Python 2 itself warns that they are vulnerable to symlink attacks.',
      example: 'import os\n\npath = os.tempnam("/var/tmp", "job")\nwith open(path, "w") as out:\n    out.write(data)',
      safe: 'import os\nimport tempfile\n\nfd, path = tempfile.mkstemp(dir="/var/tmp", prefix="job")\nwith os.fdopen(fd, "w") as out:\n    out.write(data)',
      references: [
        'https://cwe.mitre.org/data/definitions/377.html',
        'https://docs.python.org/2.7/library/os.html#os.tempnam',
        'https://docs.python.org/3/library/tempfile.html#tempfile.mkstemp',
      ],
    },
  },
  calls: ['os.tempnam', 'os.tmpnam'],

  checkCall(call, context) {
    context.report(call.node, {
      message: `\`${call.callee.text}\` only picks a name another user can take first (Python 2 only); use \`tempfile.mkstemp()\`.`,
    });
  },
});

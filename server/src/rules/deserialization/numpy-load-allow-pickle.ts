import { defineRule } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'PW106',
    name: 'numpy-load-allow-pickle',
    title: 'numpy.load with allow_pickle=True',
    category: 'deserialization',
    // No Bandit or Ruff check. Rated like PW105's explicit `weights_only=False`: the call turns
    // off a safe default (False since NumPy 1.16.3, the fix for CVE-2019-6446), and .npy/.npz
    // files are routinely downloaded datasets and features.
    severity: 'high',
    confidence: 'high',
    cwe: 502,
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `numpy.load(..., allow_pickle=True)`, with the literal `True` or a name bound to it.',
      why: 'With `allow_pickle=True`, `.npy` / `.npz` files may hold object arrays, which NumPy stores and loads with pickle; a crafted file then runs arbitrary code when it is loaded. NumPy turned this off by default in 1.16.3 (CVE-2019-6446); passing `True` brings the hole back for every file the call may read.',
      example: 'import numpy as np\n\nembeddings = np.load(downloaded_path, allow_pickle=True)',
      safe: 'import numpy as np\n\nembeddings = np.load(downloaded_path, allow_pickle=False)\n# Store strings and records as typed arrays (dtype="U", structured dtypes) or JSON, not object arrays.',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://numpy.org/doc/stable/reference/generated/numpy.load.html',
        'https://nvd.nist.gov/vuln/detail/CVE-2019-6446',
      ],
    },
  },
  calls: ['numpy.load'],

  checkCall(call, context) {
    // numpy.load(file, mmap_mode=None, allow_pickle=False, ...)
    const allowPickle = call.argument(2, 'allow_pickle');
    if (!allowPickle || context.model.literal(allowPickle.value)?.value !== true) return;
    context.report(call.node, {
      message: `\`allow_pickle=True\` lets a crafted .npy/.npz file run code when loaded; use \`allow_pickle=False\` (the default).`,
      fix: (fixer) => [fixer.unsafe('Set allow_pickle=False', 'files holding object arrays stop loading', fixer.replace(allowPickle.value, 'False'))],
    });
  },
});

import { defineRule } from '../../engine/rule';
import { FROM_NETWORK, loadsNetworkContent } from './untrusted-data';

export default defineRule({
  meta: {
    id: 'PW109',
    name: 'joblib-load',
    title: 'Model or cache loaded with joblib',
    category: 'deserialization',
    // No Bandit or Ruff check. joblib.load is pickle underneath, so it gets PW101's levels
    // (Bandit B301's medium, high), raised to high when the file is fetched over the network.
    severity: 'medium',
    confidence: 'high',
    cwe: 502,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `joblib.load` (and the old `sklearn.externals.joblib.load`).',
      why: 'joblib files are pickles with numpy arrays stored alongside, and loading one runs the same unpickler: a crafted model file can call any Python function. Trained models are routinely shared between teams, downloaded from model hubs and attached to issues, so a `.joblib` / `.pkl` model is a common way to get code run on a data scientist\'s machine or a serving host.',
      example: 'import joblib\n\nmodel = joblib.load(request.files["model"])',
      safe: 'import skops.io as sio\n\n# skops builds only types known to be safe, plus those you list after reviewing them.\nmodel = sio.load(uploaded_path, trusted=REVIEWED_TYPES)',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://joblib.readthedocs.io/en/stable/persistence.html',
        'https://scikit-learn.org/stable/model_persistence.html',
        'https://skops.readthedocs.io/en/stable/persistence.html',
      ],
    },
  },
  calls: ['joblib.load', 'joblib.numpy_pickle.load', 'sklearn.externals.joblib.load'],

  checkCall(call, context) {
    const callee = call.callee.text;
    if (loadsNetworkContent(call, 0, 'filename', context.model)) {
      context.report(call.node, {
        message: `\`${callee}\` unpickles a downloaded file: its server can run code here; use skops/ONNX or verify a pinned hash.`,
        severity: 'high',
      });
      return;
    }
    context.report(call.node, {
      message: `\`${callee}\` unpickles the file: one written by anyone else runs code; load only your own files, or use skops.`,
    });
  },
});

import { defineRule } from '../../engine/rule';

/** Keras distributions: Keras 3, `tf.keras`, and the Keras 2 package for TensorFlow 2.16+. */
const KERAS = /^(keras|tensorflow|tf_keras)\./;
/** Keras functions that rebuild objects from a saved config and take `safe_mode`. */
const LOADERS = new Set(['load_model', 'deserialize_keras_object', 'model_from_json', 'model_from_config', 'deserialize', 'from_config', 'load_weights']);

export default defineRule({
  meta: {
    id: 'PW111',
    name: 'keras-unsafe-mode',
    title: 'Keras model loaded with safe_mode=False',
    category: 'deserialization',
    // No Bandit or Ruff check. High: with safe_mode off, a Lambda layer in the file is Python
    // bytecode that runs when the model is loaded (CVE-2024-3660). Medium confidence for a
    // `load_model`-like callee outside Keras (a wrapper, an unresolved receiver).
    severity: 'high',
    confidence: 'high',
    cwe: 502,
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `keras.models.load_model`, `keras.saving.load_model`, `tf.keras.models.load_model` and the other Keras deserialization functions called with `safe_mode=False` (the literal or a name bound to it), and `keras.config.enable_unsafe_deserialization()`, which turns safe mode off for the whole process.',
      why: 'A `.keras` model can contain `Lambda` layers, which are stored as marshalled Python bytecode. Safe mode (the default since Keras 2.13) refuses to load them; with `safe_mode=False` the bytecode is rebuilt into a function and runs, so a model file from a hub, an upload or a shared bucket executes arbitrary code with the application\'s privileges as soon as it is loaded.',
      example: 'import keras\n\nmodel = keras.models.load_model("downloads/classifier.keras", safe_mode=False)',
      safe: 'import keras\n\n# Safe mode is the default: Lambda layers are refused.\nmodel = keras.models.load_model("downloads/classifier.keras")\n# For your own Lambda layers, define them as a registered custom layer class instead:\n# @keras.saving.register_keras_serializable() class Scale(keras.layers.Layer): ...',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://keras.io/api/models/model_saving_apis/model_saving_and_loading/',
        'https://nvd.nist.gov/vuln/detail/CVE-2024-3660',
      ],
    },
  },
  keywords: ['safe_mode'],
  calls: ['keras.config.enable_unsafe_deserialization', 'keras.src.saving.serialization_lib.enable_unsafe_deserialization'],

  checkCall(call, context) {
    const name = call.qualifiedName;
    const callee = call.callee.text;
    if (name !== undefined && name.endsWith('.enable_unsafe_deserialization')) {
      context.report(call.node, {
        message: `\`${callee}()\` turns Keras safe mode off, so later models can run code; remove it.`,
      });
      return;
    }
    const flag = call.keyword('safe_mode');
    if (!flag || context.model.literal(flag.value)?.value !== false) return;
    const keras = name !== undefined && KERAS.test(name);
    if (!keras && !(call.methodName !== undefined && LOADERS.has(call.methodName) && name === undefined)) return;
    context.report(call.node, {
      message: `\`safe_mode=False\` lets a malicious \`.keras\` file run code through Lambda layers; remove it (safe mode is the default).`,
      confidence: keras ? 'high' : 'medium',
      fix: (fixer) => [fixer.unsafe('Remove safe_mode=False', 'models with Lambda layers stop loading', fixer.removeArgument(call, flag))],
    });
  },
});

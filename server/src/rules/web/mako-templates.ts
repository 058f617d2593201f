import { defineRule } from '../../engine/rule';
import type { Level } from '../../engine/rule';

const TEMPLATE = 'mako.template.Template';
const LOOKUP = 'mako.lookup.TemplateLookup';

/** An HTML or XML tag, comment or doctype in a template's text. */
const MARKUP = /<\s*(?:[a-zA-Z][\w:-]*|\/[a-zA-Z]|!--|!doctype)/i;

/** Mako filters that escape for HTML: `h` (HTML) and `x` (XML, which escapes the same characters). */
const ESCAPING_FILTERS = new Set(['h', 'x']);

export default defineRule({
  meta: {
    id: 'PW803',
    name: 'mako-templates',
    title: 'Mako template without HTML escaping',
    category: 'web',
    // Bandit B702: MEDIUM severity, HIGH confidence, CWE-80, for every mako Template. Here a
    // template with `default_filters` that escape is not reported, nor a literal template that
    // contains no markup (Mako also generates code and text); a template whose text is not known
    // (loaded from a file) is reported with medium confidence.
    severity: 'medium',
    confidence: 'high',
    cwe: 80,
    bandit: 'B702',
    ruff: 'S702',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `mako.template.Template(...)` and `mako.lookup.TemplateLookup(...)` created without an escaping `default_filters` (`["h"]`, or `["x"]`). A template whose literal text contains no markup is not reported.',
      why: 'Mako inserts `${value}` into the output as it is unless the expression says `${value | h}`. In an HTML page one forgotten filter is enough: a user name like `<img src=x onerror=alert(document.cookie)>` runs script in every visitor\'s browser (cross-site scripting). Setting `default_filters=["h"]` escapes every expression by default, so forgetting is safe.',
      example: 'from mako.template import Template\n\npage = Template("<p>Hello ${name}</p>").render(name=name)',
      safe: 'from mako.template import Template\n\npage = Template("<p>Hello ${name}</p>", default_filters=["h"]).render(name=name)\n# HTML built by the program itself: ${trusted_html | n}',
      references: [
        'https://cwe.mitre.org/data/definitions/80.html',
        'https://docs.makotemplates.org/en/latest/filtering.html#the-default-filters-argument',
        'https://docs.makotemplates.org/en/latest/filtering.html#expression-filtering',
        'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
      ],
    },
  },
  calls: [TEMPLATE, LOOKUP],

  checkCall(call, context) {
    if (call.hasStarKwargs) return;
    const filters = call.keyword('default_filters');
    if (filters) {
      // A list of the project's own: only a literal list without an escaping filter is reported.
      if (filters.value.type !== 'list' && filters.value.type !== 'tuple') return;
      const names = filters.value.namedChildren.filter((c) => c && c.type !== 'comment').map((c) => context.model.literal(c!)?.value);
      if (names.some((n) => typeof n !== 'string' || ESCAPING_FILTERS.has(n))) return;
    }
    let confidence: Level | undefined;
    if (call.qualifiedName === TEMPLATE) {
      const text = call.argument(0, 'text');
      const value = text ? context.model.literal(text.value)?.value : undefined;
      if (typeof value === 'string' && !MARKUP.test(value)) return;
      if (typeof value !== 'string') confidence = 'medium';
    } else {
      confidence = 'medium';
    }
    const what = call.qualifiedName === LOOKUP ? 'renders the `${…}` expressions of its templates' : 'renders `${…}` expressions';
    context.report(call.node, {
      message: `\`${call.callee.text}\` ${what} unescaped (XSS); pass \`default_filters=["h"]\`.`,
      confidence,
    });
  },
});

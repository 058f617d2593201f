import { defineRule } from '../../engine/rule';
import { short } from './html-values';
import { sqlText } from './sql-parts';

export default defineRule({
  meta: {
    id: 'PW808',
    name: 'django-rawsql',
    title: 'RawSQL with SQL built at run time',
    category: 'web',
    // Bandit B611: MEDIUM/MEDIUM, CWE-89, for any RawSQL whose SQL is not a string literal. Here SQL
    // built from constants only is not reported, SQL built here from run-time values is reported
    // with high confidence, and SQL whose content is not visible (a parameter) with low: most
    // such code passes a constant defined elsewhere.
    severity: 'medium',
    confidence: 'medium',
    cwe: 89,
    bandit: 'B611',
    ruff: 'S611',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `django.db.models.expressions.RawSQL(sql, params)` (also imported from `django.db.models`) whose `sql` is built with `%`, `+`, `.format()` or an f-string from run-time values — directly or through a variable assigned once — and, with low confidence, whose `sql` is a value of unknown content such as a parameter.',
      why: 'RawSQL puts its text into the query as it is. A value formatted into it — a sort column, a search term, a JSON key from the request — can close the expression and add its own SQL: `0) OR (SELECT password FROM auth_user LIMIT 1` turns an annotation into a data leak (SQL injection). Values passed in `params` are sent separately and cannot change the query.',
      example: 'from django.db.models.expressions import RawSQL\n\ndef with_score(queryset, weight):\n    return queryset.annotate(score=RawSQL(f"rating * {weight}", []))',
      safe: 'from django.db.models.expressions import RawSQL\n\ndef with_score(queryset, weight):\n    return queryset.annotate(score=RawSQL("rating * %s", [weight]))',
      references: [
        'https://cwe.mitre.org/data/definitions/89.html',
        'https://docs.djangoproject.com/en/stable/ref/models/expressions/#raw-sql-expressions',
        'https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection',
      ],
    },
  },
  calls: ['django.db.models.expressions.RawSQL', 'django.db.models.RawSQL'],

  checkCall(call, context) {
    if (call.hasStarArgs) return;
    const sql = call.argument(0, 'sql');
    if (!sql) return;
    const text = sqlText(sql.value, context);
    if (text.kind === 'constant') return;
    const written = call.callee.text;
    if (text.kind === 'built') {
      const shown = text.dynamic.slice(0, 2).map((n) => `\`${short(n.text)}\``).join(', ') + (text.dynamic.length > 2 ? ', …' : '');
      context.report(call.node, {
        message: `\`${written}\` gets SQL built from ${shown} (SQL injection); keep the SQL literal with \`%s\` and pass values in params.`,
        confidence: 'high',
      });
      return;
    }
    context.report(call.node, {
      message: `\`${written}\` runs SQL whose text is not visible here; make sure it is a constant with values in params.`,
      confidence: 'low',
    });
  },
});

import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Level } from '../../engine/rule';
import { short } from './html-values';
import { dictEntries, sqlItems, sqlText } from './sql-parts';

/** `QuerySet.extra(select=None, where=None, params=None, tables=None, order_by=None, select_params=None)`: the raw-SQL parameters. */
const SQL_LISTS: readonly (readonly [number, string])[] = [
  [1, 'where'],
  [3, 'tables'],
  [4, 'order_by'],
];

export default defineRule({
  meta: {
    id: 'PW807',
    name: 'django-extra',
    title: 'QuerySet.extra() with SQL built at run time',
    category: 'web',
    // Bandit B610: MEDIUM/MEDIUM, CWE-89, when `select`, `where` or `tables` is not made of string
    // literals. Here `order_by` is checked too (its "table.column" entries are pasted into the
    // query), SQL built here from run-time values is reported with high confidence and values
    // whose content is not visible keep Bandit's medium.
    severity: 'medium',
    confidence: 'medium',
    cwe: 89,
    bandit: 'B610',
    ruff: 'S610',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `.extra(...)` calls whose `select`, `where`, `tables` or `order_by` contain SQL that is not a string literal: strings built with `%`, `+`, `.format()` or an f-string from run-time values (high confidence), or values whose content is not visible at the call (medium). Values passed through `params=` / `select_params=` are not SQL text and are not reported.',
      why: '`extra()` pastes its strings into the SQL Django generates without escaping. A search term such as `x\') OR 1=1 --` in `where=[f"title LIKE \'%{term}%\'"]` returns every row, and other inputs can read any table the database user can (SQL injection). Django\'s documentation asks to avoid `extra()` altogether; where it is unavoidable, values belong in `params=` with `%s` placeholders.',
      example: 'def search(term):\n    return Article.objects.extra(where=[f"title LIKE \'%%{term}%%\'"])\n\ndef sorted_by(column):\n    return Article.objects.extra(order_by=[column])',
      safe: 'from django.db.models.functions import Lower\n\ndef search(term):\n    return Article.objects.filter(title__icontains=term)\n\ndef search_raw(term):\n    return Article.objects.extra(where=["title LIKE %s"], params=[f"%{term}%"])\n\nSORTABLE = {"title", "created"}\n\ndef sorted_by(column):\n    return Article.objects.order_by(column if column in SORTABLE else "created")',
      references: [
        'https://cwe.mitre.org/data/definitions/89.html',
        'https://docs.djangoproject.com/en/stable/ref/models/querysets/#extra',
        'https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection',
      ],
    },
  },
  methods: ['extra'],

  checkCall(call, context) {
    if (call.hasStarArgs || call.hasStarKwargs || call.callee.type !== 'attribute') return;
    const built: Node[] = [];
    const unknown: Node[] = [];
    const take = (node: Node) => {
      const text = sqlText(node, context);
      if (text.kind === 'built') built.push(...text.dynamic);
      else if (text.kind === 'unknown') unknown.push(text.node);
    };
    for (const [index, name] of SQL_LISTS) {
      const argument = call.argument(index, name);
      if (!argument || context.model.literal(argument.value)?.value === null) continue;
      const items = sqlItems(argument.value, context);
      if (items) items.forEach(take);
      else unknown.push(argument.value);
    }
    const select = call.argument(0, 'select');
    if (select && context.model.literal(select.value)?.value !== null) {
      const entries = dictEntries(select.value, context);
      if (entries) entries.forEach(take);
      else unknown.push(select.value);
    }
    if (built.length === 0 && unknown.length === 0) return;
    const parts = built.length > 0 ? built : unknown;
    const shown = parts.slice(0, 2).map((n) => `\`${short(n.text)}\``).join(', ') + (parts.length > 2 ? ', …' : '');
    const how = built.length > 0 ? `SQL built from ${shown}` : `unseen SQL (${shown})`;
    const confidence: Level = built.length > 0 ? 'high' : 'medium';
    context.report(call.node, {
      message: `\`extra()\` pastes ${how} into the query (SQL injection); use ORM lookups or \`%s\` with \`params=\`.`,
      confidence,
    });
  },
});

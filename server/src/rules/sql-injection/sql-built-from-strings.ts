import { defineRule } from '../../engine/rule';
import type { Argument, CallSite } from '../../engine/sites';
import { analyzeQuery, HOW_BUILT, looksLikeSql } from './query-parts';

/** Functions whose first argument is SQL text, with that parameter's name. */
const SQL_FUNCTIONS: Record<string, string> = {
  'sqlalchemy.text': 'text',
  'sqlalchemy.sql.text': 'text',
  'sqlalchemy.sql.expression.text': 'text',
  'pandas.read_sql': 'sql',
  'pandas.read_sql_query': 'sql',
};

/** DB-API cursor and connection methods, SQLAlchemy's `execute`, Django's `cursor.execute` and `Model.objects.raw`. */
const SQL_METHODS = ['execute', 'executemany', 'executescript', 'raw'];


export default defineRule({
  meta: {
    id: 'PW401',
    name: 'sql-built-from-strings',
    title: 'SQL query built from strings',
    category: 'sql-injection',
    // Bandit B608 reports MEDIUM severity, with MEDIUM confidence when the string is passed
    // straight to `execute`/`executemany` (LOW otherwise); this rule only looks at such calls.
    severity: 'medium',
    confidence: 'medium',
    cwe: 89,
    bandit: 'B608',
    ruff: 'S608',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds SQL passed to `execute`, `executemany`, `executescript` or Django\'s `Model.objects.raw`, to SQLAlchemy\'s `text()` or to pandas\' `read_sql` / `read_sql_query` after being built with `%`, `+`, `.format()`, `.replace()` or an f-string from values known only at run time — directly or through a variable assigned once in the same scope. Queries formatted only from constants, and parameterized queries, are not reported.',
      why: 'A value pasted into SQL text becomes SQL: a name such as `x\' OR \'1\'=\'1` turns a lookup into a query over every row, and `1; DROP TABLE users` (where the driver allows several statements) destroys data. Attackers use this to read other users\' data, bypass logins and modify records. Escaping by hand is error-prone; the database driver already sends values separately from the query when they are passed as parameters.',
      example: 'def find_user(cursor, name):\n    cursor.execute(f"SELECT id, email FROM users WHERE name = \'{name}\'")\n    return cursor.fetchone()\n\ndef delete_order(cursor, order_id):\n    query = "DELETE FROM orders WHERE id = %s" % order_id\n    cursor.execute(query)',
      safe: 'def find_user(cursor, name):\n    cursor.execute("SELECT id, email FROM users WHERE name = %s", (name,))\n    return cursor.fetchone()\n\ndef delete_order(cursor, order_id):\n    cursor.execute("DELETE FROM orders WHERE id = %s", (order_id,))\n\n# sqlite3 uses ? placeholders, SQLAlchemy text() uses :name with bound parameters.',
      references: [
        'https://cwe.mitre.org/data/definitions/89.html',
        'https://peps.python.org/pep-0249/#paramstyle',
        'https://docs.python.org/3/library/sqlite3.html#sqlite3-placeholders',
        'https://www.psycopg.org/docs/usage.html#passing-parameters-to-sql-queries',
        'https://docs.sqlalchemy.org/en/20/core/sqlelement.html#sqlalchemy.sql.expression.text',
        'https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html',
      ],
    },
  },
  methods: SQL_METHODS,
  calls: Object.keys(SQL_FUNCTIONS),

  checkCall(call, context) {
    const query = queryArgument(call);
    if (!query || query.value.type === 'list_splat' || query.value.type === 'dictionary_splat') return;
    const built = analyzeQuery(query.value, context);
    if (!built || built.dynamic.length === 0 || !looksLikeSql(built.text)) return;
    const values = built.dynamic.slice(0, 2).map((node) => `\`${short(node.text)}\``).join(', ') + (built.dynamic.length > 2 ? ', …' : '');
    context.report(call.node, {
      message: `SQL built from ${values} (SQL injection); pass values as parameters: ${placeholder(call)}.`,
    });
  },
});

/** The argument holding the SQL text. */
function queryArgument(call: CallSite): Argument | undefined {
  const parameter = call.qualifiedName !== undefined ? SQL_FUNCTIONS[call.qualifiedName] : undefined;
  if (parameter) return call.argument(0, parameter);
  // DB-API `operation`, sqlite3 `sql`, SQLAlchemy `statement`; psycopg and others call it `query`.
  return call.positional(0) ?? call.keyword('sql') ?? call.keyword('query') ?? call.keyword('operation') ?? call.keyword('statement');
}

/** The placeholder style of the call's API, in backticks. */
function placeholder(call: CallSite): string {
  const qualified = call.qualifiedName ?? '';
  if (qualified.endsWith('.text')) return '`:name` with bound values';
  if (call.methodName === 'executescript') return '`execute("… ?", (value,))`';
  return '`%s` or `?` placeholders';
}

function short(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 24 || line !== text ? `${line.slice(0, 21).trimEnd()}…` : line;
}

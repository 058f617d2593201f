// Whether a piece of raw SQL handed to the Django ORM (`.extra(where=[…])`, `RawSQL(sql)`) is
// fixed text, built here from run-time values, or of unknown content. Shared by PW807 and PW808.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';
import { analyzeQuery } from '../sql-injection/query-parts';

export type SqlText =
  | { kind: 'constant' }
  /** Built with `%`, `+`, `.format()` or an f-string from run-time values: these. */
  | { kind: 'built'; dynamic: Node[] }
  /** A parameter, an attribute, a call result: its content is not visible here. */
  | { kind: 'unknown'; node: Node };

export function sqlText(node: Node, context: RuleContext): SqlText {
  const literal = context.model.literal(node);
  if (literal && (typeof literal.value === 'string' || literal.value === null)) return { kind: 'constant' };
  const built = analyzeQuery(node, context);
  if (built) return built.dynamic.length === 0 ? { kind: 'constant' } : { kind: 'built', dynamic: built.dynamic };
  return { kind: 'unknown', node };
}

/**
 * The SQL strings of a list or tuple (`where=["a = %s", f"b = {x}"]`), following a name assigned
 * once to one; undefined when `node` is not a visible list.
 */
export function sqlItems(node: Node, context: RuleContext, depth = 0): Node[] | undefined {
  if (node.type === 'list' || node.type === 'tuple') {
    return node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  }
  if (node.type === 'parenthesized_expression' && node.firstNamedChild) return sqlItems(node.firstNamedChild, context, depth + 1);
  if (node.type === 'identifier' && depth < 3) {
    const value = context.model.assignedValue(node);
    return value ? sqlItems(value, context, depth + 1) : undefined;
  }
  return undefined;
}

/** The keys and values of a dict literal (`select={"n": "SELECT …"}`), following a name assigned once. */
export function dictEntries(node: Node, context: RuleContext, depth = 0): Node[] | undefined {
  if (node.type === 'dictionary') {
    const parts: Node[] = [];
    for (const pair of node.namedChildren) {
      if (!pair || pair.type === 'comment') continue;
      if (pair.type !== 'pair') return undefined;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      if (key) parts.push(key);
      if (value) parts.push(value);
    }
    return parts;
  }
  if (node.type === 'identifier' && depth < 3) {
    const value = context.model.assignedValue(node);
    return value ? dictEntries(value, context, depth + 1) : undefined;
  }
  return undefined;
}

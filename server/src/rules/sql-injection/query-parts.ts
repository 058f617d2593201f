// Takes apart a query expression built from strings: which parts are fixed text, which are
// values computed at run time, and how they were put together.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';

export type Operation = '%' | '+' | 'format' | 'replace' | 'f-string';

/** How a string was built, for messages: "built with `%` formatting". */
export const HOW_BUILT: Record<Operation, string> = {
  '%': 'with `%` formatting',
  '+': 'by concatenation (`+`)',
  format: 'with `.format()`',
  replace: 'with `.replace()`',
  'f-string': 'with an f-string',
};

export interface BuiltQuery {
  /** The first operation that builds the string, outermost first. */
  operation: Operation;
  /** The fixed text, with `?` where a run-time value goes: what is matched against SQL keywords. */
  text: string;
  /** The parts whose value is only known at run time. */
  dynamic: Node[];
}

interface Parts {
  text: string;
  dynamic: Node[];
  operation?: Operation;
}

const MAX_DEPTH = 6;

/**
 * How `expression` builds a string, when it does: `"… %s" % x`, `"…" + x`, `"…".format(x)`,
 * `f"…{x}"`, directly or through a name assigned once in its scope. Undefined for a plain
 * literal, a parameter, a call result and anything else that is not built here.
 */
export function analyzeQuery(expression: Node, context: RuleContext): BuiltQuery | undefined {
  const parts = stringParts(expression, context, 0);
  if (!parts?.operation) return undefined;
  return { operation: parts.operation, text: parts.text, dynamic: parts.dynamic };
}

/**
 * The run-time values an expression is built from, for a message: "`name`, `page`" (two at most,
 * each cut to 24 characters); undefined when it is not built from strings here or only from constants.
 */
export function builtFromValues(expression: Node, context: RuleContext): { built: BuiltQuery; shown: string } | undefined {
  const built = analyzeQuery(expression, context);
  if (!built || built.dynamic.length === 0) return undefined;
  const cut = (text: string) => {
    const line = text.replace(/\s+/g, ' ');
    return line.length > 24 ? `${line.slice(0, 21)}…` : line;
  };
  const shown = built.dynamic.slice(0, 2).map((node) => `\`${cut(node.text)}\``).join(', ') + (built.dynamic.length > 2 ? ', …' : '');
  return { built, shown };
}

/** The parts of an expression that is a string, or undefined when it is not known to be one. */
function stringParts(node: Node, context: RuleContext, depth: number): Parts | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.firstNamedChild;
      return inner ? stringParts(inner, context, depth + 1) : undefined;
    }
    case 'string':
    case 'concatenated_string':
      return literalParts(node, context);
    case 'identifier': {
      const literal = context.model.literal(node);
      if (literal && typeof literal.value === 'string') return { text: literal.value, dynamic: [] };
      const value = context.model.assignedValue(node);
      return value ? stringParts(value, context, depth + 1) : undefined;
    }
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return undefined;
      if (operator === '+') {
        const a = stringParts(left, context, depth + 1);
        const b = stringParts(right, context, depth + 1);
        // One side must be known to be a string for `+` to be concatenation.
        if (!a && !b) return undefined;
        const first = a ?? operand(left, context);
        const second = b ?? operand(right, context);
        return { text: first.text + second.text, dynamic: [...first.dynamic, ...second.dynamic], operation: '+' };
      }
      if (operator === '%') {
        const format = stringParts(left, context, depth + 1);
        if (!format) return undefined;
        return { text: format.text, dynamic: [...format.dynamic, ...percentValues(format.text, right, context)], operation: '%' };
      }
      return undefined;
    }
    case 'call': {
      // `"…{}".format(x)`, and `"… WHERE name = 'NAME'".replace("NAME", x)`: the replacement is pasted in.
      const fn = node.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (method !== 'format' && method !== 'replace') return undefined;
      const object = fn!.childForFieldName('object');
      const format = object ? stringParts(object, context, depth + 1) : undefined;
      if (!format) return undefined;
      const dynamic = [...format.dynamic];
      const list = node.childForFieldName('arguments');
      const args = (list?.namedChildren ?? []).filter((child): child is Node => !!child && child.type !== 'comment');
      for (const child of method === 'replace' ? args.slice(1, 2) : args) {
        const value = child.type === 'keyword_argument' ? child.childForFieldName('value') : child;
        if (!value) continue;
        if (child.type === 'list_splat' || child.type === 'dictionary_splat' || !isSafeValue(value, context)) dynamic.push(child.type === 'keyword_argument' ? value : child);
      }
      return { text: format.text, dynamic, operation: method };
    }
    default:
      return undefined;
  }
}

/** A string literal, or an f-string whose interpolations are looked at one by one. */
function literalParts(node: Node, context: RuleContext): Parts {
  if (node.type === 'concatenated_string') {
    const all: Parts = { text: '', dynamic: [] };
    for (const part of node.namedChildren) {
      if (!part || part.type !== 'string') continue;
      const parts = literalParts(part, context);
      all.text += parts.text;
      all.dynamic.push(...parts.dynamic);
      all.operation ??= parts.operation;
    }
    return all;
  }
  const parts: Parts = { text: '', dynamic: [] };
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content' || child.type === 'escape_sequence') {
      parts.text += child.text;
    } else if (child.type === 'interpolation') {
      parts.operation = 'f-string';
      const expression = child.childForFieldName('expression') ?? child.firstNamedChild;
      const literal = expression ? context.model.literal(expression) : undefined;
      if (literal) {
        parts.text += String(literal.value);
      } else {
        parts.text += '?';
        if (expression && !isSafeValue(expression, context)) parts.dynamic.push(expression);
      }
    }
  }
  return parts;
}

/** An operand of `+` that is not itself a known string: a constant, or a run-time value. */
function operand(node: Node, context: RuleContext): Parts {
  const literal = context.model.literal(node);
  if (literal) return { text: String(literal.value), dynamic: [] };
  return { text: '?', dynamic: isSafeValue(node, context) ? [] : [node] };
}

/**
 * The run-time values formatted into a `%` format: the items of a tuple, the values of a dict,
 * or the single right-hand value. A value matched by a numeric conversion (`%d`, `%(n)i`,
 * `%.2f`) cannot change the query: formatting raises unless it is a number.
 */
function percentValues(format: string, right: Node, context: RuleContext): Node[] {
  const conversions: { key?: string; type: string }[] = [];
  const spec = /%(?:\(([^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;
  for (let match = spec.exec(format); match; match = spec.exec(format)) {
    if (match[2] !== '%') conversions.push({ key: match[1], type: match[2] });
  }
  const numeric = (type: string | undefined) => !!type && 'diouxXeEfFgG'.includes(type);
  let inner = right;
  while (inner.type === 'parenthesized_expression' && inner.firstNamedChild) inner = inner.firstNamedChild;
  const dynamic: Node[] = [];
  const consider = (value: Node, conversion: string | undefined) => {
    if (value.type === 'list_splat' || value.type === 'dictionary_splat') {
      dynamic.push(value);
      return;
    }
    if (numeric(conversion) || context.model.literal(value) || isSafeValue(value, context)) return;
    dynamic.push(value);
  };
  if (inner.type === 'tuple') {
    const items = inner.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    items.forEach((item, i) => consider(item, conversions[i]?.type));
  } else if (inner.type === 'dictionary') {
    for (const pair of inner.namedChildren) {
      if (!pair || pair.type === 'comment') continue;
      if (pair.type !== 'pair') {
        dynamic.push(pair);
        continue;
      }
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      const keyText = key ? context.model.literal(key)?.value : undefined;
      if (value) consider(value, conversions.find((c) => c.key !== undefined && c.key === keyText)?.type);
    }
  } else {
    consider(inner, conversions.length === 1 ? conversions[0].type : undefined);
  }
  return dynamic;
}

/**
 * Values that cannot carry SQL: constants, `int(…)`, `float(…)`, `len(…)` of anything (when those
 * are the builtins), and joined lists of placeholders — directly or through a name assigned once.
 */
function isSafeValue(node: Node, context: RuleContext, depth = 0): boolean {
  if (context.model.isConstant(node)) return true;
  if (node.type === 'identifier' && depth < 3) {
    // `marks = ", ".join("?" * len(ids))` then `f"… IN ({marks})"`.
    const value = context.model.assignedValue(node);
    return !!value && isSafeValue(value, context, depth + 1);
  }
  if (node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  if (fn?.type === 'attribute') return isPlaceholderList(node, fn, context);
  if (fn?.type !== 'identifier' || !['int', 'float', 'len', 'bool'].includes(fn.text)) return false;
  return context.model.lookup(fn.text, fn) === undefined;
}

/** A bind placeholder on its own: `?`, `%s`, `:name`, `$1`. */
const PLACEHOLDER = /^\s*(?:\?|%s|:\w+|\$\d+)\s*$/;

/**
 * `", ".join("?" * len(ids))`, `",".join(["%s"] * len(ids))`, `", ".join("?" for _ in ids)`:
 * a list of placeholders for an `IN (…)` clause, whose values are passed as parameters.
 */
function isPlaceholderList(call: Node, fn: Node, context: RuleContext): boolean {
  if (fn.childForFieldName('attribute')?.text !== 'join') return false;
  const separator = fn.childForFieldName('object');
  if (!separator || typeof context.model.literal(separator)?.value !== 'string') return false;
  const args = call.childForFieldName('arguments');
  const items = args?.type === 'generator_expression' ? [args] : (args?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
  if (items.length !== 1) return false;
  const isPlaceholder = (node: Node | null | undefined): boolean => {
    if (!node) return false;
    if (node.type === 'list' || node.type === 'tuple') return node.namedChildren.every((c) => !c || c.type === 'comment' || isPlaceholder(c));
    const value = context.model.literal(node)?.value;
    return typeof value === 'string' && (PLACEHOLDER.test(value) || /^\?+$/.test(value));
  };
  const [item] = items;
  if (item.type === 'binary_operator' && item.childForFieldName('operator')?.type === '*') {
    return isPlaceholder(item.childForFieldName('left')) || isPlaceholder(item.childForFieldName('right'));
  }
  if (item.type === 'generator_expression' || item.type === 'list_comprehension') return isPlaceholder(item.childForFieldName('body'));
  return false;
}

/** Fixed text that looks like an SQL statement (case-insensitive), once leading blanks, parentheses and comments are skipped. */
export function looksLikeSql(text: string): boolean {
  const start = text.replace(/^(?:\s+|\(|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  if (STATEMENT_START.test(start)) return true;
  return STATEMENT_ANYWHERE.test(text);
}

const STATEMENT_START =
  /^(?:select\s|insert\s+(?:or\s+\w+\s+)?into\b|replace\s+into\b|upsert\s|update\s[\s\S]*?\bset\s|delete\s+from\b|merge\s+into\b|with\s+(?:recursive\s+)?\w+[\s\S]*?\bas\s*\(|(?:create|drop|alter)\s+(?:(?:or\s+replace|temporary|temp|unique|materialized)\s+)*(?:table|index|view|database|schema|sequence|trigger|function|procedure)\b|truncate\s|grant\s|revoke\s)/i;

/** Statements recognisable in the middle of a string (after a variable prefix, in a subquery). */
const STATEMENT_ANYWHERE = /\bselect\s[\s\S]*?\bfrom\s|\binsert\s+into\s|\bupdate\s[\s\S]*?\bset\s|\bdelete\s+from\s/i;

// Where a secret found in Python text sits: in a string literal (and then bound to which name,
// as what: a value, a default, an environment fallback) or in a comment. Code outside strings
// and comments (an identifier that happens to match) is never a secret.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../../engine/rule';
import { stringLiteral } from '../../../engine/semantic/bindings';

export type SecretHolder =
  | { kind: 'comment'; node: Node }
  /** `literal` is the outermost string: an implicit concatenation when the string is part of one. */
  | { kind: 'string'; literal: Node };

/** The string literal or comment holding the text range [start, end), if one holds all of it. */
export function holderOf(root: Node, start: number, end: number): SecretHolder | undefined {
  for (let node: Node | null = root.namedDescendantForIndex(start, end); node; node = node.parent) {
    if (node.type === 'interpolation') return undefined;
    if (node.type === 'comment') return { kind: 'comment', node };
    if (node.type === 'string') return { kind: 'string', literal: node.parent?.type === 'concatenated_string' ? node.parent : node };
    if (node.type === 'concatenated_string') return { kind: 'string', literal: node };
    if (node.type !== 'string_content' && node.type !== 'escape_sequence') return undefined;
  }
  return undefined;
}

/** Whether a literal is (or starts with) a bytes literal: `b"…"`. */
export function isBytesLiteral(literal: Node): boolean {
  const first = literal.type === 'string' ? literal : literal.namedChildren.find((child) => child?.type === 'string');
  const start = first?.firstChild;
  return start?.type === 'string_start' && /b/i.test(start.text);
}

/** A string literal's value (escapes as written); undefined for f-strings with interpolations. */
export function literalValue(literal: Node): string | undefined {
  return stringLiteral(literal);
}

export interface LiteralPlace {
  /** The name the literal is bound to: variable, attribute, dictionary key, keyword or parameter. */
  name?: string;
  /** A default: a parameter's, or the fallback of `mapping.get(key, "…")`. */
  optional: boolean;
  /** `os.environ.get("X", "…")` / `os.getenv("X", "…")`: the literal is this call's fallback. */
  environmentFallback?: { call: Node; variable: Node };
  /** `os.environ["X"] = "…"` sets the variable itself: reading it back is no fix. */
  setsEnvironment: boolean;
}

const ENVIRONMENT_GETTERS = new Set(['os.environ.get', 'os.getenv']);

/** How a literal is used: what it is assigned to, passed as, or the default of. */
export function placeOf(literal: Node, context: RuleContext): LiteralPlace {
  let child = literal;
  let parent = literal.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  const place: LiteralPlace = { optional: false, setsEnvironment: false };
  if (!parent) return place;
  const is = (field: string) => parent!.childForFieldName(field)?.id === child.id;
  switch (parent.type) {
    case 'assignment': {
      const target = parent.childForFieldName('left');
      if (!is('right') || !target) return place;
      place.name = targetName(target);
      const object = target.type === 'subscript' ? target.childForFieldName('value') : null;
      place.setsEnvironment = !!object && context.model.resolve(object) === 'os.environ';
      return place;
    }
    case 'keyword_argument':
      if (is('value')) place.name = parent.childForFieldName('name')?.text;
      return place;
    case 'default_parameter':
    case 'typed_default_parameter':
      if (is('value')) {
        place.name = parent.childForFieldName('name')?.text;
        place.optional = true;
      }
      return place;
    case 'pair': {
      const key = parent.childForFieldName('key');
      if (is('value') && key) place.name = stringLiteral(key);
      return place;
    }
    case 'comparison_operator': {
      const other = parent.namedChildren.find((operand) => operand && operand.id !== child.id);
      if (other) place.name = targetName(other);
      return place;
    }
    case 'argument_list':
      return argumentPlace(parent, child, context, place);
    default:
      return place;
  }
}

/** `os.getenv("X", "…")`, `config.get("api_token", "…")`: the second argument is a default. */
function argumentPlace(list: Node, argument: Node, context: RuleContext, place: LiteralPlace): LiteralPlace {
  const call = list.parent;
  const args = list.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
  if (call?.type !== 'call' || args.length !== 2 || args[1].id !== argument.id) return place;
  const callee = call.childForFieldName('function');
  const key = stringLiteral(args[0]);
  if (callee && ENVIRONMENT_GETTERS.has(context.model.resolve(callee) ?? '')) {
    place.environmentFallback = { call, variable: args[0] };
    place.name = key;
    return place;
  }
  if (callee?.type === 'attribute' && ['get', 'setdefault', 'pop'].includes(callee.childForFieldName('attribute')?.text ?? '') && key !== undefined) {
    place.name = key;
    place.optional = true;
  }
  return place;
}

/** The name a target binds: `token` → token, `self.token` → token, `config["token"]` → token. */
export function targetName(target: Node): string | undefined {
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text;
  if (target.type === 'subscript') {
    const key = target.childForFieldName('subscript');
    return key ? stringLiteral(key) : undefined;
  }
  return undefined;
}

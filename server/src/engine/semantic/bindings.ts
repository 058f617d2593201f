// Binding facts: every place a name is bound (imports, definitions, parameters, assignments),
// with the scope it is bound in. The semantic model resolves names from these facts; the
// incremental analysis re-collects them only for the edited region and compares.
import type { Node } from 'web-tree-sitter';
import type { ScopeIndex } from './scopes';

export type BindingKind = 'import' | 'def' | 'class' | 'param' | 'assign' | 'global' | 'nonlocal' | 'star-import';

/** The literal a name is bound to: `sh = True` binds a literal `true`. */
export type LiteralValue = string | number | boolean | null;

export interface Binding {
  name: string;
  kind: BindingKind;
  /** Start offset of the scope's node (function, lambda, class, comprehension); -1 for the module. */
  scope: number;
  /** Range of the bound name. */
  start: number;
  end: number;
  /** For imports: the qualified name the binding stands for ("pickle", "yaml.load"). */
  target?: string;
  /** For simple assignments: the value's range, so rules can look at it. */
  valueStart?: number;
  valueEnd?: number;
  /**
   * For names bound by unpacking (`a, b = "x", "y"`), a loop (`for a in ("x", "y")`) or an
   * augmented assignment (`a += "x"`): how, and the range of the expression they come from
   * (the whole right side, the iterable, the added value), so rules can tell a constant.
   */
  origin?: 'unpack' | 'loop' | 'augmented';
  sourceStart?: number;
  sourceEnd?: number;
  /**
   * What the binding means to other code, besides its scope: its kind, target, literal value
   * or value shape. Two collections of the same code give equal signatures; an edit that
   * changes one changes what the name means, and code depending on the name is analysed again.
   */
  signature: string;
}

export const BINDING_NODE_TYPES = [
  'import_statement',
  'import_from_statement',
  'function_definition',
  'class_definition',
  'lambda',
  'assignment',
  'augmented_assignment',
  'named_expression',
  'for_statement',
  'for_in_clause',
  'with_item',
  'except_clause',
  'global_statement',
  'nonlocal_statement',
];

/** Collects the bindings made by one node of a type listed in BINDING_NODE_TYPES. */
export function bindingsOf(node: Node, scopes: ScopeIndex, out: Binding[]): void {
  const scopeOf = (n: Node) => scopes.keyAt(n.startIndex, { excluding: n.startIndex });
  switch (node.type) {
    case 'import_statement':
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const module = name.childForFieldName('name');
          const alias = name.childForFieldName('alias');
          if (module && alias) add(out, alias, 'import', scopeOf(node), { target: module.text });
        } else if (name.type === 'dotted_name') {
          // `import a.b.c` binds `a`; `a.b.c.f` then resolves through it.
          const first = name.firstNamedChild;
          if (first) add(out, first, 'import', scopeOf(node), { target: first.text });
        }
      }
      return;
    case 'import_from_statement': {
      const module = node.childForFieldName('module_name');
      if (!module) return;
      const from = module.text;
      const scope = scopeOf(node);
      if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
        add(out, module, 'star-import', scope, { target: from, name: '*' });
        return;
      }
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const imported = name.childForFieldName('name');
          const alias = name.childForFieldName('alias');
          if (imported && alias) add(out, alias, 'import', scope, { target: `${from}.${imported.text}` });
        } else if (name.type === 'dotted_name') {
          add(out, name, 'import', scope, { target: `${from}.${name.text}` });
        }
      }
      return;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = node.childForFieldName('name');
      if (name) add(out, name, node.type === 'class_definition' ? 'class' : 'def', scopeOf(node));
      if (node.type === 'function_definition') collectParameters(node, out);
      return;
    }
    case 'lambda':
      collectParameters(node, out);
      return;
    case 'assignment': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left) return;
      if (left.type === 'identifier') {
        add(out, left, 'assign', scopeOf(node), right ? { value: right } : {});
      } else {
        collectTargets(left, scopeOf(node), out, right ? { origin: 'unpack', source: right } : {});
      }
      return;
    }
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier') add(out, left, 'assign', scopeOf(node), right ? { origin: 'augmented', source: right } : {});
      return;
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      if (name) add(out, name, 'assign', scopeOf(node), value ? { value } : {});
      return;
    }
    case 'for_statement':
    case 'for_in_clause': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      // A comprehension's variables live in the comprehension's own scope.
      const scope = node.type === 'for_in_clause' ? scopes.keyAt(node.startIndex) : scopeOf(node);
      if (left) collectTargets(left, scope, out, right ? { origin: 'loop', source: right } : {});
      return;
    }
    case 'with_item':
    case 'except_clause': {
      for (const child of node.namedChildren) {
        if (child?.type === 'as_pattern') {
          const alias = child.childForFieldName('alias');
          const value = child.namedChildren.find((c) => c?.type !== 'as_pattern_target' && c?.id !== alias?.id) ?? undefined;
          const target = alias?.type === 'as_pattern_target' ? alias.firstNamedChild : alias;
          // `with open(p) as f` binds f to (the context manager of) `open(p)`.
          if (node.type === 'with_item' && target?.type === 'identifier' && value) add(out, target, 'assign', scopeOf(node), { value });
          else if (alias) collectTargets(alias, scopeOf(node), out);
        }
      }
      if (node.type === 'except_clause') {
        // Older grammars: `except E as e` without an as_pattern node.
        const alias = node.childForFieldName('alias');
        if (alias) collectTargets(alias, scopeOf(node), out);
      }
      return;
    }
    case 'global_statement':
    case 'nonlocal_statement':
      for (const name of node.namedChildren) {
        if (name?.type === 'identifier') add(out, name, node.type === 'global_statement' ? 'global' : 'nonlocal', scopeOf(node));
      }
      return;
  }
}

function collectParameters(fn: Node, out: Binding[]): void {
  const params = fn.childForFieldName('parameters');
  if (!params) return;
  const scope = fn.startIndex;
  for (const param of params.namedChildren) {
    if (!param) continue;
    let name: Node | null = null;
    switch (param.type) {
      case 'identifier':
        name = param;
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        name = param.childForFieldName('name');
        break;
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = param.namedChildren.find((c) => c?.type === 'identifier') ?? null;
        if (!name && param.type === 'typed_parameter') {
          const inner = param.firstNamedChild;
          name = inner?.namedChildren.find((c) => c?.type === 'identifier') ?? null;
        }
        break;
    }
    if (name) add(out, name, 'param', scope);
  }
}

function collectTargets(target: Node, scope: number, out: Binding[], from: Pick<Extra, 'origin' | 'source'> = {}): void {
  if (target.type === 'identifier') {
    add(out, target, 'assign', scope, from);
    return;
  }
  if (target.type === 'attribute' || target.type === 'subscript') return;
  for (const child of target.namedChildren) if (child) collectTargets(child, scope, out, from);
}

interface Extra {
  target?: string;
  value?: Node;
  name?: string;
  origin?: Binding['origin'];
  source?: Node;
}

function add(out: Binding[], nameNode: Node, kind: BindingKind, scope: number, extra: Extra = {}): void {
  const name = extra.name ?? nameNode.text;
  let signature: string = kind;
  if (extra.target !== undefined) signature += `>${extra.target}`;
  const binding: Binding = { name, kind, scope, start: nameNode.startIndex, end: nameNode.endIndex, signature };
  if (extra.target !== undefined) binding.target = extra.target;
  if (extra.value) {
    binding.valueStart = extra.value.startIndex;
    binding.valueEnd = extra.value.endIndex;
    binding.signature += `=${valueShape(extra.value)}`;
  }
  if (extra.origin && extra.source) {
    binding.origin = extra.origin;
    binding.sourceStart = extra.source.startIndex;
    binding.sourceEnd = extra.source.endIndex;
    binding.signature += `<${extra.origin}:${valueShape(extra.source)}`;
  }
  out.push(binding);
}

/**
 * A summary of an assigned value that changes whenever what rules may learn from it changes:
 * literals by value, names and attribute chains (aliases) by text, strings by content,
 * anything else by its text.
 */
export function valueShape(value: Node): string {
  switch (value.type) {
    case 'true':
    case 'false':
    case 'none':
    case 'integer':
    case 'float':
      return `lit:${value.text}`;
    case 'string':
    case 'concatenated_string': {
      const literal = stringLiteral(value);
      return literal === undefined ? `fstring:${hash(value.text)}` : `str:${literal.length}:${hash(literal)}`;
    }
    case 'identifier':
    case 'attribute':
      return `alias:${value.text}`;
    default:
      // Anything else by its text: rules may look inside (`s = requests.Session()`, a dict of options).
      return `${value.type}:${value.text.length}:${hash(value.text)}`;
  }
}

/** The value of a string literal without interpolation (and implicit concatenations of them). */
export function stringLiteral(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    let all = '';
    for (const part of node.namedChildren) {
      if (!part || part.type === 'comment') continue;
      const value = stringLiteral(part);
      if (value === undefined) return undefined;
      all += value;
    }
    return all;
  }
  if (node.type !== 'string') return undefined;
  // A t-string (PEP 750) makes a Template, not a str.
  if (/^[a-zA-Z]*[tT]/.test(node.firstChild?.type === 'string_start' ? node.firstChild.text : '')) return undefined;
  let value = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content' || child.type === 'escape_sequence') value += child.text;
  }
  return value;
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

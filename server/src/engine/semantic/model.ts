// Resolves names to qualified names through imports, aliases and Python's scoping rules,
// and knows the literal value of simple expressions. Every name looked up while a site is
// analysed is recorded, so that an edit to that name's bindings re-analyses the site.
import type { Node } from 'web-tree-sitter';
import { type Binding, type LiteralValue, stringLiteral } from './bindings';
import type { BindingTable } from './binding-table';
import { MODULE_SCOPE, type ScopeIndex, type ScopeLink } from './scopes';

/** Builtins that rules care about; other unbound names resolve to nothing. */
const BUILTINS = new Set([
  'eval', 'exec', 'compile', 'open', 'input', '__import__', 'getattr', 'setattr', 'globals', 'locals', 'vars', 'print',
  'int', 'float', 'bool', 'str', 'bytes', 'len', 'repr', 'format', 'hash', 'id', 'type',
]);

/**
 * A name no identifier can have: the dependency of a question about every import (`spell`),
 * which changes whenever an import binding is added or removed anywhere.
 */
export const ANY_IMPORT = '<import>';

export interface Literal {
  value: LiteralValue;
}

export class SemanticModel {
  private dependencies: Set<string> | undefined;
  /** Names whose lookup ended at the module's bindings or found none (see `recordModuleReads`). */
  private moduleReads: Set<string> | undefined;
  private readonly memos = new Map<string, unknown>();
  private readonly constantNames = new Map<number, { value: boolean; names: string[]; moduleNames: string[] }>();

  constructor(
    private readonly root: Node,
    private readonly bindings: BindingTable,
    private readonly scopes: ScopeIndex,
  ) {}

  /**
   * Remembers an answer about a node for the rest of this analysis pass (a model lives for one
   * pass): rules asking the same question of nested nodes, like "does this expression contain
   * network content?" for `eval(eval(eval(…)))`, then do linear work instead of quadratic.
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }

  /** Starts recording the names looked up; `stopTracking` returns them. */
  startTracking(): void {
    this.dependencies = new Set();
  }

  stopTracking(): string[] {
    const names = [...(this.dependencies ?? [])];
    this.dependencies = undefined;
    return names;
  }

  /**
   * Records into `names`, from now on, every name looked up whose answer is a binding of the
   * module or none at all (`*` for a star import consulted): what code that is not top-level
   * reads of the module. Returns the set recorded into before, to be restored.
   */
  recordModuleReads(names: Set<string> | undefined): Set<string> | undefined {
    const outer = this.moduleReads;
    this.moduleReads = names;
    return outer;
  }

  /** The module's own bindings of a name (not a function's or a class's), in source order. */
  moduleBindings(name: string): Binding[] {
    return (this.bindings.named(name) ?? []).filter((b) => b.scope === MODULE_SCOPE);
  }

  /** The qualified name an expression stands for: `pk.loads` → "pickle.loads". */
  resolve(expression: Node, depth = 0): string | undefined {
    // Deep enough for `c = paramiko.SSHClient(); ch = c.get_transport().open_session(); ch.exec_command(x)`.
    if (depth > 24) return undefined;
    switch (expression.type) {
      case 'identifier':
        return this.resolveName(expression, depth);
      case 'attribute': {
        const object = expression.childForFieldName('object');
        const attribute = expression.childForFieldName('attribute');
        if (!object || !attribute) return undefined;
        const base = this.resolve(object, depth + 1);
        return base === undefined ? undefined : `${base}.${attribute.text}`;
      }
      case 'call': {
        // `requests.Session().get` resolves to "requests.Session().get".
        const fn = expression.childForFieldName('function');
        const base = fn ? this.resolve(fn, depth + 1) : undefined;
        return base === undefined ? undefined : `${base}()`;
      }
      case 'parenthesized_expression': {
        const inner = expression.firstNamedChild;
        return inner ? this.resolve(inner, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  private resolveName(identifier: Node, depth: number): string | undefined {
    const name = identifier.text;
    const binding = this.lookup(name, identifier);
    if (!binding) {
      if (BUILTINS.has(name)) return `builtins.${name}`;
      const star = this.starImport(identifier);
      return star ? `${star}.${name}` : undefined;
    }
    if (binding.kind === 'import') return binding.target;
    if (binding.kind === 'assign' && binding.valueStart !== undefined) {
      let value = this.nodeAt(binding.valueStart, binding.valueEnd!);
      // `conn = await asyncpg.connect()`: what the coroutine gives is the call's result.
      if (value?.type === 'await') value = value.firstNamedChild ?? undefined;
      // `loads = pickle.loads`, `s = requests.Session()` (then `s.get` is "requests.Session().get").
      if (value && (value.type === 'identifier' || value.type === 'attribute' || value.type === 'call')) return this.resolve(value, depth + 1);
    }
    return undefined;
  }

  /** The module of the one `from m import *` visible here, if there is exactly one. */
  private starImport(at: Node): string | undefined {
    const stars = this.moduleBindings('*');
    this.dependencies?.add('*');
    this.moduleReads?.add('*');
    return stars.length === 1 && stars[0].start < at.startIndex ? stars[0].target : undefined;
  }

  /**
   * The binding a name refers to at a place, following Python's rules: the innermost scope
   * that binds it (class bodies are not visible from nested functions); code that runs later
   * (a function body) sees the last binding of an enclosing scope, straight-line code the last
   * one before it. Undefined when no scope binds it (a builtin, or an unknown name).
   */
  lookup(name: string, at: Node): Binding | undefined {
    this.dependencies?.add(name);
    const found = this.find(name, at);
    if (this.moduleReads && (found === undefined || found.scope === MODULE_SCOPE)) this.moduleReads.add(name);
    return found;
  }

  private find(name: string, at: Node): Binding | undefined {
    const all = this.bindings.named(name);
    if (!all) return undefined;
    const chain = this.scopes.chain(at.startIndex);
    for (let i = 0; i < chain.length; i++) {
      const scope = chain[i];
      if (i > 0 && scope.kind === 'class') continue;
      const inScope = bindingsOfScope(all, scope);
      if (inScope.length === 0) continue;
      if (inScope.some((b) => b.kind === 'global')) return this.lastIn(all, chain[chain.length - 1].key);
      if (inScope.some((b) => b.kind === 'nonlocal')) continue;
      if (i > 0) return inScope[inScope.length - 1];
      const before = inScope.filter((b) => b.start < at.startIndex);
      if (before.length > 0) return before[before.length - 1];
      // Not yet bound here: a module or class body falls back to builtins; in a function the
      // name is local all the same (Python decides that at compile time).
      if (scope.kind === 'function' || scope.kind === 'comprehension') return inScope[0];
    }
    return undefined;
  }

  private lastIn(all: readonly Binding[], scope: number): Binding | undefined {
    const matching = all.filter((b) => b.scope === scope && b.kind !== 'global');
    return matching[matching.length - 1];
  }

  /**
   * The literal value of an expression: `True`, `"text"`, `3`, `None`, or a name bound once in
   * its scope to such a literal (`sh = True; run(cmd, shell=sh)`).
   */
  literal(expression: Node, depth = 0): Literal | undefined {
    switch (expression.type) {
      case 'true':
        return { value: true };
      case 'false':
        return { value: false };
      case 'none':
        return { value: null };
      case 'integer': {
        const value = Number(expression.text.replace(/_/g, '').replace(/[lL]$/, ''));
        return Number.isNaN(value) ? undefined : { value };
      }
      case 'float': {
        const value = Number(expression.text.replace(/_/g, ''));
        return Number.isNaN(value) ? undefined : { value };
      }
      case 'unary_operator': {
        const operand = expression.childForFieldName('argument');
        const inner = operand && this.literal(operand, depth + 1);
        if (inner && typeof inner.value === 'number' && expression.text.trimStart().startsWith('-')) return { value: -inner.value };
        return undefined;
      }
      case 'string':
      case 'concatenated_string': {
        const value = stringLiteral(expression);
        return value === undefined ? undefined : { value };
      }
      case 'parenthesized_expression': {
        const inner = expression.firstNamedChild;
        return inner ? this.literal(inner, depth + 1) : undefined;
      }
      case 'named_expression': {
        // `run(c := "true")`: the value of the walrus is its right side.
        const value = expression.childForFieldName('value');
        return value ? this.literal(value, depth + 1) : undefined;
      }
      case 'identifier': {
        if (depth > 4) return undefined;
        const value = this.assignedValue(expression);
        return value ? this.literal(value, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * Whether an expression's value is fixed by the source, though it may not be one literal: a
   * literal; strings, tuples and lists built only from constants (`"a" + "b"`, `f"{x}!"` of a
   * constant `x`); a name every binding of which in its scope is constant — assigned in each
   * branch, unpacked from a literal tuple, looped over a literal list, or extended with `+=`.
   */
  isConstant(expression: Node, depth = 0): boolean {
    if (depth > 6) return false;
    if (this.literal(expression)) return true;
    switch (expression.type) {
      case 'parenthesized_expression':
      case 'tuple':
      case 'list':
      case 'set':
      case 'expression_list':
      case 'concatenated_string':
        return expression.namedChildren.every((child) => !child || child.type === 'comment' || this.isConstant(child, depth + 1));
      case 'string':
        // An f-string is constant when what it interpolates is; a t-string is never a str.
        if (/^[a-zA-Z]*[tT]/.test(expression.firstChild?.text ?? '')) return false;
        return expression.namedChildren.every((child) => child?.type !== 'interpolation' || this.isConstant(child.childForFieldName('expression') ?? child, depth + 1));
      case 'binary_operator': {
        const left = expression.childForFieldName('left');
        const right = expression.childForFieldName('right');
        return !!left && !!right && this.isConstant(left, depth + 1) && this.isConstant(right, depth + 1);
      }
      case 'named_expression': {
        const value = expression.childForFieldName('value');
        return !!value && this.isConstant(value, depth + 1);
      }
      case 'identifier':
        return this.isConstantName(expression, depth);
      default:
        return false;
    }
  }

  /**
   * Answered once per identifier per pass (a name reassigned many times, `s = s + "x"`, would
   * otherwise be explored again at every level); the names it looked up are recorded again on
   * every answer, so that each site depending on them is re-analysed when they change.
   */
  private isConstantName(identifier: Node, depth: number): boolean {
    const known = this.constantNames.get(identifier.startIndex);
    if (known) {
      for (const name of known.names) this.dependencies?.add(name);
      for (const name of known.moduleNames) this.moduleReads?.add(name);
      return known.value;
    }
    // In progress: a name defined from itself (`s = s + "x"`) is not known to be constant.
    this.constantNames.set(identifier.startIndex, { value: false, names: [identifier.text], moduleNames: [identifier.text] });
    const outer = this.dependencies;
    const outerModuleReads = this.moduleReads;
    const names = new Set<string>();
    const moduleNames = new Set<string>();
    this.dependencies = names;
    this.moduleReads = moduleNames;
    let value: boolean;
    try {
      value = this.computeConstantName(identifier);
    } finally {
      this.dependencies = outer;
      this.moduleReads = outerModuleReads;
    }
    for (const name of names) outer?.add(name);
    for (const name of moduleNames) outerModuleReads?.add(name);
    this.constantNames.set(identifier.startIndex, { value, names: [...names], moduleNames: [...moduleNames] });
    return value;
  }

  private computeConstantName(identifier: Node, depth = 0): boolean {
    const binding = this.lookup(identifier.text, identifier);
    if (!binding || binding.kind !== 'assign') return false;
    const sameScope = this.bindings.named(binding.name)!.filter((b) => b.scope === binding.scope);
    return sameScope.every((b) => {
      if (b.kind !== 'assign') return false;
      if (b.valueStart !== undefined) {
        const value = this.nodeAt(b.valueStart, b.valueEnd!);
        return !!value && this.isConstant(value, depth + 1);
      }
      if (b.origin === undefined || b.sourceStart === undefined) return false;
      const source = this.nodeAt(b.sourceStart, b.sourceEnd!);
      // A loop over a literal sequence of constants, a literal tuple unpacked, a constant added.
      if (!source) return false;
      if (b.origin === 'loop' && !['tuple', 'list', 'set', 'parenthesized_expression'].includes(source.type)) return false;
      return this.isConstant(source, depth + 1);
    });
  }

  /** The expression a name was assigned, when it is assigned exactly once in its scope. */
  assignedValue(identifier: Node): Node | undefined {
    const binding = this.lookup(identifier.text, identifier);
    if (!binding || binding.kind !== 'assign' || binding.valueStart === undefined) return undefined;
    const sameScope = this.bindings.named(binding.name)!.filter((b) => b.scope === binding.scope);
    if (sameScope.length !== 1) return undefined;
    return this.nodeAt(binding.valueStart, binding.valueEnd!);
  }

  /**
   * How code at `at` can spell a qualified name, given its imports: "yaml.SafeLoader" is
   * "y.SafeLoader" after `import yaml as y`, "SafeLoader" after `from yaml import SafeLoader`.
   * Undefined when nothing visible imports it or a prefix of it.
   */
  spell(qualifiedName: string, at: Node): string | undefined {
    // Any import, under any name, may spell it: the answer changes with every import added or removed.
    this.dependencies?.add(ANY_IMPORT);
    let best: { text: string; length: number } | undefined;
    for (const [name, bindings] of this.bindings.names()) {
      // Only the binding visible here counts; find it once per name, and only for names that
      // import a prefix of what is wanted (a file may import the same module thousands of times).
      if (!bindings.some((b) => b.kind === 'import' && b.target !== undefined && isPrefix(b.target, qualifiedName))) continue;
      const binding = this.lookup(name, at);
      if (!binding || binding.kind !== 'import' || !binding.target || !isPrefix(binding.target, qualifiedName)) continue;
      if (!best || binding.target.length > best.length) {
        best = { text: name + qualifiedName.slice(binding.target.length), length: binding.target.length };
      }
    }
    return best?.text;
  }

  /**
   * The node with exactly this range (of this type, when given: an `expression_statement`
   * and the `assignment` inside it share a range), or undefined when the range is stale.
   */
  nodeAt(start: number, end: number, type?: string): Node | undefined {
    let node = this.root.namedDescendantForIndex(start, end);
    if (!node || node.startIndex !== start || node.endIndex !== end) return undefined;
    while (type !== undefined && node && node.type !== type) {
      node = node.parent;
      if (node && (node.startIndex !== start || node.endIndex !== end)) return undefined;
    }
    return node ?? undefined;
  }
}

/** `yaml` is a prefix of `yaml.SafeLoader` (and of `yaml`), not of `yamlx.y`. */
function isPrefix(module: string, qualifiedName: string): boolean {
  return qualifiedName === module || qualifiedName.startsWith(`${module}.`);
}

/**
 * The bindings (of one name, in source order) made in a scope. A def's, class's or
 * comprehension's bindings all lie inside its text: a binary search finds them without reading
 * the name's other bindings (`self` and `response` have thousands in a large test module).
 */
function bindingsOfScope(all: readonly Binding[], scope: ScopeLink): Binding[] {
  if (scope.key === MODULE_SCOPE) return all.filter((b) => b.scope === MODULE_SCOPE);
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (all[middle].start < scope.key) low = middle + 1;
    else high = middle;
  }
  const found: Binding[] = [];
  for (let i = low; i < all.length && all[i].start < scope.end; i++) if (all[i].scope === scope.key) found.push(all[i]);
  return found;
}

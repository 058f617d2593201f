// Python's scopes (functions, lambdas, classes, comprehensions) as offset ranges, nested.
// Answering "which scope is this offset in" from ranges needs no walk up the syntax tree,
// whose parent links cost time proportional to depth on every step.
import type { Node } from 'web-tree-sitter';

export type ScopeKind = 'function' | 'class' | 'comprehension';

export interface ScopeRecord {
  start: number;
  end: number;
  /** Where the scope's own code starts: the body of a def, class or lambda; the start of a comprehension. */
  bodyStart: number;
  /** The parameter list of a def or lambda; -1 when there is none. */
  paramsStart: number;
  paramsEnd: number;
  kind: ScopeKind;
  /** A `lambda` (kind `function`): not a `def`, whose whole text some rules read. */
  lambda?: boolean;
}

/** The module's scope key; other scopes are keyed by their node's start offset. */
export const MODULE_SCOPE = -1;

export interface ScopeLink {
  key: number;
  kind: ScopeKind | 'module';
  /** Where the scope's text ends (the module's: Infinity); its bindings all lie before. */
  end: number;
}

export const SCOPE_NODE_TYPES = [
  'function_definition',
  'lambda',
  'class_definition',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
];

export function scopeRecordOf(node: Node): ScopeRecord {
  const isComprehension = node.type !== 'function_definition' && node.type !== 'lambda' && node.type !== 'class_definition';
  const body = isComprehension ? undefined : node.childForFieldName('body');
  const params = isComprehension ? undefined : node.childForFieldName('parameters');
  const record: ScopeRecord = {
    start: node.startIndex,
    end: node.endIndex,
    bodyStart: body ? body.startIndex : isComprehension ? node.startIndex : node.endIndex,
    paramsStart: params ? params.startIndex : -1,
    paramsEnd: params ? params.endIndex : -1,
    kind: node.type === 'class_definition' ? 'class' : isComprehension ? 'comprehension' : 'function',
  };
  if (node.type === 'lambda') record.lambda = true;
  return record;
}

export class ScopeIndex {
  /** The records sorted by start (outer before inner at equal starts). */
  private readonly scopes: ScopeRecord[];
  /** For each record, the index of the innermost record enclosing it, or -1. */
  private readonly parents: Int32Array;

  /** `records` must be properly nested ranges, as a syntax tree's scopes are. */
  constructor(records: readonly ScopeRecord[]) {
    this.scopes = [...records].sort((a, b) => a.start - b.start || b.end - a.end);
    this.parents = new Int32Array(this.scopes.length);
    const open: number[] = [];
    for (let i = 0; i < this.scopes.length; i++) {
      const start = this.scopes[i].start;
      while (open.length > 0 && this.scopes[open[open.length - 1]].end <= start) open.pop();
      this.parents[i] = open.length > 0 ? open[open.length - 1] : -1;
      open.push(i);
    }
  }

  /**
   * The key of the scope whose own code contains `offset`. A def's header (defaults,
   * annotations) runs in the enclosing scope; `parameter` asks for a parameter's scope, the
   * def's own. `excluding` skips the scope starting there (a def's name binds outside it).
   */
  keyAt(offset: number, options: { parameter?: boolean; excluding?: number } = {}): number {
    for (let i = this.innermost(offset); i >= 0; i = this.parents[i]) {
      const scope = this.scopes[i];
      if (scope.start === options.excluding) continue;
      if (ownsOffset(scope, offset, options.parameter ?? false)) return scope.start;
    }
    return MODULE_SCOPE;
  }

  /** The scopes whose names are visible at `offset`, innermost first, ending with the module. */
  chain(offset: number): ScopeLink[] {
    const chain: ScopeLink[] = [];
    for (let i = this.innermost(offset); i >= 0; i = this.parents[i]) {
      const scope = this.scopes[i];
      if (ownsOffset(scope, offset, false)) chain.push({ key: scope.start, kind: scope.kind, end: scope.end });
    }
    chain.push({ key: MODULE_SCOPE, kind: 'module', end: Infinity });
    return chain;
  }

  /** The innermost `def` whose text (header or body) contains `offset`; undefined outside any. */
  definitionAt(offset: number): { start: number; end: number } | undefined {
    for (let i = this.innermost(offset); i >= 0; i = this.parents[i]) {
      const scope = this.scopes[i];
      if (scope.kind === 'function' && !scope.lambda) return { start: scope.start, end: scope.end };
    }
    return undefined;
  }

  /** The index of the innermost scope whose range contains `offset`, or -1. */
  private innermost(offset: number): number {
    let low = 0;
    let high = this.scopes.length - 1;
    let candidate = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.scopes[middle].start <= offset) {
        candidate = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    // Ranges nest, so every scope containing `offset` encloses the last one starting before it.
    for (let i = candidate; i >= 0; i = this.parents[i]) {
      if (offset < this.scopes[i].end) return i;
    }
    return -1;
  }
}

function ownsOffset(scope: ScopeRecord, offset: number, parameter: boolean): boolean {
  if (offset >= scope.bodyStart) return true;
  return parameter && offset >= scope.paramsStart && offset < scope.paramsEnd;
}

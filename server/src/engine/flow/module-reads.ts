// What a function's analysis read of its module, as a key: the module's bindings of every name
// it looked up there (imports, constants, other definitions, or none), in source order, with
// their values and where they lie from the function. A function's cached result stays valid
// while this key does, whatever else the top-level code became: typing `(` that makes error
// recovery end a class early changes the module's statements, not what the functions above read.
import { createHash } from 'node:crypto';
import type { Binding } from '../semantic/bindings';
import type { SemanticModel } from '../semantic/model';

/** Characters of a key kept as they are; a longer key is kept as its digest. */
const MAX_KEPT_KEY = 1024;

export class ModuleReads {
  private readonly bindingsByName = new Map<string, readonly Binding[]>();
  private readonly descriptions = new WeakMap<Binding, string>();

  constructor(
    private readonly model: SemanticModel,
    private readonly text: string,
  ) {}

  /**
   * The key of the module names (sorted) read by the function spanning `start`–`end`. The
   * bindings' order matters (a value read at its place sees the bindings before it), and so
   * does each one's side of the function (its decorators see only those above it). A long
   * key (the values it covers can be a table of settings) is kept as its digest.
   */
  key(names: readonly string[], start: number, end: number): string {
    const read: Binding[] = [];
    for (const name of names) read.push(...this.bindingsOf(name));
    read.sort((a, b) => a.start - b.start);
    let key = names.join(',');
    for (const binding of read) key += `\u0001${this.describe(binding)}\u0003${binding.start < start ? '<' : binding.start >= end ? '>' : binding.start - start}`;
    return key.length > MAX_KEPT_KEY ? `#${createHash('sha1').update(key).digest('base64')}` : key;
  }

  private bindingsOf(name: string): readonly Binding[] {
    let bindings = this.bindingsByName.get(name);
    if (!bindings) {
      bindings = this.model.moduleBindings(name);
      this.bindingsByName.set(name, bindings);
    }
    return bindings;
  }

  /** Everything of a binding the analysis may read: its kind and target, value and source texts, a class's bases. */
  private describe(binding: Binding): string {
    let description = this.descriptions.get(binding);
    if (description === undefined) {
      const slice = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? '' : this.text.slice(from, to));
      const bases = binding.kind === 'class' ? (this.model.nodeAt(binding.start, binding.end)?.parent?.childForFieldName('superclasses')?.text ?? '') : '';
      description = `${binding.name}\u0003${binding.signature}\u0003${slice(binding.valueStart, binding.valueEnd)}\u0003${slice(binding.sourceStart, binding.sourceEnd)}\u0003${bases}`;
      this.descriptions.set(binding, description);
    }
    return description;
  }
}

/** Starts recording the module names `model` looks up; the returned function stops and returns them, sorted. */
export function recordModuleReads(model: SemanticModel): () => string[] {
  const names = new Set<string>();
  const outer = model.recordModuleReads(names);
  return () => {
    model.recordModuleReads(outer);
    return [...names].sort();
  };
}

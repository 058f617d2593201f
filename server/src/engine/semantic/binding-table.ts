// The bindings of a file grouped by name, each group in source order. Updated in place as
// edits remove and add bindings, so that a keystroke does not re-index the whole file.
import type { Binding } from './bindings';

export class BindingTable {
  private readonly byName = new Map<string, Binding[]>();

  constructor(bindings: Iterable<Binding> = []) {
    for (const binding of bindings) this.add(binding);
  }

  add(binding: Binding): void {
    const list = this.byName.get(binding.name);
    if (!list) {
      this.byName.set(binding.name, [binding]);
      return;
    }
    let at = list.length;
    while (at > 0 && list[at - 1].start > binding.start) at--;
    list.splice(at, 0, binding);
  }

  remove(binding: Binding): void {
    const list = this.byName.get(binding.name);
    const at = list ? list.indexOf(binding) : -1;
    if (at === -1) return;
    list!.splice(at, 1);
    if (list!.length === 0) this.byName.delete(binding.name);
  }

  /** The bindings of a name, in source order. */
  named(name: string): readonly Binding[] | undefined {
    return this.byName.get(name);
  }

  /** Visits every binding (the incremental update's hot loop: no iterator allocated). */
  forEach(visit: (binding: Binding) => void): void {
    for (const list of this.byName.values()) for (let i = 0; i < list.length; i++) visit(list[i]);
  }

  names(): IterableIterator<[string, readonly Binding[]]> {
    return this.byName.entries();
  }
}

// A compact index from strings to positions in a list, for lookups whose caller checks every
// answer exactly: only a 32-bit hash of each key is kept, so a lookup may also return the
// positions of another key with the same hash. The typosquat search's deletion indexes (a
// hundred thousand strings) take about a megabyte this way, where Maps of strings took 35.

export class HashedIndex {
  /** Key hashes, ascending; `positions[i]` belongs to `hashes[i]`. */
  private readonly hashes: Uint32Array;
  private readonly positions: Uint32Array;

  /** `fill` calls `add` for every key and position (a position may come under several keys). */
  constructor(fill: (add: (key: string, position: number) => void) => void) {
    const packed: number[] = [];
    fill((key, position) => {
      if (!Number.isInteger(position) || position < 0 || position >= POSITIONS) throw new RangeError(`position ${position} out of range`);
      packed.push(hashOf(key) * POSITIONS + position);
    });
    const sorted = Float64Array.from(packed).sort();
    this.hashes = new Uint32Array(sorted.length);
    this.positions = new Uint32Array(sorted.length);
    sorted.forEach((entry, at) => {
      this.hashes[at] = Math.floor(entry / POSITIONS);
      this.positions[at] = entry % POSITIONS;
    });
  }

  /** Calls `found` with every position added under `key` (and, rarely, under a key of the same hash). */
  forEach(key: string, found: (position: number) => void): void {
    const { hashes, positions } = this;
    const hash = hashOf(key);
    let low = 0;
    let high = hashes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (hashes[middle] < hash) low = middle + 1;
      else high = middle;
    }
    for (let at = low; at < hashes.length && hashes[at] === hash; at++) found(positions[at]);
  }
}

/** Positions are below this: a hash and a position packed in one double stay exact (2^32 * 2^20 < 2^53). */
const POSITIONS = 2 ** 20;

/** FNV-1a over the UTF-16 code units. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// A sorted set of ASCII names, front-coded: each entry is one byte 0x80 + (length of the
// prefix shared with the previous name, at most 127) followed by the rest of the name. Every
// RESTART-th entry shares nothing, so a lookup binary-searches those entries, then decodes at
// most RESTART names. Names never hold bytes ≥ 0x80, so entry starts are self-marking.

const RESTART = 32;
const MAX_SHARED = 0x7f;
const HEADER = 'pyward-names 1';

export function encodeNames(names: readonly string[]): Buffer {
  const sorted = [...new Set(names)].sort(compareAscii);
  const parts: Buffer[] = [Buffer.from(`${HEADER} ${sorted.length}\n`, 'latin1')];
  let previous = '';
  sorted.forEach((name, index) => {
    if (!/^[\x21-\x7e]+$/.test(name)) throw new Error(`not a printable ASCII name: ${JSON.stringify(name)}`);
    const shared = index % RESTART === 0 ? 0 : Math.min(sharedPrefix(previous, name), MAX_SHARED);
    parts.push(Buffer.from([0x80 + shared]), Buffer.from(name.slice(shared), 'latin1'));
    previous = name;
  });
  return Buffer.concat(parts);
}

export class NameSet {
  readonly size: number;
  private readonly data: Buffer;
  /** Offset of every RESTART-th entry's marker byte. */
  private readonly restarts: Uint32Array;

  constructor(encoded: Buffer) {
    const headerEnd = encoded.indexOf(0x0a);
    const header = encoded.toString('latin1', 0, headerEnd).split(' ');
    if (headerEnd < 0 || `${header[0]} ${header[1]}` !== HEADER) throw new Error('not a Pyward name set');
    this.size = Number(header[2]);
    this.data = encoded;
    this.restarts = new Uint32Array(Math.ceil(this.size / RESTART));
    let entry = 0;
    for (let offset = headerEnd + 1; offset < encoded.length; offset++) {
      if (encoded[offset] < 0x80) continue;
      if (entry % RESTART === 0) this.restarts[entry / RESTART] = offset;
      entry++;
    }
    if (entry !== this.size) throw new Error(`name set holds ${entry} names, header says ${this.size}`);
  }

  /** Exact membership of an already-normalized name. */
  has(name: string): boolean {
    let low = 0;
    let high = this.restarts.length - 1;
    // The last restart whose name is ≤ name.
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.compareHead(this.restarts[middle], name) <= 0) low = middle;
      else high = middle - 1;
    }
    for (const candidate of this.block(low)) {
      const order = compareAscii(candidate, name);
      if (order === 0) return true;
      if (order > 0) return false;
    }
    return false;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let block = 0; block < this.restarts.length; block++) yield* this.block(block);
  }

  private *block(index: number): IterableIterator<string> {
    const end = index + 1 < this.restarts.length ? this.restarts[index + 1] : this.data.length;
    let offset = this.restarts[index];
    let current = '';
    while (offset < end) {
      const shared = this.data[offset] - 0x80;
      let next = offset + 1;
      while (next < end && this.data[next] < 0x80) next++;
      current = current.slice(0, shared) + this.data.toString('latin1', offset + 1, next);
      yield current;
      offset = next;
    }
  }

  /** Compares the full name stored at a restart marker with `name`. */
  private compareHead(marker: number, name: string): number {
    const data = this.data;
    let offset = marker + 1;
    for (let i = 0; i < name.length; i++, offset++) {
      const byte = offset < data.length && data[offset] < 0x80 ? data[offset] : -1;
      if (byte < 0) return -1;
      const code = name.charCodeAt(i);
      if (byte !== code) return byte - code;
    }
    return offset < data.length && data[offset] < 0x80 ? 1 : 0;
  }
}

function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

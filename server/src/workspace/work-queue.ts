// The audit's queue of files for its workers. Files arrive in path order and each worker owns a
// contiguous share of them: files of one package then go to the same worker, which parses the
// package's helper modules once for the data flow's summaries instead of every worker doing it.
// A worker whose share is done takes files from the end of the largest share left, so no core
// idles while another still has work.

export class WorkQueue {
  private readonly shares: number[][];

  /** `items` split into `owners` contiguous shares, in order. */
  constructor(items: readonly number[], owners: number) {
    const count = Math.max(1, owners);
    this.shares = Array.from({ length: count }, (_, owner) => items.slice(Math.floor((owner * items.length) / count), Math.floor(((owner + 1) * items.length) / count)));
  }

  get length(): number {
    let total = 0;
    for (const share of this.shares) total += share.length;
    return total;
  }

  /** Up to `count` items for `owner`: the next ones of its own share, else the last ones of the largest share. */
  take(owner: number, count: number): number[] {
    const own = this.shares[owner % this.shares.length];
    if (own.length > 0) return own.splice(0, count);
    let largest = own;
    for (const share of this.shares) if (share.length > largest.length) largest = share;
    return largest.splice(Math.max(0, largest.length - count), count);
  }

  /** Puts items back at the front of `owner`'s share (a worker died before analysing them). */
  putBack(owner: number, items: readonly number[]): void {
    this.shares[owner % this.shares.length].unshift(...items);
  }

  /** Empties the queue; returns how many items it held. */
  clear(): number {
    const held = this.length;
    for (const share of this.shares) share.length = 0;
    return held;
  }
}

// The demo county's seeded randomness: the same seed gives the same sequence, and so the same ledger, on every
// machine.

/** mulberry32: tiny, fast and good enough for test data; the same seed gives the same sequence everywhere. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  real(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return at(items, items.length - 1)[0];
  }
  /** k distinct items (k ≤ items.length), in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    for (let i = 0; i < k; i += 1) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = at(copy, i);
      copy[i] = at(copy, j);
      copy[j] = tmp;
    }
    return copy.slice(0, k);
  }
}

/** Indexing that fails loudly: an out-of-range index here is a bug in the generator, not data. */
export function at<T>(items: readonly T[], index: number): T {
  const value = items[index];
  if (value === undefined) throw new RangeError(`demo: index ${index} out of range ${items.length}`);
  return value;
}

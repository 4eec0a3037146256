// Only the newest request's answer counts. A screen asks again whenever a filter, a page or the search text
// changes; an older answer that arrives after a newer request started must not overwrite the newer rows,
// clear its loading flag or show its error. Plain TypeScript (no React) so the rule is unit-tested on its
// own; useChannel (./useChannel.ts) wraps it for screens.

export interface LatestHandlers<T> {
  /** The answer of the newest request. */
  value(value: T): void;
  /** The failure of the newest request. */
  error(error: unknown): void;
  /** true when a request starts; false when the newest one has finished. */
  busy(busy: boolean): void;
}

export class LatestRequest {
  private newest = 0;

  /** Start a request. Its outcome reaches `on` only while no newer request has started and drop() was not called. */
  async run<T>(request: () => Promise<T>, on: LatestHandlers<T>): Promise<void> {
    const mine = ++this.newest;
    on.busy(true);
    try {
      const value = await request();
      if (mine === this.newest) on.value(value);
    } catch (error) {
      if (mine === this.newest) on.error(error);
    } finally {
      if (mine === this.newest) on.busy(false);
    }
  }

  /** Forget every request under way: their answers are dropped (the screen closed, or its subject changed). */
  drop(): void {
    this.newest += 1;
  }
}

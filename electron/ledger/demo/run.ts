// One load of the demo county as its sections (places.ts, projects.ts, funds.ts, assets.ts, supervision.ts,
// households.ts) share it: the port transaction they write on, the seeded draws, the load's one instant, the
// calendar, what has been written so far and the progress bar.
import type { DemoResult, ProgressEvent } from '../../../shared/api';
import type { DataWriter } from '../../platform/data-port';
import type { DemoCalendar } from './calendar';
import type { Rng } from './random';

export interface DemoCounts extends DemoResult {
  allocationSplits: number;
  assetIncomes: number;
  findingUpdates: number;
  households: number;
}

export function noCounts(): DemoCounts {
  return {
    townships: 0, villages: 0, units: 0, projects: 0, allocations: 0, payments: 0, inspections: 0, findings: 0, assets: 0,
    allocationSplits: 0, assetIncomes: 0, findingUpdates: 0, households: 0,
  };
}

export class Progress {
  private lastStep = -1;
  constructor(private readonly emit: (event: ProgressEvent) => void) {}
  /** Report every 5 % (fraction 0…1); the renderer's bar needs no finer steps. */
  set(fraction: number): void {
    const step = Math.min(20, Math.floor(fraction * 20));
    if (step <= this.lastStep) return;
    this.lastStep = step;
    this.emit({ jobId: 'demo', label: '生成示例数据', done: step * 5, total: 100 });
  }
}

export interface DemoRun {
  /** The one transaction of the port the whole county goes in with its audit rows. */
  tx: DataWriter;
  rng: Rng;
  scale: number;
  /** The load's one instant: every row is stamped with it. */
  stamp: string;
  cal: DemoCalendar;
  counts: DemoCounts;
  progress: Progress;
}

/**
 * Rows gathered for a store's bulk insert: the rows whose ids nothing else needs (payments, splits, incomes,
 * steps, households) go in without a round trip per row, and a scale-200 county never holds all its payments
 * in memory at once. `add` is synchronous (a promise per row would cost more than the insert); the section
 * calls `flushIfFull` between records and `flush` at its end.
 */
export class Batch<T> {
  private rows: T[] = [];
  constructor(
    private readonly write: (rows: readonly T[]) => Promise<number>,
    private readonly limit = 1_000,
  ) {}

  add(row: T): void {
    this.rows.push(row);
  }

  async flushIfFull(): Promise<void> {
    if (this.rows.length >= this.limit) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.write(rows);
  }
}

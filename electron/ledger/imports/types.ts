// Types shared by the pipeline and the kind modules (projects, allocations, payments, findings, households).
import type { FundLevel, ImportKind } from '../../../shared/enums';
import type { SheetCell } from '../../../shared/import/cell';
import type { MoneyUnit } from '../../../shared/money';
import type { AuditTrailWriter } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import type { DataReader, DataWriter } from '../../platform/data-port';
import type { SheetNotes } from './analyse';
import type { IssueLog, Lookups, PlaceResolver, RowInput } from './env';

export type MatchMode = 'update' | 'skip';

export interface KindOptions {
  onMatch: MatchMode;
  /** Where money that names no level goes (an unsplit 衔接资金 column, or a 总投资 alone). */
  linkageLevel: FundLevel;
  /** Findings: the inspection's name (existing or new). */
  inspection: string | null;
}

export interface KindEnv {
  ctx: ServiceContext;
  /** Reads through the areas' stores (inside the import's transaction when it writes). */
  port: DataReader;
  kind: ImportKind;
  log: IssueLog;
  lookups: Lookups;
  places: PlaceResolver;
  sheetTownship: { id: number; name: string } | null;
  notes: SheetNotes;
  fileName: string;
  sheetName: string;
  /** The money unit of a column (header, else sheet note, else the chosen default). */
  unitOf(col: number): MoneyUnit;
  /** The flattened header text of a column. */
  header(col: number): string;
  text(cell: SheetCell): string;
  options: KindOptions;
}

export type { ImportOutcome as Outcome } from '../../../shared/api-import';
import type { ImportOutcome as Outcome } from '../../../shared/api-import';

export interface PlannedRow {
  row: number;
  outcome: Outcome;
  /** Why a row is skipped or unchanged. */
  reason?: string;
  /** The record it updates (or would update). */
  targetId?: number | null;
  /** Money the row carries (for totals). */
  amountFen: number;
}

export interface Writer {
  /** The import's transaction: the kinds write through their area's store on it. */
  tx: DataWriter;
  batchId: number;
  stamp: string;
  /** The import's audit rows, chained on the same transaction (await each). */
  audit: AuditTrailWriter;
  /** Map a place id that may be a pending (negative) one to the real id. */
  place(id: number | null): number | null;
}

export interface WriteCounts {
  created: number;
  updated: number;
}

export interface KindPlan {
  rows: PlannedRow[];
  /** Write creates and updates; runs inside the import's transaction. Returns counts of records written. */
  apply(w: Writer): WriteCounts | Promise<WriteCounts>;
  /** The inspection findings were put under (findings only). */
  inspection?: { id: number | null; name: string; isNew: boolean };
}

export interface KindModule {
  plan(env: KindEnv, rows: RowInput[]): KindPlan | Promise<KindPlan>;
}

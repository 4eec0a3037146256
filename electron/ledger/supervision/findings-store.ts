// 督导检查 store, findings: the only code that reads and writes the findings and finding_updates tables (its
// views — search, counts, matrix — are in findings-views-store.ts). Row types come from the drizzle schema;
// SQL is portable (see electron/platform/data-port.ts), every time is the context's clock.
import { findings, findingUpdates } from '../../../db/schema';
import { inListChunks, placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { BUMP_VERSION, versionCondition } from '../../platform/row-version';

export type FindingRecord = typeof findings.$inferSelect;
export type FindingUpdateRecord = typeof findingUpdates.$inferSelect;
type FindingStatus = FindingRecord['status'];

/** What a clerk edits on a finding, in the order its audit rows have always listed them. */
export type FindingFields = Pick<
  FindingRecord,
  | 'inspectionId'
  | 'seq'
  | 'category'
  | 'description'
  | 'townshipId'
  | 'villageId'
  | 'projectId'
  | 'assetId'
  | 'leadUnit'
  | 'responsibleUnit'
  | 'responsibleLeader'
  | 'responsiblePerson'
  | 'goal'
  | 'measures'
  | 'deadlineText'
  | 'deadlineDate'
>;

/** Every column a writer of findings may set (the service, the import, the demo county). */
export type FindingColumns = FindingFields &
  Pick<FindingRecord, 'progressText' | 'status' | 'completedBy' | 'completedDate' | 'closedDate' | 'closedReviewer' | 'importBatchId'>;

export const FINDING_COLUMN: Record<keyof FindingColumns, string> = {
  inspectionId: 'inspection_id',
  seq: 'seq',
  category: 'category',
  description: 'description',
  townshipId: 'township_id',
  villageId: 'village_id',
  projectId: 'project_id',
  assetId: 'asset_id',
  leadUnit: 'lead_unit',
  responsibleUnit: 'responsible_unit',
  responsibleLeader: 'responsible_leader',
  responsiblePerson: 'responsible_person',
  goal: 'goal',
  measures: 'measures',
  deadlineText: 'deadline_text',
  deadlineDate: 'deadline_date',
  progressText: 'progress_text',
  status: 'status',
  completedBy: 'completed_by',
  completedDate: 'completed_date',
  closedDate: 'closed_date',
  closedReviewer: 'closed_reviewer',
  importBatchId: 'import_batch_id',
};
const ALL_KEYS = Object.keys(FINDING_COLUMN) as Array<keyof FindingColumns>;
export const FINDING_FIELDS = ALL_KEYS.slice(0, ALL_KEYS.indexOf('deadlineDate') + 1) as Array<keyof FindingFields>;

const RECORD_SQL = `select f.id, f.version, ${ALL_KEYS.map((k) => `f.${FINDING_COLUMN[k]} as "${k}"`).join(', ')},
    f.deleted_at as "deletedAt", f.delete_reason as "deleteReason", f.created_at as "createdAt", f.updated_at as "updatedAt"
  from findings f`;

/** A live finding, or undefined. */
export async function findingRecord(db: DataReader, id: number): Promise<FindingRecord | undefined> {
  return db.get<FindingRecord>(`${RECORD_SQL} where f.id = ? and f.deleted_at is null`, [id]);
}

/** A finding as stored, live or not (the import compares a sheet row with it). */
export async function findingRecordAny(db: DataReader, id: number): Promise<FindingRecord | undefined> {
  return db.get<FindingRecord>(`${RECORD_SQL} where f.id = ?`, [id]);
}

/** What a finding's page names beside its own fields. */
export interface FindingNames {
  inspection: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  township: string | null;
  village: string | null;
  project: string | null;
  asset: string | null;
}

export async function findingNames(db: DataReader, id: number): Promise<FindingNames | undefined> {
  return db.get<FindingNames>(
    `select i.name as inspection, i.start_date as "inspectionStart", i.end_date as "inspectionEnd", t.name as township, v.name as village,
            p.name as project, a.name as asset
     from findings f join inspections i on i.id = f.inspection_id
     left join divisions t on t.id = f.township_id left join divisions v on v.id = f.village_id
     left join projects p on p.id = f.project_id left join assets a on a.id = f.asset_id
     where f.id = ?`,
    [id],
  );
}

/** The next free 序号 of an inspection. */
export async function nextSeq(db: DataReader, inspectionId: number): Promise<number> {
  const row = await db.get<{ max: number | null }>('select max(seq) as max from findings where inspection_id = ? and deleted_at is null', [inspectionId]);
  return Number(row?.max ?? 0) + 1;
}

/** The live finding of the inspection holding this 序号, other than `exceptId`. */
export async function seqHolder(db: DataReader, inspectionId: number, seq: number, exceptId: number | null): Promise<{ id: number; description: string } | undefined> {
  return db.get('select id, description from findings where inspection_id = ? and seq = ? and deleted_at is null and id <> ? limit 1', [inspectionId, seq, exceptId ?? 0]);
}

/** Live findings of these inspections, oldest first: what an import matches its rows against. */
export async function findingKeysOf(
  db: DataReader,
  inspectionIds: readonly number[],
): Promise<Array<{ id: number; inspectionId: number; seq: number | null; townshipId: number | null; description: string }>> {
  if (inspectionIds.length === 0) return [];
  return db.all(
    `select id, inspection_id as "inspectionId", seq, township_id as "townshipId", description from findings
     where deleted_at is null and inspection_id in (${placeholders(inspectionIds.length)}) order by id`,
    [...inspectionIds],
  );
}

export type FindingInsert = FindingFields & Partial<Omit<FindingColumns, keyof FindingFields>>;

/** The INSERT of a finding with the columns `values` gives (its id returned), and its parameters. */
function findingInsert(values: FindingInsert, now: string): { sql: string; params: SqlValue[] } {
  const keys = ALL_KEYS.filter((k) => values[k] !== undefined);
  return {
    sql: `insert into findings (${[...keys.map((k) => FINDING_COLUMN[k]), 'created_at', 'updated_at'].join(', ')}) values (${placeholders(keys.length + 2)}) returning id`,
    params: [...keys.map((k) => values[k] ?? null), now, now],
  };
}

export async function insertFinding(tx: DataWriter, values: FindingInsert, now: string): Promise<number> {
  const { sql, params } = findingInsert(values, now);
  const row = await tx.get<{ id: number }>(sql, params);
  if (!row) throw new Error('insert into findings returned no id');
  return Number(row.id);
}

/** The rows changed: 0 when `expectedVersion` is given and the row is no longer at it (or nothing to change). */
export async function updateFinding(tx: DataWriter, id: number, changes: Partial<FindingColumns>, now: string, expectedVersion?: number): Promise<number> {
  const keys = ALL_KEYS.filter((k) => k in changes && changes[k] !== undefined);
  if (keys.length === 0) return 0;
  const guard = versionCondition(expectedVersion);
  const sets = [...keys.map((k) => `${FINDING_COLUMN[k]} = ?`), 'updated_at = ?', BUMP_VERSION];
  return (await tx.run(`update findings set ${sets.join(', ')} where id = ?${guard.sql}`, [...keys.map((k) => changes[k] ?? null), now, id, ...guard.params])).changes;
}

export async function softDeleteFinding(tx: DataWriter, id: number, reason: string, now: string): Promise<void> {
  await tx.run(`update findings set deleted_at = ?, delete_reason = ?, updated_at = ?, ${BUMP_VERSION} where id = ?`, [now, reason, now, id]);
}

// ---- A finding's inspection -------------------------------------------------------------------------

export async function liveFindingCount(db: DataReader, inspectionId: number): Promise<number> {
  return Number((await db.get<{ n: number }>('select count(*) as n from findings where inspection_id = ? and deleted_at is null', [inspectionId]))?.n ?? 0);
}

/** Live findings of the inspection with a deadline before `day`, earliest first (at most 20). */
export async function deadlinesBefore(db: DataReader, inspectionId: number, day: string): Promise<Array<{ seq: number | null; text: string | null; date: string }>> {
  return db.all(
    `select seq, deadline_text as text, deadline_date as date from findings
     where inspection_id = ? and deleted_at is null and deadline_date < ? order by deadline_date limit 20`,
    [inspectionId, day],
  );
}

/** The earliest progress step of the inspection's live findings. */
export async function firstStepDate(db: DataReader, inspectionId: number): Promise<string | null> {
  const row = await db.get<{ day: string | null }>(
    'select min(u.date) as day from finding_updates u join findings fi on fi.id = u.finding_id where fi.inspection_id = ? and fi.deleted_at is null',
    [inspectionId],
  );
  return row?.day ?? null;
}

/** Live findings of the inspection, not 销号, whose 整改时限 is written in words (立行立改 among them). */
export async function wordedDeadlines(db: DataReader, inspectionId: number): Promise<Array<{ id: number; deadlineText: string; deadlineDate: string | null }>> {
  return db.all(
    `select id, deadline_text as "deadlineText", deadline_date as "deadlineDate" from findings
     where inspection_id = ? and deleted_at is null and status <> 'closed' and deadline_text is not null`,
    [inspectionId],
  );
}

// ---- Progress steps (finding_updates) ---------------------------------------------------------------

export type FindingStep = Pick<FindingUpdateRecord, 'findingId' | 'date' | 'fromStatus' | 'toStatus' | 'note' | 'operator'>;

const STEP_INSERT_COLUMNS = ['finding_id', 'date', 'from_status', 'to_status', 'note', 'operator', 'created_at', 'updated_at'];
const INSERT_STEP_SQL = `insert into finding_updates (${STEP_INSERT_COLUMNS.join(', ')}) values (${placeholders(STEP_INSERT_COLUMNS.length)}) returning id`;
const stepParams = (step: FindingStep, now: string): SqlValue[] => [step.findingId, step.date, step.fromStatus, step.toStatus, step.note, step.operator, now, now];

export async function insertFindingUpdate(tx: DataWriter, step: FindingStep, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(INSERT_STEP_SQL, stepParams(step, now));
  if (!row) throw new Error('insert into finding_updates returned no id');
  return Number(row.id);
}

/** Many steps at once (the demo county), in the order given. */
export async function insertFindingUpdates(tx: DataWriter, steps: readonly FindingStep[], now: string): Promise<number> {
  return tx.insertMany('finding_updates', STEP_INSERT_COLUMNS, steps.map((s) => stepParams(s, now)));
}

export async function lastStepDate(db: DataReader, findingId: number): Promise<string | null> {
  return (await db.get<{ day: string | null }>('select max(date) as day from finding_updates where finding_id = ?', [findingId]))?.day ?? null;
}

/** A finding's steps in order, each with the reason its audit row gives (a step back's). */
export async function findingSteps(
  db: DataReader,
  findingId: number,
): Promise<Array<{ id: number; date: string; fromStatus: FindingStatus | null; toStatus: FindingStatus; note: string | null; operator: string; reason: string | null }>> {
  return db.all(
    `select u.id, u.date, u.from_status as "fromStatus", u.to_status as "toStatus", u.note, u.operator,
            (select l.reason from audit_log l where l.entity = 'findingUpdate' and l.entity_id = u.id order by l.id limit 1) as reason
     from finding_updates u where u.finding_id = ? order by u.date, u.id`,
    [findingId],
  );
}

// ---- 撤销导入 ---------------------------------------------------------------------------------------

type UndoneTable = 'findings' | 'finding_updates';

/** A finding or 整改进展 as stored, every column under its column name (撤销导入 keeps it in the audit row). */
export async function storedRow(db: DataReader, table: UndoneTable, id: number): Promise<Record<string, unknown> | undefined> {
  return db.get<Record<string, unknown>>(`select * from ${table === 'findings' ? 'findings' : 'finding_updates'} where id = ?`, [id]);
}

/** Remove a finding or 整改进展 for good (撤销导入 of the batch that created it; a finding's own steps go first). */
export async function deleteImportedRow(tx: DataWriter, table: UndoneTable, id: number): Promise<void> {
  await tx.run(`delete from ${table === 'findings' ? 'findings' : 'finding_updates'} where id = ?`, [id]);
}

/** Findings on these projects or in these inspections that another batch or a clerk wrote, and their batches. */
export async function findingsOutsideBatch(
  db: DataReader,
  by: 'project' | 'inspection',
  ids: readonly number[],
  batchId: number,
): Promise<{ n: number; batches: string | null }> {
  let n = 0;
  const batches = new Set<number>();
  for (const chunk of inListChunks(ids)) {
    const rows = await db.all<{ batchId: number | null }>(
      `select import_batch_id as "batchId" from findings where ${by === 'project' ? 'project_id' : 'inspection_id'} in (${placeholders(chunk.length)})
          and (import_batch_id is null or import_batch_id <> ?)`,
      [...chunk, batchId],
    );
    n += rows.length;
    for (const r of rows) if (r.batchId !== null) batches.add(Number(r.batchId));
  }
  return { n, batches: batches.size > 0 ? [...batches].sort((a, b) => a - b).join(',') : null };
}

/** Findings in these places (township or village) that another batch or a clerk wrote. */
export async function findingsInPlacesOutsideBatch(db: DataReader, placeIds: readonly number[], batchId: number): Promise<number> {
  // By id: a finding whose township and village fall in two different chunks is counted once.
  const ids = new Set<number>();
  for (const chunk of inListChunks(placeIds)) {
    const list = placeholders(chunk.length);
    const rows = await db.all<{ id: number }>(
      `select id from findings where (township_id in (${list}) or village_id in (${list})) and (import_batch_id is null or import_batch_id <> ?)`,
      [...chunk, ...chunk, batchId],
    );
    for (const r of rows) ids.add(Number(r.id));
  }
  return ids.size;
}

/** The 整改进展 of these findings other than the given ones (steps a clerk added after an import). */
export async function countStepsExcept(db: DataReader, findingIds: readonly number[], exceptStepIds: readonly number[]): Promise<number> {
  const except = new Set(exceptStepIds);
  let n = 0;
  for (const chunk of inListChunks(findingIds)) {
    const rows = await db.all<{ id: number }>(`select id from finding_updates where finding_id in (${placeholders(chunk.length)})`, chunk);
    n += rows.filter((r) => !except.has(Number(r.id))).length;
  }
  return n;
}

/** A village moved to another township: its findings follow (their versions move on, see row-version.ts). */
export async function followVillageMove(tx: DataWriter, villageId: number, townshipId: number): Promise<void> {
  await tx.run(`update findings set township_id = ?, ${BUMP_VERSION} where village_id = ?`, [townshipId, villageId]);
}

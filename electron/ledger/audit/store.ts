// The audit area's reads of audit_log through the data port (its rows are appended only by the audit writer,
// electron/platform/audited-write.ts). Portable SQL: see electron/platform/data-port.ts.
import type { DataReader } from '../../platform/data-port';

/** One audit row as 撤销导入 replays it: what was done to which record, with the values before and after. */
export interface BatchAuditRow {
  id: number;
  action: string;
  entity: string;
  entityId: number | null;
  before: string | null;
  after: string | null;
}

/** The audit rows an import batch wrote, newest first (the order 撤销导入 undoes them in). */
export async function importBatchTrail(db: DataReader, batchId: number): Promise<BatchAuditRow[]> {
  const rows = await db.all<BatchAuditRow>(
    'select id, action, entity, entity_id as "entityId", before, after from audit_log where import_batch_id = ? order by id desc',
    [batchId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), entityId: r.entityId === null ? null : Number(r.entityId) }));
}

/** Whether anything but the batch wrote to the record after the audit row `afterId`. */
export async function changedOutsideBatchSince(db: DataReader, entity: string, entityId: number, afterId: number, batchId: number): Promise<boolean> {
  const row = await db.get<{ id: number }>(
    'select id from audit_log where entity = ? and entity_id = ? and id > ? and (import_batch_id is null or import_batch_id <> ?) limit 1',
    [entity, entityId, afterId, batchId],
  );
  return row !== undefined;
}

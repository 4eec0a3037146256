// An audit recorder for bulk writes: the same rows and the same hash chain as audit.ts, but the previous
// hash is kept in memory instead of read back for every row. Only valid inside one write transaction in
// which nothing else appends to the audit log between its rows (the import's transaction).
import { auditHash, auditRowContent, GENESIS_HASH, type AuditEntry, type AuditRecorder } from '../../platform/audit';
import { anchorAfterCommit } from '../audit/anchor';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataWriter } from '../../platform/data-port';

export function bulkAuditRecorder(ctx: ServiceContext): AuditRecorder {
  const operator = ctx.operator();
  const at = ctx.now().toISOString();
  let prevHash = (ctx.sqlite.prepare('select hash from audit_log order by id desc limit 1').pluck().get() as string | undefined) ?? GENESIS_HASH;
  const insert = ctx.sqlite.prepare(
    `insert into audit_log (at, operator, action, entity, entity_id, before, after, reason, import_batch_id, prev_hash, hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    record(entry: AuditEntry) {
      const row = auditRowContent(entry, operator, at);
      const hash = auditHash(prevHash, row);
      insert.run(row.at, row.operator, row.action, row.entity, row.entityId, row.before, row.after, row.reason, row.importBatchId, prevHash, hash);
      prevHash = hash;
    },
  };
}

/**
 * One transaction of the data port for a whole import or undo, with the bulk recorder on it: the areas' stores
 * write on `tx`, the audit rows are chained in memory. On SQLite the recorder's own statements run on the same
 * connection, inside the same transaction. Afterwards the anchor file follows the chain's new head.
 */
export async function bulkWrite<T>(ctx: ServiceContext, work: (tx: DataWriter, audit: AuditRecorder) => Promise<T>): Promise<T> {
  const result = await dataPort(ctx).transaction((tx) => work(tx, bulkAuditRecorder(ctx)));
  anchorAfterCommit(ctx);
  return result;
}

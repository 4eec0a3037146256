// An audit recorder for bulk writes still made synchronously on ctx.sqlite (the demo county, the backup
// bench's trail): the same rows and the same hash chain as audit.ts, but the previous hash is kept in memory
// instead of read back for every row. Only valid inside one write transaction in which nothing else appends
// to the audit log between its rows. Imports and 撤销导入 write on the data port with writeAudited
// (platform/audited-write.ts), which chains the same way; remove this when the demo county is on the port.
import { auditHash, auditRowContent, GENESIS_HASH, type AuditEntry, type AuditRecorder } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';

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

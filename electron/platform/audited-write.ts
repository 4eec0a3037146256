// writeWithAudit over the data port: the write and its audit rows in one transaction of the port, hash-chained
// exactly as electron/services/audit.ts chains the rows written by the synchronous services (one chain, one
// hash function). Areas moved onto the port write through this; the others still use writeWithAudit.
import { auditHash, auditRowContent, GENESIS_HASH, type AuditEntry } from '../services/audit';
import { anchorAfterCommit } from '../services/audit-anchor';
import type { ServiceContext } from '../services/context';
import { dataPort, type DataWriter } from './data-port';

export interface AuditTrailWriter {
  record(entry: AuditEntry): Promise<void>;
}

const INSERT_AUDIT = `insert into audit_log (at, operator, action, entity, entity_id, before, after, reason, import_batch_id, prev_hash, hash)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Run `work` and the audit rows it records as one transaction: if it throws, nothing of the write nor of the
 * audit remains. Every row of one call carries the same operator and instant (one event). The previous hash
 * is read once: the transaction holds the write lock, so nothing else appends to the chain meanwhile.
 */
export async function writeAudited<T>(ctx: ServiceContext, work: (tx: DataWriter, audit: AuditTrailWriter) => Promise<T>): Promise<T> {
  const operator = ctx.operator();
  const at = ctx.now().toISOString();
  const result = await dataPort(ctx).transaction(async (tx) => {
    let prevHash = (await tx.get<{ hash: string }>('select hash from audit_log order by id desc limit 1'))?.hash ?? GENESIS_HASH;
    const audit: AuditTrailWriter = {
      async record(entry) {
        const row = auditRowContent(entry, operator, at);
        const hash = auditHash(prevHash, row);
        await tx.run(INSERT_AUDIT, [row.at, row.operator, row.action, row.entity, row.entityId, row.before, row.after, row.reason, row.importBatchId, prevHash, hash]);
        prevHash = hash;
      },
    };
    return work(tx, audit);
  });
  // Committed: the anchor file beside the ledger follows the chain's new head, as after writeWithAudit.
  anchorAfterCommit(ctx);
  return result;
}

// The one audited writer: a write and its audit rows in one transaction of the data port, hash-chained with
// electron/platform/audit.ts's hash function, on either engine. Every service writes through it.
import { auditHash, auditRowContent, GENESIS_HASH, type AuditChainCheck, type AuditEntry, type AuditRowContent } from './audit';
import { anchorAfterCommit } from '../ledger/audit/anchor';
import type { ServiceContext } from './context';
import { dataPort, type DataPort, type DataReader, type DataWriter, type SqlParams } from './data-port';
import { isOfficeLedger } from './office-ledger';

export interface AuditTrailWriter {
  /** Who the rows name (the call's operator, read once before the transaction): for a store's "by whom" column. */
  readonly operator: string;
  record(entry: AuditEntry): Promise<void>;
  /** Many rows in one bulk insert (an import's records), chained in the order given. */
  recordMany(entries: readonly AuditEntry[]): Promise<void>;
}

/** Who writes and when: every audit row of one call carries the same operator and instant (one event). */
export interface AuditEvent {
  operator: string;
  /** ISO instant. */
  at: string;
}

const AUDIT_COLUMNS = ['at', 'operator', 'action', 'entity', 'entity_id', 'before', 'after', 'reason', 'import_batch_id', 'prev_hash', 'hash'];

/**
 * Run `work` and the audit rows it records as one transaction: if it throws, nothing of the write nor of the
 * audit remains.
 */
export async function writeAudited<T>(ctx: ServiceContext, work: (tx: DataWriter, audit: AuditTrailWriter) => Promise<T>): Promise<T> {
  // Read once, before the transaction (inside, it would only hold the chain's append lock longer):
  // every row of this write names the same operator, and the stores' "by whom" columns take it from `audit`.
  const operator = await ctx.operatorName();
  const result = await writeAuditedOn(dataPort(ctx), { operator, at: ctx.now().toISOString() }, work);
  // Committed: the anchor file beside the ledger follows the chain's new head. A ledger on the office server has
  // no file beside it.
  if (!isOfficeLedger(ctx)) anchorAfterCommit(ctx);
  return result;
}

/**
 * writeAudited on a given port. The chain's append lock is taken before its last hash is read, and held to
 * the commit: on SQLite the write lock of BEGIN IMMEDIATE, on PostgreSQL an advisory lock, so two writers on
 * two connections never chain onto the same row.
 */
export async function writeAuditedOn<T>(port: DataPort, event: AuditEvent, work: (tx: DataWriter, audit: AuditTrailWriter) => Promise<T>): Promise<T> {
  return port.transaction(async (tx) => {
    await tx.lockAuditChain();
    const head = await tx.get<{ id: number; hash: string }>('select id, hash from audit_log order by id desc limit 1');
    let prevHash = head?.hash ?? GENESIS_HASH;
    // On PostgreSQL the ids are numbered here, one after the last, under the chain's lock: a sequence does not give
    // back the ids of a write that rolled back (a refused save, a lost connection), and 校验 reads a jump in ids as
    // rows removed. On SQLite AUTOINCREMENT already numbers without gaps and never reuses an id.
    const numbered = port.dialect === 'postgres';
    let nextId = (head?.id ?? 0) + 1;
    /** The entry's row, chained onto the last one. */
    const chained = (entry: AuditEntry): SqlParams => {
      const row = auditRowContent(entry, event.operator, event.at);
      const hash = auditHash(prevHash, row);
      const values = [row.at, row.operator, row.action, row.entity, row.entityId, row.before, row.after, row.reason, row.importBatchId, prevHash, hash];
      prevHash = hash;
      if (!numbered) return values;
      nextId += 1;
      return [nextId - 1, ...values];
    };
    const columns = numbered ? ['id', ...AUDIT_COLUMNS] : AUDIT_COLUMNS;
    const audit: AuditTrailWriter = {
      operator: event.operator,
      async record(entry) {
        await tx.run(`insert into audit_log (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, chained(entry));
      },
      async recordMany(entries) {
        await tx.insertMany('audit_log', columns, entries.map(chained));
      },
    };
    return work(tx, audit);
  });
}

/**
 * Who wrote a row last and when: its newest audit row (the audit_log_entity_idx index serves it). Several
 * entities when the row's audit rows go by more than one name (an allocation and its splits).
 */
export async function lastWriteTo(db: DataReader, entity: string | readonly string[], entityId: number): Promise<AuditEvent | undefined> {
  const entities = typeof entity === 'string' ? [entity] : entity;
  return db.get<AuditEvent>(`select operator, at from audit_log where entity in (${entities.map(() => '?').join(', ')}) and entity_id = ? order by id desc limit 1`, [
    ...entities,
    entityId,
  ]);
}

type StoredAuditRow = AuditRowContent & { id: number; prevHash: string; hash: string };

const CHAIN_PAGE = 1000;

/**
 * 校验 through the port: the same check as verifyAuditChain (each row's prev_hash is the previous row's hash,
 * and its hash is auditHash of its content), on either engine, reading the trail a page at a time.
 */
export async function verifyChainOnPort(port: DataReader): Promise<AuditChainCheck> {
  let prev = GENESIS_HASH;
  let count = 0;
  let afterId = 0;
  // A jump in ids: rows removed and the chain then continued from the row before them (as verifyAuditChain).
  // Neither engine leaves one otherwise: on PostgreSQL writeAuditedOn numbers the rows itself, without gaps.
  let gapAfterId: number | null = null;
  let gapCount = 0;
  for (;;) {
    const rows = await port.all<StoredAuditRow>(
      `select id, at, operator, action, entity, entity_id as "entityId", before, after, reason,
              import_batch_id as "importBatchId", prev_hash as "prevHash", hash
         from audit_log where id > ? order by id limit ${CHAIN_PAGE}`,
      [afterId],
    );
    for (const row of rows) {
      count += 1;
      const { id, prevHash, hash, ...content } = row;
      if (prevHash !== prev || auditHash(prevHash, content) !== hash) return { ok: false, rows: count, brokenAtId: id, gapAfterId, gapCount };
      if (id !== afterId + 1 && gapAfterId === null) {
        gapAfterId = afterId;
        gapCount = id - afterId - 1;
      }
      afterId = id;
      prev = hash;
    }
    if (rows.length < CHAIN_PAGE) return { ok: gapAfterId === null, rows: count, brokenAtId: null, gapAfterId, gapCount };
  }
}

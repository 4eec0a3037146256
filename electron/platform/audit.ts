// The audit trail: every write records who, when, what and the before/after values in the same
// transaction (the writer is writeAudited, platform/audited-write.ts). Rows are hash-chained so a hand edit
// of the file is detectable; triggers refuse UPDATE/DELETE.
import { createHash } from 'node:crypto';
import type { ServiceContext } from './context';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  importBatchId?: number | null;
}

export interface AuditRowContent {
  at: string;
  operator: string;
  action: string;
  entity: string;
  entityId: number | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  importBatchId: number | null;
}

export function auditHash(prevHash: string, row: AuditRowContent): string {
  const canonical = JSON.stringify([
    prevHash,
    row.at,
    row.operator,
    row.action,
    row.entity,
    row.entityId,
    row.before,
    row.after,
    row.reason,
    row.importBatchId,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The stored content of an audit row for an entry written by `operator` at `at` (ISO instant). */
export function auditRowContent(entry: AuditEntry, operator: string, at: string): AuditRowContent {
  return {
    at,
    operator,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    reason: entry.reason ?? null,
    importBatchId: entry.importBatchId ?? null,
  };
}

export interface AuditChainCheck {
  ok: boolean;
  rows: number;
  /** The first row whose hash or link does not match, when the chain is broken. */
  brokenAtId: number | null;
  /**
   * The first jump in ids, where rows were removed and the chain then went on from the row before them (ids
   * are AUTOINCREMENT and a rolled-back write returns its ids, so a committed trail counts 1, 2, 3, …).
   */
  gapAfterId: number | null;
  gapCount: number;
}

export function verifyAuditChain(ctx: Pick<ServiceContext, 'sqlite'>, progress?: (done: number) => void): AuditChainCheck {
  const rows = ctx.sqlite
    .prepare(
      `select id, at, operator, action, entity, entity_id as entityId, before, after, reason,
              import_batch_id as importBatchId, prev_hash as prevHash, hash from audit_log order by id`,
    )
    .iterate() as Iterable<AuditRowContent & { id: number; prevHash: string; hash: string }>;
  let prev = GENESIS_HASH;
  let count = 0;
  let lastId = 0;
  let gapAfterId: number | null = null;
  let gapCount = 0;
  for (const row of rows) {
    count += 1;
    if (progress && count % 10_000 === 0) progress(count);
    const { id, prevHash, hash, ...content } = row;
    if (prevHash !== prev || auditHash(prevHash, content) !== hash) {
      return { ok: false, rows: count, brokenAtId: id, gapAfterId, gapCount };
    }
    if (id !== lastId + 1 && gapAfterId === null) {
      gapAfterId = lastId;
      gapCount = id - lastId - 1;
    }
    lastId = id;
    prev = hash;
  }
  return { ok: gapAfterId === null, rows: count, brokenAtId: null, gapAfterId, gapCount };
}

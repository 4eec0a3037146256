// Which ledger rows belong to an import batch, for the ledgers' 导入批次 filter (到项目库查看, 导入记录 → 查看记录).
// A batch's rows are those it created or updated: both leave an audit row carrying the batch's id (the rows it
// created also carry import_batch_id, but an update keeps the row's own), so the audit trail is the one list
// that holds both. The audit log has no index on the batch; the IN list is built once per statement (an
// uncorrelated subquery), the same scan 撤销导入 makes.

/** The audit entities that stand for a ledger's rows (an allocation's split is recorded under the allocation's id). */
export const BATCH_ENTITIES = {
  projects: ['project'],
  payments: ['payment'],
  allocations: ['allocation', 'allocationSplits'],
  findings: ['finding'],
} as const;

/**
 * A WHERE condition: `idColumn` (e.g. "p.id") is a row the batch in `param` (the named @importBatchId, or a
 * positional `?` for the data port) created or updated. The entity names are constants of this module, never input.
 */
export function importBatchCondition(idColumn: string, ledger: keyof typeof BATCH_ENTITIES, param: '@importBatchId' | '?' = '@importBatchId'): string {
  const entities = BATCH_ENTITIES[ledger].map((e) => `'${e}'`).join(', ');
  return `${idColumn} in (select entity_id from audit_log where import_batch_id = ${param} and entity in (${entities}) and entity_id is not null)`;
}

// 账实核对's scope: which tables 校验 compares with the audit trail, and which of their fields. A field is
// listed here only if every writer of the table records it in its audit rows under this name (camelCase of
// the column); the comparison then covers exactly these fields and 校验's wording says so. Tables not
// listed (区划, 单位, 项目类型, 简报, 设置, 操作员, 导入记录) are not compared, and the wording says that too.
import { camelField } from '../../../../shared/record-fields';

export interface TableCheck {
  entity: string;
  table: string;
  /** Audit field names (camelCase); the column is the snake_case of each. */
  fields: readonly string[];
  /** The table keeps deleted rows (deleted_at); others lose the row. */
  softDelete: boolean;
}

export const TABLE_CHECKS: readonly TableCheck[] = [
  {
    entity: 'project',
    table: 'projects',
    fields: ['name', 'year', 'status', 'townshipId', 'villageId', 'fundCentralFen', 'fundProvincialFen', 'fundMunicipalFen', 'fundCountyFen', 'fundOtherFen', 'plannedStart', 'plannedEnd', 'actualStart', 'actualEnd'],
    softDelete: true,
  },
  { entity: 'allocation', table: 'allocations', fields: ['docNumber', 'level', 'date', 'year', 'amountFen'], softDelete: true },
  { entity: 'payment', table: 'payments', fields: ['projectId', 'allocationId', 'date', 'amountFen', 'voucher'], softDelete: true },
  { entity: 'asset', table: 'assets', fields: ['name', 'projectId', 'originalValueFen', 'formedDate', 'status'], softDelete: true },
  { entity: 'assetIncome', table: 'asset_incomes', fields: ['assetId', 'year', 'incomeFen'], softDelete: false },
  { entity: 'inspection', table: 'inspections', fields: ['name', 'source', 'startDate', 'endDate'], softDelete: true },
  {
    entity: 'finding',
    table: 'findings',
    fields: ['inspectionId', 'description', 'townshipId', 'projectId', 'deadlineDate', 'status', 'completedDate', 'closedDate', 'closedReviewer'],
    softDelete: true,
  },
  { entity: 'findingUpdate', table: 'finding_updates', fields: ['findingId', 'date', 'toStatus'], softDelete: false },
  { entity: 'attachment', table: 'attachments', fields: ['ownerType', 'ownerId', 'sha256', 'sizeBytes'], softDelete: true },
  { entity: 'household', table: 'households', fields: ['headName', 'members', 'householdType', 'townshipId', 'villageId'], softDelete: true },
];

/** The splits (project ↔ allocation) are checked as one list per allocation: entity allocationSplits. */
export const SPLITS_ENTITY = 'allocationSplits';

export function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/([a-z])(\d)/g, '$1$2');
}

/** The check of an entity, if its table is compared. */
export function tableCheck(entity: string): TableCheck | undefined {
  return TABLE_CHECKS.find((t) => t.entity === entity);
}

// Sanity: the two spellings agree (camelField is how the 审计日志 reads raw columns).
for (const t of TABLE_CHECKS) for (const f of t.fields) if (camelField(columnOf(f)) !== f) throw new Error(`verify spec: ${t.entity}.${f}`);

// The before/after of an audit row as field rows, for the side-by-side view. Pure, so it is unit-tested.
import type { ImportKind } from '../../../../shared/enums';
import { fieldDef } from '../../../../shared/import/fields';
import { formatFen } from '../../../../shared/money';

/** Audit entities whose fields the import knows by their Chinese column names. */
const ENTITY_KIND: Record<string, ImportKind> = {
  project: 'projects',
  payment: 'payments',
  allocation: 'allocations',
  finding: 'findings',
  household: 'households',
};

const COMMON_LABEL: Record<string, string> = {
  id: '编号',
  name: '名称',
  code: '代码',
  status: '状态',
  level: '级别',
  remark: '备注',
  reason: '原因',
  officeName: '单位名称',
  countyName: '县名',
  operatorName: '操作员姓名',
  parentId: '上级',
  townshipId: '乡镇',
  villageId: '村',
  projectId: '项目',
  allocationId: '资金文号',
  createdAt: '录入时间',
  updatedAt: '修改时间',
  deletedAt: '删除时间',
  deleteReason: '删除原因',
  importBatchId: '导入批次',
  amountFen: '金额',
  fundCentralFen: '中央资金',
  fundProvincialFen: '省级资金',
  fundMunicipalFen: '市级资金',
  fundCountyFen: '县级资金',
  fundOtherFen: '其他资金',
};

/** The Chinese name of a field of an audited entity, or null when there is none. */
export function fieldLabel(entity: string, field: string): string | null {
  const kind = ENTITY_KIND[entity];
  return (kind ? fieldDef(kind, field)?.label : undefined) ?? COMMON_LABEL[field] ?? null;
}

export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One row per field of either side (a side that is not an object shows as one row named 值). */
export function diffRows(before: unknown, after: unknown): DiffRow[] {
  if (!isRecord(before) && !isRecord(after)) {
    return [{ field: '值', before, after, changed: JSON.stringify(before) !== JSON.stringify(after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((field) => ({
    field,
    before: field in b ? b[field] : undefined,
    after: field in a ? a[field] : undefined,
    // A create or delete shows every field; only an update marks changes.
    changed: isRecord(before) && isRecord(after) && JSON.stringify(b[field] ?? null) !== JSON.stringify(a[field] ?? null),
  }));
}

/** A value as a clerk reads it: 空 for nothing, money fields in 元, objects as compact JSON. */
export function formatValue(value: unknown, field = ''): string {
  if (value === undefined) return '';
  if (value === null || value === '') return '（空）';
  if (typeof value === 'number' && /Fen$|_fen$/.test(field) && Number.isInteger(value)) return `${formatFen(value, 'yuan')} 元`;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

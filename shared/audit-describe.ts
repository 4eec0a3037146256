// One audit row as a clerk reads it: the operation (新增, 修改, 状态变更, 销号, 导入, 撤销导入, 恢复 …), the record by
// its name, and every field by its Chinese label with its value in words — money in 元/万元, days as
// 2024年3月5日, enumerations by their labels, links by the linked record's name. Pure: the audit service hands
// in the names of linked records (looked up in the ledger, or in the trail when the record is gone).
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_LABEL } from './api-audit';
import { ledgerCountsText } from './api-backup';
import { formatBytes } from './attachment-types';
import { formatChineseDate, formatChineseInstant } from './dates';
import { FindingStatus } from './enums';
import { formatFen } from './money';
import { camelField, recordField, type FieldValue, type RecordRef } from './record-fields';

/** Records whose names a row may need: linked records, and the row's own record when its values lack the name. */
export type NamedRecord = RecordRef | 'payment' | 'attachment' | 'bulletin' | 'household' | 'assetIncome' | 'findingUpdate';

/** The name of a record (a project's name, an allocation's 文号 …), or null when the ledger knows none. */
export type AuditNames = (record: NamedRecord, id: number) => string | null;

export interface AuditRowInput {
  action: string;
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
}

export interface AuditChange {
  /** The stored field name (the raw record's key). */
  field: string;
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

export interface AuditDescription {
  /** 新增, 修改, 状态变更, 销号 … */
  action: string;
  /** 项目, 资金下达 … */
  entity: string;
  /** The record's name, when it has one. */
  subject: string | null;
  /** 修改项目“前进村道路硬化项目”. */
  title: string;
  /** The 内容 column: what changed ("责任人：张村长 → 李主任"), or what a new record holds. */
  summary: string;
  /** Every shown field, before and after (hashes and internal numbers stay in the raw record). */
  changes: AuditChange[];
}

/** The field of a record's audit values that names it (also how a record no longer in its table is named). */
export const NAME_FIELD: Partial<Record<string, string>> = {
  project: 'name',
  allocation: 'docNumber',
  division: 'name',
  unit: 'name',
  inspection: 'name',
  finding: 'description',
  asset: 'name',
  attachment: 'name',
  bulletin: 'title',
  bulletinSeries: 'name',
  operator: 'name',
  importBatch: 'fileName',
  household: 'headName',
};

/** A 问题描述 is a paragraph: a title shows its start. */
const SUBJECT_MAX = 40;

const EMPTY = '（空）';
const ZERO_MONEY = '0.00 元';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shorten(text: string, max = SUBJECT_MAX): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Money as the office writes it: 万元 from 1 万元 up, 元 below. */
export function moneyText(fen: number): string {
  return Math.abs(fen) >= 1_000_000 ? `${formatFen(fen, 'wan')} 万元` : `${formatFen(fen, 'yuan')} 元`;
}

/** A stored instant as the office's day and minute: shared/dates.ts formatChineseInstant, by its name here. */
export const instantText = formatChineseInstant;

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

const ENTITY_OF_REF: Record<RecordRef, string> = {
  project: '项目',
  allocation: '资金下达',
  division: '区划',
  unit: '单位',
  projectType: '项目类型',
  inspection: '督导检查',
  finding: '问题',
  asset: '资产',
  bulletinSeries: '简报',
  operator: '操作员',
  importBatch: '导入批次',
};

function linkName(names: AuditNames, to: RecordRef, id: unknown): string {
  if (typeof id !== 'number') return id === null || id === undefined ? EMPTY : String(id);
  return names(to, id) ?? `${ENTITY_OF_REF[to]}（编号 ${id}，已不在台账中）`;
}

function splitsText(value: unknown, to: 'project' | 'allocation', names: AuditNames): string {
  if (!Array.isArray(value)) return EMPTY;
  if (value.length === 0) return '（未分配）';
  return value
    .map((s: unknown) => {
      if (!isRecord(s)) return String(s);
      const id = to === 'project' ? s.projectId : s.allocationId;
      const amount = typeof s.amountFen === 'number' ? moneyText(s.amountFen) : EMPTY;
      return `${linkName(names, to, id)} ${amount}`;
    })
    .join('；');
}

function countsText(value: unknown): string {
  return isRecord(value) ? ledgerCountsText(value) : EMPTY;
}

function recipientsText(value: unknown): string {
  let v: unknown = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return v as string;
    }
  }
  if (!isRecord(v)) return EMPTY;
  const line = (word: string, list: unknown) => (Array.isArray(list) && list.length ? `${word}：${list.join('，')}` : null);
  return [line('报', v.report), line('送', v.send), line('发', v.distribute)].filter(Boolean).join('；') || EMPTY;
}

/** One value in words. `record` is the record the value belongs to (an attachment's owner needs its type). */
export function valueText(value: unknown, spec: FieldValue, names: AuditNames, record: Record<string, unknown> = {}): string {
  if (value === undefined || value === null || value === '') return EMPTY;
  switch (spec.kind) {
    case 'hidden':
      return '';
    case 'fen':
      return typeof value === 'number' ? moneyText(value) : String(value);
    case 'date':
      return typeof value === 'string' ? formatChineseDate(value) : String(value);
    case 'instant':
      return typeof value === 'string' ? instantText(value) : String(value);
    case 'number':
      return typeof value === 'number' ? `${value.toLocaleString('zh-CN')}${spec.unit ? ` ${spec.unit}` : ''}` : String(value);
    case 'year':
      return `${String(value)}年`;
    case 'ratio':
      return typeof value === 'number' ? `${Math.round(value * 10_000) / 100}%` : String(value);
    case 'bool':
      return value === true || value === 1 ? '是' : '否';
    case 'bytes':
      return typeof value === 'number' ? formatBytes(value) : String(value);
    case 'list':
      return Array.isArray(value) ? (value.length ? value.map(String).join('、') : EMPTY) : String(value);
    case 'enum':
      return spec.labels[String(value)] ?? String(value);
    case 'ref':
      return linkName(names, spec.to, value);
    case 'refs':
      return Array.isArray(value) ? (value.length ? value.map((id) => linkName(names, spec.to, id)).join('、') : EMPTY) : String(value);
    case 'splits':
      return splitsText(value, spec.to, names);
    case 'file':
      return typeof value === 'string' ? fileName(value) : String(value);
    case 'counts':
      return countsText(value);
    case 'document':
      return '（简报正文，见原始记录）';
    case 'head':
      // The id says which row; its hash (hex, meaningless to a clerk) is in the raw record, one click away.
      return isRecord(value) && typeof value.id === 'number' ? `审计日志第 ${value.id} 条` : String(value);
    case 'recipients':
      return recipientsText(value);
    case 'owner': {
      const owner = record.ownerType ?? record.owner_type;
      const to: RecordRef | null = owner === 'finding' || owner === 'project' || owner === 'asset' || owner === 'inspection' ? owner : null;
      if (owner === 'findingUpdate' && typeof value === 'number') return names('findingUpdate', value) ?? `整改进展（编号 ${value}）`;
      if (owner === 'visit' && typeof value === 'number') return `走访记录（编号 ${value}）`;
      return to ? `${ENTITY_OF_REF[to]}“${linkName(names, to, value)}”` : String(value);
    }
    case 'text':
      return typeof value === 'string' ? value : Array.isArray(value) ? value.map(String).join('、') : String(value);
  }
}

/** allocationSplits rows hold arrays: one field per project, labelled with its name. */
function splitsAsFields(value: unknown): Record<string, unknown> {
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(
    value.filter(isRecord).map((s) => [`project:${String(s.projectId)}`, s.amountFen]),
  );
}

function fieldsOf(entity: string, value: unknown): Record<string, unknown> | null {
  if (entity === 'allocationSplits') return Array.isArray(value) ? splitsAsFields(value) : null;
  return isRecord(value) ? value : null;
}

function changesOf(row: AuditRowInput, names: AuditNames): AuditChange[] {
  const before = fieldsOf(row.entity, row.before);
  const after = fieldsOf(row.entity, row.after);
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: AuditChange[] = [];
  for (const field of keys) {
    let label: string;
    let spec: FieldValue;
    if (row.entity === 'allocationSplits') {
      const id = Number(field.slice('project:'.length));
      label = linkName(names, 'project', id);
      spec = { kind: 'fen' };
    } else {
      const def = recordField(row.entity, field);
      if (def?.value.kind === 'hidden') continue;
      label = def?.label ?? field;
      spec = def?.value ?? { kind: 'text' };
    }
    // An edit lists the fields it touched on both sides; a split that gains a project had none before.
    const edit = before !== null && after !== null && (row.action === 'update' || row.action === 'set' || row.entity === 'finding');
    const absent = row.entity === 'allocationSplits' ? '（未分配）' : EMPTY;
    const bv = field in b ? valueText(b[field], spec, names, b) : edit ? absent : '';
    const av = field in a ? valueText(a[field], spec, names, a) : edit ? absent : '';
    const changed =
      before !== null && after !== null && (edit || (field in b && field in a)) && JSON.stringify(b[field] ?? null) !== JSON.stringify(a[field] ?? null);
    out.push({ field, label, before: bv, after: av, changed });
  }
  return out;
}

function actionLabel(row: AuditRowInput): string {
  const after = isRecord(row.after) ? row.after : {};
  if (row.entity === 'finding' && row.action === 'status') return after.status === 'closed' ? '销号' : '状态变更';
  if (row.entity === 'importBatch' && row.action === 'undo') return '撤销导入';
  if (row.entity === 'allocationSplits' && row.action === 'set') return '修改';
  return AUDIT_ACTION_LABEL[row.action] ?? row.action;
}

function own(row: AuditRowInput, key: string): string | null {
  for (const side of [row.after, row.before]) {
    if (isRecord(side)) {
      const v = side[key] ?? side[camelField(key)];
      if (typeof v === 'string' && v) return v;
    }
  }
  return null;
}

function num(row: AuditRowInput, key: string): number | null {
  for (const side of [row.after, row.before]) if (isRecord(side) && typeof side[key] === 'number') return side[key] as number;
  return null;
}

/** The record's name: from the row itself when it carries it (so a deleted or renamed record reads as it was), else looked up. */
function subjectOf(row: AuditRowInput, names: AuditNames): string | null {
  const id = row.entityId;
  const key = NAME_FIELD[row.entity];
  if (key) {
    const name = own(row, key) ?? (id !== null ? names(row.entity as NamedRecord, id) : null);
    return name ? shorten(name) : null;
  }
  switch (row.entity) {
    case 'allocationSplits':
      return id !== null ? names('allocation', id) : null;
    case 'payment': {
      // A payment is known by its project and voucher (or day); an undone import's payment is gone from the table.
      const project = num(row, 'projectId') ?? num(row, 'project_id');
      const projectName = project !== null ? names('project', project) : null;
      const voucher = own(row, 'voucher');
      const day = own(row, 'date');
      if (projectName) return `${projectName}（${voucher ? `凭证号 ${voucher}` : day ? formatChineseDate(day) : '拨付'}）`;
      return id !== null ? names('payment', id) : null;
    }
    case 'assetIncome': {
      const asset = num(row, 'assetId');
      const year = num(row, 'year');
      const name = asset !== null ? names('asset', asset) : null;
      return name ? `${name}${year !== null ? ` ${year}年` : ''}` : id !== null ? names('assetIncome', id) : null;
    }
    case 'findingUpdate': {
      const finding = num(row, 'findingId');
      const name = finding !== null ? names('finding', finding) : null;
      return name ? shorten(name) : null;
    }
    case 'ledger': {
      const from = own(row, 'from');
      return from ? fileName(from) : null;
    }
    default:
      return null;
  }
}

/** The 内容 line: for a change, the fields that changed; for a new or removed record, what it holds. */
function summaryOf(row: AuditRowInput, changes: AuditChange[]): string {
  const changed = changes.filter((c) => c.changed);
  if (changed.length) return changed.map((c) => `${c.label}：${c.before} → ${c.after}`).join('；');
  const nameKey = NAME_FIELD[row.entity];
  // What a new or removed record holds: its filled fields (a source of money it has none of says nothing).
  const shown = changes.filter((c) => c.field !== nameKey && (c.after || c.before) && ![EMPTY, ZERO_MONEY].includes(c.after || c.before));
  if (row.entity === 'finding' && (row.action === 'status' || row.action === 'progress')) {
    const progress = changes.find((c) => c.field === 'progressText');
    if (progress) return `${progress.label}：${progress.after}`;
  }
  return shown
    .slice(0, 6)
    .map((c) => `${c.label}：${c.after || c.before}`)
    .join('；');
}

/** A bulk writer's row (verify/bulk-trail.ts): many records' checked fields; described by count and range. */
function describeCreateMany(row: AuditRowInput, action: string, entity: string): AuditDescription {
  const after = isRecord(row.after) ? row.after : {};
  const rows = Array.isArray(after.rows) ? (after.rows as unknown[][]) : [];
  const fields = Array.isArray(after.fields) ? (after.fields as unknown[]).map((f) => recordField(row.entity, String(f))?.label || String(f)) : [];
  const first = rows[0]?.[0];
  const last = rows[rows.length - 1]?.[0];
  const range = typeof first === 'number' && typeof last === 'number' ? `（记录号 ${first}–${last}）` : '';
  const summary = `${rows.length.toLocaleString('zh-CN')} 条${range}，每条记下：${fields.join('、')}`;
  return { action, entity, subject: null, title: `${action}${entity} ${rows.length.toLocaleString('zh-CN')} 条`, summary, changes: [] };
}

export function describeAuditRow(row: AuditRowInput, names: AuditNames): AuditDescription {
  const action = actionLabel(row);
  const entity = AUDIT_ENTITY_LABEL[row.entity] ?? row.entity;
  if (row.action === 'createMany') return describeCreateMany(row, action, entity);
  const subject = subjectOf(row, names);
  const changes = changesOf(row, names);
  let title: string;
  if (row.entity === 'ledger' && row.action === 'restore') title = subject ? `从备份“${subject}”恢复台账` : '从备份恢复台账';
  else if (row.entity === 'ledger' && row.action === 'demo.load') title = action;
  else if (row.entity === 'importBatch') title = `${action}${subject ? `“${subject}”` : entity}`;
  else if (row.entity === 'operator' && row.action === 'setPassword') title = `为操作员${subject ? `“${subject}”` : ''}设置密码`;
  else if (row.entity === 'finding' && (row.action === 'status' || row.action === 'progress')) {
    const to = isRecord(row.after) && typeof row.after.status === 'string' ? (FindingStatus.label as Record<string, string>)[row.after.status] : null;
    const what = row.action === 'progress' ? '填报整改进展' : action === '销号' ? '销号' : `状态变更为“${to ?? EMPTY}”`;
    title = `问题${subject ? `“${subject}”` : ''}${what}`;
  } else title = `${action}${entity}${subject ? `“${subject}”` : ''}`;
  return { action, entity, subject, title, summary: summaryOf(row, changes), changes };
}

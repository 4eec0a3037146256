// 审计日志 screen's reads: the trail with filters (paged, newest first) and the hash-chain check that names
// the first row edited or removed by hand. Reads only: no channel edits or deletes audit rows.
import { addDays, officeDay, officeDayStart } from '../../shared/dates';
import type { AuditFacets, AuditPage, AuditRow, AuditVerifyResult } from '../../shared/api-audit';
import type { ChannelParsedInput } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { auditHash, GENESIS_HASH, verifyAuditChain } from './audit';
import type { ServiceContext } from './context';
import type { HandlerSubset } from './handler-types';

interface RawAuditRow {
  id: number;
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

const COLUMNS = `id, at, operator, action, entity, entity_id as entityId, before, after, reason, import_batch_id as importBatchId`;

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A hand-edited row may hold anything: show it as it is.
    return text;
  }
}

function toRow(r: RawAuditRow): AuditRow {
  return { ...r, before: parseJson(r.before), after: parseJson(r.after) };
}


export function listAudit(ctx: ServiceContext, input: ChannelParsedInput<'audit.list'>): AuditPage {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (input.entity) {
    where.push('entity = @entity');
    params.entity = input.entity;
  }
  if (input.entityId !== undefined) {
    where.push('entity_id = @entityId');
    params.entityId = input.entityId;
  }
  if (input.operator) {
    where.push('operator = @operator');
    params.operator = input.operator;
  }
  if (input.action) {
    where.push('action = @action');
    params.action = input.action;
  }
  if (input.from) {
    where.push('at >= @from');
    params.from = officeDayStart(input.from);
  }
  if (input.to) {
    where.push('at < @to');
    params.to = officeDayStart(addDays(input.to, 1));
  }
  const clause = where.length ? ` where ${where.join(' and ')}` : '';
  const total = ctx.sqlite.prepare(`select count(*) from audit_log${clause}`).pluck().get(params) as number;
  const rows = ctx.sqlite
    .prepare(`select ${COLUMNS} from audit_log${clause} order by id desc limit @limit offset @offset`)
    .all({ ...params, limit: input.limit ?? 50, offset: input.offset ?? 0 }) as RawAuditRow[];
  return { rows: rows.map(toRow), total };
}

export function auditFacets(ctx: ServiceContext): AuditFacets {
  const distinct = (column: string) => ctx.sqlite.prepare(`select distinct ${column} from audit_log order by ${column}`).pluck().all() as string[];
  return { entities: distinct('entity'), actions: distinct('action'), operators: distinct('operator') };
}

/** 校验: walk the chain; when it breaks, say which row and whether its content or its link was changed. */
export function verifyAudit(ctx: ServiceContext): AuditVerifyResult {
  const total = ctx.sqlite.prepare('select count(*) from audit_log').pluck().get() as number;
  const check = verifyAuditChain(ctx);
  if (check.ok || check.brokenAtId === null) {
    return { ok: true, rows: check.rows, total, brokenAtId: null, problem: null, broken: null, message: `审计日志完整：${check.rows} 条记录的哈希链全部吻合，没有被改动的痕迹。` };
  }
  const raw = ctx.sqlite.prepare(`select ${COLUMNS}, prev_hash as prevHash, hash from audit_log where id = ?`).get(check.brokenAtId) as
    | (RawAuditRow & { prevHash: string; hash: string })
    | undefined;
  if (!raw) throw new AppError('INTERNAL', '审计日志在校验时发生了变化，请重新校验');
  const previousHash =
    (ctx.sqlite.prepare('select hash from audit_log where id < ? order by id desc limit 1').pluck().get(raw.id) as string | undefined) ?? GENESIS_HASH;
  const { prevHash, hash, ...content } = raw;
  const contentIntact = auditHash(prevHash, content) === hash;
  const problem: 'content' | 'link' = contentIntact && prevHash !== previousHash ? 'link' : 'content';
  const message =
    problem === 'content'
      ? `审计日志第 ${raw.id} 条记录的内容与它的哈希不符：这条记录在程序之外被改动过（${officeDay(raw.at)}，${raw.operator}）。此后的记录无法再证明未被改动。`
      : `审计日志在第 ${raw.id} 条记录处断开：它前面的记录被删除、插入或改动过。此后的记录无法再证明未被改动。`;
  return { ok: false, rows: check.rows, total, brokenAtId: raw.id, problem, broken: toRow(raw), message };
}

export const auditHandlers: HandlerSubset<'audit.list' | 'audit.facets' | 'audit.verify'> = {
  'audit.list': listAudit,
  'audit.facets': (ctx) => auditFacets(ctx),
  'audit.verify': (ctx) => verifyAudit(ctx),
};

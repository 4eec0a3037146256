// 审计日志 screen's reads: the trail with filters (paged, newest first) and the hash-chain check that names
// the first row edited or removed by hand. Reads only: no channel edits or deletes audit rows.
import { addDays, officeDayStart } from '../../../shared/dates';
import type { AuditFacets, AuditPage, AuditRow, AuditVerifyChain, AuditVerifyFinding } from '../../../shared/api-audit';
import type { ChannelParsedInput } from '../../../shared/api';
import { describeAuditRow, instantText, NAME_FIELD, type AuditNames, type NamedRecord } from '../../../shared/audit-describe';
import { AppError } from '../../../shared/errors';
import { auditHash, GENESIS_HASH, verifyAuditChain, type AuditRowContent } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { initialsForms } from '../../../shared/pinyin';

/** A stored audit row: what the writer hashes, and its id. */
type RawAuditRow = AuditRowContent & { id: number };

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

// ---- Names of the records a row speaks of -------------------------------------------------------------

/** How each kind of record is named, read from the ledger (soft-deleted rows included: they keep their name). */
const NAME_SQL: Record<NamedRecord, string> = {
  project: 'select name from projects where id = ?',
  allocation: 'select doc_number from allocations where id = ?',
  division: 'select name from divisions where id = ?',
  unit: 'select name from units where id = ?',
  projectType: 'select name from project_types where id = ?',
  inspection: 'select name from inspections where id = ?',
  finding: 'select description from findings where id = ?',
  asset: 'select name from assets where id = ?',
  bulletinSeries: 'select name from bulletin_series where id = ?',
  operator: 'select name from operators where id = ?',
  importBatch: 'select file_name from import_batches where id = ?',
  bulletin: 'select title from bulletins where id = ?',
  attachment: 'select original_name from attachments where id = ?',
  household: 'select head_name from households where id = ?',
  payment: `select p.name || '（' || coalesce('凭证号 ' || pay.voucher, pay.date) || '）' from payments pay join projects p on p.id = pay.project_id where pay.id = ?`,
  assetIncome: `select a.name || ' ' || i.year || '年' from asset_incomes i join assets a on a.id = i.asset_id where i.id = ?`,
  findingUpdate: 'select f.description from finding_updates u join findings f on f.id = u.finding_id where u.id = ?',
};

/**
 * Names of records for the description of a page of rows. A record removed from its table (a 区划 deleted, a
 * batch's rows undone) is named from the trail: its create or delete row carries every field.
 */
export function auditNames(ctx: Pick<ServiceContext, 'sqlite'>): AuditNames {
  const cache = new Map<string, string | null>();
  const trail = ctx.sqlite.prepare('select before, after from audit_log where entity = ? and entity_id = ? order by id desc');
  const tables = new Set(ctx.sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]);
  return (record, id) => {
    const key = `${record}:${id}`;
    if (cache.has(key)) return cache.get(key) ?? null;
    let name: string | null = null;
    const sql = NAME_SQL[record];
    const table = /from ([a-z_]+)/.exec(sql)?.[1];
    if (table && tables.has(table)) name = (ctx.sqlite.prepare(sql).pluck().get(id) as string | null | undefined) ?? null;
    const field = NAME_FIELD[record];
    if (name === null && field) {
      for (const r of trail.iterate(record, id) as Iterable<{ before: string | null; after: string | null }>) {
        for (const side of [r.after, r.before]) {
          const v = parseJson(side);
          if (v && typeof v === 'object' && !Array.isArray(v)) {
            const found = (v as Record<string, unknown>)[field];
            if (typeof found === 'string' && found) name = found;
          }
          if (name !== null) break;
        }
        if (name !== null) break;
      }
    }
    cache.set(key, name);
    return name;
  };
}

function toRow(r: RawAuditRow, names: AuditNames): AuditRow {
  const row = { ...r, before: parseJson(r.before), after: parseJson(r.after) };
  return { ...row, description: describeAuditRow(row, names) };
}

// ---- 对象: rows about the records a clerk names ---------------------------------------------------------

/**
 * Tables whose records a clerk names in the 名称 box, with the entity their audit rows carry. `initials`:
 * the names are short enough to match by pinyin initials (a 问题描述 is a paragraph: text only); projects
 * keep theirs in search_initials.
 */
const NAMED_TABLES: Array<{ entity: string; sql: string; initials: 'stored' | 'computed' | 'none' }> = [
  { entity: 'project', sql: 'select id, name, search_initials as initials from projects', initials: 'stored' },
  { entity: 'allocation', sql: 'select id, doc_number as name from allocations', initials: 'none' },
  { entity: 'division', sql: 'select id, name from divisions', initials: 'computed' },
  { entity: 'unit', sql: 'select id, name from units', initials: 'computed' },
  { entity: 'inspection', sql: 'select id, name from inspections', initials: 'computed' },
  { entity: 'finding', sql: 'select id, description as name from findings', initials: 'none' },
  { entity: 'asset', sql: 'select id, name from assets', initials: 'computed' },
  { entity: 'operator', sql: 'select id, name from operators', initials: 'computed' },
];

/** Rows linked to these records too: an allocation's split rows. */
const CHILD_ROWS: Record<string, string[]> = { allocation: ['allocationSplits'] };

/**
 * The (entity, id) pairs whose record is named by the words: their name contains the text, or (words of
 * letters and digits) their name's pinyin initials do, as in 项目库's search.
 */
function recordsNamed(ctx: ServiceContext, words: string): Array<[string, number]> {
  const text = words.trim();
  const initials = /^[a-z0-9]+$/i.test(text) ? text.toLowerCase() : null;
  const out: Array<[string, number]> = [];
  for (const t of NAMED_TABLES) {
    for (const r of ctx.sqlite.prepare(t.sql).iterate() as Iterable<{ id: number; name: string; initials?: string | null }>) {
      let hit = r.name.includes(text);
      if (!hit && initials !== null && t.initials !== 'none') {
        const own = t.initials === 'stored' && r.initials ? r.initials : initialsForms(r.name).join(' ');
        hit = own.includes(initials);
      }
      if (hit) {
        out.push([t.entity, r.id]);
        for (const child of CHILD_ROWS[t.entity] ?? []) out.push([child, r.id]);
      }
    }
  }
  return out;
}


export function listAudit(ctx: ServiceContext, input: ChannelParsedInput<'audit.list'>): AuditPage {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (input.entity) {
    where.push('entity = @entity');
    params.entity = input.entity;
  }
  if (input.record) {
    // Rows about a named record (found in the ledger by name or initials), and rows whose values hold the
    // words (records since removed from their table: their rows carry the name).
    const pairs = recordsNamed(ctx, input.record);
    ctx.sqlite.exec('create temp table if not exists audit_named (entity text not null, entity_id integer not null)');
    ctx.sqlite.exec('delete from temp.audit_named');
    const add = ctx.sqlite.prepare('insert into temp.audit_named (entity, entity_id) values (?, ?)');
    for (const [entity, id] of pairs) add.run(entity, id);
    where.push(
      `((entity, entity_id) in (select entity, entity_id from temp.audit_named)
        or (entity, entity_id) in (select entity, entity_id from audit_log where entity_id is not null and (before like @words or after like @words)))`,
    );
    params.words = `%${input.record.replace(/[%_\\]/g, '')}%`;
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
  const names = auditNames(ctx);
  return { rows: rows.map((r) => toRow(r, names)), total };
}

export function auditFacets(ctx: ServiceContext): AuditFacets {
  const distinct = (column: string) => ctx.sqlite.prepare(`select distinct ${column} from audit_log order by ${column}`).pluck().all() as string[];
  return { entities: distinct('entity'), actions: distinct('action'), operators: distinct('operator') };
}

/** The advice for a trail changed outside the program. */
export const RESTORE_ADVICE = '请用问题出现之前那天的备份恢复台账（设置 → 备份与恢复），并查问这段时间谁拿到过这个数据文件。';

/**
 * 校验's first part: walk the chain; when it breaks, say which row and whether its content or its link was
 * changed; when ids jump, how many rows are missing there.
 */
export function verifyChain(ctx: ServiceContext, progress?: (done: number) => void): { chain: AuditVerifyChain; findings: AuditVerifyFinding[] } {
  const total = ctx.sqlite.prepare('select count(*) from audit_log').pluck().get() as number;
  const check = verifyAuditChain(ctx, progress);
  const findings: AuditVerifyFinding[] = [];
  const chain: AuditVerifyChain = { rows: check.rows, total, brokenAtId: null, problem: null, broken: null, gapAfterId: check.gapAfterId, gapCount: check.gapCount };
  if (check.gapAfterId !== null) {
    findings.push({
      title: `审计日志在第 ${check.gapAfterId} 条之后缺少 ${check.gapCount} 条（第 ${check.gapAfterId + 1}–${check.gapAfterId + check.gapCount} 条）`,
      detail: '这些记录被删除，此后的记录又接在删除处之后继续写入。被删除的记录写过什么已无从得知。',
      advice: RESTORE_ADVICE,
    });
  }
  if (check.brokenAtId === null) return { chain, findings };
  const raw = ctx.sqlite.prepare(`select ${COLUMNS}, prev_hash as prevHash, hash from audit_log where id = ?`).get(check.brokenAtId) as
    | (RawAuditRow & { prevHash: string; hash: string })
    | undefined;
  if (!raw) throw new AppError('INTERNAL', '审计日志在校验时发生了变化，请重新校验');
  const previousHash =
    (ctx.sqlite.prepare('select hash from audit_log where id < ? order by id desc limit 1').pluck().get(raw.id) as string | undefined) ?? GENESIS_HASH;
  const { prevHash, hash, ...content } = raw;
  const contentIntact = auditHash(prevHash, content) === hash;
  const problem: 'content' | 'link' = contentIntact && prevHash !== previousHash ? 'link' : 'content';
  const broken = toRow(content, auditNames(ctx));
  findings.unshift(
    problem === 'content'
      ? {
          title: `审计日志第 ${raw.id} 条记录在程序之外被改动过`,
          detail: `这条记录（${instantText(raw.at)}，${raw.operator}：${broken.description.title}）的内容与它的哈希不符。此后的 ${total - check.rows} 条记录无法再证明未被改动。`,
          advice: RESTORE_ADVICE,
        }
      : {
          title: `审计日志在第 ${raw.id} 条记录处断开`,
          detail: `它前面的记录被删除、插入或改动过（第 ${raw.id} 条不再接在第 ${raw.id - 1} 条之后）。此后的 ${total - check.rows} 条记录无法再证明未被改动。`,
          advice: RESTORE_ADVICE,
        },
  );
  return { chain: { ...chain, brokenAtId: raw.id, problem, broken }, findings };
}

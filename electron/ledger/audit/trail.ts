// 审计日志 screen's reads: the trail with filters (paged, newest first) and the hash-chain check that names
// the first row edited or removed by hand. Reads only: no channel edits or deletes audit rows.
import { addDays, officeDayStart } from '../../../shared/dates';
import type { AuditFacets, AuditPage, AuditRow, AuditVerifyChain, AuditVerifyFinding } from '../../../shared/api-audit';
import type { ChannelParsedInput } from '../../../shared/api';
import { describeAuditRow, instantText, NAME_FIELD, type AuditNames, type NamedRecord } from '../../../shared/audit-describe';
import { AppError } from '../../../shared/errors';
import { auditHash, GENESIS_HASH } from '../../platform/audit';
import { verifyChainOnPort } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import * as store from './store';
import type { StoredAuditRow } from './store';
import { initialsForms } from '../../../shared/pinyin';

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A hand-edited row may hold anything: show it as it is.
    return text;
  }
}

// ---- Names of the records a row speak of -------------------------------------------------------------

/** The name a removed record's create or delete row carries under its entity's name field. */
function nameInValues(field: string, values: ReadonlyArray<string | null>): string | null {
  for (const side of values) {
    const v = parseJson(side);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const found = (v as Record<string, unknown>)[field];
      if (typeof found === 'string' && found) return found;
    }
  }
  return null;
}

/**
 * The names that `describe` asks for, read together through the audit store (one statement a kind of record),
 * then handed out by a lookup. `describe` is pure (describeAuditRow, 校验's problems in words): run once with a
 * lookup that notes what it is asked and answers nothing, it names every record it will need. A record removed
 * from its table (a 区划 deleted, a batch's rows undone) is named from the trail: its create or delete row
 * carries every field.
 */
export async function namesAskedBy(db: DataReader, describe: (names: AuditNames) => void): Promise<AuditNames> {
  const wanted = new Map<NamedRecord, Set<number>>();
  describe((record, id) => {
    let ids = wanted.get(record);
    if (!ids) wanted.set(record, (ids = new Set()));
    ids.add(id);
    return null;
  });
  const found = new Map<string, string>();
  for (const [record, idSet] of wanted) {
    const ids = [...idSet];
    const names = await store.recordNames(db, record, ids);
    const field = NAME_FIELD[record];
    const missing = ids.filter((id) => !names.has(id));
    if (field && missing.length > 0) {
      const trail = new Map<number, Array<string | null>>();
      for (const r of await store.recordValueTrail(db, record, missing)) {
        const values = trail.get(r.entityId) ?? [];
        values.push(r.after, r.before);
        trail.set(r.entityId, values);
      }
      for (const [id, values] of trail) {
        const name = nameInValues(field, values);
        if (name !== null) names.set(id, name);
      }
    }
    for (const [id, name] of names) found.set(`${record}:${id}`, name);
  }
  return (record, id) => found.get(`${record}:${id}`) ?? null;
}

async function describedRows(db: DataReader, raw: readonly StoredAuditRow[]): Promise<AuditRow[]> {
  const rows = raw.map((r) => ({ ...r, before: parseJson(r.before), after: parseJson(r.after) }));
  // A row that asks no name is described once (a bulk row's description is long to make).
  const first: Array<AuditRow['description'] | null> = [];
  const names = await namesAskedBy(db, (asking) => {
    for (const row of rows) {
      let asked = false;
      const description = describeAuditRow(row, (record, id) => {
        asked = true;
        return asking(record, id);
      });
      first.push(asked ? null : description);
    }
  });
  return rows.map((row, i) => ({ ...row, description: first[i] ?? describeAuditRow(row, names) }));
}

// ---- 对象: rows about the records a clerk names ---------------------------------------------------------

/**
 * Kinds of records a clerk names in the 名称 box. `initials`: the names are short enough to match by pinyin
 * initials (a 问题描述 is a paragraph: text only); projects keep theirs in search_initials.
 */
const NAMED_TABLES: Array<{ entity: store.NameSearchEntity; initials: 'stored' | 'computed' | 'none' }> = [
  { entity: 'project', initials: 'stored' },
  { entity: 'allocation', initials: 'none' },
  { entity: 'division', initials: 'computed' },
  { entity: 'unit', initials: 'computed' },
  { entity: 'inspection', initials: 'computed' },
  { entity: 'finding', initials: 'none' },
  { entity: 'asset', initials: 'computed' },
  { entity: 'operator', initials: 'computed' },
];

/** Rows linked to these records too: an allocation's split rows. */
const CHILD_ROWS: Record<string, string[]> = { allocation: ['allocationSplits'] };

/**
 * The records named by the words, by entity: their name contains the text, or (words of letters and digits)
 * their name's pinyin initials do, as in 项目库's search.
 */
async function recordsNamed(db: DataReader, words: string): Promise<Map<string, number[]>> {
  const text = words.trim();
  const initials = /^[a-z0-9]+$/i.test(text) ? text.toLowerCase() : null;
  const out = new Map<string, number[]>();
  const add = (entity: string, id: number) => {
    const ids = out.get(entity) ?? [];
    ids.push(id);
    out.set(entity, ids);
  };
  for (const t of NAMED_TABLES) {
    for (const r of await store.namedRecords(db, t.entity)) {
      let hit = r.name.includes(text);
      if (!hit && initials !== null && t.initials !== 'none') {
        const own = t.initials === 'stored' && r.initials ? r.initials : initialsForms(r.name).join(' ');
        hit = own.includes(initials);
      }
      if (hit) {
        add(t.entity, r.id);
        for (const child of CHILD_ROWS[t.entity] ?? []) add(child, r.id);
      }
    }
  }
  return out;
}

export async function listAudit(ctx: ServiceContext, input: ChannelParsedInput<'audit.list'>): Promise<AuditPage> {
  const db = dataPort(ctx);
  const filter: store.AuditFilter = {};
  if (input.entity) filter.entity = input.entity;
  if (input.record) {
    // Rows about a named record (found in the ledger by name or initials), and rows whose values hold the
    // words (records since removed from their table: their rows carry the name).
    filter.record = { named: await recordsNamed(db, input.record), valuesLike: `%${input.record.replace(/[%_\\]/g, '')}%` };
  }
  if (input.entityId !== undefined) filter.entityId = input.entityId;
  if (input.operator) filter.operator = input.operator;
  if (input.action) filter.action = input.action;
  if (input.from) filter.from = officeDayStart(input.from);
  if (input.to) filter.before = officeDayStart(addDays(input.to, 1));
  const total = await store.countAuditRows(db, filter);
  const rows = await store.auditRowPage(db, filter, input.offset ?? 0, input.limit ?? 50);
  return { rows: await describedRows(db, rows), total };
}

export async function auditFacets(ctx: ServiceContext): Promise<AuditFacets> {
  const db = dataPort(ctx);
  return { entities: await store.distinctAuditValues(db, 'entity'), actions: await store.distinctAuditValues(db, 'action'), operators: await store.distinctAuditValues(db, 'operator') };
}

/** The advice for a trail changed outside the program. */
export const RESTORE_ADVICE = '请用问题出现之前那天的备份恢复台账（设置 → 备份与恢复），并查问这段时间谁拿到过这个数据文件。';

/**
 * 校验's first part: walk the chain; when it breaks, say which row and whether its content or its link was
 * changed; when ids jump, how many rows are missing there.
 */
export async function verifyChain(ctx: ServiceContext): Promise<{ chain: AuditVerifyChain; findings: AuditVerifyFinding[] }> {
  const db = dataPort(ctx);
  const total = await store.countAuditRows(db);
  const check = await verifyChainOnPort(db);
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
  const raw = await store.auditRowWithHash(db, check.brokenAtId);
  if (!raw) throw new AppError('INTERNAL', '审计日志在校验时发生了变化，请重新校验');
  const previousHash = (await store.hashBefore(db, raw.id)) ?? GENESIS_HASH;
  const { prevHash, hash, ...content } = raw;
  const contentIntact = auditHash(prevHash, content) === hash;
  const problem: 'content' | 'link' = contentIntact && prevHash !== previousHash ? 'link' : 'content';
  const [broken] = (await describedRows(db, [content])) as [AuditRow];
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

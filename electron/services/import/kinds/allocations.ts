// Allocations (资金下达): one row per document and level, or one row per (document, project) when the sheet
// splits a document across projects (a 分配金额 column, or a project column with the same 文号 on several
// rows). Rows of one document are grouped; the document's amount is the stated 下达金额 (the same on every
// row, often a merged cell) or, without one, the sum of the rows. The splits may not add up to more than the
// document's amount (DOMAIN.md): that is an error on the rows of the document.
import { ALLOCATION_COLUMN } from '../../../ledger/funds/store';
import { isValidIsoDay } from '../../../../shared/dates';
import { normaliseDocNumber } from '../../../../shared/doc-number';
import { FundLevel, type FundLevel as FundLevelCode } from '../../../../shared/enums';
import { formatYuanWithUnit } from '../../../../shared/money';
import { nameKey } from '../../../../shared/import/text';
import { fundLevelFromName, matchFundLevel } from '../../../../shared/import/words';
import { readDate, readMoney, readName, readText, readWord, readYear } from '../cells';
import type { RowInput } from '../env';
import type { KindEnv, KindPlan, PlannedRow, Writer } from '../types';

export interface AllocationValues {
  docNumber: string;
  level: FundLevelCode;
  fundName: string | null;
  date: string;
  year: number;
  amountFen: number;
  recipient: string | null;
  remark: string | null;
}

interface RowParsed {
  input: RowInput;
  doc: string;
  level: FundLevelCode;
  fundName: string | null;
  date: string | null;
  year: number | null;
  amountFen: number | null;
  amountCol: number | null;
  recipient: string | null;
  remark: string | null;
  projectId: number | null;
  splitFen: number | null;
}

export function planAllocations(env: KindEnv, rows: RowInput[]): KindPlan {
  const { ctx, log } = env;
  const planned = new Map<number, PlannedRow>();
  // A row may carry several allocations (one per level column): its outcome is the strongest, its money the sum.
  const RANK: Record<PlannedRow['outcome'], number> = { error: 4, update: 3, create: 2, unchanged: 1, skip: 0 };
  const mark = (p: PlannedRow) => {
    const prev = planned.get(p.row);
    if (!prev) planned.set(p.row, p);
    else planned.set(p.row, { ...(RANK[p.outcome] > RANK[prev.outcome] ? p : prev), amountFen: prev.amountFen + p.amountFen });
  };
  const hasSplitColumn = rows.some((r) => r.get('splitAmount'));
  const LEVEL_COLUMNS: Array<[string, FundLevelCode]> = [
    ['fundCentral', 'central'],
    ['fundProvincial', 'provincial'],
    ['fundMunicipal', 'municipal'],
    ['fundCounty', 'county'],
    ['fundOther', 'other'],
  ];
  const levelColumns = LEVEL_COLUMNS.filter(([f]) => rows.some((r) => r.get(f)));
  const hasProjectColumn = rows.some((r) => r.get('project') || r.get('projectCode'));

  const projects = ctx.sqlite
    .prepare('select id, code, name, year, township_id as townshipId from projects where deleted_at is null order by id')
    .all() as Array<{ id: number; code: string | null; name: string; year: number; townshipId: number | null }>;
  const byCode = new Map(projects.filter((p) => p.code).map((p) => [nameKey(p.code as string), p]));
  const byName = new Map<string, typeof projects>();
  for (const p of projects) {
    const list = byName.get(nameKey(p.name)) ?? [];
    list.push(p);
    byName.set(nameKey(p.name), list);
  }

  const parsed: RowParsed[] = [];
  for (const input of rows) {
    const row = input.row;
    let bad = false;
    const chk = <T>(v: T | null | undefined): T | null => {
      if (v === undefined) bad = true;
      return v ?? null;
    };
    const docRaw = chk(readName(env, input, 'docNumber'));
    const fundName = chk(readText(env, input, 'fundName'));
    const date = chk(readDate(env, input, 'date', 'day'));
    const year = chk(readYear(env, input, 'year'));
    const amount = chk(readMoney(env, input, 'amount'));
    const split = chk(readMoney(env, input, 'splitAmount'));
    const recipient = chk(readText(env, input, 'recipient'));
    const remark = chk(readText(env, input, 'remark'));
    let level: FundLevelCode | null = null;
    const lv = readWord(env, input, 'level');
    if (lv === undefined) bad = true;
    else if (lv) {
      const m = matchFundLevel(lv.text);
      if (!m.ok) {
        log.error(row, lv.col, 'level', m.message);
        bad = true;
      } else level = m.value;
    }
    if (level === null && fundName) level = fundLevelFromName(fundName);
    // One column per level: each level with money is an allocation of its own (same 文号).
    const byLevel: Array<{ level: FundLevelCode; fen: number; col: number }> = [];
    for (const [field, lv2] of levelColumns) {
      const m = readMoney(env, input, field);
      if (m === undefined) bad = true;
      else if (m && m.fen > 0) byLevel.push({ level: lv2, fen: m.fen, col: m.col });
    }
    if (byLevel.length > 0 && level === null) level = byLevel[0]?.level ?? null;
    if (!docRaw && !bad) {
      log.error(row, input.get('docNumber')?.col ?? null, 'docNumber', '文号为空，请填写下达文件的文号');
      bad = true;
    }
    if (level === null && !bad) {
      log.error(row, input.get('level')?.col ?? input.get('fundName')?.col ?? null, 'level', '无法确定资金级次（中央、省级、市级、县级或其他），请填写“资金级次”');
      bad = true;
    }
    // The project this row splits to.
    let projectId: number | null = null;
    const code = chk(readName(env, input, 'projectCode'));
    const pname = chk(readName(env, input, 'project'));
    if (!bad && (code || pname)) {
      const col = input.get('projectCode')?.col ?? input.get('project')?.col ?? null;
      if (code) {
        const p = byCode.get(nameKey(code));
        if (p) projectId = p.id;
        else {
          log.error(row, col, 'projectCode', `台账中没有项目编号为 ${code} 的项目`);
          bad = true;
        }
      } else if (pname) {
        let list = byName.get(nameKey(pname)) ?? [];
        const t = input.get('township');
        const tid = t && env.text(t.cell) ? env.places.index.township(env.text(t.cell)) : null;
        if (tid && tid.ok) list = list.filter((p) => p.townshipId === tid.id);
        else if (env.sheetTownship) list = list.filter((p) => p.townshipId === env.sheetTownship?.id);
        if (list.length === 1 && list[0]) projectId = list[0].id;
        else if (list.length === 0) {
          log.error(row, col, 'project', `台账中没有名为“${pname}”的项目，请先导入项目或核对名称`);
          bad = true;
        } else {
          log.error(row, col, 'project', `台账中有 ${list.length} 个项目名为“${pname}”，请填写项目编号以区分`);
          bad = true;
        }
      }
    }
    if (bad || !docRaw || level === null) {
      planned.set(row, { row, outcome: 'error', amountFen: 0 });
      continue;
    }
    if (byLevel.length > 0 && !hasProjectColumn) {
      const stated = amount?.fen ?? null;
      const sum = byLevel.reduce((a, b) => a + b.fen, 0);
      if (stated !== null && stated !== sum) {
        log.warn('allocationSumMismatch', row, amount?.col ?? null, 'amount', `下达金额 ${formatYuanWithUnit(stated)}与各级次之和 ${formatYuanWithUnit(sum)}不符，已按各级次导入`);
      }
      for (const b of byLevel) {
        parsed.push({ input, doc: normaliseDocNumber(docRaw), level: b.level, fundName, date: date?.iso ?? null, year, amountFen: b.fen, amountCol: b.col, recipient, remark, projectId: null, splitFen: null });
      }
      continue;
    }
    const splitFen = hasSplitColumn ? (split?.fen ?? null) : hasProjectColumn && projectId !== null ? (amount?.fen ?? null) : null;
    parsed.push({
      input,
      doc: normaliseDocNumber(docRaw),
      level,
      fundName,
      date: date?.iso ?? null,
      year,
      amountFen: hasSplitColumn || !hasProjectColumn ? (amount?.fen ?? null) : null,
      amountCol: amount?.col ?? null,
      recipient,
      remark,
      projectId,
      splitFen,
    });
  }

  // Group rows by document and level.
  const groups = new Map<string, RowParsed[]>();
  for (const p of parsed) {
    const k = `${p.doc}|${p.level}`;
    const list = groups.get(k) ?? [];
    list.push(p);
    groups.set(k, list);
  }
  const existing = new Map<string, { id: number; values: AllocationValues }>();
  for (const a of ctx.sqlite
    .prepare('select id, doc_number, level, fund_name, date, year, amount_fen, recipient, remark from allocations where deleted_at is null')
    .iterate() as Iterable<Record<string, unknown>>) {
    existing.set(`${a.doc_number as string}|${a.level as string}`, {
      id: a.id as number,
      values: {
        docNumber: a.doc_number as string,
        level: a.level as FundLevelCode,
        fundName: (a.fund_name as string | null) ?? null,
        date: a.date as string,
        year: a.year as number,
        amountFen: a.amount_fen as number,
        recipient: (a.recipient as string | null) ?? null,
        remark: (a.remark as string | null) ?? null,
      },
    });
  }
  const splitsOf = ctx.sqlite.prepare('select project_id as projectId, amount_fen as amountFen from allocation_splits where allocation_id = ?');

  interface Op {
    kind: 'create' | 'update' | 'none';
    key: string;
    targetId?: number;
    values: AllocationValues;
    before?: Partial<AllocationValues>;
    after?: Partial<AllocationValues>;
    splits: Array<{ projectId: number; amountFen: number }>;
    beforeSplits: Array<{ projectId: number; amountFen: number }>;
  }
  const ops: Op[] = [];

  for (const [key, list] of groups) {
    const first = list[0] as RowParsed;
    const rowsOf = list.map((p) => p.input.row);
    const fail = (message: string, col: number | null, field: string) => {
      for (const p of list) {
        log.error(p.input.row, col, field, message);
        mark({ row: p.input.row, outcome: 'error', amountFen: 0 });
      }
    };
    // One value per document (first non-empty), with a warning when rows disagree.
    const pick = <K extends keyof RowParsed>(k: K): RowParsed[K] | null => {
      const values = list.map((p) => p[k]).filter((v) => v !== null && v !== undefined);
      const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
      if (distinct.length > 1 && (k === 'amountFen' || k === 'date')) {
        log.warn('allocationRowsDiffer', first.input.row, null, String(k), `文号 ${first.doc} 的各行“${k === 'amountFen' ? '下达金额' : '下达日期'}”不一致，按第一行的值导入（涉及第${rowsOf.join('、')}行）`);
      }
      return (values[0] ?? null) as RowParsed[K] | null;
    };
    const date = pick('date');
    const prior = existing.get(key);
    const splits = list.filter((p) => p.projectId !== null && p.splitFen !== null).map((p) => ({ projectId: p.projectId as number, amountFen: p.splitFen as number }));
    const merged = new Map<number, number>();
    for (const s of splits) merged.set(s.projectId, (merged.get(s.projectId) ?? 0) + s.amountFen);
    let amount = pick('amountFen');
    if (amount === null) amount = splits.length > 0 ? [...merged.values()].reduce((a, b) => a + b, 0) : null;
    if (amount === null && !prior) {
      fail('下达金额为空，请填写', first.input.get('amount')?.col ?? null, 'amount');
      continue;
    }
    if ((date === null || !isValidIsoDay(date)) && !prior) {
      fail('下达日期为空，请填写具体到日的下达日期', first.input.get('date')?.col ?? null, 'date');
      continue;
    }
    const values: AllocationValues = {
      docNumber: first.doc,
      level: first.level,
      fundName: pick('fundName') ?? prior?.values.fundName ?? null,
      date: date ?? (prior?.values.date as string),
      year: pick('year') ?? (date ? Number(date.slice(0, 4)) : (prior?.values.year as number)),
      amountFen: amount ?? (prior?.values.amountFen as number),
      recipient: pick('recipient') ?? prior?.values.recipient ?? null,
      remark: pick('remark') ?? prior?.values.remark ?? null,
    };
    const beforeSplits = prior ? (splitsOf.all(prior.id) as Array<{ projectId: number; amountFen: number }>) : [];
    const next = new Map(beforeSplits.map((s) => [s.projectId, s.amountFen]));
    for (const [pid, fen] of merged) next.set(pid, fen);
    const splitTotal = [...next.values()].reduce((a, b) => a + b, 0);
    if (splitTotal > values.amountFen) {
      fail(
        `文号 ${values.docNumber} 下达金额 ${formatYuanWithUnit(values.amountFen)}，分配到项目合计 ${formatYuanWithUnit(splitTotal)}，超出 ${formatYuanWithUnit(splitTotal - values.amountFen)}，请调整分配金额`,
        first.input.get('splitAmount')?.col ?? first.amountCol,
        'splitAmount',
      );
      continue;
    }
    const splitRows = [...merged.entries()].map(([projectId, amountFen]) => ({ projectId, amountFen }));
    const amountPerRow = (_p: RowParsed, i: number) => (i === 0 ? values.amountFen : 0);
    if (!prior) {
      ops.push({ kind: 'create', key, values, splits: splitRows, beforeSplits: [] });
      list.forEach((p, i) => mark({ row: p.input.row, outcome: 'create', amountFen: amountPerRow(p, i) }));
      continue;
    }
    if (env.options.onMatch === 'skip') {
      list.forEach((p, i) =>
        mark({ row: p.input.row, outcome: 'skip', reason: `文号 ${values.docNumber}（${FundLevel.label[values.level]}）已录入，按设置跳过`, targetId: prior.id, amountFen: amountPerRow(p, i) }),
      );
      continue;
    }
    const changed = (Object.keys(values) as Array<keyof AllocationValues>).filter((k) => values[k] !== prior.values[k]);
    const splitsChanged = splitRows.some((s) => beforeSplits.find((b) => b.projectId === s.projectId)?.amountFen !== s.amountFen);
    if (changed.length === 0 && !splitsChanged) {
      list.forEach((p, i) => mark({ row: p.input.row, outcome: 'unchanged', reason: `与已录入的文号 ${values.docNumber} 一致`, targetId: prior.id, amountFen: amountPerRow(p, i) }));
      continue;
    }
    ops.push({
      kind: changed.length > 0 ? 'update' : 'none',
      key,
      targetId: prior.id,
      values,
      before: Object.fromEntries(changed.map((k) => [k, prior.values[k]])),
      after: Object.fromEntries(changed.map((k) => [k, values[k]])),
      splits: splitRows,
      beforeSplits,
    });
    list.forEach((p, i) => mark({ row: p.input.row, outcome: 'update', targetId: prior.id, amountFen: amountPerRow(p, i) }));
  }

  return {
    rows: rows.map((r) => planned.get(r.row) ?? { row: r.row, outcome: 'error', amountFen: 0 }),
    apply(w: Writer) {
      const insert = ctx.sqlite.prepare(
        `insert into allocations (doc_number, level, fund_name, date, year, amount_fen, recipient, remark, import_batch_id, created_at, updated_at)
         values (@docNumber, @level, @fundName, @date, @year, @amountFen, @recipient, @remark, @batchId, @stamp, @stamp)`,
      );
      const upsertSplit = ctx.sqlite.prepare(
        `insert into allocation_splits (allocation_id, project_id, amount_fen, import_batch_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?)
         on conflict (allocation_id, project_id) do update set amount_fen = excluded.amount_fen, updated_at = excluded.updated_at`,
      );
      // The same field → column map as the store's (the import writes these tables itself until it moves onto it).
      const columns: Record<keyof AllocationValues, string> = ALLOCATION_COLUMN;
      let created = 0;
      let updated = 0;
      for (const op of ops) {
        let id = op.targetId as number;
        if (op.kind === 'create') {
          id = Number(insert.run({ ...op.values, batchId: w.batchId, stamp: w.stamp }).lastInsertRowid);
          w.audit.record({ action: 'create', entity: 'allocation', entityId: id, after: op.values, importBatchId: w.batchId });
          created += 1;
        } else if (op.kind === 'update') {
          const after = op.after as Record<string, unknown>;
          const keys = Object.keys(after) as Array<keyof AllocationValues>;
          ctx.sqlite
            .prepare(`update allocations set ${keys.map((k) => `${columns[k]} = ?`).join(', ')}, updated_at = ? where id = ?`)
            .run(...keys.map((k) => after[k]), w.stamp, id);
          w.audit.record({ action: 'update', entity: 'allocation', entityId: id, before: op.before, after: op.after, reason: `导入：${env.fileName}`, importBatchId: w.batchId });
          updated += 1;
        } else updated += 1;
        if (op.splits.length > 0) {
          for (const s of op.splits) upsertSplit.run(id, s.projectId, s.amountFen, w.batchId, w.stamp, w.stamp);
          const after = [...new Map([...op.beforeSplits.map((s) => [s.projectId, s.amountFen] as const), ...op.splits.map((s) => [s.projectId, s.amountFen] as const)]).entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([projectId, amountFen]) => ({ projectId, amountFen }));
          w.audit.record({ action: 'set', entity: 'allocationSplits', entityId: id, before: op.beforeSplits, after, reason: `导入：${env.fileName}`, importBatchId: w.batchId });
        }
      }
      return { created, updated };
    },
  };
}

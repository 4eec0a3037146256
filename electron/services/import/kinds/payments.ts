// Payments (拨付/支付). Each row is matched to a project by 项目编号, else by name (and the township and
// village when the sheet gives them); when several projects share the name, the k-th row naming it goes to
// the k-th such project (year of the payment first) and the row says so. The funds rule of DOMAIN.md holds
// row by row, counting the rows above in the same file: a payment that would take a project's payments
// above its funds is an error naming both sums; payments above what allocations assigned are imported and
// flagged 拨付超下达. The same payment (project, date, amount, voucher) already in the ledger is skipped.
import { normaliseDocNumber } from '../../../../shared/doc-number';
import { formatYuanWithUnit } from '../../../../shared/money';
import { nameKey } from '../../../../shared/import/text';
import { matchFundLevel, matchPaymentType } from '../../../../shared/import/words';
import type { FundLevel, PaymentType } from '../../../../shared/enums';
import { readDate, readMoney, readName, readText, readWord } from '../cells';
import type { RowInput } from '../env';
import type { KindEnv, KindPlan, PlannedRow, Writer } from '../types';

export interface PaymentValues {
  projectId: number;
  allocationId: number | null;
  date: string;
  amountFen: number;
  payee: string | null;
  voucher: string | null;
  paymentType: PaymentType | null;
  remark: string | null;
}

interface ProjectLite {
  id: number;
  year: number;
  code: string | null;
  name: string;
  townshipId: number | null;
  villageId: number | null;
  totalFen: number;
  paidFen: number;
  allocatedFen: number;
}

export function planPayments(env: KindEnv, rows: RowInput[]): KindPlan {
  const { ctx, log } = env;
  const planned: PlannedRow[] = [];

  // Every live project once, with its funds, payments and allocations (one pass each, no per-row queries).
  const projects = ctx.sqlite
    .prepare(
      `select p.id, p.year, p.code, p.name, p.township_id as townshipId, p.village_id as villageId,
              p.fund_central_fen + p.fund_provincial_fen + p.fund_municipal_fen + p.fund_county_fen + p.fund_other_fen as totalFen,
              0 as paidFen, 0 as allocatedFen
       from projects p where p.deleted_at is null order by p.year desc, p.id`,
    )
    .all() as ProjectLite[];
  const byId = new Map(projects.map((p) => [p.id, p]));
  for (const r of ctx.sqlite.prepare('select project_id as id, sum(amount_fen) as fen from payments where deleted_at is null group by project_id').iterate() as Iterable<{ id: number; fen: number }>) {
    const p = byId.get(r.id);
    if (p) p.paidFen = r.fen;
  }
  for (const r of ctx.sqlite
    .prepare('select s.project_id as id, sum(s.amount_fen) as fen from allocation_splits s join allocations a on a.id = s.allocation_id where a.deleted_at is null group by s.project_id')
    .iterate() as Iterable<{ id: number; fen: number }>) {
    const p = byId.get(r.id);
    if (p) p.allocatedFen = r.fen;
  }
  const byCode = new Map<string, ProjectLite>();
  const byName = new Map<string, ProjectLite[]>();
  for (const p of projects) {
    if (p.code) byCode.set(nameKey(p.code), p);
    const k = nameKey(p.name);
    const list = byName.get(k) ?? [];
    list.push(p);
    byName.set(k, list);
  }
  const allocations = ctx.sqlite.prepare('select id, doc_number as doc, level from allocations where deleted_at is null').all() as Array<{ id: number; doc: string; level: FundLevel }>;
  const allocByDoc = new Map<string, Array<{ id: number; level: FundLevel }>>();
  for (const a of allocations) {
    const list = allocByDoc.get(a.doc) ?? [];
    list.push({ id: a.id, level: a.level });
    allocByDoc.set(a.doc, list);
  }
  // Existing payments of the projects this file names, for recognising the same payment again.
  const existingKey = new Map<string, number>();
  const existingVoucher = new Map<string, { id: number; date: string; amount: number; payee: string | null; type: PaymentType | null; remark: string | null; allocationId: number | null }>();
  const loadedProjects = new Set<number>();
  const existingOf = ctx.sqlite.prepare(
    'select id, date, amount_fen as amount, voucher, payee, payment_type as type, remark, allocation_id as allocationId from payments where project_id = ? and deleted_at is null',
  );
  const loadExisting = (projectId: number) => {
    if (loadedProjects.has(projectId)) return;
    loadedProjects.add(projectId);
    for (const e of existingOf.iterate(projectId) as Iterable<{ id: number; date: string; amount: number; voucher: string | null; payee: string | null; type: PaymentType | null; remark: string | null; allocationId: number | null }>) {
      existingKey.set(`${projectId}|${e.date}|${e.amount}|${e.voucher ?? ''}`, e.id);
      if (e.voucher) existingVoucher.set(`${projectId}|${e.voucher}`, e);
    }
  };

  const ordinal = new Map<string, number>();
  const ambiguousWarned = new Set<string>();
  const inFile = new Map<string, number>();
  interface UpdateOp {
    targetId: number;
    before: Partial<PaymentValues>;
    after: Partial<PaymentValues>;
  }
  // The rows to write, in sheet order: a create is its values alone, an update names what changes (a
  // 100 000-row file keeps one small object per row until it is written).
  const ops: Array<PaymentValues | UpdateOp> = [];
  const sheetTownship = env.sheetTownship;

  for (const input of rows) {
    const row = input.row;
    let bad = false;
    const chk = <T>(v: T | null | undefined): T | null => {
      if (v === undefined) bad = true;
      return v ?? null;
    };
    const code = chk(readName(env, input, 'projectCode'));
    const name = chk(readName(env, input, 'project'));
    const date = chk(readDate(env, input, 'date', 'day'));
    const amount = chk(readMoney(env, input, 'amount'));
    const credit = chk(readMoney(env, input, 'credit'));
    const payee = chk(readText(env, input, 'payee'));
    const voucher = chk(readName(env, input, 'voucher'));
    const remark = chk(readText(env, input, 'remark'));
    let paymentType: PaymentType | null = null;
    const pt = readWord(env, input, 'paymentType');
    if (pt === undefined) bad = true;
    else if (pt) {
      const m = matchPaymentType(pt.text);
      if (!m.ok) log.warn('paymentTypeUnknown', row, pt.col, 'paymentType', `${m.message}；本行已导入，支付类型留空`);
      else paymentType = m.value;
    }
    let level: FundLevel | null = null;
    const lv = readWord(env, input, 'level');
    if (lv === undefined) bad = true;
    else if (lv) {
      const m = matchFundLevel(lv.text);
      if (!m.ok) log.warn('fundLevelUnknown', row, lv.col, 'level', m.message);
      else level = m.value;
    }
    const docText = chk(readName(env, input, 'docNumber'));
    // A ledger export with 借方 and 贷方 columns: a row with only a 贷方 figure is money coming back (退回、收回),
    // not a payment — left out with its reason rather than refused as an empty 拨付金额.
    if (!bad && !amount && credit && credit.fen !== 0) {
      planned.push({ row, outcome: 'skip', reason: `只有贷方金额 ${formatYuanWithUnit(credit.fen)}（资金收回或退回），不是拨付，不导入`, amountFen: 0 });
      continue;
    }
    if (!bad && amount && credit && credit.fen !== 0) {
      log.warn('creditAlongside', row, credit.col, 'credit', `本行既有借方金额 ${formatYuanWithUnit(amount.fen)} 又有贷方金额 ${formatYuanWithUnit(credit.fen)}；已按借方金额导入拨付，贷方金额未导入，请核对`);
    }
    if (!date && !bad) {
      log.error(row, input.get('date')?.col ?? null, 'date', '拨付日期为空，请填写');
      bad = true;
    }
    if (!amount && !bad) {
      log.error(row, input.get('amount')?.col ?? null, 'amount', '拨付金额为空，请填写');
      bad = true;
    } else if (amount && amount.fen <= 0) {
      log.error(row, amount.col, 'amount', '拨付金额应大于 0');
      bad = true;
    }
    if (!code && !name && !bad) {
      log.error(row, input.get('project')?.col ?? input.get('projectCode')?.col ?? null, 'project', '没有填写项目名称或项目编号，无法确定拨付给哪个项目');
      bad = true;
    }
    if (bad || !date || !amount) {
      planned.push({ row, outcome: 'error', amountFen: 0 });
      continue;
    }

    // The project.
    let project: ProjectLite | undefined;
    const projectCol = input.get('project')?.col ?? input.get('projectCode')?.col ?? null;
    if (code) {
      project = byCode.get(nameKey(code));
      if (!project) {
        log.error(row, input.get('projectCode')?.col ?? null, 'projectCode', `台账中没有项目编号为 ${code} 的项目，请先导入项目或核对编号`);
        planned.push({ row, outcome: 'error', amountFen: 0 });
        continue;
      }
    } else if (name) {
      let candidates = byName.get(nameKey(name)) ?? [];
      const t = input.get('township');
      const v = input.get('village');
      let townshipId: number | null = sheetTownship?.id ?? null;
      if (t && env.text(t.cell)) {
        const found = env.places.index.township(env.text(t.cell));
        townshipId = found.ok ? found.id : -1;
      }
      if (townshipId !== null) candidates = candidates.filter((p) => p.townshipId === townshipId);
      if (v && env.text(v.cell)) {
        const found = env.places.index.village(env.text(v.cell), townshipId !== null && townshipId > 0 ? townshipId : null);
        candidates = found.ok ? candidates.filter((p) => p.villageId === found.id) : [];
      }
      if (candidates.length === 0) {
        log.error(row, projectCol, 'project', `台账中没有名为“${name}”的项目${townshipId !== null && townshipId > 0 ? `（${env.places.nameOf(townshipId)}）` : ''}，请先导入项目或核对项目名称`);
        planned.push({ row, outcome: 'error', amountFen: 0 });
        continue;
      }
      if (candidates.length > 1) {
        const year = Number(date.iso.slice(0, 4));
        const sameYear = candidates.filter((p) => p.year === year);
        const earlier = candidates.filter((p) => p.year <= year);
        const pool = sameYear.length > 0 ? sameYear : earlier.length > 0 ? earlier : candidates;
        const k = `${nameKey(name)}|${pool.map((p) => p.id).join(',')}`;
        const n = ordinal.get(k) ?? 0;
        ordinal.set(k, n + 1);
        const ordered = [...pool].sort((a, b) => a.id - b.id);
        project = ordered[n % ordered.length];
        if (pool.length > 1) {
          log.warn(
            'sameNameProject',
            row,
            projectCol,
            'project',
            `台账中有 ${pool.length} 个项目名为“${name}”，已按出现顺序对应第 ${(n % ordered.length) + 1} 个（项目编号 ${project?.code ?? project?.id}）；如不对，请在表中填写项目编号后再导入`,
          );
          ambiguousWarned.add(k);
        }
      } else project = candidates[0];
    }
    if (!project) {
      planned.push({ row, outcome: 'error', amountFen: 0 });
      continue;
    }

    // The allocation its 文号 names.
    let allocationId: number | null = null;
    if (docText) {
      const doc = normaliseDocNumber(docText);
      const list = (allocByDoc.get(doc) ?? []).filter((a) => level === null || a.level === level);
      if (list.length === 1 && list[0]) allocationId = list[0].id;
      else if (list.length > 1) log.warn('docNumberAmbiguous', row, input.get('docNumber')?.col ?? null, 'docNumber', `文号 ${doc} 下有多个级次的资金，请填写资金级次；本行未关联文号`);
      else log.warn('docNumberUnknown', row, input.get('docNumber')?.col ?? null, 'docNumber', [doc]);
    }

    // The same payment again: already in the ledger, or twice in this file.
    loadExisting(project.id);
    const sameKey = `${project.id}|${date.iso}|${amount.fen}|${voucher ?? ''}`;
    const existingId = existingKey.get(sameKey);
    if (existingId !== undefined) {
      planned.push({ row, outcome: 'unchanged', reason: `与已有拨付记录相同（${date.iso}，${formatYuanWithUnit(amount.fen)}${voucher ? `，凭证号 ${voucher}` : ''}）`, targetId: existingId, amountFen: amount.fen });
      continue;
    }
    const firstRow = inFile.get(sameKey);
    if (firstRow !== undefined) {
      log.warn('duplicateInFile', row, amount.col, 'amount', [firstRow, voucher ? 1 : 0]);
    } else inFile.set(sameKey, row);

    const values: PaymentValues = { projectId: project.id, allocationId, date: date.iso, amountFen: amount.fen, payee, voucher, paymentType, remark };
    const sameVoucher = voucher ? existingVoucher.get(`${project.id}|${voucher}`) : undefined;
    let delta = amount.fen;
    if (sameVoucher) {
      if (env.options.onMatch === 'skip') {
        planned.push({ row, outcome: 'skip', reason: `项目已有凭证号 ${voucher} 的拨付记录，按设置跳过`, targetId: sameVoucher.id, amountFen: amount.fen });
        continue;
      }
      delta = amount.fen - sameVoucher.amount;
    }

    // Funds: never above the project's 资金规模, counting the rows above.
    if (project.paidFen + delta > project.totalFen) {
      log.error(
        row,
        amount.col,
        'amount',
        `项目“${project.name}”资金规模 ${formatYuanWithUnit(project.totalFen)}，已拨付 ${formatYuanWithUnit(project.paidFen)}${inFile.size > 1 ? '（含本表前面各行）' : ''}，本行 ${formatYuanWithUnit(amount.fen)}将超出 ${formatYuanWithUnit(project.paidFen + delta - project.totalFen)}，不能导入；请核对金额或先调整项目资金规模`,
      );
      planned.push({ row, outcome: 'error', amountFen: 0 });
      continue;
    }
    project.paidFen += delta;
    if (project.paidFen > project.allocatedFen) {
      // The values, not the sentence: a sheet can carry this on every one of its rows.
      log.warn('overAllocated', row, amount.col, 'amount', [project.name, project.allocatedFen, project.paidFen]);
    }
    if (sameVoucher) {
      const before = {
        allocationId: sameVoucher.allocationId,
        date: sameVoucher.date,
        amountFen: sameVoucher.amount,
        payee: sameVoucher.payee,
        paymentType: sameVoucher.type,
        remark: sameVoucher.remark,
      };
      const after = { allocationId: allocationId ?? before.allocationId, date: date.iso, amountFen: amount.fen, payee: payee ?? before.payee, paymentType: paymentType ?? before.paymentType, remark: remark ?? before.remark };
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => after[k] !== before[k]);
      if (changed.length === 0) {
        planned.push({ row, outcome: 'unchanged', reason: `与已有拨付记录（凭证号 ${voucher}）一致`, targetId: sameVoucher.id, amountFen: amount.fen });
        continue;
      }
      ops.push({
        targetId: sameVoucher.id,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
      planned.push({ row, outcome: 'update', targetId: sameVoucher.id, amountFen: amount.fen });
      continue;
    }
    ops.push(values);
    planned.push({ row, outcome: 'create', amountFen: amount.fen });
  }

  return {
    rows: planned,
    apply(w: Writer) {
      const insert = ctx.sqlite.prepare(
        `insert into payments (project_id, allocation_id, date, amount_fen, payee, voucher, payment_type, remark, import_batch_id, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const columns: Record<string, string> = { allocationId: 'allocation_id', date: 'date', amountFen: 'amount_fen', payee: 'payee', paymentType: 'payment_type', remark: 'remark' };
      let created = 0;
      let updated = 0;
      for (const op of ops) {
        if (!('targetId' in op)) {
          const v = op;
          // Positional parameters: a 100 000-row file pays for no per-row parameter object.
          const info = insert.run(v.projectId, v.allocationId, v.date, v.amountFen, v.payee, v.voucher, v.paymentType, v.remark, w.batchId, w.stamp, w.stamp);
          w.audit.record({ action: 'create', entity: 'payment', entityId: Number(info.lastInsertRowid), after: v, importBatchId: w.batchId });
          created += 1;
        } else {
          const after = op.after as Record<string, unknown>;
          const keys = Object.keys(after);
          ctx.sqlite
            .prepare(`update payments set ${keys.map((k) => `${columns[k]} = ?`).join(', ')}, updated_at = ? where id = ?`)
            .run(...keys.map((k) => after[k]), w.stamp, op.targetId);
          w.audit.record({ action: 'update', entity: 'payment', entityId: op.targetId, before: op.before, after: op.after, reason: `导入：${env.fileName}`, importBatchId: w.batchId });
          updated += 1;
        }
      }
      return { created, updated };
    },
  };
}

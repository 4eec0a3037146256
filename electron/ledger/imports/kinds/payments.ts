// Payments (拨付/支付). Each row is matched to a project by 项目编号, else by name (and the township and
// village when the sheet gives them); when several projects share the name, the k-th row naming it goes to
// the k-th such project (year of the payment first) and the row says so. The funds rule of DOMAIN.md holds
// row by row, counting the rows above in the same file: a payment that would take a project's payments
// above its funds is an error naming both sums; payments above what allocations assigned are imported and
// flagged 拨付超下达. The same payment (project, date, amount, voucher) already in the ledger is skipped.
// The payments and allocations are read and written through the funds store (electron/ledger/funds/store.ts).
import { normaliseDocNumber } from '../../../../shared/doc-number';
import { formatYuanWithUnit } from '../../../../shared/money';
import { nameKey } from '../../../../shared/import/text';
import { matchFundLevel, matchPaymentType } from '../../../../shared/import/words';
import type { FundLevel, PaymentType } from '../../../../shared/enums';
import * as funds from '../../funds/store';
import { liveProjectsForFunds } from '../../projects/store';
import type { DataReader } from '../../../platform/data-port';
import { readDate, readMoney, readName, readText, readWord } from '../cells';
import type { RowInput } from '../env';
import type { KindEnv, KindPlan, PlannedRow, Writer } from '../types';

export type PaymentValues = funds.PaymentFields;

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

/** A payment already in the ledger, as an import compares it. */
type KnownPayment = funds.PaymentFields & { id: number };

interface UpdateOp {
  targetId: number;
  before: Partial<PaymentValues>;
  after: Partial<PaymentValues>;
}

/** A row read and checked on its own: the cells, before the ledger is consulted. */
interface PaymentCells {
  code: string | null;
  name: string | null;
  date: { iso: string; col: number };
  amount: { fen: number; col: number };
  payee: string | null;
  voucher: string | null;
  remark: string | null;
  paymentType: PaymentType | null;
  level: FundLevel | null;
  docText: string | null;
}

/** What the file is checked against: the live projects with their funds, the allocations by 文号, known payments. */
class PaymentsLedger {
  readonly byCode = new Map<string, ProjectLite>();
  readonly byName = new Map<string, ProjectLite[]>();
  readonly allocByDoc = new Map<string, Array<{ id: number; level: FundLevel }>>();
  private readonly existingKey = new Map<string, number>();
  private readonly existingVoucher = new Map<string, KnownPayment>();
  private readonly loadedProjects = new Set<number>();

  private constructor(private readonly db: DataReader) {}

  static async load(env: KindEnv): Promise<PaymentsLedger> {
    const ledger = new PaymentsLedger(env.port);
    // Every live project once, with its funds, payments and allocations (one pass each, no per-row queries).
    // Newest year first (ids ascending within a year): the order a name shared by several projects is read in.
    const projects: ProjectLite[] = (await liveProjectsForFunds(env.port))
      .sort((a, b) => b.year - a.year || a.id - b.id)
      .map((p) => ({ ...p, paidFen: 0, allocatedFen: 0 }));
    const paid = await funds.paidFenByProject(env.port);
    const allocated = await funds.allocatedFenByProject(env.port);
    for (const p of projects) {
      p.paidFen = paid.get(p.id) ?? 0;
      p.allocatedFen = allocated.get(p.id) ?? 0;
      if (p.code) ledger.byCode.set(nameKey(p.code), p);
      const k = nameKey(p.name);
      const list = ledger.byName.get(k) ?? [];
      list.push(p);
      ledger.byName.set(k, list);
    }
    for (const a of await funds.liveAllocationDocs(env.port)) {
      const list = ledger.allocByDoc.get(a.docNumber) ?? [];
      list.push({ id: a.id, level: a.level });
      ledger.allocByDoc.set(a.docNumber, list);
    }
    return ledger;
  }

  /** Whether the project's payments are read already (most rows of a big file name a project seen before). */
  hasPaymentsOf(projectId: number): boolean {
    return this.loadedProjects.has(projectId);
  }

  /** The project's payments, read once (only the projects this file names). */
  async loadPaymentsOf(projectId: number): Promise<void> {
    if (this.loadedProjects.has(projectId)) return;
    this.loadedProjects.add(projectId);
    for (const e of await funds.livePaymentsOfProject(this.db, projectId)) {
      this.existingKey.set(`${projectId}|${e.date}|${e.amountFen}|${e.voucher ?? ''}`, e.id);
      if (e.voucher) this.existingVoucher.set(`${projectId}|${e.voucher}`, e);
    }
  }

  samePayment(key: string): number | undefined {
    return this.existingKey.get(key);
  }

  sameVoucher(projectId: number, voucher: string | null): KnownPayment | undefined {
    return voucher ? this.existingVoucher.get(`${projectId}|${voucher}`) : undefined;
  }
}

/** Read a row's cells; null (with the reason in the log or in `planned`) when the row cannot be a payment. */
function readPaymentCells(env: KindEnv, input: RowInput, planned: PlannedRow[]): PaymentCells | null {
  const { log } = env;
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
    return null;
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
    return null;
  }
  return { code, name, date, amount, payee, voucher, remark, paymentType, level, docText };
}

/** The project a row pays, by 项目编号, else by name (the k-th row of a shared name to the k-th project). */
function matchProject(env: KindEnv, ledger: PaymentsLedger, input: RowInput, cells: PaymentCells, ordinal: Map<string, number>): ProjectLite | undefined {
  const { log } = env;
  const row = input.row;
  const { code, name, date } = cells;
  const projectCol = input.get('project')?.col ?? input.get('projectCode')?.col ?? null;
  if (code) {
    const project = ledger.byCode.get(nameKey(code));
    if (!project) log.error(row, input.get('projectCode')?.col ?? null, 'projectCode', `台账中没有项目编号为 ${code} 的项目，请先导入项目或核对编号`);
    return project;
  }
  if (!name) return undefined;
  let candidates = ledger.byName.get(nameKey(name)) ?? [];
  const t = input.get('township');
  const v = input.get('village');
  let townshipId: number | null = env.sheetTownship?.id ?? null;
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
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const year = Number(date.iso.slice(0, 4));
  const sameYear = candidates.filter((p) => p.year === year);
  const earlier = candidates.filter((p) => p.year <= year);
  const pool = sameYear.length > 0 ? sameYear : earlier.length > 0 ? earlier : candidates;
  const k = `${nameKey(name)}|${pool.map((p) => p.id).join(',')}`;
  const n = ordinal.get(k) ?? 0;
  ordinal.set(k, n + 1);
  const ordered = [...pool].sort((a, b) => a.id - b.id);
  const project = ordered[n % ordered.length];
  if (pool.length > 1) {
    log.warn(
      'sameNameProject',
      row,
      projectCol,
      'project',
      `台账中有 ${pool.length} 个项目名为“${name}”，已按出现顺序对应第 ${(n % ordered.length) + 1} 个（项目编号 ${project?.code ?? project?.id}）；如不对，请在表中填写项目编号后再导入`,
    );
  }
  return project;
}

/** The allocation a row's 文号 (and level) names, or null with a warning. */
function matchAllocation(env: KindEnv, ledger: PaymentsLedger, input: RowInput, cells: PaymentCells): number | null {
  if (!cells.docText) return null;
  const doc = normaliseDocNumber(cells.docText);
  const list = (ledger.allocByDoc.get(doc) ?? []).filter((a) => cells.level === null || a.level === cells.level);
  if (list.length === 1 && list[0]) return list[0].id;
  const col = input.get('docNumber')?.col ?? null;
  if (list.length > 1) env.log.warn('docNumberAmbiguous', input.row, col, 'docNumber', `文号 ${doc} 下有多个级次的资金，请填写资金级次；本行未关联文号`);
  else env.log.warn('docNumberUnknown', input.row, col, 'docNumber', [doc]);
  return null;
}

/** A row that names a known voucher: what it changes on the stored payment (nothing: unchanged). */
function voucherUpdate(known: KnownPayment, values: PaymentValues): UpdateOp | null {
  const before = { allocationId: known.allocationId, date: known.date, amountFen: known.amountFen, payee: known.payee, paymentType: known.paymentType, remark: known.remark };
  const after = {
    allocationId: values.allocationId ?? before.allocationId,
    date: values.date,
    amountFen: values.amountFen,
    payee: values.payee ?? before.payee,
    paymentType: values.paymentType ?? before.paymentType,
    remark: values.remark ?? before.remark,
  };
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return null;
  return { targetId: known.id, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) };
}

export async function planPayments(env: KindEnv, rows: RowInput[]): Promise<KindPlan> {
  const { log } = env;
  const planned: PlannedRow[] = [];
  const ledger = await PaymentsLedger.load(env);
  const ordinal = new Map<string, number>();
  const inFile = new Map<string, number>();
  // The rows to write, in sheet order: a create is its values alone, an update names what changes (a
  // 100 000-row file keeps one small object per row until it is written).
  const ops: Array<PaymentValues | UpdateOp> = [];

  for (const input of rows) {
    const row = input.row;
    const cells = readPaymentCells(env, input, planned);
    if (!cells) continue;
    const { date, amount, voucher } = cells;
    const project = matchProject(env, ledger, input, cells, ordinal);
    if (!project) {
      planned.push({ row, outcome: 'error', amountFen: 0 });
      continue;
    }
    const allocationId = matchAllocation(env, ledger, input, cells);

    // The same payment again: already in the ledger, or twice in this file.
    if (!ledger.hasPaymentsOf(project.id)) await ledger.loadPaymentsOf(project.id);
    const sameKey = `${project.id}|${date.iso}|${amount.fen}|${voucher ?? ''}`;
    const existingId = ledger.samePayment(sameKey);
    if (existingId !== undefined) {
      planned.push({ row, outcome: 'unchanged', reason: `与已有拨付记录相同（${date.iso}，${formatYuanWithUnit(amount.fen)}${voucher ? `，凭证号 ${voucher}` : ''}）`, targetId: existingId, amountFen: amount.fen });
      continue;
    }
    const firstRow = inFile.get(sameKey);
    if (firstRow !== undefined) {
      log.warn('duplicateInFile', row, amount.col, 'amount', [firstRow, voucher ? 1 : 0]);
    } else inFile.set(sameKey, row);

    const values: PaymentValues = { projectId: project.id, allocationId, date: date.iso, amountFen: amount.fen, payee: cells.payee, voucher, paymentType: cells.paymentType, remark: cells.remark };
    const sameVoucher = ledger.sameVoucher(project.id, voucher);
    let delta = amount.fen;
    if (sameVoucher) {
      if (env.options.onMatch === 'skip') {
        planned.push({ row, outcome: 'skip', reason: `项目已有凭证号 ${voucher} 的拨付记录，按设置跳过`, targetId: sameVoucher.id, amountFen: amount.fen });
        continue;
      }
      delta = amount.fen - sameVoucher.amountFen;
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
      const op = voucherUpdate(sameVoucher, values);
      if (!op) {
        planned.push({ row, outcome: 'unchanged', reason: `与已有拨付记录（凭证号 ${voucher}）一致`, targetId: sameVoucher.id, amountFen: amount.fen });
        continue;
      }
      ops.push(op);
      planned.push({ row, outcome: 'update', targetId: sameVoucher.id, amountFen: amount.fen });
      continue;
    }
    ops.push(values);
    planned.push({ row, outcome: 'create', amountFen: amount.fen });
  }

  return { rows: planned, apply: (w) => writePayments(env, ops, w) };
}

/** New payments written per bulk insert: few round trips, and a 100 000-row file's rows are not all copied at once. */
const CREATES_PER_INSERT = 2000;

/** Write the planned payments through the funds store: the new ones in bulk inserts, each with its audit row. */
async function writePayments(env: KindEnv, ops: ReadonlyArray<PaymentValues | UpdateOp>, w: Writer): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  let creates: PaymentValues[] = [];
  const flushCreates = async () => {
    const ids = await funds.insertImportedPayments(w.tx, creates, w.batchId, w.stamp);
    await w.audit.recordMany(creates.map((after, i) => ({ action: 'create', entity: 'payment', entityId: ids[i] as number, after, importBatchId: w.batchId })));
    created += creates.length;
    creates = [];
  };
  for (const op of ops) {
    if (!('targetId' in op)) {
      creates.push(op);
      if (creates.length >= CREATES_PER_INSERT) await flushCreates();
      continue;
    }
    // In sheet order: the rows before an update are written (and audited) before it.
    await flushCreates();
    await funds.updatePaymentColumns(w.tx, op.targetId, op.after, w.stamp);
    await w.audit.record({ action: 'update', entity: 'payment', entityId: op.targetId, before: op.before, after: op.after, reason: `导入：${env.fileName}`, importBatchId: w.batchId });
    updated += 1;
  }
  await flushCreates();
  return { created, updated };
}

// What each ledger export holds: its rows (from the same list/search service the screen uses, with the
// screen's filters, read page by page), its columns in the order and words of the office's own tables, its
// title, and a sentence saying which filters made it. The columns' header words are ones the import's alias
// table (shared/import/fields.ts) knows, so an exported ledger imports back without a mapping question.
import type {
  AllocationRow,
  AssetRow,
  FindingMatrixRow,
  FindingSearchRow,
  PaymentListRow,
  ProgressGroupRow,
  ProgressSummary,
  ProjectSearchRow,
} from '../../../shared/api';
import type { ExportFilterMap, ExportLedger } from '../../../shared/api-export';
import { importBatchLabel } from '../../../shared/api-import';
import { formatChineseDate } from '../../../shared/dates';
import {
  AssetKind,
  AssetOperationMode,
  AssetRightsLevel,
  AssetStatus,
  FindingCategory,
  FindingStatus,
  FundLevel,
  HouseholdType,
  InspectionSource,
  PaymentType,
  ProjectStatus,
} from '../../../shared/enums';
import { maskIdNumber } from '../../../shared/id-number';
import type { ServiceContext } from '../../platform/context';
import { listAssets } from '../assets/service';
import { findingMatrix, searchFindings } from '../supervision/findings-views';
import { findingExtras, type FindingExtra } from '../supervision/findings-views-store';
import { listAllocations } from '../funds/service';
import { paymentExtras, splitsOfAllocations, type PaymentExtra, type SplitExportRow } from '../funds/store';
import {
  countHouseholdList,
  householdListRecords,
  liveProjectPlaces,
  projectExportExtras,
  projectName,
  type HouseholdListFilter,
  type HouseholdListRecord,
  type ProjectExportExtra,
  type ProjectPlace,
} from '../projects/store';
import { divisionName, projectTypeName, unitName } from '../divisions/store';
import { inspectionName } from '../supervision/inspections-store';
import { importBatchFileName } from '../imports/batches-store';
import { dataPort } from '../../platform/data-port';
import { listPayments } from '../funds/payments-list';
import { getLedgerSettings, progressSummary } from '../funds/progress';
import { searchProjects } from '../projects/search';
import { percentOf, type CellInput, type ColumnSpec, type RowSource } from './table';
import { isPlainField, plainValueText, PROJECT_EXPORT_FIELDS, type ExportedProjectField, type PlainProjectField } from '../../../shared/projects/fields';
import { ALLOCATION_EXPORT_FIELDS, PAYMENT_EXPORT_FIELDS, type ExportedAllocationField, type ExportedPaymentField } from '../../../shared/funds/fields';
import { ASSET_EXPORT_FIELDS, assetShortLabel, type AssetFieldKey } from '../../../shared/assets/fields';
import { FINDING_EXPORT_FIELDS, type ExportedFindingField } from '../../../shared/supervision/fields';
import { HOUSEHOLD_EXPORT_FIELDS, type HouseholdFieldKey } from '../../../shared/households/fields';
import { TIME_PROGRESS_RULE } from '../../../shared/progress';
import { likeAnywhere } from '../../platform/sql-like';

/** One ledger's export: its rows (lazily, page by page), how many, and how to print them. */
export interface LedgerTable<R> {
  /** The table's name in the title (青山县 + year + this). */
  title: string;
  total: number;
  rows: RowSource<R>;
  columns: ReadonlyArray<ColumnSpec<R>>;
  freezeColumns: number;
  /** The township a row belongs to (for one sheet per township); absent: the ledger cannot be split. */
  township?: (row: R) => string | null;
  /** Further sheets (支出进度: by department as well as by township). */
  extra?: Array<{ name: string; table: LedgerTable<unknown> }>;
}

export interface LedgerOptions {
  revealIds: boolean;
  /** Every field: the detail columns are written too (and their data read). */
  allColumns: boolean;
}

const PAGE = 5000;

/** Read a list service page by page, so a 100 000-row ledger never sits in memory as one array. */
async function* pagedAsync<T>(fetch: (offset: number, limit: number) => Promise<T[]>, pageSize = PAGE): AsyncGenerator<T> {
  for (let offset = 0; ; offset += pageSize) {
    const rows = await fetch(offset, pageSize);
    yield* rows;
    if (rows.length < pageSize) return;
  }
}

const yesNo = (v: boolean) => (v ? '是' : '');

// ---- 项目库 -----------------------------------------------------------------------------------------

type ProjectExtra = ProjectExportExtra;

type ProjectExportRow = ProjectSearchRow & { x: ProjectExtra | undefined };

/** The 联农带农 words only: the import reads every mechanism named in this column, so free text would add some. */
function linkageText(x: ProjectExtra | undefined): string | null {
  const words = x?.farmerLinkage ? (JSON.parse(x.farmerLinkage) as string[]) : [];
  return words.length > 0 ? words.join('、') : null;
}

/** Each exported field's cell, from the search row and its extra columns (a plain field's from its entry). */
const PROJECT_EXPORT_VALUE: Record<Exclude<ExportedProjectField, PlainProjectField>, (r: ProjectExportRow) => CellInput> = {
  seq: () => null,
  year: (r) => r.year,
  code: (r) => r.code,
  name: (r) => r.name,
  category: (r) => r.category,
  subcategory: (r) => r.subcategory,
  nature: (r) => r.x?.nature ?? null,
  township: (r) => r.township,
  village: (r) => r.village,
  location: (r) => r.x?.location ?? null,
  content: (r) => r.x?.content ?? null,
  plannedStart: (r) => r.plannedStart,
  plannedEnd: (r) => r.plannedEnd,
  actualStart: (r) => r.x?.actualStart ?? null,
  actualEnd: (r) => r.x?.actualEnd ?? null,
  department: (r) => r.department,
  implementer: (r) => r.x?.implementer ?? null,
  responsiblePerson: (r) => r.x?.responsiblePerson ?? null,
  total: (r) => r.totalFen,
  fundCentral: (r) => r.fundsFen.central,
  fundProvincial: (r) => r.fundsFen.provincial,
  fundMunicipal: (r) => r.fundsFen.municipal,
  fundCounty: (r) => r.fundsFen.county,
  fundOther: (r) => r.fundsFen.other,
  fundOtherNote: (r) => r.x?.fundOtherNote ?? null,
  beneficiaryVillages: (r) => r.x?.villages ?? null,
  households: (r) => r.households,
  povertyHouseholds: (r) => r.povertyHouseholds,
  monitoredHouseholds: (r) => r.x?.monitoredHouseholds ?? null,
  people: (r) => r.x?.people ?? null,
  povertyPeople: (r) => r.x?.povertyPeople ?? null,
  monitoredPeople: (r) => r.x?.monitoredPeople ?? null,
  farmerLinkage: (r) => linkageText(r.x),
  farmerLinkageNote: (r) => r.x?.farmerLinkageNote ?? null,
  status: (r) => r.status,
  paid: (r) => r.paidFen,
  remark: (r) => r.x?.remark ?? null,
};

/**
 * The columns in the field table's order and words (shared/projects/fields.ts). On paper (A4 landscape,
 * 10 pt): 序号, 项目名称, 乡镇, 村, 建设内容及规模, 资金规模, 已拨付, 项目状态; the other columns follow them
 * in the sheet (onPaper: false), outside the print area.
 */
function projectColumns(): Array<ColumnSpec<ProjectExportRow>> {
  const plainValue =
    (key: PlainProjectField) =>
    (r: ProjectExportRow): CellInput =>
      plainValueText(key, r.x?.[key] ?? null);
  return PROJECT_EXPORT_FIELDS.map(([key, f]) => ({ ...f.sheet, ...f.export, value: isPlainField(key) ? plainValue(key) : PROJECT_EXPORT_VALUE[key] }));
}

async function projectsTable(ctx: ServiceContext, filters: ExportFilterMap['projects']): Promise<LedgerTable<ProjectExportRow>> {
  const input = { ...filters, offset: 0, limit: 1 } as Parameters<typeof searchProjects>[1];
  const total = (await searchProjects(ctx, input)).totals.count;
  return {
    title: '项目库台账',
    total,
    rows: pagedAsync(async (offset, limit) => {
      const rows = (await searchProjects(ctx, { ...input, offset, limit })).rows as ProjectExportRow[];
      const extra = await projectExportExtras(dataPort(ctx), rows.map((r) => r.id));
      for (const r of rows) r.x = extra.get(r.id);
      return rows;
    }, 2000),
    columns: projectColumns(),
    // 序号 and 项目名称 (the paper columns come first in the sheet).
    freezeColumns: 2,
    township: (r) => r.township,
  };
}

// ---- 资金下达 ---------------------------------------------------------------------------------------

/** Each exported allocation column's value; its header, kind and width are the field table's (shared/funds/fields.ts). */
const ALLOCATION_EXPORT_VALUE: Record<ExportedAllocationField, ColumnSpec<AllocationRow>['value']> = {
  seq: () => null,
  docNumber: (r) => r.docNumber,
  date: (r) => r.date,
  year: (r) => r.year,
  level: (r) => FundLevel.label[r.level],
  fundName: (r) => r.fundName,
  recipient: (r) => r.recipient,
  amount: (r) => r.amountFen,
  split: (r) => r.splitFen,
  unsplit: (r) => r.unsplitFen,
  paid: (r) => r.paidFen,
  remark: (r) => r.remark,
};

async function allocationsTable(ctx: ServiceContext, filters: ExportFilterMap['allocations']): Promise<LedgerTable<AllocationRow>> {
  const input = { ...filters, offset: 0, limit: 1 } as Parameters<typeof listAllocations>[1];
  const total = (await listAllocations(ctx, input)).totals.count;
  return {
    title: '资金下达台账',
    total,
    rows: pagedAsync(async (offset, limit) => (await listAllocations(ctx, { ...input, offset, limit })).rows),
    columns: ALLOCATION_EXPORT_FIELDS.map(([key, f]) => ({ header: f.label, ...f.export, value: ALLOCATION_EXPORT_VALUE[key] })),
    freezeColumns: 2,
    extra: [{ name: '资金分配明细', table: allocationSplitsTable(ctx, input, total) as LedgerTable<unknown> }],
  };
}

type AllocationSplitExportRow = { a: AllocationRow; s: SplitExportRow | null };

/** 资金分配明细: each allocation once per project it is split to (or once, unsplit) — the import's split layout. */
function allocationSplitsTable(ctx: ServiceContext, input: Parameters<typeof listAllocations>[1], total: number): LedgerTable<AllocationSplitExportRow> {
  const page = async (offset: number, limit: number): Promise<AllocationSplitExportRow[]> => {
    const allocations = (await listAllocations(ctx, { ...input, offset, limit })).rows;
    const splits = await splitsOfAllocations(dataPort(ctx), allocations.map((a) => a.id));
    const byAllocation = new Map<number, SplitExportRow[]>();
    for (const s of splits) byAllocation.set(s.allocationId, [...(byAllocation.get(s.allocationId) ?? []), s]);
    return allocations.flatMap((a): AllocationSplitExportRow[] => {
      const list = byAllocation.get(a.id) ?? [];
      return list.length === 0 ? [{ a, s: null }] : list.map((s) => ({ a, s }));
    });
  };
  let pageStart = 0;
  return {
    title: '资金分配明细',
    total,
    rows: (async function* () {
      for (;;) {
        const rows = await page(pageStart, PAGE);
        yield* rows;
        const allocationsRead = new Set(rows.map((r) => r.a.id)).size;
        if (allocationsRead < PAGE) return;
        pageStart += PAGE;
      }
    })(),
    columns: [
      { header: '序号', kind: 'seq', value: () => null },
      { header: '文号', kind: 'code', width: 24, value: (r) => r.a.docNumber },
      { header: '下达日期', kind: 'date', value: (r) => r.a.date },
      { header: '预算年度', kind: 'rank', onPaper: false, value: (r) => r.a.year },
      { header: '资金级次', kind: 'text', onPaper: false, value: (r) => FundLevel.label[r.a.level] },
      { header: '资金名称', kind: 'text', width: 20, value: (r) => r.a.fundName },
      { header: '下达对象', kind: 'text', onPaper: false, value: (r) => r.a.recipient },
      // The document's amount, repeated on each of its rows (not summed: the 合计 would count it once per project).
      { header: '下达金额', kind: 'money', total: 'none', value: (r) => r.a.amountFen },
      { header: '项目编号', kind: 'code', onPaper: false, value: (r) => r.s?.projectCode ?? null },
      { header: '项目名称', kind: 'text', width: 26, value: (r) => r.s?.project ?? null },
      { header: '乡镇', kind: 'text', value: (r) => r.s?.township ?? null },
      { header: '分配金额', kind: 'money', value: (r) => r.s?.amountFen ?? null },
      { header: '备注', kind: 'text', onPaper: false, value: (r) => r.a.remark },
    ],
    freezeColumns: 2,
  };
}

// ---- 资金拨付 ---------------------------------------------------------------------------------------

type PaymentExportRow = PaymentListRow & { x: PaymentExtra | undefined; p: ProjectPlace | undefined };

/** Each exported payment column's value; its header, kind and width are the field table's (shared/funds/fields.ts). */
const PAYMENT_EXPORT_VALUE: Record<ExportedPaymentField, ColumnSpec<PaymentExportRow>['value']> = {
  seq: () => null,
  projectCode: (r) => r.p?.code ?? null,
  project: (r) => r.project,
  township: (r) => r.township,
  village: (r) => r.p?.village ?? null,
  date: (r) => r.date,
  amount: (r) => r.amountFen,
  payee: (r) => r.payee,
  voucher: (r) => r.voucher,
  paymentType: (r) => r.paymentType,
  docNumber: (r) => r.docNumber,
  level: (r) => (r.x?.level ? FundLevel.label[r.x.level] : null),
  overAllocation: (r) => yesNo(r.overAllocation),
  remark: (r) => r.x?.remark ?? null,
};

async function paymentsTable(ctx: ServiceContext, filters: ExportFilterMap['payments'], options: LedgerOptions): Promise<LedgerTable<PaymentExportRow>> {
  const input = { ...filters, offset: 0, limit: 1 } as Parameters<typeof listPayments>[1];
  const total = (await listPayments(ctx, input)).total;
  // 项目编号 and 村 belong to the project: read once for all projects, not once per payment.
  const places = await liveProjectPlaces(dataPort(ctx));
  const page = async (offset: number, limit: number): Promise<PaymentExportRow[]> => {
    const rows = (await listPayments(ctx, { ...input, offset, limit })).rows as PaymentExportRow[];
    const extra = options.allColumns ? await paymentExtras(dataPort(ctx), rows.map((r) => r.id)) : null;
    for (const r of rows) {
      r.p = places.get(r.projectId);
      r.x = extra?.get(r.id);
    }
    return rows;
  };
  return {
    title: '资金拨付台账',
    total,
    // Large pages: each page of payments.list counts, sorts and checks 拨付超下达 again, so one page is
    // fastest; beyond 100 000 rows, pages of 50 000 keep memory bounded.
    rows: pagedAsync(page, total <= 100_000 ? Math.max(total, 1) : 50_000),
    columns: PAYMENT_EXPORT_FIELDS.map(([key, f]) => ({ header: f.label, ...f.export, value: PAYMENT_EXPORT_VALUE[key] })),
    freezeColumns: 2, // 序号 and 项目名称 (项目编号 follows off paper)
    township: (r) => r.township,
  };
}

// ---- 资产 -------------------------------------------------------------------------------------------

/** Each exported asset column's value; its header, kind and width are the field table's (shared/assets/fields.ts). */
const ASSET_EXPORT_VALUE: Record<AssetFieldKey, ColumnSpec<AssetRow>['value']> = {
  seq: () => null,
  code: (r) => r.code,
  name: (r) => r.name,
  kind: (r) => AssetKind.label[r.kind],
  project: (r) => r.project,
  township: (r) => r.township,
  village: (r) => r.village,
  originalValue: (r) => r.originalValueFen,
  formedDate: (r) => r.formedDate,
  owner: (r) => r.owner,
  rightsLevel: (r) => (r.rightsLevel ? AssetRightsLevel.label[r.rightsLevel] : null),
  handoverDate: (r) => r.handoverDate,
  manager: (r) => r.manager,
  operationMode: (r) => (r.operationMode ? AssetOperationMode.label[r.operationMode] : null),
  contractStart: (r) => r.contractStart,
  contractEnd: (r) => r.contractEnd,
  incomeYear: (r) => r.incomeYear,
  income: (r) => r.incomeFen,
  returnRate: (r) => r.returnRatePercent,
  belowMinimum: (r) => yesNo(r.belowMinimum),
  status: (r) => AssetStatus.label[r.status],
  remark: (r) => r.remark,
};

async function assetsTable(ctx: ServiceContext, filters: ExportFilterMap['assets']): Promise<LedgerTable<AssetRow>> {
  const input = { ...filters, offset: 0, limit: 1 } as Parameters<typeof listAssets>[1];
  const total = (await listAssets(ctx, input)).total;
  return {
    title: '扶贫项目资产台账',
    total,
    rows: pagedAsync(async (offset, limit) => (await listAssets(ctx, { ...input, offset, limit })).rows),
    columns: ASSET_EXPORT_FIELDS.map(([key, f]) => ({ header: assetShortLabel(key), ...f.export, value: ASSET_EXPORT_VALUE[key] })),
    freezeColumns: 2, // 序号 and 资产名称 (资产编号 follows off paper)
    township: (r) => r.township,
  };
}

// ---- 问题整改台账 -----------------------------------------------------------------------------------

type FindingExportRow = FindingSearchRow & { x: FindingExtra | undefined };

/** Each exported finding column's value; its header, kind and width are the field table's (shared/supervision/fields.ts). */
const FINDING_EXPORT_VALUE: Record<ExportedFindingField, ColumnSpec<FindingExportRow>['value']> = {
  seq: (r) => r.seq,
  inspection: (r) => r.inspection,
  source: (r) => (r.x ? (InspectionSource.label[r.x.source as keyof typeof InspectionSource.label] ?? null) : null),
  category: (r) => r.category,
  description: (r) => r.description,
  township: (r) => r.township,
  village: (r) => r.village,
  project: (r) => r.project,
  leadUnit: (r) => r.leadUnit,
  responsibleUnit: (r) => r.responsibleUnit,
  responsibleLeader: (r) => r.x?.responsibleLeader ?? null,
  responsiblePerson: (r) => r.responsiblePerson,
  goal: (r) => r.x?.goal ?? null,
  measures: (r) => r.x?.measures ?? null,
  // The clerk's own words when there are any (长期坚持, 2024年底前); else the date.
  deadline: (r) => r.deadlineText ?? r.deadline,
  progress: (r) => r.progressText,
  status: (r) => r.status,
  closedDate: (r) => r.closedDate,
  closedReviewer: (r) => r.x?.closedReviewer ?? null,
  overdue: (r) => (r.overdue ? '逾期' : ''),
};

async function findingsTable(ctx: ServiceContext, filters: ExportFilterMap['findings']): Promise<LedgerTable<FindingExportRow>> {
  const input = { ...filters, offset: 0, limit: 1 } as Parameters<typeof searchFindings>[1];
  const total = (await searchFindings(ctx, input)).total;
  return {
    title: '问题整改台账',
    total,
    rows: pagedAsync(async (offset, limit) => {
      const rows = (await searchFindings(ctx, { ...input, offset, limit })).rows;
      const extra = new Map((await findingExtras(dataPort(ctx), rows.map((r) => r.id))).map((x) => [x.id, x]));
      return rows.map((r) => ({ ...r, x: extra.get(r.id) }));
    }),
    columns: FINDING_EXPORT_FIELDS.map(([key, f]) => ({ header: f.label, ...f.export, value: FINDING_EXPORT_VALUE[key] })),
    freezeColumns: 1, // 序号 (检查名称 follows off paper; 问题描述 is too wide to hold still)
    township: (r) => r.township,
  };
}

// ---- 支出进度排名 -----------------------------------------------------------------------------------

function progressColumns(nameHeader: string, summary: ProgressSummary): Array<ColumnSpec<ProgressGroupRow>> {
  // The 合计 row is the total of the rows listed (its ratios from the summed columns), as a hand-made table's is.
  const progressOfSums = (sum: (h: string) => number) => percentOf(sum('累计支出'), sum('已下达'));
  return [
    { header: '排名', kind: 'rank', value: (r) => r.rank },
    { header: nameHeader, kind: 'text', value: (r) => r.name },
    { header: '项目数', kind: 'count', value: (r) => r.projects },
    { header: '已下达', kind: 'money', value: (r) => r.allocatedFen },
    { header: '累计支出', kind: 'money', value: (r) => r.spentFen },
    {
      header: '支出进度（%）',
      kind: 'percent',
      value: (r) => r.progressPercent,
      total: { formula: (ref) => `IF(${ref('已下达')}=0,"",ROUND(${ref('累计支出')}/${ref('已下达')}*100,1))`, result: progressOfSums },
    },
    { header: '序时进度（%）', kind: 'percent', value: (r) => r.timePercent, total: { formula: () => `${summary.timePercent}`, result: () => summary.timePercent } },
    {
      header: '超（+）/低于（-）序时进度（百分点）',
      kind: 'points',
      width: 14,
      value: (r) => r.gapPoints,
      total: {
        formula: (ref) => `IF(${ref('支出进度（%）')}="","",${ref('支出进度（%）')}-${ref('序时进度（%）')})`,
        result: (sum) => {
          const p = progressOfSums(sum);
          return p === null ? null : Math.round((p - summary.timePercent) * 10) / 10;
        },
      },
    },
    { header: '结余', kind: 'money', value: (r) => r.balanceFen },
    {
      header: '结余率（%）',
      kind: 'percent',
      value: (r) => r.balanceRatePercent,
      total: { formula: (ref) => `IF(${ref('已下达')}=0,"",ROUND(${ref('结余')}/${ref('已下达')}*100,1))`, result: (sum) => percentOf(sum('结余'), sum('已下达')) },
    },
  ];
}

async function progressTable(ctx: ServiceContext, filters: ExportFilterMap['progress']): Promise<LedgerTable<ProgressGroupRow>> {
  const summary = await progressSummary(ctx, { year: filters.year, cutoff: filters.cutoff, level: filters.level ?? 'all' });
  const levelText = summary.level === 'all' ? '' : `（${FundLevel.label[summary.level]}资金）`;
  return {
    title: `衔接资金支出进度排名${levelText}`,
    total: summary.byTownship.length,
    rows: summary.byTownship,
    columns: progressColumns('乡镇', summary),
    freezeColumns: 2,
    extra: [
      {
        name: '按主管部门',
        table: {
          title: `衔接资金支出进度排名（按主管部门）${levelText}`,
          total: summary.byDepartment.length,
          rows: summary.byDepartment,
          columns: progressColumns('主管部门', summary),
          freezeColumns: 2,
        } as LedgerTable<unknown>,
      },
    ],
  };
}

// ---- 问题整改进度 -----------------------------------------------------------------------------------

async function rectificationTable(ctx: ServiceContext, filters: ExportFilterMap['rectification']): Promise<LedgerTable<FindingMatrixRow>> {
  const matrix = await findingMatrix(ctx, filters);
  const done = (r: FindingMatrixRow) => r.counts.awaitingClose + r.counts.closed;
  const statusColumns: Array<ColumnSpec<FindingMatrixRow>> = FindingStatus.options.map((s) => ({
    header: s.label,
    group: '整改状态',
    kind: 'count' as const,
    value: (r: FindingMatrixRow) => r.counts[s.value],
  }));
  return {
    title: '问题整改进度表（按乡镇）',
    total: matrix.rows.length,
    rows: matrix.rows,
    columns: [
      { header: '序号', kind: 'seq', value: () => null },
      { header: '乡镇', kind: 'text', width: 18, value: (r) => r.township },
      { header: '问题总数', kind: 'count', value: (r) => r.total },
      ...statusColumns,
      { header: '已整改', kind: 'count', value: (r) => done(r) },
      {
        header: '整改完成率（%）',
        kind: 'percent',
        value: (r) => percentOf(done(r), r.total),
        total: { formula: (ref) => `IF(${ref('问题总数')}=0,"",ROUND(${ref('已整改')}/${ref('问题总数')}*100,1))`, result: (sum) => percentOf(sum('已整改'), sum('问题总数')) },
      },
      { header: '逾期未完成', kind: 'count', value: (r) => r.overdue },
    ],
    freezeColumns: 2,
  };
}

// ---- 受益户 -----------------------------------------------------------------------------------------

type HouseholdRow = HouseholdListRecord;

/** Each exported household column's value; its header, kind and width are the field table's (shared/households/fields.ts). */
function householdValue(key: HouseholdFieldKey, options: LedgerOptions): ColumnSpec<HouseholdRow>['value'] {
  const value: Record<HouseholdFieldKey, ColumnSpec<HouseholdRow>['value']> = {
    seq: () => null,
    headName: (r) => r.headName,
    // Personal data: masked unless the user asked for the full numbers (DOMAIN.md).
    idNumber: (r) => (options.revealIds ? r.idNumber : maskIdNumber(r.idNumber)),
    members: (r) => r.members,
    householdType: (r) => (r.householdType ? HouseholdType.label[r.householdType] : null),
    township: (r) => r.township,
    village: (r) => r.village,
    remark: (r) => r.remark,
  };
  return value[key];
}

async function householdsTable(ctx: ServiceContext, filters: ExportFilterMap['households'], options: LedgerOptions): Promise<LedgerTable<HouseholdRow>> {
  const db = dataPort(ctx);
  const filter: HouseholdListFilter = { townshipId: filters.townshipId, villageId: filters.villageId, keywordPattern: filters.keyword ? likeAnywhere(filters.keyword) : undefined };
  return {
    title: '受益户名单',
    total: await countHouseholdList(db, filter),
    rows: pagedAsync((offset, limit) => householdListRecords(db, filter, offset, limit)),
    columns: HOUSEHOLD_EXPORT_FIELDS.map(([key, f]) => ({ header: f.label, ...f.export, value: householdValue(key, options) })),
    freezeColumns: 2,
    township: (r) => r.township,
  };
}

// ---- The table of a ledger, and the sentence describing its filters ----------------------------------

export async function ledgerTable(ctx: ServiceContext, ledger: ExportLedger, filters: ExportFilterMap[ExportLedger], options: LedgerOptions): Promise<LedgerTable<unknown>> {
  switch (ledger) {
    case 'projects':
      return (await projectsTable(ctx, filters as ExportFilterMap['projects'])) as LedgerTable<unknown>;
    case 'allocations':
      return (await allocationsTable(ctx, filters as ExportFilterMap['allocations'])) as LedgerTable<unknown>;
    case 'payments':
      return (await paymentsTable(ctx, filters as ExportFilterMap['payments'], options)) as LedgerTable<unknown>;
    case 'assets':
      return (await assetsTable(ctx, filters as ExportFilterMap['assets'])) as LedgerTable<unknown>;
    case 'findings':
      return (await findingsTable(ctx, filters as ExportFilterMap['findings'])) as LedgerTable<unknown>;
    case 'progress':
      return (await progressTable(ctx, filters as ExportFilterMap['progress'])) as LedgerTable<unknown>;
    case 'rectification':
      return (await rectificationTable(ctx, filters as ExportFilterMap['rectification'])) as LedgerTable<unknown>;
    case 'households':
      return (await householdsTable(ctx, filters as ExportFilterMap['households'], options)) as LedgerTable<unknown>;
  }
}

/** How each kind of record a filter names is named, through its area's store (deleted records keep their name). */
const NAME_OF = {
  divisions: divisionName,
  units: unitName,
  project_types: projectTypeName,
  inspections: inspectionName,
  projects: projectName,
} as const;

async function nameOf(ctx: ServiceContext, table: keyof typeof NAME_OF, id: unknown): Promise<string> {
  if (typeof id !== 'number') return '';
  return (await NAME_OF[table](dataPort(ctx), id)) ?? `#${id}`;
}

/** "乡镇：桦树镇；项目状态：开工、完工；关键字：道路" — what the screen was filtered by, for the note row. */
export async function describeFilters(ctx: ServiceContext, ledger: ExportLedger, filters: Record<string, unknown>): Promise<string> {
  const parts: string[] = [];
  const list = (v: unknown, labels: Record<string, string>) => (Array.isArray(v) ? v.map((x) => labels[String(x)] ?? String(x)).join('、') : '');
  for (const [key, v] of Object.entries(filters)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    switch (key) {
      case 'year':
        if (ledger !== 'progress') parts.push(`年度：${String(v)}`);
        break;
      case 'township':
        parts.push(`乡镇：${String(v)}`);
        break;
      case 'townshipId':
        parts.push(`乡镇：${await nameOf(ctx, 'divisions', v)}`);
        break;
      case 'villageId':
        parts.push(`村：${await nameOf(ctx, 'divisions', v)}`);
        break;
      case 'noTownship':
        if (v === true) parts.push('仅县直部门（未指定乡镇）');
        break;
      case 'categoryId':
      case 'subcategoryId':
        parts.push(`${key === 'categoryId' ? '项目类型' : '子类型'}：${await nameOf(ctx, 'project_types', v)}`);
        break;
      case 'departmentId':
        parts.push(`主管部门：${await nameOf(ctx, 'units', v)}`);
        break;
      case 'projectId':
        parts.push(`项目：${await nameOf(ctx, 'projects', v)}`);
        break;
      case 'inspectionId':
        parts.push(`检查：${await nameOf(ctx, 'inspections', v)}`);
        break;
      case 'importBatchId': {
        const fileName = typeof v === 'number' ? await importBatchFileName(dataPort(ctx), v) : undefined;
        parts.push(importBatchLabel({ id: Number(v), fileName: fileName ?? '已不存在' }));
        break;
      }
      case 'status':
        parts.push(`状态：${list(v, ledger === 'projects' ? ProjectStatus.label : ledger === 'assets' ? AssetStatus.label : FindingStatus.label)}`);
        break;
      case 'fundLevel':
        parts.push(`资金级次：${list(v, FundLevel.label)}`);
        break;
      case 'level':
        if (v !== 'all') parts.push(`资金级次：${FundLevel.label[v as keyof typeof FundLevel.label] ?? String(v)}`);
        break;
      case 'category':
        parts.push(`问题类别：${list(v, FindingCategory.label)}`);
        break;
      case 'kind':
        parts.push(`资产类型：${AssetKind.label[v as keyof typeof AssetKind.label] ?? String(v)}`);
        break;
      case 'paymentType':
        parts.push(`支付类型：${PaymentType.label[v as keyof typeof PaymentType.label] ?? String(v)}`);
        break;
      case 'keyword':
        parts.push(`关键字：${String(v)}`);
        break;
      case 'overdueOnly':
        if (v === true) parts.push('仅逾期');
        break;
      case 'belowMinimumOnly':
        if (v === true) parts.push('仅低于最低收益率');
        break;
      case 'dueWithinDays':
        parts.push(`${String(v)} 天内到期`);
        break;
      case 'incomeYear':
        parts.push(`收益年度：${String(v)}`);
        break;
      case 'cutoff':
        parts.push(`截至 ${formatChineseDate(String(v))}`);
        if (ledger === 'progress') parts.push(TIME_PROGRESS_RULE.formula[(await getLedgerSettings(ctx)).timeProgressRule]);
        break;
      default:
        break;
    }
  }
  return parts.join('；');
}

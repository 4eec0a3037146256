// The import pipeline, as steps the wizard drives and the CLI runs in one go:
//   sheets → header block → field mapping (auto, remembered by header signature, or the user's) →
//   rows parsed with per-cell errors and warnings → matched to existing records (update or skip) →
//   合计 reconciled → committed in one transaction with a batch row and an audit row per record.
// Rows with errors are reported and left out; the rest of the file imports. A file that cannot be read at
// all, or has no recognisable header, is refused before anything is written.
import { officeDay } from '../../../shared/dates';
import type { ImportColumnInfo as ColumnInfo, ImportColumnSource as ColumnSource, ImportPlan, ImportRowView as RowView } from '../../../shared/api-import';
import { cellText, type SheetCell } from '../../../shared/import/cell';
import { fieldDef, mapColumns, missingRequired, type ColumnHeader } from '../../../shared/import/fields';
import { findTownshipInText, townshipWordInText, countyWordInText } from '../../../shared/import/places';
import { normaliseHeader } from '../../../shared/import/text';
import { ImportKind, type FundLevel } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { parseMoneyCell } from '../../../shared/import/values';
import type { MoneyUnit } from '../../../shared/money';
import { maskIdNumber } from '../../../shared/id-number';
import { writeAudited, type AuditTrailWriter } from '../../platform/audited-write';
import { dataPort, type DataReader, type DataWriter } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import {
  bestKindOf,
  chooseSheet,
  classifyRows,
  findHeaderBlock,
  headerFromRows,
  readNotes,
  scoreKinds,
  sheetCandidates,
  SheetView,
  type ClassifiedRow,
  type HeaderBlock,
  type RowClass,
  type SheetCandidate,
  type SheetNotes,
} from './analyse';
import { addPlacesHint, IssueLog, loadLookups, PlaceResolver, type FieldCell, type RowInput, type SkippedRow } from './env';
import { planAllocations } from './kinds/allocations';
import { planFindings } from './kinds/findings';
import { planHouseholds } from './kinds/households';
import { planPayments } from './kinds/payments';
import { planProjects } from './kinds/projects';
import { importBatchesOfFile, insertImportBatch, rememberedImportMapping, rememberImportMapping, setImportBatchCounts } from './batches-store';
import { insertDivision } from '../divisions/store';
import { reconcileTotals } from './reconcile';
import { findMissingValues } from './coverage';
import type { KindEnv, KindPlan, MatchMode, PlannedRow } from './types';
import { columnLetter, fileError, type WorkbookData } from './workbook';
import { writeSettingOn } from '../settings/store';

export interface PipelineOptions {
  kind?: ImportKind;
  sheet?: string;
  /** 1-based first and last row of the header block, when the user corrects the detection. */
  headerRows?: { first: number; last: number };
  /** The user's mapping: column (0-based index) → field key, or null to leave the column out. */
  mapping?: Array<{ column: number; field: string | null }>;
  township?: string;
  unit?: MoneyUnit;
  inspection?: string;
  addPlaces?: boolean;
  onMatch?: MatchMode;
  linkageLevel?: FundLevel;
  includeHiddenRows?: boolean;
  /** 1-based rows the user left out. */
  excludeRows?: number[];
  /** Cell corrections typed in the wizard (1-based row, 0-based column). */
  edits?: Array<{ row: number; column: number; value: string }>;
  rememberMapping?: boolean;
  /** Import although amounts or dates will be empty where unused columns hold them (coverage.ts). */
  allowMissingAmounts?: boolean;
}

export interface FileMeta {
  fileName: string;
  sha256: string;
  size: number;
}

export type { ImportColumnSource as ColumnSource, ImportColumnInfo as ColumnInfo, ImportRowView as RowView } from '../../../shared/api-import';

export interface PipelineResult extends ImportPlan {
  rows: RowView[];
  /** Set after a commit. */
  batchId: number | null;
  /** Every problem found, for the full warning list by kind and each row's own (not serialised). */
  log: IssueLog;
}

const SKIP_REASON: Partial<Record<RowClass | 'hidden' | 'excluded', string>> = {
  total: '合计行，不导入（已用于核对合计）',
  subtotal: '小计行，不导入（已用于核对小计）',
  footer: '表尾的签字、日期或说明，不导入',
  section: '分类标题行，不导入',
  columnNumbers: '栏次行（1、2、3…），不导入',
  repeatedHeader: '重复的表头行，不导入',
  note: '合计的分项（其中…）或说明行，不导入',
  continuation: '与上一行合并的同一条记录（续行），不另行导入',
  hidden: '隐藏行，不导入（如需导入，请在向导中选择“包含隐藏行”）',
  excluded: '已在向导中排除',
};

/** Fields whose cells name a record (a 合计 row leaves them empty or writes 合计 there). */
const NAME_FIELDS = new Set(['name', 'description', 'project', 'projectCode', 'headName', 'docNumber', 'idNumber', 'code']);

async function rememberedMapping(db: DataReader, signature: string, kind: ImportKind): Promise<Map<number, string | null> | null> {
  const row = await rememberedImportMapping(db, signature);
  if (!row || row.kind !== kind) return null;
  try {
    const parsed = JSON.parse(row.mapping) as { columns?: Array<{ index: number; field: string | null }> };
    const out = new Map<number, string | null>();
    for (const c of parsed.columns ?? []) {
      if (c.field === null || fieldDef(kind, c.field)) out.set(c.index, c.field);
    }
    return out;
  } catch {
    return null;
  }
}

function headerText(col: ColumnHeader): string {
  return col.parts.map((p) => p.replace(/[\s\u3000]+/g, '')).join('/');
}

interface Prepared {
  view: SheetView;
  candidate: SheetCandidate;
  candidates: SheetCandidate[];
  header: HeaderBlock;
  kind: ImportKind;
  kindScores: Record<ImportKind, number>;
  columns: ColumnInfo[];
  notes: SheetNotes;
  unit: MoneyUnit | null;
  unitSource: PipelineResult['unitSource'];
  /** Why the sheet cannot be imported as it stands (wizard previews only; a commit throws instead). */
  blockers: string[];
}

function firstColumnWithTextOrZero(view: SheetView, r: number): number {
  for (let c = 0; c < view.colCount; c += 1) if (view.text(r, c)) return c;
  return 0;
}

/** Steps 1–3: choose the sheet, find the header, decide the kind and the mapping. No database writes. */
async function prepareSheet(db: DataReader, data: WorkbookData, options: RunOptions): Promise<Prepared> {
  // In the wizard's preview a sheet that cannot be imported yet is still shown, with what is missing as
  // problems, so the user can name the header rows, the kind or the columns; a commit refuses it.
  const lenient = options.withRows === true && !options.commit;
  const blockers: string[] = [];
  const refuse = (error: AppError): void => {
    if (!lenient) throw error;
    blockers.push(error.message);
  };
  const candidates = sheetCandidates(data.sheets, options.kind);
  const candidate =
    chooseSheet(candidates, options.sheet) ??
    (lenient && options.sheet === undefined ? (candidates.find((c) => c.state === 'visible' && c.rows > 0) ?? candidates[0] ?? null) : null);
  if (candidate && !candidate.header && options.sheet === undefined && !options.headerRows) {
    refuse(fileError('NO_HEADER', `找不到表头：没有哪一个工作表有“项目名称”“拨付金额”“文号”“问题描述”“身份证号”之类的列名。请确认表格第一部分是列名，或在向导中指定表头所在的行`));
  }
  if (!candidate) {
    if (options.sheet !== undefined) {
      throw new AppError('NOT_FOUND', `文件中没有名为“${options.sheet}”的工作表；现有工作表：${candidates.map((c) => c.name).join('、')}`);
    }
    throw fileError('NO_HEADER', `找不到表头：没有哪一个工作表有“项目名称”“拨付金额”“文号”“问题描述”“身份证号”之类的列名。请确认表格第一部分是列名，或在向导中指定表头所在的行`);
  }
  const grid = data.sheets[candidate.index];
  if (!grid) throw new AppError('INTERNAL', '工作表不存在');
  const view = new SheetView(grid);
  for (const e of options.edits ?? []) view.edit(e.row - 1, e.column, e.value);
  let header: HeaderBlock | null;
  if (options.headerRows) {
    const top = options.headerRows.first - 1;
    const bottom = options.headerRows.last - 1;
    if (top < 0 || bottom < top || bottom >= view.rowCount || bottom - top > 4) {
      throw new AppError('VALIDATION', `表头行应在第 1 到第 ${view.rowCount} 行之间，且最多 5 行`, 'headerRows');
    }
    header = headerFromRows(view, top, bottom);
  } else {
    header = options.edits && options.edits.length > 0 ? findHeaderBlock(view) : candidate.header;
  }
  if (!header) {
    const error = fileError('NO_HEADER', `工作表“${candidate.name}”中找不到表头（列名行），请确认表格有“项目名称”“金额”之类的列名，或在向导中指定表头所在的行`);
    if (!lenient) throw error;
    if (blockers.length === 0) blockers.push(error.message);
    let first = 0;
    while (first < view.rowCount - 1 && view.text(first, firstColumnWithTextOrZero(view, first)) === '') first += 1;
    header = headerFromRows(view, first, first);
  }
  const kindScores = scoreKinds(header);
  let kind = options.kind ?? bestKindOf(kindScores);
  if (!kind) {
    kind = lenient ? ImportKind.values.reduce((best, k) => (kindScores[k] > kindScores[best] ? k : best), ImportKind.values[0]) : null;
    refuse(fileError(
      'NO_HEADER',
      `无法判断工作表“${candidate.name}”是哪一类台账（项目、资金下达、拨付、问题整改或受益户）：第 ${header.top + 1} 行的列名“${header.columns
        .map(headerText)
        .filter(Boolean)
        .slice(0, 8)
        .join('、')}”中没有认出足够的列。${options.wizard ? '请在“选择文件”中选择“导入为”哪一类，或在“字段对应”中对应各列' : '请用 --kind 指定种类'}`,
    ));
  }
  if (!kind) throw new AppError('INTERNAL', '导入种类未定');
  // Mapping: automatic, then remembered for this header, then the user's.
  const auto = mapColumns(kind, header.columns);
  const remembered = await rememberedMapping(db, header.signature, kind);
  const user = new Map((options.mapping ?? []).map((m) => [m.column, m.field] as const));
  for (const [, field] of user) {
    if (field !== null && !fieldDef(kind, field)) throw new AppError('VALIDATION', `字段“${field}”不属于${ImportKind.label[kind]}导入`, 'mapping');
  }
  const notes = readNotes(view, header);
  const columns: ColumnInfo[] = auto.map((m) => {
    const col = header.columns[m.index] as ColumnHeader;
    let field = m.field;
    let source: ColumnSource = 'auto';
    if (remembered && remembered.has(m.index)) {
      field = remembered.get(m.index) ?? null;
      source = 'remembered';
    }
    if (user.has(m.index)) {
      field = user.get(m.index) ?? null;
      source = 'user';
    }
    const unit = col.parts.map((p) => normaliseHeader(p).unit).find((u) => u !== null) ?? null;
    return { index: m.index, letter: columnLetter(m.index), header: headerText(col), field, fieldLabel: field ? (fieldDef(kind, field)?.label ?? null) : null, source, unit };
  });
  // A field taken by the user's choice is no longer the automatic choice of another column.
  const seen = new Map<string, number>();
  for (const c of [...columns].sort((a, b) => (a.source === 'user' ? -1 : 0) - (b.source === 'user' ? -1 : 0))) {
    if (!c.field) continue;
    const def = fieldDef(kind, c.field);
    if (seen.has(c.field) && !def?.multi) {
      c.field = null;
      c.fieldLabel = null;
    } else seen.set(c.field, c.index);
  }
  const missing = missingRequired(
    kind,
    columns.map((c) => ({ index: c.index, field: c.field, quality: 3 })),
  );
  if (missing.length > 0) {
    refuse(fileError(
      'NO_HEADER',
      `作为${ImportKind.label[kind]}导入，表头（第 ${header.top + 1}${header.bottom > header.top ? `–${header.bottom + 1}` : ''} 行）中缺少必需的列：${missing
        .map((f) => `“${f.label}”`)
        .join('、')}。请检查列名，或在向导中指定对应的列`,
    ));
  }
  // The money unit: the user's choice, the sheet's note, the headers, else 元 (with a guess for 万元 sheets).
  let unit: MoneyUnit | null = null;
  let unitSource: PipelineResult['unitSource'] = null;
  const moneyColumns = columns.filter((c) => c.field && fieldDef(kind, c.field)?.type === 'money');
  if (moneyColumns.length > 0) {
    if (options.unit) {
      unit = options.unit;
      unitSource = 'option';
    } else if (notes.unit) {
      unit = notes.unit;
      unitSource = 'note';
    } else if (moneyColumns.some((c) => c.unit)) {
      unit = moneyColumns.find((c) => c.unit)?.unit ?? 'yuan';
      unitSource = 'header';
    } else {
      unit = 'yuan';
      unitSource = 'default';
    }
  }
  return { view, candidate, candidates, header, kind, kindScores, columns, notes, unit, unitSource, blockers: lenient ? blockers.slice(0, 1) : [] };
}

/** Project and allocation sheets without a stated unit whose amounts look like 万元 (all under 10 000, some with decimals). */
function guessWan(p: Prepared, dataRows: readonly ClassifiedRow[]): boolean {
  if (p.unitSource !== 'default' || (p.kind !== 'projects' && p.kind !== 'allocations')) return false;
  const col = p.columns.find((c) => c.field === 'total' || c.field === 'amount' || c.field === 'linkage');
  if (!col) return false;
  let n = 0;
  let small = 0;
  for (const r of dataRows.slice(0, 500)) {
    const v = p.view.cell(r.r, col.index);
    const parsed = parseMoneyCell(v, 'yuan');
    if (!parsed.ok || parsed.value === null || parsed.value.cellUnit) continue;
    n += 1;
    if (parsed.value.fen < 1_000_000) small += 1;
  }
  return n >= 3 && small === n;
}

export interface RunOptions extends PipelineOptions {
  /** Write the import (inside one transaction); otherwise only plan it. */
  commit: boolean;
  /** Describe every row of the sheet (the wizard's view); the CLI does without. */
  withRows?: boolean;
  /** The wizard runs it: messages name the wizard's choices, not the CLI's options. */
  wizard?: boolean;
}

/** One data row as the kinds read it (a class, not closures: 100 000 rows share the methods). */
class SheetRow implements RowInput {
  readonly row: number;
  constructor(
    private readonly view: SheetView,
    private readonly fieldCols: ReadonlyMap<string, number[]>,
    readonly r: number,
  ) {
    this.row = r + 1;
  }
  get(field: string): FieldCell | undefined {
    const cols = this.fieldCols.get(field);
    if (!cols || cols.length === 0) return undefined;
    const col = cols[0] as number;
    return { col, cell: this.view.cell(this.r, col) };
  }
  all(field: string): FieldCell[] {
    return (this.fieldCols.get(field) ?? []).map((col) => ({ col, cell: this.view.cell(this.r, col) }));
  }
}

/** The county a sheet names in its title, 填报单位 or other note lines ("XX县桦树镇人民政府" → "XX县"). */
function countyFromNotes(notes: SheetNotes): string | null {
  for (const text of [notes.title, notes.reportingUnit, ...notes.lines]) {
    if (!text) continue;
    const county = countyWordInText(text.replace(/^.*?(?:填报单位|报送单位|填表单位)[:：]\s*/, ''));
    if (county) return county;
  }
  return null;
}

export async function runPipeline(ctx: ServiceContext, data: WorkbookData, file: FileMeta, options: RunOptions): Promise<PipelineResult> {
  const p = await prepareSheet(dataPort(ctx), data, options);
  if (!options.commit) return planAndMaybeWrite(ctx, p, data, file, options, null);
  // One transaction of the port for the whole file: planned against the ledger as it is inside it, so two
  // windows cannot both pass the checks; the audit rows are chained on the same transaction (writeAudited).
  return writeAudited(ctx, (tx, audit) => planAndMaybeWrite(ctx, p, data, file, options, { tx, audit }));
}

/** The sheet's township: the option, the 填报单位 line, or the title. */
function sheetTownshipOf(options: RunOptions, notes: SheetNotes, places: PlaceResolver, log: IssueLog): PipelineResult['township'] {
  let township: PipelineResult['township'] = null;
  if (options.township) {
    const t = places.township(options.township, null);
    if ('error' in t) throw new AppError('VALIDATION', t.error, 'township');
    township = { id: t.id, name: t.name, source: 'option', isNew: t.id < 0 };
  } else {
    const sources: Array<['reportingUnit' | 'title', string | null]> = [
      ['reportingUnit', notes.reportingUnit],
      ['title', notes.title],
      ...notes.lines.slice(1).map((l) => ['title', l] as ['title', string]),
    ];
    for (const [source, text] of sources) {
      if (!text) continue;
      const known = findTownshipInText(text, places.index);
      if (known) {
        township = { id: known.id, name: known.name, source, isNew: false };
        break;
      }
      const word = townshipWordInText(text);
      if (word) {
        const t = places.township(word, null);
        if ('error' in t) {
          log.warn('townshipUnknown', null, null, undefined, `${source === 'title' ? '标题' : '填报单位'}中的乡镇“${word}”不在区划中；${places.canAdd ? '' : `如需添加，请在“区划与单位”中添加，${addPlacesHint(options.wizard === true)}；`}各行的村将无法归到该乡镇`);
        } else township = { id: t.id, name: t.name, source, isNew: t.id < 0 };
        break;
      }
    }
  }
  return township;
}

/** The rows below the header: classified, the ones left out with their reasons, the data rows as the kinds read them. */
function sheetRows(p: Prepared, options: RunOptions) {
  const { view, header, kind, columns } = p;
  const fieldCols = new Map<string, number[]>();
  for (const c of columns) if (c.field) fieldCols.set(c.field, [...(fieldCols.get(c.field) ?? []), c.index]);
  const nameColumns = columns.filter((c) => c.field && NAME_FIELDS.has(c.field)).map((c) => c.index);
  const classified = classifyRows(view, header, {
    nameColumns,
    seqColumns: columns.filter((c) => c.field === 'seq').map((c) => c.index),
    moneyColumns: columns.filter((c) => c.field && fieldDef(kind, c.field)?.type === 'money').map((c) => c.index),
    continuation: kind === 'projects' || kind === 'payments' || kind === 'households',
  });
  const excluded = new Set(options.excludeRows ?? []);
  const skipped: SkippedRow[] = [];
  const inputs: RowInput[] = [];
  const rowClass = new Map<number, RowView['cls']>();
  let rowsRead = 0;
  for (const cr of classified) {
    const row = cr.r + 1;
    if (cr.cls === 'blank') continue;
    rowsRead += 1;
    let cls: RowView['cls'] = cr.cls;
    if (cr.cls === 'data' && cr.hidden && !options.includeHiddenRows) cls = 'hidden';
    if (excluded.has(row)) cls = 'excluded';
    rowClass.set(row, cls);
    if (cls !== 'data') {
      skipped.push({ row, reason: SKIP_REASON[cls as keyof typeof SKIP_REASON] ?? '不导入' });
      continue;
    }
    inputs.push(new SheetRow(view, fieldCols, cr.r));
  }
  return { classified, skipped, inputs, rowClass, rowsRead };
}

/** The money unit: stated, guessed (万元 when every amount looks like 万元), or 元 by default, with a warning when not stated. */
function moneyUnit(p: Prepared, classified: ReturnType<typeof classifyRows>, log: IssueLog) {
  let unit = p.unit;
  let unitSource = p.unitSource;
  if (guessWan(p, classified.filter((c) => c.cls === 'data'))) {
    unit = 'wan';
    unitSource = 'guess';
    log.warn('unitGuessed', null, null, undefined, '表中没有注明金额单位，金额都小于 1 万且像是以万元填写，已按“万元”导入；如实为元，请在向导中把单位改为“元”');
  } else if (unitSource === 'default') {
    log.warn('unitGuessed', null, null, undefined, '表中没有注明金额单位，已按“元”导入；如实为万元，请在向导中把单位改为“万元”（命令行请在表头或标题注明“单位：万元”）');
  }
  const columnUnit = new Map(p.columns.map((c) => [c.index, c.unit]));
  const unitOf = (col: number): MoneyUnit => (unitSource === 'option' ? (unit ?? 'yuan') : (columnUnit.get(col) ?? unit ?? 'yuan'));
  return { unit, unitSource, unitOf };
}

interface BatchFigures {
  p: Prepared;
  file: FileMeta;
  options: RunOptions;
  plan: KindPlan;
  places: PlaceResolver;
  log: IssueLog;
  rowsRead: number;
  imported: number;
  updated: number;
  skipped: number;
  amountFen: number;
}

/**
 * Step 5, inside the import's transaction: the batch row, the places the file adds, the kind's records (through
 * their area's store), the batch's figures and audit row, and the remembered mapping.
 */
async function writeBatch(
  ctx: ServiceContext,
  write: { tx: DataWriter; audit: AuditTrailWriter },
  { p, file, options, plan, places, log, rowsRead, imported, updated, skipped, amountFen }: BatchFigures,
): Promise<{ batchId: number; placeId: (tempId: number) => number | null }> {
  const { tx, audit } = write;
  const { kind, columns, header } = p;
  const stamp = ctx.now().toISOString();
  const batchId = await insertImportBatch(tx, { kind, fileName: file.fileName, fileSha256: file.sha256, sheetName: p.candidate.name, operator: audit.operator, rowsRead }, stamp);
  // Places first, then the records that refer to them.
  const realId = new Map<number, number>();
  const usedPlaces = new Set<number>();
  const mapPlace = (id: number | null): number | null => {
    if (id === null || id >= 0) return id;
    usedPlaces.add(id);
    const real = realId.get(id);
    if (real === undefined) throw new AppError('INTERNAL', '待添加的区划未写入');
    return real;
  };
  for (const pl of places.pending) {
    const parentId = pl.level === 'county' ? null : pl.parentId < 0 ? (realId.get(pl.parentId) ?? null) : pl.parentId;
    const id = await insertDivision(tx, { code: pl.code, name: pl.name, level: pl.level, parentId, sortOrder: 0 }, stamp);
    realId.set(pl.tempId, id);
    await audit.record({ action: 'create', entity: 'division', entityId: id, after: { code: pl.code, name: pl.name, level: pl.level, parentId }, importBatchId: batchId });
    if (pl.level === 'county') {
      await writeSettingOn(tx, 'countyName', pl.name, stamp, { keepExisting: true });
    }
  }
  // Counts are of sheet rows (as in a dry run); the records written are in the audit rows of the batch.
  const counts = await plan.apply({ tx, batchId, stamp, audit, place: mapPlace });
  await setImportBatchCounts(tx, batchId, { imported, updated, skipped, totalFen: amountFen }, stamp);
  await audit.record({
    action: 'import',
    entity: 'importBatch',
    entityId: batchId,
    after: {
      kind,
      fileName: file.fileName,
      sha256: file.sha256,
      sheet: p.candidate.name,
      rowsRead,
      imported,
      updated,
      recordsCreated: counts.created,
      recordsUpdated: counts.updated,
      skipped,
      errors: log.errors.length,
      totalFen: amountFen,
      placesAdded: places.pending.map((x) => x.name),
    },
    importBatchId: batchId,
  });
  if (options.rememberMapping !== false) {
    const mapping = JSON.stringify({ columns: columns.map((c) => ({ index: c.index, header: c.header, field: c.field })) });
    await rememberImportMapping(tx, header.signature, { kind, mapping }, stamp);
  }
  return { batchId, placeId: (tempId) => realId.get(tempId) ?? null };
}

/** Amounts or dates the mapping missed: refused (an error in the wizard, a refusal for a commit or the CLI) unless confirmed. */
function checkMissingValues(p: Prepared, inputs: readonly RowInput[], options: RunOptions, log: IssueLog): ReturnType<typeof findMissingValues> {
  const missingValues = findMissingValues(p.view, p.kind, p.columns, inputs.map((i) => i.r));
  for (const m of missingValues) {
    if (options.allowMissingAmounts) {
      log.warn('missingValues', null, null, undefined, `${m.message}。已按您的确认照此导入，这些行的${m.type === 'money' ? '金额' : '日期'}留空`);
      continue;
    }
    const advice =
      m.type === 'money'
        ? `请在“字段对应”中把该列对应到金额字段后再导入；如这些数字确实不是金额，请确认照此导入（命令行加 --allow-missing-amounts）`
        : `请在“字段对应”中把该列对应到日期字段后再导入；如确实不导入这些日期，请确认照此导入（命令行加 --allow-missing-amounts）`;
    const message = `${m.message}。${advice}`;
    if (options.withRows && !options.commit) log.error(null, null, undefined, message);
    else throw new AppError('VALIDATION', message);
  }
  return missingValues;
}

/** Places the import adds (reported as warnings, DESIGN.md): "将添加" while planning, "已添加" once written. */
function reportPlaces(places: PlaceResolver, options: RunOptions, log: IssueLog): void {
  const adds = options.commit ? '已添加' : '导入时将添加';
  for (const pl of places.pending) {
    const parent = pl.level === 'county' ? null : places.nameOf(pl.parentId);
    log.warn(
      'placeAdded',
      pl.row,
      null,
      undefined,
      pl.level === 'county'
        ? `台账尚未设置县，${pl.name === '本县' ? `${adds}“本县”（表格中没有写县名）` : `${options.commit ? '已按表格添加' : '导入时将按表格添加'}“${pl.name}”`}；区划代码 ${pl.code} 是临时代码，请到“区划与单位”中改为本县的正确名称和代码`
        : `区划中没有${pl.level === 'township' ? '乡镇' : '村'}“${pl.name}”，${adds}到${parent ? `“${parent}”下` : '区划'}（区划代码 ${pl.code}，请在“区划与单位”中核对）`,
    );
  }
}

/** The rows as the wizard shows them: title, header, then each row with its class and outcome. */
function rowViews(p: Prepared, rowClass: ReadonlyMap<number, RowView['cls']>, outcomes: { get(row: number): PlannedRow | undefined }): RowView[] {
  const { view, header } = p;
  const rows: RowView[] = [];
  for (let r = 0; r < view.rowCount; r += 1) {
    const row = r + 1;
    if (r < header.top) rows.push({ row, cls: 'title', outcome: null, reason: null, targetId: null });
    else if (r <= header.bottom) rows.push({ row, cls: 'header', outcome: null, reason: null, targetId: null });
    else {
      const cls = rowClass.get(row) ?? 'blank';
      const o = outcomes.get(row);
      const s = cls !== 'data' ? (SKIP_REASON[cls as keyof typeof SKIP_REASON] ?? null) : (o?.reason ?? null);
      rows.push({ row, cls, outcome: o?.outcome ?? (cls === 'data' ? null : 'skip'), reason: s, targetId: o?.targetId ?? null });
    }
  }
  return rows;
}

/** Each kind's planner (a kind that reads through its area's store plans asynchronously). */
const KIND_PLANS: Record<ImportKind, (env: KindEnv, rows: RowInput[]) => KindPlan | Promise<KindPlan>> = {
  projects: planProjects,
  payments: planPayments,
  allocations: planAllocations,
  findings: planFindings,
  households: planHouseholds,
};

/** The rows' figures; the skipped and unchanged rows' reasons join `skipped`, which ends in row order. */
function tally(planned: readonly PlannedRow[], skipped: SkippedRow[]): { imported: number; updated: number; unchanged: number; amountFen: number } {
  let imported = 0;
  let updated = 0;
  let unchanged = 0;
  let amountFen = 0;
  for (const r of planned) {
    if (r.outcome === 'create') imported += 1;
    else if (r.outcome === 'update') updated += 1;
    else if (r.outcome === 'unchanged') unchanged += 1;
    if (r.outcome === 'create' || r.outcome === 'update' || r.outcome === 'unchanged') amountFen += r.amountFen;
    if ((r.outcome === 'skip' || r.outcome === 'unchanged') && r.reason) skipped.push({ row: r.row, reason: r.reason });
  }
  skipped.sort((a, b) => a.row - b.row);
  return { imported, updated, unchanged, amountFen };
}

/** The earlier imports of the same file, with a warning when there are any. */
async function previousBatchesOf(db: DataReader, file: FileMeta, options: RunOptions, log: IssueLog): Promise<PipelineResult['previousBatches']> {
  const previousBatches = (await importBatchesOfFile(db, file.sha256))
    .filter((b) => b.status === 'done')
    .map((b) => ({ id: b.id, at: b.createdAt, status: b.status, imported: b.imported, updated: b.updated }));
  if (previousBatches.length > 0) {
    const last = previousBatches[previousBatches.length - 1];
    log.warn('importedBefore', null, null, undefined, `同一文件已于 ${last ? officeDay(last.at) : ''} 导入过（批次 ${last?.id}）；与台账相同的行不会重复导入，有变化的行将${options.onMatch === 'skip' ? '跳过' : '更新'}`);
  }
  return previousBatches;
}

async function planAndMaybeWrite(
  ctx: ServiceContext,
  p: Prepared,
  data: WorkbookData,
  file: FileMeta,
  options: RunOptions,
  write: { tx: DataWriter; audit: AuditTrailWriter } | null,
): Promise<PipelineResult> {
  const { view, header, kind, columns, notes } = p;
  const port = write?.tx ?? dataPort(ctx);
  const lookups = await loadLookups(ctx, port);
  const colHeader = new Map(columns.map((c) => [c.index, c.header]));
  const log = new IssueLog(kind, (col) => colHeader.get(col) ?? '');
  const countyHint = countyFromNotes(notes) ?? lookups.countyName;
  const places = new PlaceResolver(lookups.divisions, options.addPlaces === true, countyHint, options.wizard === true);

  let township = sheetTownshipOf(options, notes, places, log);
  const sheetTownship = township && township.id !== null ? { id: township.id, name: township.name } : null;
  const { classified, skipped, inputs, rowClass, rowsRead } = sheetRows(p, options);
  const { unit, unitSource, unitOf } = moneyUnit(p, classified, log);
  if (rowsRead === 0) log.warn('noDataRows', null, null, undefined, `工作表“${p.candidate.name}”的表头（第 ${header.top + 1} 行）以下没有数据行，没有可导入的内容`);

  const env: KindEnv = {
    ctx,
    port,
    kind,
    log,
    lookups,
    places,
    sheetTownship,
    notes,
    fileName: file.fileName,
    sheetName: p.candidate.name,
    unitOf,
    header: (col) => colHeader.get(col) ?? columnLetter(col),
    text: (cell: SheetCell) => cellText(cell).trim(),
    options: { onMatch: options.onMatch ?? 'update', inspection: options.inspection ?? null, linkageLevel: options.linkageLevel ?? 'central' },
  };
  for (const b of p.blockers) log.error(null, null, undefined, b);
  // Amounts or dates the mapping missed: refused (an error the wizard shows, a refusal for a commit or the
  // CLI) unless the user has confirmed, then one warning that says what stays empty.
  const missingValues = p.blockers.length > 0 ? [] : checkMissingValues(p, inputs, options, log);
  const plan: KindPlan = p.blockers.length > 0 ? { rows: [], apply: () => ({ created: 0, updated: 0 }) } : await KIND_PLANS[kind](env, inputs);

  // Each row's outcome by its row number: an array, not a Map (a 100 000-row file pays ~1 MB, not ~8).
  const outcomeOf: Array<PlannedRow | undefined> = new Array<PlannedRow | undefined>(view.rowCount + 1);
  for (const r of plan.rows) outcomeOf[r.row] = r;
  const outcomes = { get: (row: number): PlannedRow | undefined => outcomeOf[row] };
  const reconcile = reconcileTotals(
    view,
    classified,
    columns.map((c) => ({ index: c.index, field: c.field, header: c.header })),
    unitOf,
    outcomes,
    log,
  );
  reportPlaces(places, options, log);

  const { imported, updated, unchanged, amountFen } = tally(plan.rows, skipped);
  const previousBatches = await previousBatchesOf(port, file, options, log);

  let batchId: number | null = null;
  if (write && imported + updated > 0) {
    const written = await writeBatch(ctx, write, { p, file, options, plan, places, log, rowsRead, imported, updated, skipped: skipped.length, amountFen });
    batchId = written.batchId;
    if (township && township.id !== null && township.id < 0) township = { ...township, id: written.placeId(township.id) };
  }

  const rows = options.withRows ? rowViews(p, rowClass, outcomes) : [];

  return {
    kind,
    kindScores: p.kindScores,
    sheet: p.candidate.name,
    sheets: p.candidates.map((c) => ({ name: c.name, state: c.state, rows: c.rows, cols: c.cols, kind: c.bestKind, score: Math.round(c.score * 100) / 100, hasHeader: c.header !== null })),
    header: { first: header.top + 1, last: header.bottom + 1, signature: header.signature },
    columns,
    notes,
    unit,
    unitSource,
    township,
    inspection: plan.inspection ? { id: plan.inspection.id, name: plan.inspection.name, isNew: plan.inspection.isNew } : null,
    rowsRead,
    imported,
    updated,
    unchanged,
    skipped,
    errors: log.errors,
    warnings: log.sampleWarnings(),
    warningGroups: log.warningGroups(),
    warningCount: log.warningCount,
    totals: { amountFen },
    reconcile,
    missingValues,
    rows,
    placesToAdd: places.pending.map((x) => ({ level: x.level, name: x.name, parent: x.level === 'county' ? null : places.nameOf(x.parentId), code: x.code })),
    previousBatches,
    batchId,
    log,
  };
}

/** Cell texts of a range of rows for the wizard's sheet view (ID numbers masked unless asked). */
export function sheetCells(
  data: WorkbookData,
  sheetName: string,
  from: number,
  count: number,
  options: { kind?: ImportKind; idColumns?: number[]; reveal?: boolean } = {},
): { rows: Array<{ row: number; cells: string[]; hidden: boolean }>; merges: Array<{ r1: number; c1: number; r2: number; c2: number }>; rowCount: number; colCount: number } {
  const grid = data.sheets.find((s) => s.name === sheetName);
  if (!grid) throw new AppError('NOT_FOUND', `文件中没有名为“${sheetName}”的工作表`);
  const hidden = new Set(grid.hiddenRows);
  const mask = new Set(options.reveal ? [] : (options.idColumns ?? []));
  const out: Array<{ row: number; cells: string[]; hidden: boolean }> = [];
  for (let r = Math.max(0, from - 1); r < Math.min(grid.rowCount, from - 1 + count); r += 1) {
    const cells: string[] = [];
    for (let c = 0; c < grid.colCount; c += 1) {
      const t = cellText(grid.rows[r]?.[c] ?? null);
      cells.push(mask.has(c) && /^\s*\d{17}[\dXx]\s*$/.test(t) ? maskIdNumber(t.trim()) : t);
    }
    out.push({ row: r + 1, cells, hidden: hidden.has(r) });
  }
  const merges = grid.merges.filter((m) => m.r2 >= from - 1 && m.r1 < from - 1 + count);
  // A merged cell reads as its value in every cell it covers (a township merged down over its villages),
  // as the import reads it; the sheet view draws the merge itself.
  const first = out[0]?.row ?? 1;
  for (const m of merges) {
    const top = out[m.r1 - first + 1]?.cells[m.c1] ?? cellText(grid.rows[m.r1]?.[m.c1] ?? null);
    const shown = mask.has(m.c1) && /^\s*\d{17}[\dXx]\s*$/.test(top) ? maskIdNumber(top.trim()) : top;
    for (let r = Math.max(m.r1, first - 1); r <= m.r2; r += 1) {
      const row = out[r - first + 1];
      if (!row) continue;
      for (let c = m.c1; c <= m.c2; c += 1) if (r !== m.r1 || c !== m.c1) row.cells[c] = shown;
    }
  }
  return { rows: out, merges, rowCount: grid.rowCount, colCount: grid.colCount };
}


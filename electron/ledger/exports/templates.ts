// 导入模板: a blank sheet per import kind that townships fill in and send back. The header uses the words of
// the import's alias table (shared/import/fields.ts), so a filled template imports with no mapping question;
// drop-down lists come from this ledger (区划, 项目类型, 单位, 项目, 文号) and the fixed word lists, kept on a
// hidden sheet because Excel limits an inline list to 255 characters; dates and numbers are validated; each
// header cell carries a hint; the sheet is protected with only the data rows unlocked.
import ExcelJS from 'exceljs';
import { FindingCategory, FindingStatus, FundLevel, HouseholdType, ImportKind, PaymentType } from '../../../shared/enums';
import { ALLOCATION_TEMPLATE_FIELDS, PAYMENT_TEMPLATE_FIELDS } from '../../../shared/funds/fields';
import { HOUSEHOLD_TEMPLATE_FIELDS } from '../../../shared/households/fields';
import { PROJECT_TEMPLATE_FIELDS } from '../../../shared/projects/fields';
import { FINDING_TEMPLATE_FIELDS } from '../../../shared/supervision/fields';
import type { ServiceContext } from '../../platform/context';
import { dataPort } from '../../platform/data-port';
import * as divisions from '../divisions/store';
import * as funds from '../funds/store';
import * as projects from '../projects/store';
import { countyName, safeFileName } from './naming';
import { ExportStyles, columnLetter, textWidth } from './table';

/** Blank rows a township gets to fill in. */
export const TEMPLATE_ROWS = 500;
const HEADER_TOP = 3;
const HEADER_BOTTOM = 4;
const FIRST_ROW = 5;
const LIST_SHEET = '下拉选项';

type ListName = 'category' | 'subcategory' | 'township' | 'village' | 'unit' | 'level' | 'paymentType' | 'project' | 'docNumber' | 'findingCategory' | 'findingStatus' | 'householdType';

type InputKind = 'text' | 'longText' | 'money' | 'count' | 'year' | 'date' | 'idNumber' | 'deadline';

interface TemplateColumn {
  header: string;
  group?: string;
  input: InputKind;
  /** A drop-down from the hidden list sheet (a list of the ledger, or a field's fixed words under the field's name); `strict`: only its words are accepted. */
  list?: { name: ListName; strict: boolean } | { name: string; words: readonly string[]; strict: boolean };
  required?: boolean;
  hint: string;
  width?: number;
}

/** A money cell's hint says its unit. */
const moneyHint = (hint: string) => `${hint}。单位：万元，最多 6 位小数`;

/** A project field's template column, from the field table (shared/projects/fields.ts). */
function fieldColumn([, f]: (typeof PROJECT_TEMPLATE_FIELDS)[number]): TemplateColumn {
  const { input, hint, required, width, list } = f.template;
  return {
    ...f.sheet,
    input,
    hint: input === 'money' ? moneyHint(hint) : hint,
    ...(required !== undefined ? { required } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(list ? { list: 'ledger' in list ? { name: list.ledger, strict: list.strict } : { name: f.sheet.header, words: list.words, strict: list.strict } } : {}),
  };
}
const PROJECT_COLUMNS = PROJECT_TEMPLATE_FIELDS.map(fieldColumn);

/** A template column from a ledger's field table (shared/funds/fields.ts, supervision/fields.ts, households/fields.ts): the header is its name. */
function fieldTableColumn([, f]: (typeof PAYMENT_TEMPLATE_FIELDS | typeof ALLOCATION_TEMPLATE_FIELDS | typeof FINDING_TEMPLATE_FIELDS | typeof HOUSEHOLD_TEMPLATE_FIELDS)[number]): TemplateColumn {
  const { input, hint, required, width, list } = f.template;
  return {
    header: f.label,
    input,
    hint: input === 'money' ? moneyHint(hint) : hint,
    ...(required !== undefined ? { required } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(list ? { list } : {}),
  };
}
export const TEMPLATE_COLUMNS: Record<ImportKind, TemplateColumn[]> = {
  // The project field table's template part (shared/projects/fields.ts).
  projects: PROJECT_COLUMNS,
  // The allocation field table's template part (shared/funds/fields.ts).
  allocations: ALLOCATION_TEMPLATE_FIELDS.map(fieldTableColumn),
  // The payment field table's template part (shared/funds/fields.ts).
  payments: PAYMENT_TEMPLATE_FIELDS.map(fieldTableColumn),
  // The finding field table's template part (shared/supervision/fields.ts).
  findings: FINDING_TEMPLATE_FIELDS.map(fieldTableColumn),
  // The household field table's template part (shared/households/fields.ts).
  households: HOUSEHOLD_TEMPLATE_FIELDS.map(fieldTableColumn),
};

const HAS_MONEY: Record<ImportKind, boolean> = { projects: true, allocations: true, payments: true, findings: false, households: false };

/** The lists the template's drop-downs offer, from this ledger (through its areas' stores) and the fixed word lists. */
async function templateLists(ctx: ServiceContext): Promise<Record<ListName, string[]>> {
  const db = dataPort(ctx);
  const named = (list: readonly string[]) => list.filter((s) => s && s.trim());
  const unique = (list: readonly string[]) => [...new Set(named(list))];
  const types = await divisions.projectTypeNamesByLevel(db);
  return {
    category: named(types.categories),
    subcategory: unique(types.subcategories),
    township: named((await divisions.townshipsInOrder(db)).map((t) => t.name)),
    village: unique(await divisions.villageNamesInOrder(db)),
    unit: unique(await divisions.unitNamesByKind(db)),
    level: FundLevel.options.map((o) => o.label),
    paymentType: PaymentType.options.map((o) => o.label),
    project: unique(await projects.recentProjectNames(db, 5000)),
    docNumber: unique(await funds.recentDocNumbers(db, 2000)),
    findingCategory: FindingCategory.options.map((o) => o.label),
    findingStatus: FindingStatus.options.map((o) => o.label),
    householdType: HouseholdType.options.map((o) => o.label),
  };
}

const LIST_TITLE: Record<ListName, string> = {
  category: '项目类型',
  subcategory: '子类型',
  township: '乡镇',
  village: '村',
  unit: '单位',
  level: '资金级次',
  paymentType: '支付类型',
  project: '项目名称',
  docNumber: '资金文号',
  findingCategory: '问题类别',
  findingStatus: '整改状态',
  householdType: '户类型',
};

function validationFor(col: TemplateColumn, listRange: string | null): ExcelJS.DataValidation | null {
  const base = { allowBlank: !col.required, showInputMessage: true, promptTitle: col.header.slice(0, 32), prompt: col.hint.slice(0, 255), showErrorMessage: true, errorTitle: col.header.slice(0, 32) };
  if (col.list && listRange) {
    return {
      ...base,
      type: 'list',
      formulae: [listRange],
      errorStyle: col.list.strict ? 'stop' : 'warning',
      error: col.list.strict ? `请从下拉列表中选择${col.header}` : `“${col.header}”不在列表中，确定要填写吗？`,
    };
  }
  switch (col.input) {
    case 'money':
      return { ...base, type: 'decimal', operator: 'between', formulae: [0, 1_000_000], error: `${col.header}应为不小于 0 的数字（万元）` };
    case 'count':
      return { ...base, type: 'whole', operator: 'between', formulae: [0, 10_000_000], error: `${col.header}应为不小于 0 的整数` };
    case 'year':
      return { ...base, type: 'whole', operator: 'between', formulae: [2000, 2100], error: '年度应为 2000 到 2100 之间的四位数字' };
    case 'date':
      // A real date, or a month typed as text ('2024-03') which the import also accepts.
      return {
        ...base,
        type: 'custom',
        formulae: [`OR(AND(ISNUMBER(${'@'}),${'@'}>=36526,${'@'}<=73051),ISNUMBER(DATEVALUE(${'@'}&"-01")))`],
        error: '请填写日期，如 2024-03-05（只知月份可填 2024-03）',
      };
    case 'idNumber':
      return { ...base, type: 'textLength', operator: 'equal', formulae: [18], error: '身份证号应为 18 位' };
    default:
      return { ...base, type: 'textLength', operator: 'lessThanOrEqual', formulae: [col.input === 'longText' ? 2000 : 200], error: `${col.header}太长` };
  }
}

export interface BuiltTemplate {
  fileName: string;
  buffer: Buffer;
  sheets: string[];
}

export async function buildTemplate(ctx: ServiceContext, kind: ImportKind): Promise<BuiltTemplate> {
  const columns = TEMPLATE_COLUMNS[kind];
  const county = await countyName(ctx);
  const lists = await templateLists(ctx);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = county || '扶贫台账';
  const styles = new ExportStyles('wan');
  const title = `${county}${ImportKind.label[kind]}填报模板`;
  const sheet = workbook.addWorksheet(ImportKind.label[kind], {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_BOTTOM, topLeftCell: `A${FIRST_ROW}`, activeCell: `A${FIRST_ROW}` }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_TOP}:${HEADER_BOTTOM}` },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  // The hidden list sheet: one column per list used.
  const listSheet = workbook.addWorksheet(LIST_SHEET, { state: 'hidden' });
  const listRange = new Map<string, string>();
  const listKey = (list: NonNullable<TemplateColumn['list']>) => ('words' in list ? `words:${list.name}` : list.name);
  let listCol = 0;
  for (const col of columns) {
    if (!col.list || listRange.has(listKey(col.list))) continue;
    const values = 'words' in col.list ? col.list.words : lists[col.list.name];
    if (values.length === 0) continue;
    listCol += 1;
    listSheet.getCell(1, listCol).value = 'words' in col.list ? col.list.name : LIST_TITLE[col.list.name];
    values.forEach((v, i) => {
      listSheet.getCell(i + 2, listCol).value = v;
    });
    listSheet.getColumn(listCol).width = 24;
    const letter = columnLetter(listCol);
    listRange.set(listKey(col.list), `'${LIST_SHEET}'!$${letter}$2:$${letter}$${values.length + 1}`);
  }

  const n = columns.length;
  sheet.columns = columns.map((col) => ({ width: col.width ?? Math.max(textWidth(col.header) + 4, col.input === 'date' ? 12 : col.input === 'money' ? 12 : 8) }));
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).style = styles.title;
  sheet.mergeCells(1, 1, 1, n);
  sheet.getRow(1).height = 34;
  const split = Math.max(1, Math.ceil(n * 0.6));
  sheet.getCell(2, 1).value = '填写说明：带下拉箭头的列请从列表中选择；日期按 2024-03-05 填写；表头请勿修改';
  sheet.getCell(2, 1).style = styles.noteLeft;
  if (split > 1) sheet.mergeCells(2, 1, 2, split);
  if (HAS_MONEY[kind]) {
    sheet.getCell(2, split + 1).value = '单位：万元';
    sheet.getCell(2, split + 1).style = styles.noteRight;
    if (split + 1 < n) sheet.mergeCells(2, split + 1, 2, n);
  }
  sheet.getRow(3).height = 24;
  sheet.getRow(4).height = 30;

  const requiredHeader: Partial<ExcelJS.Style> = { ...styles.header, font: { name: '宋体', size: 10, bold: true, color: { argb: 'FFC00000' } } };
  let c = 0;
  while (c < n) {
    const col = columns[c] as TemplateColumn;
    if (col.group) {
      let end = c;
      while (end + 1 < n && columns[end + 1]?.group === col.group) end += 1;
      for (let k = c; k <= end; k += 1) {
        const sub = columns[k] as TemplateColumn;
        sheet.getCell(HEADER_TOP, k + 1).value = col.group;
        sheet.getCell(HEADER_TOP, k + 1).style = styles.header;
        const cell = sheet.getCell(HEADER_BOTTOM, k + 1);
        cell.value = sub.header;
        cell.style = sub.required ? requiredHeader : styles.header;
        cell.note = sub.hint;
      }
      if (end > c) sheet.mergeCells(HEADER_TOP, c + 1, HEADER_TOP, end + 1);
      c = end + 1;
    } else {
      const cell = sheet.getCell(HEADER_TOP, c + 1);
      cell.value = col.header;
      cell.style = col.required ? requiredHeader : styles.header;
      cell.note = col.hint;
      sheet.mergeCells(HEADER_TOP, c + 1, HEADER_BOTTOM, c + 1);
      c += 1;
    }
  }

  // Data rows: unlocked, bordered, formatted; one validation per column range.
  const last = FIRST_ROW + TEMPLATE_ROWS - 1;
  const unlocked = (style: Partial<ExcelJS.Style>, numFmt?: string): Partial<ExcelJS.Style> => ({ ...style, ...(numFmt ? { numFmt } : {}), protection: { locked: false } });
  columns.forEach((col, i) => {
    const style =
      col.input === 'money'
        ? unlocked(styles.cell('money'), '#,##0.00####')
        : col.input === 'count' || col.input === 'year'
          ? unlocked(styles.cell('count'), '0')
          : col.input === 'date'
            ? unlocked(styles.cell('date'))
            : col.input === 'idNumber'
              ? unlocked(styles.cell('code'), '@')
              : unlocked(styles.cell(col.input === 'longText' ? 'longText' : 'text'));
    for (let r = FIRST_ROW; r <= last; r += 1) sheet.getCell(r, i + 1).style = style;
    const letter = columnLetter(i + 1);
    const v = validationFor(col, col.list ? (listRange.get(listKey(col.list)) ?? null) : null);
    if (v) {
      const formulae = v.type === 'custom' ? v.formulae.map((f: string) => f.replaceAll('@', `${letter}${FIRST_ROW}`)) : v.formulae;
      // exceljs has range validations (one <dataValidation sqref="E5:E504">) but its typings omit them.
      (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}${FIRST_ROW}:${letter}${last}`, { ...v, formulae });
    }
  });

  // The header is locked: protection without a password (the clerk can lift it, but not by accident).
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: true,
    deleteRows: true,
    sort: false,
    autoFilter: false,
  });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: safeFileName(`${title}.xlsx`), buffer, sheets: [sheet.name, listSheet.name] };
}

// What parsing and planning need besides the sheet: the ledger's places (with places to add when the user
// allows it), project types, units, settings, the clock; and the bookkeeping of problems found, each with
// its row, column and a Chinese sentence that names them.
import type { ImportKind } from '../../../shared/enums';
import { checkDivisionCode } from '../../../shared/divisions';
import { fieldDef } from '../../../shared/import/fields';
import { PlaceIndex, splitPlaceText, townshipNameFromText, type PlaceDivision } from '../../../shared/import/places';
import type { ProjectTypeEntry } from '../../../shared/import/words';
import { nameKey } from '../../../shared/import/text';
import type { MoneyUnit } from '../../../shared/money';
import { type ServiceContext } from '../../platform/context';
import type { DataReader } from '../../platform/data-port';
import { divisionRecords, liveUnitRecords, projectTypeRecords } from '../divisions/store';
import { readSettingOn } from '../settings/store';
import { getSupervisionSettingsOn } from '../supervision/settings';
import type { SheetCell } from '../../../shared/import/cell';
import { columnLetter } from './workbook';
import { formatYuanWithUnit } from '../../../shared/money';
import { IMPORT_WARNING_KIND_KEYS, IMPORT_WARNING_KINDS, WARNING_GROUP_SAMPLES, type ImportWarningGroup, type ImportWarningKind } from '../../../shared/import/warnings';

export type { ImportIssue as Issue, SkippedRow } from '../../../shared/api-import';
import type { ImportIssue as Issue } from '../../../shared/api-import';

export interface FieldCell {
  col: number;
  cell: SheetCell;
}

/** One data row as the kind parsers see it: cells by field. */
export interface RowInput {
  /** 0-based sheet row. */
  r: number;
  /** 1-based sheet row (what people see). */
  row: number;
  get(field: string): FieldCell | undefined;
  all(field: string): FieldCell[];
}

/** A warning's particulars given as values, turned into its sentence only when someone reads it. */
export type WarningArgs = readonly (string | number)[];
type DetailFormat = (args: WarningArgs) => string;

/**
 * Kinds whose warning can fall on every row of a big sheet keep their values, not their sentence: 100 000
 * 拨付超下达 rows hold three values each instead of 100 000 sentences of sixty characters.
 */
const DETAIL_FORMATS: Partial<Record<ImportWarningKind, DetailFormat>> = {
  overAllocated: ([name, allocatedFen, paidFen]) =>
    `拨付超下达：项目“${String(name)}”已下达 ${formatYuanWithUnit(Number(allocatedFen))}，累计拨付 ${formatYuanWithUnit(Number(paidFen))}，超出 ${formatYuanWithUnit(Number(paidFen) - Number(allocatedFen))}。已导入，请及时补录资金下达及分配`,
  duplicateInFile: ([firstRow, withVoucher]) => `与第${String(firstRow)}行的拨付完全相同（同一项目、日期、金额${withVoucher ? '、凭证号' : ''}），请确认不是重复录入`,
  docNumberUnknown: ([doc]) => `资金下达中没有文号 ${String(doc)}，本行未关联文号；请补录资金下达后在拨付中关联`,
};

const NO_CELL = -1;
const KIND_INDEX = new Map(IMPORT_WARNING_KIND_KEYS.map((k, i) => [k, i] as const));

/**
 * The problems found in one import: errors as they come, warnings kept compactly (parallel arrays of kind,
 * row, column and the bare message or its values) and handed out as groups by kind, as a page of one
 * kind, or all of them — each with its "第N行X列「列名」：" prefix built when it is read.
 */
export class IssueLog {
  readonly errors: Issue[] = [];
  private readonly rowsWithErrors = new Set<number>();
  private readonly wKind: number[] = [];
  private readonly wRow: number[] = [];
  private readonly wCol: number[] = [];
  private readonly wField: number[] = [];
  private readonly wText: Array<string | WarningArgs> = [];
  private readonly fieldNames: string[] = [];
  private readonly fieldIds = new Map<string, number>();
  private byKind: Map<ImportWarningKind, Int32Array> | null = null;

  constructor(
    private readonly kind: ImportKind,
    private readonly headerOf: (col: number) => string,
  ) {}

  private where(row: number | null, col: number | null, field: string | undefined): string {
    if (row === null) return '';
    if (col === null) return `第${row}行：`;
    const header = this.headerOf(col) || (field ? (fieldDef(this.kind, field)?.label ?? '') : '');
    return `第${row}行${columnLetter(col)}列${header ? `「${header}」` : ''}：`;
  }

  error(row: number | null, col: number | null, field: string | undefined, message: string): void {
    this.errors.push({ row, column: col === null ? null : columnLetter(col), ...(field ? { field } : {}), message: `${this.where(row, col, field)}${message}` });
    if (row !== null) this.rowsWithErrors.add(row);
  }

  /** A warning of a kind (shared/import/warnings.ts) at a cell, a row (col null) or the file (row null). */
  warn(kind: ImportWarningKind, row: number | null, col: number | null, field: string | undefined, message: string | WarningArgs): void {
    if (typeof message !== 'string' && !DETAIL_FORMATS[kind]) throw new Error(`warning kind ${kind} has no detail format`);
    let fieldId = NO_CELL;
    if (field !== undefined) {
      fieldId = this.fieldIds.get(field) ?? NO_CELL;
      if (fieldId === NO_CELL) {
        fieldId = this.fieldNames.length;
        this.fieldNames.push(field);
        this.fieldIds.set(field, fieldId);
      }
    }
    this.wKind.push(KIND_INDEX.get(kind) as number);
    this.wRow.push(row ?? NO_CELL);
    this.wCol.push(col ?? NO_CELL);
    this.wField.push(fieldId);
    this.wText.push(message);
    this.byKind = null;
  }

  get warningCount(): number {
    return this.wKind.length;
  }

  /** The i-th warning as the contract shows it. */
  private warningAt(i: number): Issue {
    const row = this.wRow[i] as number;
    const col = this.wCol[i] as number;
    const fieldId = this.wField[i] as number;
    const field = fieldId === NO_CELL ? undefined : this.fieldNames[fieldId];
    const kind = IMPORT_WARNING_KIND_KEYS[this.wKind[i] as number] as ImportWarningKind;
    const text = this.wText[i] as string | WarningArgs;
    const message = typeof text === 'string' ? text : (DETAIL_FORMATS[kind] as DetailFormat)(text);
    return {
      row: row === NO_CELL ? null : row,
      column: col === NO_CELL ? null : columnLetter(col),
      ...(field ? { field } : {}),
      kind,
      message: `${this.where(row === NO_CELL ? null : row, col === NO_CELL ? null : col, field)}${message}`,
    };
  }

  /** Indices of each kind's warnings in sheet order (the file's own first, then by row). */
  private indexByKind(): Map<ImportWarningKind, Int32Array> {
    if (this.byKind) return this.byKind;
    const lists = new Map<number, number[]>();
    for (let i = 0; i < this.wKind.length; i += 1) {
      const k = this.wKind[i] as number;
      let list = lists.get(k);
      if (!list) lists.set(k, (list = []));
      list.push(i);
    }
    const out = new Map<ImportWarningKind, Int32Array>();
    const rows = this.wRow;
    for (const [k, list] of [...lists].sort((a, b) => a[0] - b[0])) {
      const sorted = Int32Array.from(list).sort((a, b) => (rows[a] as number) - (rows[b] as number) || a - b);
      out.set(IMPORT_WARNING_KIND_KEYS[k] as ImportWarningKind, sorted);
    }
    this.byKind = out;
    return out;
  }

  /** One group per kind: its sentence, its count, its first rows. */
  warningGroups(samples = WARNING_GROUP_SAMPLES): ImportWarningGroup[] {
    const groups: ImportWarningGroup[] = [];
    for (const [kind, list] of this.indexByKind()) {
      const rows = new Set<number>();
      for (const i of list) rows.add(this.wRow[i] as number);
      groups.push({ kind, message: IMPORT_WARNING_KINDS[kind], count: list.length, rowCount: rows.size, rows: Array.from(list.subarray(0, samples), (i) => this.warningAt(i)) });
    }
    return groups;
  }

  /** A page of one kind's warnings (or of all, in the order they were found), for the wizard's full list. */
  warningsPage(kind: ImportWarningKind | null, offset: number, limit: number): { total: number; rows: Issue[] } {
    if (kind === null) {
      const end = Math.min(this.wKind.length, offset + limit);
      const rows: Issue[] = [];
      for (let i = offset; i < end; i += 1) rows.push(this.warningAt(i));
      return { total: this.wKind.length, rows };
    }
    const list = this.indexByKind().get(kind) ?? new Int32Array(0);
    return { total: list.length, rows: Array.from(list.subarray(offset, offset + limit), (i) => this.warningAt(i)) };
  }

  /** Every warning (the CLI's --all-warnings): in the order they were found. */
  allWarnings(): Issue[] {
    return this.warningsPage(null, 0, this.wKind.length).rows;
  }

  /** The short list the contract's `warnings` carries by default: each kind's first rows, in sheet order. */
  sampleWarnings(samples = WARNING_GROUP_SAMPLES): Issue[] {
    const picked: number[] = [];
    for (const list of this.indexByKind().values()) picked.push(...list.subarray(0, samples));
    const rows = this.wRow;
    picked.sort((a, b) => (rows[a] as number) - (rows[b] as number) || a - b);
    return picked.map((i) => this.warningAt(i));
  }

  /** The warnings of the given sheet rows (a page of the wizard's preview). */
  warningsOfRows(wanted: ReadonlySet<number>): Map<number, Issue[]> {
    const out = new Map<number, Issue[]>();
    for (let i = 0; i < this.wRow.length; i += 1) {
      const row = this.wRow[i] as number;
      if (row === NO_CELL || !wanted.has(row)) continue;
      let list = out.get(row);
      if (!list) out.set(row, (list = []));
      list.push(this.warningAt(i));
    }
    return out;
  }

  /** Sheet rows that carry at least one warning. */
  rowsWithWarnings(): Set<number> {
    const out = new Set<number>();
    for (const row of this.wRow) if (row !== NO_CELL) out.add(row);
    return out;
  }

  /** Does any warning of this kind exist (for the wizard's own checks). */
  hasWarning(kind: ImportWarningKind): boolean {
    return this.indexByKind().has(kind);
  }

  hasErrors(row: number): boolean {
    return this.rowsWithErrors.has(row);
  }

  errorCount(row: number): number {
    return this.errors.filter((e) => e.row === row).length;
  }
}

// ---- Places -----------------------------------------------------------------------------------------

export interface PendingPlace {
  tempId: number;
  level: 'county' | 'township' | 'village';
  name: string;
  parentId: number;
  code: string;
  /** First sheet row that named it (for the warning). */
  row: number | null;
}

export interface PlaceResult {
  townshipId: number | null;
  villageId: number | null;
  location: string | null;
}

/** Next free TTT or VVV in the range that fits the name (镇 100–199, 乡 200–399, 街道 001–099; 村 200–399, 社区 001–199). */
function nextCode(parentCode: string, level: 'township' | 'village', name: string, used: Set<string>): string | null {
  const ranges: Array<[number, number]> =
    level === 'township'
      ? /街道$/.test(name)
        ? [[1, 99]]
        : /乡$/.test(name)
          ? [[200, 399]]
          : [[100, 199], [200, 399]]
      : /(社区|居委会)$/.test(name)
        ? [[1, 199]]
        : [[200, 399], [1, 199]];
  for (const [from, to] of ranges) {
    for (let n = from; n <= to; n += 1) {
      const part = String(n).padStart(3, '0');
      const code = level === 'township' ? `${parentCode.slice(0, 6)}${part}000` : `${parentCode.slice(0, 9)}${part}`;
      if (!used.has(code)) return code;
    }
  }
  return null;
}

/** A placeholder county code when a ledger without a county imports with --add-places (the user edits it later). */
export const PLACEHOLDER_COUNTY_CODE = '999999000000';

/**
 * How the clerk adds a place the sheet names that 区划 lacks, in the words of the door in use: the wizard's
 * 添加地名 choice (in 预览与校对), or the CLI's --add-places.
 */
export function addPlacesHint(wizard: boolean): string {
  return wizard ? '确是新地名时，在“预览与校对”中勾选“添加地名”' : '或在命令行加 --add-places 自动添加';
}

export class PlaceResolver {
  readonly index: PlaceIndex;
  readonly pending: PendingPlace[] = [];
  private readonly usedCodes: Set<string>;
  private readonly codeOf = new Map<number, string>();
  private readonly names = new Map<number, string>();
  private county: { id: number; code: string; name: string } | null;
  private nextTemp = -1;

  constructor(
    divisions: ReadonlyArray<PlaceDivision & { code: string }>,
    private readonly addPlaces: boolean,
    private readonly countyNameHint: string | null,
    /** Messages for the wizard's clerk (its choices) rather than the CLI's options. */
    private readonly wizard = false,
  ) {
    this.index = new PlaceIndex(divisions);
    this.usedCodes = new Set(divisions.map((d) => d.code));
    for (const d of divisions) {
      this.codeOf.set(d.id, d.code);
      this.names.set(d.id, d.name);
    }
    const c = divisions.find((d) => d.level === 'county');
    this.county = c ? { id: c.id, code: c.code, name: c.name } : null;
  }

  get canAdd(): boolean {
    return this.addPlaces;
  }

  private ensureCounty(row: number | null): { id: number; code: string } {
    if (this.county) return this.county;
    const name = this.countyNameHint ?? '本县';
    const tempId = this.nextTemp--;
    const code = PLACEHOLDER_COUNTY_CODE;
    this.pending.push({ tempId, level: 'county', name, parentId: 0, code, row });
    this.usedCodes.add(code);
    this.codeOf.set(tempId, code);
    this.names.set(tempId, name);
    this.index.add({ id: tempId, name, level: 'county', parentId: null });
    this.county = { id: tempId, code, name };
    return this.county;
  }

  private addDivision(level: 'township' | 'village', name: string, parentId: number, row: number | null): number | null {
    const parentCode = this.codeOf.get(parentId);
    if (!parentCode) return null;
    const code = nextCode(parentCode, level, name, this.usedCodes);
    if (!code || checkDivisionCode(code, level, parentCode) !== null) return null;
    const tempId = this.nextTemp--;
    this.pending.push({ tempId, level, name, parentId, code, row });
    this.usedCodes.add(code);
    this.codeOf.set(tempId, code);
    this.names.set(tempId, name);
    this.index.add({ id: tempId, name, level, parentId });
    return tempId;
  }

  /** A township by name; added (pending) when unknown and allowed. */
  township(raw: string, row: number | null): { id: number; name: string } | { error: string } {
    const lookup = this.index.township(raw);
    if (lookup.ok) return { id: lookup.id, name: lookup.name };
    const name = townshipNameFromText(raw);
    if (lookup.reason === 'ambiguous') return { error: `乡镇“${name}”在区划中有 ${lookup.candidates.length} 个同名（${lookup.candidates.map((c) => c.name).join('、')}），请写全称` };
    if (!this.addPlaces) {
      return {
        error: this.wizard
          ? `区划中没有乡镇“${name}”，请单击单元格选择正确的乡镇；${addPlacesHint(true)}`
          : `区划中没有乡镇“${name}”，请在“区划与单位”中添加后再导入，${addPlacesHint(false)}`,
      };
    }
    if (!/(镇|乡|街道)$/.test(name) && !/(苏木|办事处)$/.test(name)) {
      return { error: `区划中没有乡镇“${name}”；要自动添加，请写出全称（如“${name}镇”或“${name}乡”）` };
    }
    const county = this.ensureCounty(row);
    const id = this.addDivision('township', name, county.id, row);
    if (id === null) return { error: `乡镇“${name}”无法添加：县下的区划代码已用完` };
    return { id, name };
  }

  /** A village within a township (or anywhere when the township is unknown). */
  village(raw: string, townshipId: number | null, row: number | null): { id: number; name: string; townshipId: number | null } | { error: string } {
    const lookup = this.index.village(raw, townshipId);
    if (lookup.ok) return { id: lookup.id, name: lookup.name, townshipId: townshipId ?? this.index.townshipOf(lookup.id) };
    const name = raw.replace(/\s+/g, '');
    const where = townshipId !== null ? `“${this.nameOf(townshipId)}”下` : '区划中';
    if (lookup.reason === 'ambiguous') {
      return { error: `${where}有 ${lookup.candidates.length} 个村叫“${name}”，请填写乡镇以区分` };
    }
    if (!this.addPlaces) {
      return {
        error: this.wizard
          ? `${where}没有村“${name}”，请单击单元格选择正确的村；${addPlacesHint(true)}`
          : `${where}没有村“${name}”，请在“区划与单位”中添加后再导入，${addPlacesHint(false)}`,
      };
    }
    if (townshipId === null) {
      return { error: `无法添加村“${name}”：不知道它属于哪个乡镇，请填写乡镇或${this.wizard ? '在“预览与校对”上方选择所属乡镇' : '用 --township 指定'}` };
    }
    const full = /(村|社区|居委会|村委会)$/.test(name) ? name.replace(/村委会$/, '村') : `${name}村`;
    const id = this.addDivision('village', full, townshipId, row);
    if (id === null) return { error: `村“${full}”无法添加：“${this.nameOf(townshipId)}”下的区划代码已用完` };
    return { id, name: full, townshipId };
  }

  nameOf(id: number): string {
    return this.names.get(id) ?? String(id);
  }

  /**
   * Resolve the place of a row from its township and village cells and a 建设地点 text, with the sheet's
   * township as fallback. Problems are reported on the log at the right cell.
   */
  resolve(
    log: IssueLog,
    row: number,
    cells: { township?: { col: number; text: string }; village?: { col: number; text: string }; location?: { col: number; text: string } },
    sheetTownship: { id: number; name: string } | null,
  ): PlaceResult | null {
    let townshipId: number | null = null;
    let villageId: number | null = null;
    let location: string | null = null;
    let ok = true;
    let townshipText = cells.township?.text ?? '';
    let villageText = cells.village?.text ?? '';
    // "前进村一组", "前进村委会", "桦树镇前进村" in a 村 column: the village, details kept as 建设地点.
    if (villageText && /(村|社区).+$/.test(villageText.replace(/\s+/g, ''))) {
      const split = splitPlaceText(villageText);
      if (split.village && !split.several) {
        if (!townshipText && split.township) townshipText = split.township;
        if (nameKey(split.village) !== nameKey(villageText) && !/(村委会|村民委员会)$/.test(villageText)) location = villageText;
        villageText = split.village;
      }
    }
    const villageCol = cells.village?.col ?? cells.location?.col ?? null;
    if (cells.location && cells.location.text) {
      const split = splitPlaceText(cells.location.text);
      if (!split.township && !split.village && !split.several) {
        location = cells.location.text;
      } else if (split.several) {
        location = cells.location.text;
        if (!townshipText && split.township) townshipText = split.township;
      } else {
        if (!townshipText && split.township) townshipText = split.township;
        if (!villageText && split.village) villageText = split.village;
        // A 建设地点 that is more than a village ("前进村二组") stays as written.
        if (split.village && nameKey(cells.location.text) !== nameKey(split.village) && nameKey(cells.location.text) !== nameKey(`${split.township ?? ''}${split.village}`)) {
          location = cells.location.text;
        }
      }
    }
    if (townshipText) {
      const t = this.township(townshipText, row);
      if ('error' in t) {
        log.error(row, cells.township?.col ?? cells.location?.col ?? null, cells.township ? 'township' : 'location', t.error);
        ok = false;
      } else townshipId = t.id;
    } else if (sheetTownship) {
      townshipId = sheetTownship.id;
    }
    if (ok && villageText) {
      const v = this.village(villageText, townshipId, row);
      if ('error' in v) {
        log.error(row, villageCol, cells.village ? 'village' : 'location', v.error);
        ok = false;
      } else {
        villageId = v.id;
        if (townshipId === null) townshipId = v.townshipId;
      }
    }
    if (!ok) return null;
    return { townshipId, villageId, location };
  }
}

// ---- Lookups from the ledger ------------------------------------------------------------------------

export interface UnitEntry {
  id: number;
  name: string;
  kind: string;
}

export interface Lookups {
  divisions: Array<PlaceDivision & { code: string }>;
  projectTypes: ProjectTypeEntry[];
  units: UnitEntry[];
  countyName: string | null;
  countyShort: string;
  immediateDays: number;
}

/** What the import looks up in the ledger, through 区划与单位's and 设置's stores (in the import's transaction when it writes). */
export async function loadLookups(ctx: ServiceContext, db: DataReader): Promise<Lookups> {
  const divisions = (await divisionRecords(db)).map(({ id, code, name, level, parentId }) => ({ id, code, name, level, parentId }));
  const projectTypes = (await projectTypeRecords(db)).map(({ id, parentId, name, aliases }) => ({ id, parentId, name, aliases }));
  // Oldest first, as the units are stored: of two units whose names fold alike, unitIndex keeps the newer.
  const units = (await liveUnitRecords(db)).map(({ id, name, kind }) => ({ id, name, kind })).sort((a, b) => a.id - b.id);
  const county = divisions.find((d) => d.level === 'county')?.name ?? (await readSettingOn<string>(db, 'countyName')) ?? null;
  // 本县 is the placeholder an import gives a ledger without a county: its numbers start with 项目.
  const short = county === '本县' ? '' : (county ?? '').trim().replace(/(自治县|自治旗|县|市|区|旗)$/, '');
  return {
    divisions,
    projectTypes,
    units,
    countyName: county,
    countyShort: short.length > 0 ? short : '项目',
    // The same setting the findings service uses (设置 → 督导整改: 立行立改 days).
    immediateDays: (await getSupervisionSettingsOn(db)).immediateDays,
  };
}

/** Units by folded name ("县农业农村局" ≡ "县 农业农村局"). */
export function unitIndex(units: readonly UnitEntry[]): Map<string, UnitEntry> {
  const map = new Map<string, UnitEntry>();
  for (const u of units) map.set(nameKey(u.name), u);
  return map;
}

export interface UnitOfColumn {
  col: number;
  unit: MoneyUnit;
  /** Where the unit came from, for the wizard. */
  source: 'header' | 'sheet' | 'default' | 'option' | 'guess';
}

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
import { readSetting, type ServiceContext } from '../context';
import { getSupervisionSettings } from '../supervision-settings';
import type { SheetCell } from '../../../shared/import/cell';
import { columnLetter } from './workbook';

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

export class IssueLog {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  private readonly rowsWithErrors = new Set<number>();

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

  warn(row: number | null, col: number | null, field: string | undefined, message: string): void {
    this.warnings.push({ row, column: col === null ? null : columnLetter(col), ...(field ? { field } : {}), message: `${this.where(row, col, field)}${message}` });
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

export function loadLookups(ctx: ServiceContext): Lookups {
  const divisions = ctx.sqlite
    .prepare('select id, code, name, level, parent_id as parentId from divisions order by code')
    .all() as Array<PlaceDivision & { code: string }>;
  const projectTypes = ctx.sqlite
    .prepare('select id, parent_id as parentId, name, aliases from project_types order by sort_order, id')
    .all() as ProjectTypeEntry[];
  const units = ctx.sqlite.prepare('select id, name, kind from units where deleted_at is null').all() as UnitEntry[];
  const county = divisions.find((d) => d.level === 'county')?.name ?? readSetting<string>(ctx, 'countyName') ?? null;
  // 本县 is the placeholder an import gives a ledger without a county: its numbers start with 项目.
  const short = county === '本县' ? '' : (county ?? '').trim().replace(/(自治县|自治旗|县|市|区|旗)$/, '');
  return {
    divisions,
    projectTypes,
    units,
    countyName: county,
    countyShort: short.length > 0 ? short : '项目',
    // The same setting the findings service uses (设置 → 督导整改: 立行立改 days).
    immediateDays: getSupervisionSettings(ctx).immediateDays,
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

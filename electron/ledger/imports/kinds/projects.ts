// Projects (项目库 / 项目实施台账) from a township's sheet. Funds are stored by source level: the parts
// (中央/省级/市级/县级/其他, or an unsplit 衔接资金 put at the default level), never a stated total that
// disagrees with them; a row's stated 总投资 is only checked against its parts. A row matches an existing
// project by 项目编号, else by year + township + village + name (the k-th row of a name matches the k-th
// such project, so townships that repeat a name keep their projects apart).
import { officeYear } from '../../../../shared/dates';
import { FundLevel, type FundLevel as FundLevelCode, type ProjectStatus, projectStatusRank } from '../../../../shared/enums';
import { formatFen, formatYuanWithUnit } from '../../../../shared/money';
import { nameKey } from '../../../../shared/import/text';
import { matchFarmerLinkages, matchProjectStatus, matchProjectType } from '../../../../shared/import/words';
import { ProjectStatus as ProjectStatusEnum } from '../../../../shared/enums';
import { incompleteFields, incompleteText } from '../../../../shared/projects';
import { PLAIN_PROJECT_FIELDS, PROJECT_FIELD, type PlainProjectValues } from '../../../../shared/projects/fields';
import { DATE_ORDER, dateOrderRefusal, type DateOrderEnd, PART_OF_WHOLE, partAboveWholeRefusal, type BeneficiaryPart } from '../../../../shared/projects/rules';
import { readCount, readDate, readMoney, readName, readPlace, readText, readWord, readYear, type MoneyRead } from '../cells';
import { unitIndex, type IssueLog, type RowInput } from '../env';
import type { KindEnv, KindPlan, PlannedRow, Writer } from '../types';
import { AppError } from '../../../../shared/errors';
import { codesBetween, insertProject, PROJECT_COLUMN, PROJECT_FIELDS, projectsToMatch, storedProject, updateProject, type ProjectFields, type ProjectToMatch } from '../../projects/store';
import { codeRange, formatProjectCode, highestSeq } from '../../projects/numbering';
import { projectPaidFen } from '../../funds/store';

/** The project fields an import row fills: the projects store's own field list and column map. */
export type ProjectValues = ProjectFields;
export const PROJECT_COLUMNS = PROJECT_COLUMN;

const FIELDS = PROJECT_FIELDS;

const FUND_FIELDS = ['fundCentralFen', 'fundProvincialFen', 'fundMunicipalFen', 'fundCountyFen', 'fundOtherFen'] as const;
const LEVEL_FIELD: Record<FundLevelCode, (typeof FUND_FIELDS)[number]> = {
  central: 'fundCentralFen',
  provincial: 'fundProvincialFen',
  municipal: 'fundMunicipalFen',
  county: 'fundCountyFen',
  other: 'fundOtherFen',
};

export function projectTotal(v: Pick<ProjectValues, (typeof FUND_FIELDS)[number]>): number {
  return v.fundCentralFen + v.fundProvincialFen + v.fundMunicipalFen + v.fundCountyFen + v.fundOtherFen;
}

interface Prepared {
  input: RowInput;
  values: ProjectValues;
  /** Fields the sheet gave (an update changes only these). */
  given: Set<keyof ProjectValues>;
  fundsGiven: boolean;
  amountFen: number;
}

/** The default source level for money that names no level (衔接资金 alone, or only a 总投资). */
export function defaultLevel(env: KindEnv): FundLevelCode {
  return env.options.linkageLevel;
}

function parseRow(env: KindEnv, input: RowInput, state: { unsplitWarned: boolean; totalOnlyWarned: boolean; yearWarned: boolean }): Prepared | null {
  const { log } = env;
  const row = input.row;
  const given = new Set<keyof ProjectValues>();
  let bad = false;
  const take = <T>(v: T | null | undefined, field?: keyof ProjectValues): T | null => {
    if (v === undefined) {
      bad = true;
      return null;
    }
    if (v !== null && field) given.add(field);
    return v;
  };

  const name = take(readName(env, input, 'name'), 'name');
  if (name === null && !bad) {
    log.error(row, input.get('name')?.col ?? null, 'name', '项目名称为空，请填写项目名称');
    bad = true;
  }
  let year = take(readYear(env, input, 'year'), 'year');
  const code = take(readName(env, input, 'code'), 'code');

  // Types from the office's dictionary; an unknown word is flagged, the row still imports.
  const cat = readWord(env, input, 'category');
  const sub = readWord(env, input, 'subcategory');
  let categoryId: number | null = null;
  let subcategoryId: number | null = null;
  if (cat === undefined || sub === undefined) bad = true;
  else if (cat || sub) {
    const m = matchProjectType(cat?.text ?? '', env.lookups.projectTypes, sub?.text);
    if (!m.ok) log.warn('categoryUnknown', row, (cat ?? sub)?.col ?? null, cat ? 'category' : 'subcategory', `${m.message}；本行已导入，类型留空`);
    else if (m.value) {
      categoryId = m.value.categoryId;
      subcategoryId = m.value.subcategoryId;
      given.add('categoryId');
      if (subcategoryId !== null) given.add('subcategoryId');
    }
  }

  const nature = take(readName(env, input, 'nature'), 'constructionNature');
  const content = take(readText(env, input, 'content'), 'content');

  // Places: 乡镇 and 村 columns, a 建设地点, the sheet's township.
  const place = readPlace(env, input, log, row, true);
  if (place === null) bad = true;
  else {
    if (place.townshipId !== null) given.add('townshipId');
    if (place.villageId !== null) given.add('villageId');
    if (place.location !== null) given.add('location');
  }

  const plannedStart = take(readDate(env, input, 'plannedStart', 'dayOrMonth'), 'plannedStart');
  const plannedEnd = take(readDate(env, input, 'plannedEnd', 'dayOrMonth'), 'plannedEnd');
  const actualStart = take(readDate(env, input, 'actualStart', 'dayOrMonth'), 'actualStart');
  const actualEnd = take(readDate(env, input, 'actualEnd', 'dayOrMonth'), 'actualEnd');
  const plain = readPlainFields(env, input, given);
  if (plain === null) bad = true;
  const days: Partial<Record<string, string | null>> = {
    plannedStart: plannedStart?.iso ?? null,
    plannedEnd: plannedEnd?.iso ?? null,
    actualStart: actualStart?.iso ?? null,
    actualEnd: actualEnd?.iso ?? null,
    ...plain,
  };
  for (const end of Object.keys(DATE_ORDER) as DateOrderEnd[]) {
    const refusal = dateOrderRefusal(end, days[DATE_ORDER[end].start] ?? null, days[end] ?? null);
    if (refusal) {
      log.error(row, input.get(end)?.col ?? null, end, refusal);
      bad = true;
    }
  }

  // Year: the column, else the title ("2023年…台账"), else the planned start, else this year.
  if (year === null && !bad) {
    year = env.notes.year ?? (plannedStart ? Number(plannedStart.iso.slice(0, 4)) : null);
    if (year === null) {
      year = officeYear(env.ctx.now());
      if (!state.yearWarned) {
        state.yearWarned = true;
        log.warn('yearAssumed', null, null, 'year', `表中没有年度，标题也未写年份，按今年（${year}年）导入`);
      }
    }
  }

  // Units (主管部门, 实施单位) from the unit list; an unknown name is kept in 备注.
  const units = unitIndex(env.lookups.units);
  const remarkParts: string[] = [];
  const unitRef = (field: 'department' | 'implementer'): number | null => {
    const n = readName(env, input, field);
    if (n === undefined) {
      bad = true;
      return null;
    }
    if (n === null) return null;
    const u = units.get(nameKey(n));
    if (u) return u.id;
    log.warn('unitUnknown', row, input.get(field)?.col ?? null, field, `单位“${n}”不在单位名录中，已写入备注；请在“区划与单位”中添加后关联`);
    remarkParts.push(`${PROJECT_FIELD[field].label}：${n}`);
    return null;
  };
  const departmentId = unitRef('department');
  const implementerId = unitRef('implementer');
  if (departmentId !== null) given.add('departmentId');
  if (implementerId !== null) given.add('implementerId');
  const responsiblePerson = take(readName(env, input, 'responsiblePerson'), 'responsiblePerson');

  // Money: the parts by level, the unsplit 衔接资金, other sources; the stated total only checked.
  const funds = { fundCentralFen: 0, fundProvincialFen: 0, fundMunicipalFen: 0, fundCountyFen: 0, fundOtherFen: 0 };
  const levelFields: Array<[string, (typeof FUND_FIELDS)[number]]> = [
    ['fundCentral', 'fundCentralFen'],
    ['fundProvincial', 'fundProvincialFen'],
    ['fundMunicipal', 'fundMunicipalFen'],
    ['fundCounty', 'fundCountyFen'],
  ];
  let anyLevelColumn = false;
  let anyPartValue = false;
  const textParts: string[] = [];
  for (const [field, key] of levelFields) {
    if (!input.get(field)) continue;
    anyLevelColumn = true;
    const m = readMoney(env, input, field);
    if (m === undefined) bad = true;
    else if (m) {
      funds[key] += m.fen;
      anyPartValue = true;
      if (m.textNumber && typeof input.get(field)?.cell === 'string') textParts.push(env.header(m.col));
    }
  }
  const linkage = input.get('linkage') ? readMoney(env, input, 'linkage') : null;
  if (linkage === undefined) bad = true;
  const otherNotes: string[] = [];
  for (const fc of input.all('fundOther')) {
    const m = readMoney(env, input, 'fundOther', fc.col);
    if (m === undefined) bad = true;
    else if (m) {
      funds.fundOtherFen += m.fen;
      anyPartValue = true;
      if (m.fen > 0 && input.all('fundOther').length > 1) otherNotes.push(`${env.header(m.col).replace(/[（(].*$/, '')} ${formatFen(m.fen, 'wan')} 万元`);
      if (typeof fc.cell === 'string') textParts.push(env.header(m.col));
    }
  }
  if (linkage) {
    if (anyLevelColumn) {
      // 衔接资金 over the level columns is their subtotal: checked, not added.
      const levels = funds.fundCentralFen + funds.fundProvincialFen + funds.fundMunicipalFen + funds.fundCountyFen;
      if (levels !== linkage.fen && anyPartValue) {
        log.warn('linkageMismatch', row, linkage.col, 'linkage', `衔接资金 ${formatYuanWithUnit(linkage.fen)}与中央、省、市、县级之和 ${formatYuanWithUnit(levels)}不符（相差 ${formatYuanWithUnit(Math.abs(levels - linkage.fen))}），已按各级次导入`);
      } else if (!anyPartValue || levels === 0) {
        funds[LEVEL_FIELD[defaultLevel(env)]] += linkage.fen;
      }
    } else {
      funds[LEVEL_FIELD[defaultLevel(env)]] += linkage.fen;
      if (!state.unsplitWarned) {
        state.unsplitWarned = true;
        log.warn('linkageUnsplit', null, linkage.col, 'linkage', `“${env.header(linkage.col)}”列没有分中央、省、市、县级次，已全部记为${FundLevel.label[defaultLevel(env)]}衔接资金；如需分级次，请在项目中调整`);
      }
    }
    anyPartValue = true;
    if (linkage.textNumber && typeof input.get('linkage')?.cell === 'string') textParts.push(env.header(linkage.col));
  }
  const total: MoneyRead | null | undefined = input.get('total') ? readMoney(env, input, 'total') : null;
  if (total === undefined) bad = true;
  const partsSum = projectTotal(funds);
  if (total) {
    if (!anyPartValue) {
      funds[LEVEL_FIELD[defaultLevel(env)]] = total.fen;
      if (!state.totalOnlyWarned) {
        state.totalOnlyWarned = true;
        log.warn('totalOnly', null, total.col, 'total', `表中只有总投资、没有资金来源，总投资已记为${FundLevel.label[defaultLevel(env)]}资金；如有其他来源，请在项目中调整`);
      }
    } else if (total.fen !== partsSum) {
      const diff = total.fen - partsSum;
      const cause =
        textParts.length > 0
          ? `可能原因：本行“${[...new Set(textParts)].join('、')}”是以文本形式存储的数字，Excel 求和时不会算进去`
          : total.textNumber && typeof input.get('total')?.cell === 'string'
            ? '可能原因：总投资是以文本形式存储的数字，请核对'
            : '请核对总投资和各来源金额';
      log.warn('totalMismatch', row, total.col, 'total', `总投资 ${formatYuanWithUnit(total.fen)}与各资金来源之和 ${formatYuanWithUnit(partsSum)}不符（${diff > 0 ? '多' : '少'} ${formatYuanWithUnit(Math.abs(diff))}），已按各来源导入。${cause}`);
    }
  }
  const fundsGiven = anyPartValue || !!total;
  const fundOtherNoteText = take(readText(env, input, 'fundOtherNote'), 'fundOtherNote');
  const fundOtherNote = fundOtherNoteText ?? (otherNotes.length > 0 ? otherNotes.join('；') : null);
  if (fundOtherNote !== null) given.add('fundOtherNote');

  const counts = {
    beneficiaryVillages: take(readCount(env, input, 'beneficiaryVillages'), 'beneficiaryVillages'),
    beneficiaryHouseholds: take(readCount(env, input, 'households'), 'beneficiaryHouseholds'),
    beneficiaryPeople: take(readCount(env, input, 'people'), 'beneficiaryPeople'),
    povertyHouseholds: take(readCount(env, input, 'povertyHouseholds'), 'povertyHouseholds'),
    povertyPeople: take(readCount(env, input, 'povertyPeople'), 'povertyPeople'),
    monitoredHouseholds: take(readCount(env, input, 'monitoredHouseholds'), 'monitoredHouseholds'),
    monitoredPeople: take(readCount(env, input, 'monitoredPeople'), 'monitoredPeople'),
  };
  // A part above its whole is refused; a part whose whole the sheet does not give is taken as written.
  for (const part of Object.keys(PART_OF_WHOLE) as BeneficiaryPart[]) {
    const whole = counts[PART_OF_WHOLE[part].whole];
    const refusal = whole === null ? null : partAboveWholeRefusal(part, counts[part], whole);
    if (refusal) {
      log.error(row, input.get(part)?.col ?? null, part, refusal);
      bad = true;
    }
  }

  const linkWords = readText(env, input, 'farmerLinkage');
  let farmerLinkage: string[] | null = null;
  let farmerLinkageNote: string | null = null;
  if (linkWords === undefined) bad = true;
  else if (linkWords) {
    const m = matchFarmerLinkages(linkWords);
    farmerLinkage = m.linkages.length > 0 ? m.linkages : null;
    farmerLinkageNote = m.rest;
    given.add('farmerLinkage');
    given.add('farmerLinkageNote');
  }

  let status: ProjectStatus = 'planning';
  const st = readWord(env, input, 'status');
  if (st === undefined) bad = true;
  else if (st) {
    const m = matchProjectStatus(st.text);
    if (!m.ok) {
      log.error(row, st.col, 'status', m.message);
      bad = true;
    } else if (m.value) {
      status = m.value;
      given.add('status');
    }
  } else if (actualEnd) status = 'completed';
  else if (actualStart) status = 'started';

  const remarkText = readText(env, input, 'remark');
  if (remarkText === undefined) bad = true;
  const remark = [remarkText, ...remarkParts].filter((x): x is string => !!x).join('；') || null;
  if (remark !== null) given.add('remark');

  if (bad || name === null || year === null || place === null || plain === null) return null;
  if (fundsGiven) for (const f of FUND_FIELDS) given.add(f);
  const values: ProjectValues = {
    year,
    code,
    name,
    categoryId,
    subcategoryId,
    constructionNature: nature,
    townshipId: place.townshipId,
    villageId: place.villageId,
    location: place.location,
    content,
    plannedStart: plannedStart?.iso ?? null,
    plannedEnd: plannedEnd?.iso ?? null,
    actualStart: actualStart?.iso ?? null,
    actualEnd: actualEnd?.iso ?? null,
    departmentId,
    implementerId,
    responsiblePerson,
    ...funds,
    fundOtherNote,
    ...counts,
    farmerLinkage,
    farmerLinkageNote,
    status,
    remark,
    ...plain,
  };
  return { input, values, given, fundsGiven, amountFen: projectTotal(funds) };
}

/**
 * The plain fields (shared/projects/fields.ts) of a row, each read by its value's kind: text, a day, or one
 * of its words; a field with an `initial` value takes it when the row fills another field of its form
 * section. Null when a cell is refused (logged at its cell).
 */
function readPlainFields(env: KindEnv, input: RowInput, given: Set<keyof ProjectValues>): PlainProjectValues | null {
  const values: Record<string, string | null> = {};
  let bad = false;
  for (const [key, f] of PLAIN_PROJECT_FIELDS) {
    const kind = f.plain.value;
    let value: string | null | undefined;
    if (kind.kind === 'text') value = readText(env, input, key);
    else if (kind.kind === 'day') {
      const day = readDate(env, input, key, 'day');
      value = day === undefined ? undefined : (day?.iso ?? null);
    } else {
      const word = readWord(env, input, key);
      value = word === undefined ? undefined : word === null ? null : (kind.choices.byLabel.get(word.text) ?? undefined);
      if (word && value === undefined) {
        env.log.error(input.row, word.col, key, `${f.label}“${word.text}”应为：${kind.choices.values.map((c) => kind.choices.label[c]).join('、')}`);
      }
    }
    if (value === undefined) bad = true;
    values[key] = value ?? null;
    if (value) given.add(key);
  }
  for (const [key, f] of PLAIN_PROJECT_FIELDS) {
    const section = f.plain.form?.section;
    if (values[key] !== null || f.plain.initial === undefined || section === undefined) continue;
    if (PLAIN_PROJECT_FIELDS.some(([other, g]) => g.plain.form?.section === section && values[other] !== null)) {
      values[key] = f.plain.initial;
      given.add(key);
    }
  }
  return bad ? null : (values as PlainProjectValues);
}

/**
 * The one warning for project rows that land at 入库 or later without every 入库 field (township sheets
 * rarely carry 绩效目标 or 联农带农方式). They import as the sheet says — the 入库 rule gates a clerk's
 * status change, it does not lock a stored record — and 项目库 flags them 资料不全. One grouped line for
 * the sheet (what is missing, how many, the first rows), so a sheet of 200 such rows is not 200 warnings;
 * it begins with incompleteText's stable "资料不全：缺少…".
 */
export function warnIncompleteForBank(log: IssueLog, rows: ReadonlyArray<{ row: number; values: ProjectValues }>): void {
  const flagged = rows.map((r) => ({ row: r.row, missing: incompleteFields(r.values.status, r.values) })).filter((r) => r.missing.length > 0);
  if (flagged.length === 0) return;
  const counts = new Map<string, number>();
  for (const r of flagged) for (const label of r.missing) counts.set(label, (counts.get(label) ?? 0) + 1);
  const missing = [...counts].map(([label, n]) => (n === flagged.length ? label : `${label}（${n} 个）`));
  const first = flagged.slice(0, 5).map((r) => r.row);
  log.warn(
    'projectIncomplete',
    null,
    null,
    'status',
    `${incompleteText(missing)}的项目共 ${flagged.length} 个（第 ${first.join('、')} 行${flagged.length > first.length ? '等' : ''}），状态已在“入库”之后；已照常导入，项目库中标为“资料不全”，可勾选“只看资料不全”补齐`,
  );
}

/** A matched project's fields as stored now (read in the import's transaction when it writes). */
async function projectValues(env: KindEnv, id: number): Promise<ProjectValues> {
  const stored = await storedProject(env.port, id);
  if (!stored) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的项目，可能刚被删除，请重新检查后再导入`);
  return Object.fromEntries(FIELDS.map((f) => [f, stored[f]])) as unknown as ProjectValues;
}

export async function planProjects(env: KindEnv, rows: RowInput[]): Promise<KindPlan> {
  const { log } = env;
  const state = { unsplitWarned: false, totalOnlyWarned: false, yearWarned: false };
  const prepared: Array<Prepared | null> = rows.map((r) => parseRow(env, r, state));
  const planned: PlannedRow[] = [];

  // Existing projects of the years involved, and every code in use.
  const years = [...new Set(prepared.filter((p): p is Prepared => p !== null).map((p) => p.values.year))];
  const { ofYears: existing, withCode } = await projectsToMatch(env.port, years);
  const byCode = new Map<string, ProjectToMatch>();
  for (const p of withCode) if (p.code) byCode.set(p.code, p);
  const keyOf = (year: number, t: number | null, v: number | null, name: string) => `${year}|${t ?? ''}|${v ?? ''}|${nameKey(name)}`;
  const byKey = new Map<string, ProjectToMatch[]>();
  for (const p of existing) {
    const k = keyOf(p.year, p.townshipId, p.villageId, p.name);
    const list = byKey.get(k) ?? [];
    list.push(p);
    byKey.set(k, list);
  }
  const ordinal = new Map<string, number>();
  const codesInFile = new Map<string, number>();
  const claimed = new Set<number>();

  interface Op {
    kind: 'create' | 'update';
    p: Prepared;
    targetId?: number;
    before?: ProjectValues;
    after?: ProjectValues;
    changed?: Array<keyof ProjectValues>;
  }
  const ops: Op[] = [];
  /** What each written row will hold, for the 资料不全 warning. */
  const landing: Array<{ row: number; values: ProjectValues }> = [];

  for (const [i, p] of prepared.entries()) {
    const input = rows[i] as RowInput;
    if (!p) {
      planned.push({ row: input.row, outcome: 'error', amountFen: 0 });
      continue;
    }
    const v = p.values;
    if (v.code) {
      const first = codesInFile.get(v.code);
      if (first !== undefined) {
        log.error(input.row, input.get('code')?.col ?? null, 'code', `项目编号 ${v.code} 与第${first}行重复`);
        planned.push({ row: input.row, outcome: 'error', amountFen: 0 });
        continue;
      }
      codesInFile.set(v.code, input.row);
    }
    let match: ProjectToMatch | undefined;
    if (v.code) match = byCode.get(v.code);
    if (!match) {
      const k = keyOf(v.year, v.townshipId, v.villageId, v.name);
      const n = ordinal.get(k) ?? 0;
      ordinal.set(k, n + 1);
      const list = (byKey.get(k) ?? []).filter((e) => !claimed.has(e.id) && (!v.code || !e.code || e.code === v.code));
      match = list[0];
    }
    if (match && claimed.has(match.id)) {
      log.error(input.row, input.get('code')?.col ?? input.get('name')?.col ?? null, 'name', `与本表前面的行对应同一个已有项目（编号 ${match.code ?? match.id}），请检查是否重复`);
      planned.push({ row: input.row, outcome: 'error', amountFen: 0 });
      continue;
    }
    if (!match) {
      landing.push({ row: input.row, values: v });
      ops.push({ kind: 'create', p });
      planned.push({ row: input.row, outcome: 'create', amountFen: p.amountFen });
      continue;
    }
    claimed.add(match.id);
    if (env.options.onMatch === 'skip') {
      planned.push({ row: input.row, outcome: 'skip', reason: `已有相同项目（${match.code ?? `记录 ${match.id}`}），按设置跳过`, targetId: match.id, amountFen: p.amountFen });
      continue;
    }
    const before = await projectValues(env, match.id);
    const after: ProjectValues = { ...before };
    for (const f of p.given) (after as unknown as Record<string, unknown>)[f] = v[f];
    if (projectStatusRank(after.status) < projectStatusRank(before.status)) {
      after.status = before.status;
      log.warn(
        'statusNotReverted',
        input.row,
        input.get('status')?.col ?? null,
        'status',
        `台账中该项目已是“${ProjectStatusEnum.label[before.status]}”，表中为“${ProjectStatusEnum.label[v.status]}”；状态不会因导入而退回，如确需退回请在项目中修改并说明原因`,
      );
    }
    const paid = await projectPaidFen(env.port, match.id);
    if (projectTotal(after) < paid) {
      log.error(input.row, input.get('total')?.col ?? null, 'total', `该项目已拨付 ${formatYuanWithUnit(paid)}，资金规模不能调低到 ${formatYuanWithUnit(projectTotal(after))}；请先调整拨付记录`);
      planned.push({ row: input.row, outcome: 'error', amountFen: 0 });
      continue;
    }
    const changed = FIELDS.filter((f) => JSON.stringify(after[f]) !== JSON.stringify(before[f]));
    if (changed.length === 0) {
      planned.push({ row: input.row, outcome: 'unchanged', reason: `与已有项目（${match.code ?? `记录 ${match.id}`}）一致，无需更新`, targetId: match.id, amountFen: projectTotal(after) });
      continue;
    }
    landing.push({ row: input.row, values: after });
    ops.push({ kind: 'update', p, targetId: match.id, before, after, changed });
    planned.push({ row: input.row, outcome: 'update', targetId: match.id, amountFen: projectTotal(after) });
  }

  warnIncompleteForBank(log, landing);

  // 项目编号 for new projects without one: `${县简称}-${year}-${seq4}` after the highest in use.
  const usedCodes = new Set<string>([...byCode.keys(), ...codesInFile.keys()]);
  const nextSeq = new Map<number, number>();
  const codeFor = async (tx: Writer['tx'], year: number): Promise<string> => {
    const prefix = `${env.lookups.countyShort}-${year}-`;
    let n = nextSeq.get(year);
    if (n === undefined) {
      const { lo, hi } = codeRange(prefix);
      n = highestSeq(await codesBetween(tx, lo, hi), prefix) + 1;
    }
    let code = formatProjectCode(prefix, n);
    while (usedCodes.has(code)) {
      n += 1;
      code = formatProjectCode(prefix, n);
    }
    usedCodes.add(code);
    nextSeq.set(year, n + 1);
    return code;
  };

  return {
    rows: planned,
    async apply(w: Writer) {
      let created = 0;
      let updated = 0;
      for (const op of ops) {
        if (op.kind === 'create') {
          const v: ProjectValues = { ...op.p.values, townshipId: w.place(op.p.values.townshipId), villageId: w.place(op.p.values.villageId) };
          if (v.code === null) v.code = await codeFor(w.tx, v.year);
          const id = await insertProject(w.tx, v, { searchInitials: null, importBatchId: w.batchId }, w.stamp);
          await w.audit.record({ action: 'create', entity: 'project', entityId: id, after: v, importBatchId: w.batchId });
          created += 1;
        } else {
          const after = { ...(op.after as ProjectValues) };
          after.townshipId = w.place(after.townshipId);
          after.villageId = w.place(after.villageId);
          const changed = (op.changed as Array<keyof ProjectValues>).filter((f) => JSON.stringify(after[f]) !== JSON.stringify((op.before as ProjectValues)[f]));
          if (changed.length === 0) continue;
          await updateProject(w.tx, op.targetId as number, Object.fromEntries(changed.map((f) => [f, after[f]])) as Partial<ProjectValues>, undefined, w.stamp);
          await w.audit.record({
            action: 'update',
            entity: 'project',
            entityId: op.targetId as number,
            before: Object.fromEntries(changed.map((f) => [f, (op.before as ProjectValues)[f]])),
            after: Object.fromEntries(changed.map((f) => [f, after[f]])),
            reason: `导入：${env.fileName}`,
            importBatchId: w.batchId,
          });
          updated += 1;
        }
      }
      return { created, updated };
    },
  };
}

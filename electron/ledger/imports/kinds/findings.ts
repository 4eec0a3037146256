// Findings (问题整改台账) under their inspection: the one named by --inspection (created when new), else the
// sheet's 检查名称 column, else one named after the sheet's title. 整改时限 keeps its words and the date they
// mean (立行立改 = the inspection's date + the configured days, 长期坚持 = none); status words map onto the
// workflow (是/已完成 → 已完成待销号, 否/未完成 → 整改中 when progress is reported, else 未启动); without a status
// column, the word a 整改进展 text opens with sets it (shared/import/words.ts findingStatusFromProgress). A row matches
// an existing finding of the same inspection by 序号, else by township and description.
import { localToday } from '../../../../shared/dates';
import { AppError } from '../../../../shared/errors';
import { FindingStatus as FindingStatusEnum, type FindingCategory, type FindingStatus } from '../../../../shared/enums';
import { nameKey } from '../../../../shared/import/text';
import { parseDeadlineCell } from '../../../../shared/import/values';
import { CLOSED_WITHOUT_REVIEWER, deadlineBeforeStart, isStepBack } from '../../../../shared/supervision/findings';
import { findingStatusFromProgress, inspectionSourceFromTitle, matchFindingCategory, matchFindingStatus } from '../../../../shared/import/words';
import { FINDING_COLUMN, findingKeysOf, findingRecordAny, insertFinding, insertFindingUpdate, updateFinding, type FindingColumns } from '../../supervision/findings-store';
import { inspectionByName, insertInspection, type InspectionColumns } from '../../supervision/inspections-store';
import { liveProjectNames } from '../../projects/store';
import { readCount, readDate, readName, readText, readWord, readPlace } from '../cells';
import type { RowInput } from '../env';
import type { KindEnv, KindPlan, PlannedRow, Writer } from '../types';

/** The columns a sheet row sets on a finding. */
export type FindingValues = Pick<
  FindingColumns,
  | 'inspectionId'
  | 'seq'
  | 'category'
  | 'description'
  | 'townshipId'
  | 'villageId'
  | 'projectId'
  | 'leadUnit'
  | 'responsibleUnit'
  | 'responsibleLeader'
  | 'responsiblePerson'
  | 'goal'
  | 'measures'
  | 'deadlineText'
  | 'deadlineDate'
  | 'progressText'
  | 'status'
  | 'closedDate'
  | 'closedReviewer'
>;

const FIELDS: Array<keyof FindingValues> = [
  'inspectionId', 'seq', 'category', 'description', 'townshipId', 'villageId', 'projectId', 'leadUnit', 'responsibleUnit', 'responsibleLeader',
  'responsiblePerson', 'goal', 'measures', 'deadlineText', 'deadlineDate', 'progressText', 'status', 'closedDate', 'closedReviewer',
];
/** Their columns, as the supervision store names them. */
export const FINDING_COLUMNS = Object.fromEntries(FIELDS.map((f) => [f, FINDING_COLUMN[f]])) as Record<keyof FindingValues, string>;

interface InspectionRef {
  id: number | null;
  name: string;
  isNew: boolean;
  /** The day 立行立改 counts from (end, else start). */
  date: string | null;
  start: string | null;
}

/** An inspection an import creates carries only its name and source; the clerk fills in the rest. */
const NO_INSPECTION_DETAILS: Omit<InspectionColumns, 'name' | 'source'> = {
  sourceDocNumber: null,
  team: null,
  leader: null,
  startDate: null,
  endDate: null,
  targets: null,
  remark: null,
};

function inspectionName(env: KindEnv): string {
  const title = env.notes.title?.replace(/\s+/g, ' ').trim();
  if (title) return title.slice(0, 200);
  return `${env.fileName.replace(/\.[^.]+$/, '')}（${env.sheetName}）`.slice(0, 200);
}

export async function planFindings(env: KindEnv, rows: RowInput[]): Promise<KindPlan> {
  const { ctx, log } = env;
  const planned: PlannedRow[] = [];
  const inspections = new Map<string, InspectionRef>();
  const inspectionFor = async (name: string): Promise<InspectionRef> => {
    let ref = inspections.get(name);
    if (!ref) {
      const found = await inspectionByName(env.port, name);
      ref = found
        ? { id: found.id, name, isNew: false, date: found.endDate ?? found.startDate, start: found.startDate }
        : { id: null, name, isNew: true, date: null, start: null };
      inspections.set(name, ref);
    }
    return ref;
  };
  const defaultInspection = env.options.inspection ?? inspectionName(env);

  const projectsByName = new Map<string, Array<{ id: number; townshipId: number | null }>>();
  for (const p of await liveProjectNames(env.port)) {
    const list = projectsByName.get(nameKey(p.name)) ?? [];
    list.push(p);
    projectsByName.set(nameKey(p.name), list);
  }

  interface Prepared {
    input: RowInput;
    inspection: InspectionRef;
    values: Omit<FindingValues, 'inspectionId'>;
    given: Set<keyof FindingValues>;
    statusWord: string | null;
  }
  const prepared: Array<Prepared | null> = [];
  let categoryDefaulted = false;
  let immediateWarned = false;
  for (const input of rows) {
    const row = input.row;
    let bad = false;
    const given = new Set<keyof FindingValues>();
    const take = <T>(v: T | null | undefined, field?: keyof FindingValues): T | null => {
      if (v === undefined) bad = true;
      else if (v !== null && field) given.add(field);
      return v ?? null;
    };
    const inspectionText = env.options.inspection ? null : take(readText(env, input, 'inspection'));
    const inspection = await inspectionFor(inspectionText ?? defaultInspection);
    const seq = take(readCount(env, input, 'seq'), 'seq');
    const description = take(readText(env, input, 'description'), 'description');
    if (description === null && !bad) {
      log.error(row, input.get('description')?.col ?? null, 'description', '问题描述为空，请填写');
      bad = true;
    }
    let category: FindingCategory | null = null;
    const cat = readWord(env, input, 'category');
    if (cat === undefined) bad = true;
    else if (cat) {
      const m = matchFindingCategory(cat.text);
      if (!m.ok) {
        log.error(row, cat.col, 'category', m.message);
        bad = true;
      } else category = m.value;
    }
    if (category === null && !bad && description) {
      const guess = matchFindingCategory(description);
      category = guess.ok && guess.value ? guess.value : 'work';
      if (!categoryDefaulted) {
        categoryDefaulted = true;
        log.warn('findingCategoryGuessed', null, input.get('category')?.col ?? null, 'category', '部分问题没有填写问题类别，已按问题描述判断，判断不出的暂记为“工作落实”，请核对');
      }
    }
    if (category !== null) given.add('category');

    const place = readPlace(env, input, log, row);
    if (place === null) bad = true;
    else {
      if (place.townshipId !== null) given.add('townshipId');
      if (place.villageId !== null) given.add('villageId');
    }
    let projectId: number | null = null;
    const pname = take(readName(env, input, 'project'));
    if (pname) {
      const list = (projectsByName.get(nameKey(pname)) ?? []).filter((p) => !place?.townshipId || p.townshipId === place.townshipId);
      if (list.length === 1 && list[0]) {
        projectId = list[0].id;
        given.add('projectId');
      } else log.warn('findingProjectNotLinked', row, input.get('project')?.col ?? null, 'project', list.length === 0 ? `台账中没有项目“${pname}”，未关联项目` : `台账中有 ${list.length} 个项目名为“${pname}”，未关联项目`);
    }
    const leadUnit = take(readText(env, input, 'leadUnit'), 'leadUnit');
    const responsibleUnit = take(readText(env, input, 'responsibleUnit'), 'responsibleUnit');
    const responsibleLeader = take(readText(env, input, 'responsibleLeader'), 'responsibleLeader');
    const responsiblePerson = take(readText(env, input, 'responsiblePerson'), 'responsiblePerson');
    const goal = take(readText(env, input, 'goal'), 'goal');
    const measures = take(readText(env, input, 'measures'), 'measures');
    const progressText = take(readText(env, input, 'progress', { allowNothingMark: true }), 'progressText');

    let deadlineText: string | null = null;
    let deadlineDate: string | null = null;
    let ongoing = false;
    const dl = input.get('deadline');
    if (dl) {
      const parsed = parseDeadlineCell(dl.cell, { inspectionDate: inspection.date, immediateDays: env.lookups.immediateDays, defaultYear: env.notes.year });
      if (!parsed.ok) {
        log.error(row, dl.col, 'deadline', parsed.message);
        bad = true;
      } else if (parsed.value) {
        deadlineText = parsed.value.text;
        deadlineDate = parsed.value.date;
        ongoing = parsed.value.kind === 'ongoing';
        given.add('deadlineText');
        given.add('deadlineDate');
        if (parsed.value.kind === 'immediate' && parsed.value.date === null && !immediateWarned) {
          immediateWarned = true;
          log.warn('immediateWithoutDate', null, dl.col, 'deadline', `检查“${inspection.name}”没有起止日期，“立行立改”的问题暂时没有截止日期；在检查中填写日期后会按检查日期后 ${env.lookups.immediateDays} 天计算`);
        }
        // The findings service's rule: a deadline before the inspection began is a mistake.
        const early = deadlineBeforeStart({ text: deadlineText, date: deadlineDate }, inspection.start);
        if (early !== null) {
          log.error(row, dl.col, 'deadline', early);
          bad = true;
        }
      }
    }

    let status: FindingStatus | null = null;
    const st = readWord(env, input, 'status');
    const statusWord = st ? st.text : null;
    if (st === undefined) bad = true;
    else if (st) {
      const m = matchFindingStatus(st.text, !!progressText);
      if (!m.ok) {
        log.error(row, st.col, 'status', m.message);
        bad = true;
      } else status = m.value;
    }
    // No status column (or an empty cell): the word the 整改进展 text opens with ("已整改。村委会已于…") sets it.
    if (status === null && progressText) status = findingStatusFromProgress(progressText);
    if (status === null) status = ongoing ? 'ongoing' : progressText ? 'inProgress' : 'notStarted';
    else given.add('status');
    if (status === 'notStarted' && ongoing) status = 'ongoing';
    const closedDate = take(readDate(env, input, 'closedDate', 'day'), 'closedDate');
    const closedReviewer = take(readName(env, input, 'closedReviewer'), 'closedReviewer');
    if (status === 'closed' && !closedReviewer) {
      log.warn('closedWithoutReviewer', row, st?.col ?? null, 'status', CLOSED_WITHOUT_REVIEWER);
    }
    if (bad || description === null || category === null || place === null) {
      prepared.push(null);
      continue;
    }
    prepared.push({
      input,
      inspection,
      given,
      statusWord,
      values: {
        seq,
        category,
        description,
        townshipId: place.townshipId,
        villageId: place.villageId,
        projectId,
        leadUnit,
        responsibleUnit,
        responsibleLeader,
        responsiblePerson,
        goal,
        measures,
        deadlineText,
        deadlineDate,
        progressText,
        status,
        closedDate: closedDate?.iso ?? null,
        closedReviewer,
      },
    });
  }

  // Existing findings of the inspections involved, by 序号 and by township + description.
  const bySeq = new Map<string, number>();
  const byText = new Map<string, number[]>();
  const existingIds = [...inspections.values()].filter((i) => i.id !== null).map((i) => i.id as number);
  for (const f of await findingKeysOf(env.port, existingIds)) {
    if (f.seq !== null) bySeq.set(`${f.inspectionId}|${f.seq}`, f.id);
    const k = `${f.inspectionId}|${f.townshipId ?? ''}|${nameKey(f.description)}`;
    byText.set(k, [...(byText.get(k) ?? []), f.id]);
  }
  const claimed = new Set<number>();
  interface Op {
    kind: 'create' | 'update';
    p: Prepared;
    targetId?: number;
    before?: Partial<FindingValues>;
    after?: Partial<FindingValues>;
  }
  const ops: Op[] = [];
  for (const [i, p] of prepared.entries()) {
    const input = rows[i] as RowInput;
    if (!p) {
      planned.push({ row: input.row, outcome: 'error', amountFen: 0 });
      continue;
    }
    let targetId: number | undefined;
    if (p.inspection.id !== null) {
      const id = p.values.seq !== null ? bySeq.get(`${p.inspection.id}|${p.values.seq}`) : undefined;
      if (id !== undefined && !claimed.has(id)) targetId = id;
      if (targetId === undefined) {
        const list = byText.get(`${p.inspection.id}|${p.values.townshipId ?? ''}|${nameKey(p.values.description)}`) ?? [];
        targetId = list.find((x) => !claimed.has(x));
      }
    }
    if (targetId === undefined) {
      ops.push({ kind: 'create', p });
      planned.push({ row: input.row, outcome: 'create', amountFen: 0 });
      continue;
    }
    claimed.add(targetId);
    if (env.options.onMatch === 'skip') {
      planned.push({ row: input.row, outcome: 'skip', reason: `该检查下已有相同问题（记录 ${targetId}），按设置跳过`, targetId, amountFen: 0 });
      continue;
    }
    const stored = await findingRecordAny(env.port, targetId);
    if (!stored) throw new AppError('NOT_FOUND', `找不到编号为 ${targetId} 的问题，可能刚被删除，请重新检查后再导入`);
    const before = Object.fromEntries(FIELDS.map((f) => [f, stored[f] ?? null])) as unknown as FindingValues;
    const after: FindingValues = { ...before };
    for (const f of p.given) if (f !== 'inspectionId') (after as unknown as Record<string, unknown>)[f] = p.values[f as Exclude<keyof FindingValues, 'inspectionId'>];
    const changedAtAll = FIELDS.some((f) => after[f] !== before[f]);
    if (before.status === 'closed' && changedAtAll) {
      planned.push({ row: input.row, outcome: 'skip', reason: `问题已销号（记录 ${targetId}），不再按表格更新`, targetId, amountFen: 0 });
      continue;
    }
    // The workflow moves forward through an import; a step back needs a reason in the app.
    if (isStepBack(before.status, after.status)) {
      log.warn('statusNotReverted', input.row, input.get('status')?.col ?? null, 'status', `台账中该问题已是“${FindingStatusEnum.label[before.status]}”，表中为“${FindingStatusEnum.label[after.status]}”；状态不会因导入而退回，如确需退回请在整改进展中填写原因`);
      after.status = before.status;
    }
    const changed = FIELDS.filter((f) => after[f] !== before[f]);
    if (changed.length === 0) {
      planned.push({ row: input.row, outcome: 'unchanged', reason: `与已有问题（记录 ${targetId}）一致，无需更新`, targetId, amountFen: 0 });
      continue;
    }
    ops.push({
      kind: 'update',
      p,
      targetId,
      before: Object.fromEntries(changed.map((f) => [f, before[f]])),
      after: Object.fromEntries(changed.map((f) => [f, after[f]])),
    });
    planned.push({ row: input.row, outcome: 'update', targetId, amountFen: 0 });
  }

  const primary = await inspectionFor(defaultInspection);
  return {
    rows: planned,
    inspection: primary,
    async apply(w: Writer) {
      const operator = w.audit.operator;
      const today = localToday(ctx.now());
      // A status the sheet reports is a dated step of the workflow (finding_updates), as the findings service keeps them.
      const step = async (findingId: number, from: FindingStatus, to: FindingStatus, word: string | null) => {
        const note = `导入“${env.fileName}”${word ? `：表中为“${word}”` : ''}`;
        const id = await insertFindingUpdate(w.tx, { findingId, date: today, fromStatus: from, toStatus: to, note, operator }, w.stamp);
        await w.audit.record({ action: 'create', entity: 'findingUpdate', entityId: id, after: { findingId, date: today, fromStatus: from, toStatus: to, note }, importBatchId: w.batchId });
      };
      let created = 0;
      let updated = 0;
      for (const op of ops) {
        const ref = op.p.inspection;
        if (ref.id === null) {
          if (!ops.some((o) => o.p.inspection === ref && o.kind === 'create')) continue;
          const source = inspectionSourceFromTitle(ref.name);
          ref.id = await insertInspection(w.tx, { ...NO_INSPECTION_DETAILS, name: ref.name, source, importBatchId: w.batchId }, w.stamp);
          await w.audit.record({ action: 'create', entity: 'inspection', entityId: ref.id, after: { name: ref.name, source }, importBatchId: w.batchId });
        }
        if (op.kind === 'create') {
          const v: FindingValues = { ...op.p.values, inspectionId: ref.id, townshipId: w.place(op.p.values.townshipId), villageId: w.place(op.p.values.villageId) };
          const findingId = await insertFinding(w.tx, { ...v, assetId: null, importBatchId: w.batchId }, w.stamp);
          await w.audit.record({ action: 'create', entity: 'finding', entityId: findingId, after: v, importBatchId: w.batchId });
          if (v.status !== 'notStarted' && v.status !== 'ongoing') await step(findingId, 'notStarted', v.status, op.p.statusWord);
          created += 1;
        } else {
          const after = { ...(op.after as Record<string, unknown>) };
          if ('townshipId' in after) after.townshipId = w.place(after.townshipId as number | null);
          if ('villageId' in after) after.villageId = w.place(after.villageId as number | null);
          await updateFinding(w.tx, op.targetId as number, after as Partial<FindingColumns>, w.stamp);
          await w.audit.record({ action: 'update', entity: 'finding', entityId: op.targetId as number, before: op.before, after, reason: `导入：${env.fileName}`, importBatchId: w.batchId });
          if ('status' in after && op.before && 'status' in op.before) await step(op.targetId as number, op.before.status as FindingStatus, after.status as FindingStatus, op.p.statusWord);
          updated += 1;
        }
      }
      return { created, updated };
    },
  };
}


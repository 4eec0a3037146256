// 项目库: create, update, read and soft-delete projects. Every rule of the project form lives here or in
// shared/projects (the renderer shows the messages at the field): places that exist and fit together, the
// two-level type dictionary, whole-fen money, real dates in order, beneficiaries that add up, the 入库 fields,
// the status lifecycle (forward freely, backward only with a reason that lands in the audit trail) and
// project numbers unique among live projects.
import type { ChannelParsedInput, FundsByLevel, ProjectDetail } from '../../../shared/api';
import { FARMER_LINKAGES, PaymentType, ProjectStatus, projectStatusRank } from '../../../shared/enums';
import { AppError } from '../../../shared/errors';
import { formatYuanWithUnit, MAX_AMOUNT_FEN } from '../../../shared/money';
import { bankEntryRefusal, incompleteFields, missingForBank } from '../../../shared/projects';
import { plainValuesOf } from '../../../shared/projects/fields';
import { DATE_ORDER, dateOrderRefusal, PART_OF_WHOLE, partAboveWholeRefusal, type BeneficiaryPart, type DateOrderEnd } from '../../../shared/projects/rules';
import { writeAudited } from '../../platform/audited-write';
import { dataPort, type DataReader } from '../../platform/data-port';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import type { ServiceContext } from '../../platform/context';
import * as funds from '../funds/store';
import { assertUnit, resolvePlace, resolveTypes } from './places';
import { suggestProjectCode } from './numbering';
import { searchInitialsFor } from './search';
import * as store from './store';
import type { ProjectFields, StoredProject } from './store';

export type { ProjectFields } from './store';

type Funds = Pick<ProjectFields, 'fundCentralFen' | 'fundProvincialFen' | 'fundMunicipalFen' | 'fundCountyFen' | 'fundOtherFen'>;

export function fundsOf(f: Funds): FundsByLevel {
  return { central: f.fundCentralFen, provincial: f.fundProvincialFen, municipal: f.fundMunicipalFen, county: f.fundCountyFen, other: f.fundOtherFen };
}

export function totalOf(f: Funds): number {
  return f.fundCentralFen + f.fundProvincialFen + f.fundMunicipalFen + f.fundCountyFen + f.fundOtherFen;
}

const notFound = (id: number, field?: string) => new AppError('NOT_FOUND', `找不到编号为 ${id} 的项目，可能已被删除，请刷新后重试`, field);

/** A live project, or NOT_FOUND in words a clerk understands (other areas check the project they point at). */
export async function getProjectRecord(db: DataReader, id: number, field?: string): Promise<StoredProject> {
  const project = await store.storedProject(db, id);
  if (!project) throw notFound(id, field);
  return project;
}

/** 资金规模 of a project, deleted or not (a payment's project money after the payment is deleted). */
export async function projectTotalFen(db: DataReader, projectId: number): Promise<number> {
  const project = await store.storedProject(db, projectId, true);
  if (!project) throw notFound(projectId, 'projectId');
  return totalOf(project);
}

/** Paid (live payments) and allocated (splits of live allocations) of one project. */
async function projectMoney(db: DataReader, projectId: number): Promise<{ paidFen: number; allocatedFen: number }> {
  return { paidFen: await funds.projectPaidFen(db, projectId), allocatedFen: await funds.projectAllocatedFen(db, projectId) };
}

// ---- Validation of a whole project record ---------------------------------------------------------

/**
 * Every rule that needs the whole record (or the database). Throws the first problem, at its field.
 * `previousStatus` is the stored status (null for a new project): the 入库 fields are required when the
 * save moves the project into the bank, never for an edit of a project already there (shared/projects.ts).
 */
async function validateProject(db: DataReader, f: ProjectFields, currentId: number | null, previousStatus: ProjectStatus | null): Promise<ProjectFields> {
  const place = await resolvePlace(db, f.townshipId, f.villageId);
  const types = await resolveTypes(db, f.categoryId, f.subcategoryId);
  await assertUnit(db, f.departmentId, '主管部门', 'departmentId');
  await assertUnit(db, f.implementerId, '实施单位', 'implementerId');
  const out: ProjectFields = { ...f, ...place, ...types };

  for (const end of Object.keys(DATE_ORDER) as DateOrderEnd[]) {
    const refusal = dateOrderRefusal(end, out[DATE_ORDER[end].start], out[end]);
    if (refusal) throw new AppError('VALIDATION', refusal, end);
  }
  for (const part of Object.keys(PART_OF_WHOLE) as BeneficiaryPart[]) {
    const refusal = partAboveWholeRefusal(part, out[part], out[PART_OF_WHOLE[part].whole]);
    if (refusal) throw new AppError('VALIDATION', refusal, part);
  }

  const total = totalOf(out);
  if (total > MAX_AMOUNT_FEN) {
    throw new AppError('VALIDATION', `资金规模合计 ${formatYuanWithUnit(total)}超过上限 100 亿元，请检查各级资金`, 'fundCentralFen');
  }
  if (out.farmerLinkage !== null) {
    const unknown = out.farmerLinkage.filter((w) => !(FARMER_LINKAGES as readonly string[]).includes(w));
    if (unknown.length > 0) throw new AppError('VALIDATION', `联农带农方式“${unknown.join('、')}”不在可选范围内`, 'farmerLinkage');
    if (out.farmerLinkage.length === 0) out.farmerLinkage = null;
  }

  const refusal = bankEntryRefusal(previousStatus, out.status, out);
  if (refusal) throw new AppError('VALIDATION', refusal.message, refusal.field);
  if (out.code !== null) {
    const holder = await store.projectWithCode(db, out.code, currentId);
    if (holder) throw new AppError('CONFLICT', `项目编号 ${out.code} 已被 ${holder.year} 年度项目“${holder.name}”使用，请换一个编号`, 'code');
  }
  return out;
}

// ---- Reading ----------------------------------------------------------------------------------------

export async function getProject(ctx: ServiceContext, id: number): Promise<ProjectDetail> {
  const db = dataPort(ctx);
  const f = await store.projectWithNames(db, id);
  if (!f) throw notFound(id);
  const money = await projectMoney(db, id);
  const splits = await funds.projectSplitRows(db, id);
  const payments = await funds.projectPaymentRows(db, id);
  return {
    id: f.id,
    version: f.version,
    year: f.year,
    code: f.code,
    name: f.name,
    categoryId: f.categoryId,
    category: f.category,
    subcategoryId: f.subcategoryId,
    subcategory: f.subcategory,
    constructionNature: f.constructionNature,
    townshipId: f.townshipId,
    township: f.township,
    villageId: f.villageId,
    village: f.village,
    location: f.location,
    content: f.content,
    plannedStart: f.plannedStart,
    plannedEnd: f.plannedEnd,
    actualStart: f.actualStart,
    actualEnd: f.actualEnd,
    departmentId: f.departmentId,
    department: f.department,
    implementerId: f.implementerId,
    implementer: f.implementer,
    responsiblePerson: f.responsiblePerson,
    fundsFen: fundsOf(f),
    totalFen: totalOf(f),
    fundOtherNote: f.fundOtherNote,
    beneficiaryVillages: f.beneficiaryVillages,
    beneficiaryHouseholds: f.beneficiaryHouseholds,
    beneficiaryPeople: f.beneficiaryPeople,
    povertyHouseholds: f.povertyHouseholds,
    povertyPeople: f.povertyPeople,
    monitoredHouseholds: f.monitoredHouseholds,
    monitoredPeople: f.monitoredPeople,
    farmerLinkage: f.farmerLinkage ?? [],
    farmerLinkageNote: f.farmerLinkageNote,
    status: f.status,
    statusLabel: ProjectStatus.label[f.status],
    remark: f.remark,
    ...plainValuesOf(f),
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    allocatedFen: money.allocatedFen,
    paidFen: money.paidFen,
    overAllocation: money.paidFen > money.allocatedFen,
    missingForBank: missingForBank(f),
    incompleteFields: incompleteFields(f.status, f),
    splits,
    payments: payments.map((p) => ({ ...p, paymentType: p.paymentType && PaymentType.values.includes(p.paymentType) ? p.paymentType : null })),
  };
}

// ---- Writing ----------------------------------------------------------------------------------------

async function initialsOf(db: DataReader, f: ProjectFields): Promise<string> {
  const name = async (id: number | null) => (id === null ? null : ((await store.divisionRef(db, id))?.name ?? null));
  return searchInitialsFor(f.name, await name(f.townshipId), await name(f.villageId));
}

/** The fields of a project without the id and times. */
function fieldsOnly(p: StoredProject): ProjectFields {
  return Object.fromEntries(store.PROJECT_FIELDS.map((k) => [k, p[k]])) as unknown as ProjectFields;
}

export async function createProject(ctx: ServiceContext, input: ChannelParsedInput<'projects.create'>): Promise<ProjectDetail> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const draft: ProjectFields = {
      ...input,
      fundCentralFen: input.fundCentralFen ?? 0,
      fundProvincialFen: input.fundProvincialFen ?? 0,
      fundMunicipalFen: input.fundMunicipalFen ?? 0,
      fundCountyFen: input.fundCountyFen ?? 0,
      fundOtherFen: input.fundOtherFen ?? 0,
      status: input.status ?? 'planning',
    };
    const f = await validateProject(tx, draft, null, null);
    if (f.code === null) f.code = (await suggestProjectCode(ctx, tx, f.year)).code;
    const newId = await store.insertProject(tx, f, { searchInitials: await initialsOf(tx, f), importBatchId: null }, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'project', entityId: newId, after: f });
    return newId;
  });
  return getProject(ctx, id);
}

export async function updateProject(ctx: ServiceContext, input: ChannelParsedInput<'projects.update'>): Promise<ProjectDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await getProjectRecord(tx, input.id, 'id');
    await assertVersion(tx, 'project', input.id, stored.version, input.version);
    const before = fieldsOnly(stored);
    const { id, reason, version, ...given } = input;
    const merged: ProjectFields = { ...before };
    for (const k of store.PROJECT_FIELDS) {
      const v = (given as Partial<ProjectFields>)[k];
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    }
    // A cleared number asks for a new one.
    if (given.code === null) merged.code = (await suggestProjectCode(ctx, tx, merged.year)).code;

    const stepBack = projectStatusRank(merged.status) < projectStatusRank(before.status);
    if (stepBack && !reason) {
      throw new AppError('VALIDATION', `项目状态从“${ProjectStatus.label[before.status]}”退回到“${ProjectStatus.label[merged.status]}”，须填写退回原因`, 'reason');
    }
    const f = await validateProject(tx, merged, id, before.status);
    const paidFen = await funds.projectPaidFen(tx, id);
    if (totalOf(f) < paidFen) {
      throw new AppError('VALIDATION', `该项目已拨付 ${formatYuanWithUnit(paidFen)}，资金规模不能调低到 ${formatYuanWithUnit(totalOf(f))}；请先调整拨付记录`, 'fundCentralFen');
    }
    const changed = store.PROJECT_FIELDS.filter((k) => JSON.stringify(f[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return;
    const changes = Object.fromEntries(changed.map((k) => [k, f[k]])) as Partial<ProjectFields>;
    // A value cleared to null is a change too: the store's UPDATE sets every key present.
    await assertUpdated(tx, 'project', id, await store.updateProject(tx, id, changes, await initialsOf(tx, f), ctx.now().toISOString(), version));
    await audit.record({
      action: 'update',
      entity: 'project',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: changes,
      reason: reason ?? null,
    });
  });
  return getProject(ctx, input.id);
}

/**
 * Soft delete with a reason. Refused while the project has live payments (money paid out must stay
 * explained). Its allocation splits are removed in the same transaction so the allocations' money can be
 * assigned again; the audit row keeps them in `before`.
 */
export async function deleteProject(ctx: ServiceContext, input: ChannelParsedInput<'projects.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const current = await getProjectRecord(tx, input.id, 'id');
    const paid = await funds.projectPayments(tx, input.id);
    if (paid.n > 0) {
      throw new AppError('CONFLICT', `项目“${current.name}”已有 ${paid.n} 笔拨付记录（合计 ${formatYuanWithUnit(paid.fen)}），不能删除；请先删除或改挂这些拨付记录`);
    }
    const splits = await funds.removeProjectSplits(tx, input.id);
    await store.softDeleteProject(tx, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'project', entityId: input.id, before: { ...fieldsOnly(current), splits }, reason: input.reason });
    return { id: input.id };
  });
}

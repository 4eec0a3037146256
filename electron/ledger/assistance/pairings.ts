// 结对帮扶: 帮扶责任人 (cadres) paired with households of 受益户 by period — one 责任人 per household at a time, a
// limit per cadre by rank (flagged, not refused: a 结对 list must import whole) — the flags a supervisor asks
// for (households without a 责任人, cadres over the limit), and 走访记录 with their photos (attachments of owner
// type visit). The household's ID number leaves here masked.
import type { ChannelParsedInput } from '../../../shared/api';
import type { CadreRow, PairingFlags, PairingRow, PairingWriteResult, VisitRow } from '../../../shared/api-assistance';
import { CadreRank } from '../../../shared/assistance/enums';
import { PAIRING_FIELD } from '../../../shared/assistance/fields';
import { firstOverlap, householdPairedProblem, overPairingLimit, pairingLimit, periodCovers, periodOrderProblem, visitTargetProblem, type AssistanceSettingsValue } from '../../../shared/assistance/rules';
import { AppError } from '../../../shared/errors';
import { maskIdNumber } from '../../../shared/id-number';
import { writeAudited } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { likeAnywhere } from '../../platform/sql-like';
import { liveHousehold } from '../projects/store';
import { auditedUpdate, merged, notFound, requireVillage, spanOf, storedForUpdate, todayOf, townshipFilter } from './common';
import * as store from './pairings-store';
import { getAssistanceSettingsOn } from './settings';
import { memberRecord } from './teams-store';

// ---- 帮扶责任人 -------------------------------------------------------------------------------------------

function cadreRow(r: store.CadreRecord, settings: AssistanceSettingsValue): CadreRow {
  const limit = pairingLimit(r.rank, settings);
  return { ...r, version: Number(r.version), rankLabel: CadreRank.label[r.rank], limit, overLimit: overPairingLimit(r.households, limit) };
}

async function cadreResult(ctx: ServiceContext, db: DataReader, id: number): Promise<CadreRow> {
  const r = await store.cadreRecord(db, id, todayOf(ctx));
  if (!r) throw notFound('cadre', id, 'id');
  return cadreRow(r, await getAssistanceSettingsOn(db));
}

export async function listCadres(ctx: ServiceContext, input: ChannelParsedInput<'cadres.list'>): Promise<CadreRow[]> {
  const db = dataPort(ctx);
  const settings = await getAssistanceSettingsOn(db);
  return (await store.cadreRecords(db, todayOf(ctx), input.keyword ? likeAnywhere(input.keyword) : undefined)).map((r) => cadreRow(r, settings));
}

export async function createCadre(ctx: ServiceContext, input: ChannelParsedInput<'cadres.create'>): Promise<CadreRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const newId = await store.insertRecord(tx, store.CADRES, input, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'cadre', entityId: newId, after: input });
    return newId;
  });
  return cadreResult(ctx, dataPort(ctx), id);
}

export async function updateCadre(ctx: ServiceContext, input: ChannelParsedInput<'cadres.update'>): Promise<CadreRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.CADRES, 'cadre', input.id, input.version);
    const after = merged(store.CADRES, stored.fields, input);
    await auditedUpdate(tx, audit, { spec: store.CADRES, entity: 'cadre', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return cadreResult(ctx, dataPort(ctx), input.id);
}

// ---- 结对 -------------------------------------------------------------------------------------------------

function pairingRow(r: store.PairingRecord, today: string): PairingRow {
  return {
    id: r.id,
    version: Number(r.version),
    cadreId: r.cadreId,
    cadre: r.cadre,
    unit: r.employer,
    post: r.post,
    phone: r.phone,
    householdId: r.householdId,
    household: r.household,
    idNumber: maskIdNumber(r.idNumber),
    township: r.township,
    village: r.village,
    since: r.startDate,
    until: r.endDate,
    endReason: r.endReason,
    remark: r.remark,
    current: periodCovers({ start: r.startDate, end: r.endDate }, today),
  };
}

/** Pairings running today, or on the last day of a past month, unless `all`; in 区划 order. */
export async function listPairings(ctx: ServiceContext, input: ChannelParsedInput<'pairings.list'>): Promise<{ rows: PairingRow[]; total: number }> {
  const db = dataPort(ctx);
  const today = todayOf(ctx);
  const monthEnd = input.month === undefined ? today : spanOf(input.month).last;
  const on = monthEnd < today ? monthEnd : today;
  const filter: store.PairingFilter = { townshipId: await townshipFilter(ctx, input.township), cadreId: input.cadreId, householdId: input.householdId, on: input.all ? undefined : on };
  const total = await store.countPairings(db, filter);
  const rows = await store.pairingRecords(db, filter, input.offset ?? 0, input.limit ?? 1000);
  return { total, rows: rows.map((r) => pairingRow(r, today)) };
}

/** The pairing and its cadre after a write, with the over-limit flag said in words. */
async function pairingResult(ctx: ServiceContext, id: number): Promise<PairingWriteResult> {
  const db = dataPort(ctx);
  const r = await store.pairingRecord(db, id);
  if (!r) throw notFound('pairing', id, 'id');
  const cadre = await cadreResult(ctx, db, r.cadreId);
  const warning = cadre.overLimit ? `${cadre.name}现结对 ${cadre.households} 户，超过${cadre.rankLabel}每人 ${cadre.limit} 户的上限（设置中可调整），请核实或调整结对` : null;
  return { pairing: pairingRow(r, todayOf(ctx)), cadre, warning };
}

export async function createPairing(ctx: ServiceContext, input: ChannelParsedInput<'pairings.create'>): Promise<PairingWriteResult> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    if (!(await store.cadreRecord(tx, input.cadreId, todayOf(ctx)))) throw notFound('cadre', input.cadreId, 'cadreId');
    const household = await liveHousehold(tx, input.householdId);
    if (!household) throw new AppError('NOT_FOUND', `找不到编号为 ${input.householdId} 的受益户，可能已被删除，请重新选择`, 'householdId');
    const f: store.PairingFields = { ...input, endDate: null, endReason: null };
    const periods = (await store.pairingPeriodsOfHousehold(tx, input.householdId)).map((p) => ({ id: Number(p.id), cadre: p.cadre, period: { start: p.startDate, end: p.endDate } }));
    const clash = householdPairedProblem(firstOverlap({ id: null, period: { start: f.startDate, end: null } }, periods), household.headName);
    if (clash) throw new AppError('CONFLICT', clash, 'householdId');
    const newId = await store.insertRecord(tx, store.PAIRINGS, f, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'pairing', entityId: newId, after: f });
    return newId;
  });
  return pairingResult(ctx, id);
}

export async function endPairing(ctx: ServiceContext, input: ChannelParsedInput<'pairings.end'>): Promise<PairingWriteResult> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.PAIRINGS, 'pairing', input.id, input.version);
    if (stored.fields.endDate !== null) throw new AppError('CONFLICT', `这条结对已于 ${stored.fields.endDate} 结束`, 'endDate');
    const after = { ...stored.fields, endDate: input.endDate, endReason: input.reason };
    const order = periodOrderProblem({ start: after.startDate, end: after.endDate }, PAIRING_FIELD.startDate.label, PAIRING_FIELD.endDate.label);
    if (order) throw new AppError('VALIDATION', order, 'endDate');
    await auditedUpdate(tx, audit, { spec: store.PAIRINGS, entity: 'pairing', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString(), action: 'end', reason: input.reason });
  });
  return pairingResult(ctx, input.id);
}

/** Households without a 责任人 today (counted, and a page of them) and the cadres over their limit. */
export async function pairingFlags(ctx: ServiceContext, input: ChannelParsedInput<'pairings.flags'>): Promise<PairingFlags> {
  const db = dataPort(ctx);
  const on = todayOf(ctx);
  const townshipId = await townshipFilter(ctx, input.township);
  const settings = await getAssistanceSettingsOn(db);
  const households = await store.unpairedHouseholds(db, on, townshipId, input.offset ?? 0, input.limit ?? 100);
  const over = (await store.cadreRecords(db, on)).map((r) => cadreRow(r, settings)).filter((c) => c.overLimit);
  return {
    on,
    householdsWithoutCadre: await store.countUnpairedHouseholds(db, on, townshipId),
    households: households.map((h) => ({ ...h, idNumber: maskIdNumber(h.idNumber) })),
    cadresOverLimit: over,
  };
}

// ---- 走访记录 ---------------------------------------------------------------------------------------------

function visitRow(r: store.VisitRecord): VisitRow {
  return {
    id: r.id,
    version: Number(r.version),
    date: r.date,
    visitor: r.visitor,
    cadreId: r.cadreId,
    memberId: r.memberId,
    householdId: r.householdId,
    household: r.household,
    villageId: r.villageId,
    village: r.village,
    township: r.township,
    content: r.content,
    photos: r.photos,
  };
}

/** A visit names a household or a village that exist, its visitor's records if given, and a day not to come. */
async function checkVisit(ctx: ServiceContext, db: DataReader, f: store.VisitFields): Promise<void> {
  const target = visitTargetProblem(f.householdId, f.villageId);
  if (target) throw new AppError('VALIDATION', target, 'householdId');
  if (f.date > todayOf(ctx)) throw new AppError('VALIDATION', `走访日期 ${f.date} 还没有到，请检查日期`, 'date');
  if (f.householdId !== null && !(await liveHousehold(db, f.householdId))) throw new AppError('NOT_FOUND', `找不到编号为 ${f.householdId} 的受益户，可能已被删除，请重新选择`, 'householdId');
  if (f.villageId !== null) await requireVillage(db, f.villageId);
  if (f.cadreId !== null && !(await store.cadreRecord(db, f.cadreId, f.date))) throw notFound('cadre', f.cadreId, 'cadreId');
  if (f.memberId !== null && !(await memberRecord(db, f.memberId))) throw notFound('teamMember', f.memberId, 'memberId');
}

async function visitResult(ctx: ServiceContext, id: number): Promise<VisitRow> {
  const r = await store.visitRecord(dataPort(ctx), id);
  if (!r) throw notFound('visit', id, 'id');
  return visitRow(r);
}

export async function listVisits(ctx: ServiceContext, input: ChannelParsedInput<'visits.list'>): Promise<{ rows: VisitRow[]; total: number }> {
  const { township, limit, offset, ...rest } = input;
  const page = await store.visitRecords(dataPort(ctx), { ...rest, townshipId: await townshipFilter(ctx, township) }, offset ?? 0, limit ?? 1000);
  return { total: page.total, rows: page.rows.map(visitRow) };
}

export async function createVisit(ctx: ServiceContext, input: ChannelParsedInput<'visits.create'>): Promise<VisitRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    await checkVisit(ctx, tx, input);
    const newId = await store.insertRecord(tx, store.VISITS, input, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'visit', entityId: newId, after: input });
    return newId;
  });
  return visitResult(ctx, id);
}

export async function updateVisit(ctx: ServiceContext, input: ChannelParsedInput<'visits.update'>): Promise<VisitRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.VISITS, 'visit', input.id, input.version);
    const after = merged(store.VISITS, stored.fields, input);
    await checkVisit(ctx, tx, after);
    await auditedUpdate(tx, audit, { spec: store.VISITS, entity: 'visit', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return visitResult(ctx, input.id);
}

export async function deleteVisit(ctx: ServiceContext, input: ChannelParsedInput<'visits.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const stored = await store.storedRecord(tx, store.VISITS, input.id);
    if (!stored) throw notFound('visit', input.id, 'id');
    await store.softDeleteRecord(tx, store.VISITS, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'visit', entityId: input.id, before: stored.fields, reason: input.reason });
    return { id: input.id };
  });
}

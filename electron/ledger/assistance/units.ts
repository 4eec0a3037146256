// 帮扶单位 (派出单位), their 包联 of villages and 县级领导联系乡镇, by period with history kept; and the 成效 a unit
// reports — projects it brought or helped, 争取资金, 实事 — with the summary a report prints
// ("派出驻村工作队77个，帮助乡村发展产业项目63个，争取资金1849万元").
import type { ChannelParsedInput } from '../../../shared/api';
import type { AssistanceSummary, AssistanceUnitDetail, AssistanceUnitRow, TownshipLeaderRow, UnitDeedRow, UnitFundRow, UnitProjectRow, VillageLinkRow } from '../../../shared/api-assistance';
import { AssistanceUnitKind, AssistanceUnitLevel, UnitProjectRole } from '../../../shared/assistance/enums';
import { LEADER_FIELD, LINK_FIELD } from '../../../shared/assistance/fields';
import { firstOverlap, outcomeSentence, periodCovers, periodOrderProblem, periodText, type Period } from '../../../shared/assistance/rules';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { likeAnywhere } from '../../platform/sql-like';
import { getProjectRecord } from '../projects/service';
import { auditedUpdate, merged, notFound, requireTownship, requireVillage, storedForUpdate, todayOf, townshipFilter } from './common';
import * as teams from './teams-store';
import * as store from './units-store';

// ---- 帮扶单位 ---------------------------------------------------------------------------------------------

function unitRow(r: store.UnitRecord, villages: string[], teamCount: number): AssistanceUnitRow {
  return {
    id: r.id,
    version: Number(r.version),
    name: r.name,
    kind: r.kind,
    kindLabel: AssistanceUnitKind.label[r.kind],
    level: r.level,
    levelLabel: AssistanceUnitLevel.label[r.level],
    contactPerson: r.contactPerson,
    phone: r.phone,
    remark: r.remark,
    villages,
    teams: teamCount,
  };
}

async function unitRows(ctx: ServiceContext, db: DataReader, records: store.UnitRecord[]): Promise<AssistanceUnitRow[]> {
  const today = todayOf(ctx);
  const ids = records.map((r) => r.id);
  const villages = await store.currentVillagesOfUnits(db, ids, today);
  const teamCounts = await teams.teamCountsByUnit(db, ids, today);
  return records.map((r) => unitRow(r, villages.get(r.id) ?? [], teamCounts.get(r.id) ?? 0));
}

export async function listUnits(ctx: ServiceContext, input: ChannelParsedInput<'assistanceUnits.list'>): Promise<AssistanceUnitRow[]> {
  const db = dataPort(ctx);
  const records = await store.unitRecords(db, { level: input.level, kind: input.kind, keywordPattern: input.keyword ? likeAnywhere(input.keyword) : undefined });
  return unitRows(ctx, db, records);
}

async function requireUnit(db: DataReader, id: number, field?: string): Promise<store.UnitRecord> {
  const r = await store.unitRecord(db, id);
  if (!r) throw notFound('assistanceUnit', id, field);
  return r;
}

export async function getUnit(ctx: ServiceContext, id: number): Promise<AssistanceUnitDetail> {
  const db = dataPort(ctx);
  const [row] = await unitRows(ctx, db, [await requireUnit(db, id, 'id')]);
  if (!row) throw notFound('assistanceUnit', id, 'id');
  const today = todayOf(ctx);
  return {
    ...row,
    links: (await store.linkRecords(db, { unitId: id })).map((l) => linkRow(l, today)),
    projects: (await store.unitProjectRecords(db, id)).map(unitProjectRow),
    funds: (await store.unitFundRecords(db, id)).map(fundRow),
    deeds: (await store.unitDeedRecords(db, id)).map(deedRow),
  };
}

async function assertUnitNameFree(db: DataReader, name: string, exceptId: number | null): Promise<void> {
  if ((await store.unitIdNamed(db, name, exceptId)) !== undefined) throw new AppError('CONFLICT', `已有名为“${name}”的帮扶单位，请勿重复登记（可在列表中搜索它）`, 'name');
}

export async function createUnit(ctx: ServiceContext, input: ChannelParsedInput<'assistanceUnits.create'>): Promise<AssistanceUnitDetail> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    await assertUnitNameFree(tx, input.name, null);
    const newId = await store.insertRecord(tx, store.UNITS, input, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'assistanceUnit', entityId: newId, after: input });
    return newId;
  });
  return getUnit(ctx, id);
}

export async function updateUnit(ctx: ServiceContext, input: ChannelParsedInput<'assistanceUnits.update'>): Promise<AssistanceUnitDetail> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.UNITS, 'assistanceUnit', input.id, input.version);
    const after = merged(store.UNITS, stored.fields, input);
    if (after.name !== stored.fields.name) await assertUnitNameFree(tx, after.name, input.id);
    await auditedUpdate(tx, audit, { spec: store.UNITS, entity: 'assistanceUnit', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return getUnit(ctx, input.id);
}

/** A unit still helping a village or with a team there is not deleted: its 包联 and teams are ended first. */
export async function deleteUnit(ctx: ServiceContext, input: ChannelParsedInput<'assistanceUnits.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const stored = await store.storedRecord(tx, store.UNITS, input.id);
    if (!stored) throw notFound('assistanceUnit', input.id, 'id');
    const today = todayOf(ctx);
    const links = (await store.linkRecords(tx, { unitId: input.id, on: today })).length;
    const running = (await teams.teamCountsByUnit(tx, [input.id], today)).get(input.id) ?? 0;
    if (links > 0 || running > 0) {
      throw new AppError('CONFLICT', `“${stored.fields.name}”还有 ${links} 个包联村、${running} 个驻村工作队在帮扶，不能删除；请先结束包联和工作队派驻`, 'id');
    }
    await store.softDeleteRecord(tx, store.UNITS, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'assistanceUnit', entityId: input.id, before: stored.fields, reason: input.reason });
    return { id: input.id };
  });
}

// ---- 包联 -------------------------------------------------------------------------------------------------

const periodOf = (r: { startDate: string; endDate: string | null }): Period => ({ start: r.startDate, end: r.endDate });

function linkRow(r: store.LinkRecord, today: string): VillageLinkRow {
  return { ...r, version: Number(r.version), current: periodCovers(periodOf(r), today) };
}

async function linkResult(ctx: ServiceContext, id: number): Promise<VillageLinkRow> {
  const r = await store.linkRecord(dataPort(ctx), id);
  if (!r) throw notFound('villageLink', id, 'id');
  return linkRow(r, todayOf(ctx));
}

/** The rules of a 包联: a live unit, a village, its dates in order, and no second period of the same unit and village. */
async function checkLink(db: DataReader, f: store.LinkFields, id: number | null): Promise<void> {
  await requireUnit(db, f.unitId, 'unitId');
  const village = await requireVillage(db, f.villageId);
  const order = periodOrderProblem(periodOf(f), LINK_FIELD.startDate.label, LINK_FIELD.endDate.label);
  if (order) throw new AppError('VALIDATION', order, 'endDate');
  const clash = firstOverlap({ id, period: periodOf(f) }, (await store.linkPeriods(db, f.unitId, f.villageId)).map((p) => ({ id: Number(p.id), period: periodOf(p) })));
  if (clash) throw new AppError('CONFLICT', `该单位已在 ${periodText(clash.period)} 包联${village.name}，同一时段不必重复登记；请修改那条包联的日期`, 'startDate');
}

export async function listLinks(ctx: ServiceContext, input: ChannelParsedInput<'villageLinks.list'>): Promise<VillageLinkRow[]> {
  const townshipId = await townshipFilter(ctx, input.township);
  const today = todayOf(ctx);
  return (await store.linkRecords(dataPort(ctx), { unitId: input.unitId, villageId: input.villageId, townshipId, on: input.on })).map((r) => linkRow(r, today));
}

export async function createLink(ctx: ServiceContext, input: ChannelParsedInput<'villageLinks.create'>): Promise<VillageLinkRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const f: store.LinkFields = { ...input, endReason: null };
    await checkLink(tx, f, null);
    const newId = await store.insertRecord(tx, store.LINKS, f, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'villageLink', entityId: newId, after: f });
    return newId;
  });
  return linkResult(ctx, id);
}

export async function updateLink(ctx: ServiceContext, input: ChannelParsedInput<'villageLinks.update'>): Promise<VillageLinkRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.LINKS, 'villageLink', input.id, input.version);
    const after = merged(store.LINKS, stored.fields, input);
    await checkLink(tx, after, input.id);
    await auditedUpdate(tx, audit, { spec: store.LINKS, entity: 'villageLink', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return linkResult(ctx, input.id);
}

/** The end of a running period: its last day and why (history is kept, the row is not deleted). */
function endedProblem(endDate: string | null, what: string): string | null {
  return endDate === null ? null : `这条${what}已于 ${endDate} 结束；如需更正结束日期，请修改该记录`;
}

export async function endLink(ctx: ServiceContext, input: ChannelParsedInput<'villageLinks.end'>): Promise<VillageLinkRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.LINKS, 'villageLink', input.id, input.version);
    const ended = endedProblem(stored.fields.endDate, '包联');
    if (ended) throw new AppError('CONFLICT', ended, 'endDate');
    const after = { ...stored.fields, endDate: input.endDate, endReason: input.reason };
    await checkLink(tx, after, input.id);
    await auditedUpdate(tx, audit, { spec: store.LINKS, entity: 'villageLink', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString(), action: 'end', reason: input.reason });
  });
  return linkResult(ctx, input.id);
}

// ---- 县级领导联系乡镇 -----------------------------------------------------------------------------------------

function leaderRow(r: store.LeaderRecord, today: string): TownshipLeaderRow {
  return { ...r, version: Number(r.version), current: periodCovers(periodOf(r), today) };
}

async function leaderResult(ctx: ServiceContext, id: number): Promise<TownshipLeaderRow> {
  const r = await store.leaderRecord(dataPort(ctx), id);
  if (!r) throw notFound('townshipLeader', id, 'id');
  return leaderRow(r, todayOf(ctx));
}

/** 一名县级领导对应一个乡镇: a leader is responsible for one township at a time. */
async function checkLeader(db: DataReader, f: store.LeaderFields, id: number | null): Promise<void> {
  await requireTownship(db, f.townshipId);
  const order = periodOrderProblem(periodOf(f), LEADER_FIELD.startDate.label, LEADER_FIELD.endDate.label);
  if (order) throw new AppError('VALIDATION', order, 'endDate');
  const periods = await store.leaderPeriods(db, f.name);
  const clash = firstOverlap({ id, period: periodOf(f) }, periods.map((p) => ({ id: Number(p.id), township: p.township, period: periodOf(p) })));
  if (clash) {
    throw new AppError('CONFLICT', `${f.name}在 ${periodText(clash.period)} 联系${clash.township}，一名县级领导同一时间联系一个乡镇；请先结束那段联系或调整日期`, 'startDate');
  }
}

export async function listLeaders(ctx: ServiceContext, input: ChannelParsedInput<'townshipLeaders.list'>): Promise<TownshipLeaderRow[]> {
  const townshipId = await townshipFilter(ctx, input.township);
  const today = todayOf(ctx);
  return (await store.leaderRecords(dataPort(ctx), { townshipId, on: input.on })).map((r) => leaderRow(r, today));
}

export async function createLeader(ctx: ServiceContext, input: ChannelParsedInput<'townshipLeaders.create'>): Promise<TownshipLeaderRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    const f: store.LeaderFields = { ...input, endReason: null };
    await checkLeader(tx, f, null);
    const newId = await store.insertRecord(tx, store.LEADERS, f, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'townshipLeader', entityId: newId, after: f });
    return newId;
  });
  return leaderResult(ctx, id);
}

export async function updateLeader(ctx: ServiceContext, input: ChannelParsedInput<'townshipLeaders.update'>): Promise<TownshipLeaderRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.LEADERS, 'townshipLeader', input.id, input.version);
    const after = merged(store.LEADERS, stored.fields, input);
    await checkLeader(tx, after, input.id);
    await auditedUpdate(tx, audit, { spec: store.LEADERS, entity: 'townshipLeader', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return leaderResult(ctx, input.id);
}

export async function endLeader(ctx: ServiceContext, input: ChannelParsedInput<'townshipLeaders.end'>): Promise<TownshipLeaderRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.LEADERS, 'townshipLeader', input.id, input.version);
    const ended = endedProblem(stored.fields.endDate, '联系乡镇记录');
    if (ended) throw new AppError('CONFLICT', ended, 'endDate');
    const after = { ...stored.fields, endDate: input.endDate, endReason: input.reason };
    await checkLeader(tx, after, input.id);
    await auditedUpdate(tx, audit, { spec: store.LEADERS, entity: 'townshipLeader', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString(), action: 'end', reason: input.reason });
  });
  return leaderResult(ctx, input.id);
}

// ---- 成效 -------------------------------------------------------------------------------------------------

function unitProjectRow(r: store.UnitProjectRecord): UnitProjectRow {
  return { ...r, year: Number(r.year), roleLabel: UnitProjectRole.label[r.role] };
}

function fundRow(r: store.UnitFundRecord): UnitFundRow {
  return { ...r, version: Number(r.version), amountFen: Number(r.amountFen) };
}

function deedRow(r: store.UnitDeedRecord): UnitDeedRow {
  return { ...r, version: Number(r.version) };
}

/** One row per unit and project: set inserts it, or changes its role and remark. */
export async function setUnitProject(ctx: ServiceContext, input: ChannelParsedInput<'unitProjects.set'>): Promise<UnitProjectRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    await requireUnit(tx, input.unitId, 'unitId');
    await getProjectRecord(tx, input.projectId, 'projectId');
    const now = ctx.now().toISOString();
    const before = await store.unitProjectOf(tx, input.unitId, input.projectId);
    if (!before) {
      const newId = await store.insertUnitProject(tx, input, now);
      await audit.record({ action: 'create', entity: 'unitProject', entityId: newId, after: input });
      return newId;
    }
    if (before.role !== input.role || before.remark !== input.remark) {
      await store.updateUnitProject(tx, before.id, input, now);
      await audit.record({ action: 'update', entity: 'unitProject', entityId: before.id, before: { role: before.role, remark: before.remark }, after: { role: input.role, remark: input.remark } });
    }
    return Number(before.id);
  });
  const row = await store.unitProjectRecord(dataPort(ctx), id);
  if (!row) throw notFound('unitProject', id, 'id');
  return unitProjectRow(row);
}

export async function removeUnitProject(ctx: ServiceContext, input: ChannelParsedInput<'unitProjects.remove'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const before = await store.unitProjectRecord(tx, input.id);
    if (!before) throw notFound('unitProject', input.id, 'id');
    await store.deleteUnitProject(tx, input.id);
    await audit.record({ action: 'delete', entity: 'unitProject', entityId: input.id, before: { unitId: before.unitId, projectId: before.projectId, role: before.role, remark: before.remark } });
    return { id: input.id };
  });
}

async function checkOutcomePlaces(db: DataReader, f: { unitId: number; projectId?: number | null; villageId: number | null }): Promise<void> {
  await requireUnit(db, f.unitId, 'unitId');
  if (f.projectId !== undefined && f.projectId !== null) await getProjectRecord(db, f.projectId, 'projectId');
  if (f.villageId !== null) await requireVillage(db, f.villageId);
}

async function fundResult(ctx: ServiceContext, id: number): Promise<UnitFundRow> {
  const r = await store.unitFundRecord(dataPort(ctx), id);
  if (!r) throw notFound('unitFund', id, 'id');
  return fundRow(r);
}

export async function createFund(ctx: ServiceContext, input: ChannelParsedInput<'unitFunds.create'>): Promise<UnitFundRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    await checkOutcomePlaces(tx, input);
    const newId = await store.insertRecord(tx, store.FUNDS, input, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'unitFund', entityId: newId, after: input });
    return newId;
  });
  return fundResult(ctx, id);
}

export async function updateFund(ctx: ServiceContext, input: ChannelParsedInput<'unitFunds.update'>): Promise<UnitFundRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.FUNDS, 'unitFund', input.id, input.version);
    const after = merged(store.FUNDS, { ...stored.fields, amountFen: Number(stored.fields.amountFen) }, input);
    await checkOutcomePlaces(tx, after);
    await auditedUpdate(tx, audit, { spec: store.FUNDS, entity: 'unitFund', id: input.id, before: { ...stored.fields, amountFen: Number(stored.fields.amountFen) }, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return fundResult(ctx, input.id);
}

export async function deleteFund(ctx: ServiceContext, input: ChannelParsedInput<'unitFunds.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const stored = await store.storedRecord(tx, store.FUNDS, input.id);
    if (!stored) throw notFound('unitFund', input.id, 'id');
    await store.softDeleteRecord(tx, store.FUNDS, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'unitFund', entityId: input.id, before: { ...stored.fields, amountFen: Number(stored.fields.amountFen) }, reason: input.reason });
    return { id: input.id };
  });
}

async function deedResult(ctx: ServiceContext, id: number): Promise<UnitDeedRow> {
  const r = await store.unitDeedRecord(dataPort(ctx), id);
  if (!r) throw notFound('unitDeed', id, 'id');
  return deedRow(r);
}

export async function createDeed(ctx: ServiceContext, input: ChannelParsedInput<'unitDeeds.create'>): Promise<UnitDeedRow> {
  const id = await writeAudited(ctx, async (tx, audit) => {
    await checkOutcomePlaces(tx, input);
    const newId = await store.insertRecord(tx, store.DEEDS, input, ctx.now().toISOString());
    await audit.record({ action: 'create', entity: 'unitDeed', entityId: newId, after: input });
    return newId;
  });
  return deedResult(ctx, id);
}

export async function updateDeed(ctx: ServiceContext, input: ChannelParsedInput<'unitDeeds.update'>): Promise<UnitDeedRow> {
  await writeAudited(ctx, async (tx, audit) => {
    const stored = await storedForUpdate(tx, store.DEEDS, 'unitDeed', input.id, input.version);
    const after = merged(store.DEEDS, stored.fields, input);
    await checkOutcomePlaces(tx, after);
    await auditedUpdate(tx, audit, { spec: store.DEEDS, entity: 'unitDeed', id: input.id, before: stored.fields, after, expected: input.version, stored: stored.version, now: ctx.now().toISOString() });
  });
  return deedResult(ctx, input.id);
}

export async function deleteDeed(ctx: ServiceContext, input: ChannelParsedInput<'unitDeeds.delete'>): Promise<{ id: number }> {
  return writeAudited(ctx, async (tx, audit) => {
    const stored = await store.storedRecord(tx, store.DEEDS, input.id);
    if (!stored) throw notFound('unitDeed', input.id, 'id');
    await store.softDeleteRecord(tx, store.DEEDS, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'unitDeed', entityId: input.id, before: stored.fields, reason: input.reason });
    return { id: input.id };
  });
}

// ---- The 成效 summary --------------------------------------------------------------------------------------

/**
 * What a scope of units (some units, or a level and kind: "市直部门单位") did: teams sent and the people in them,
 * villages helped, projects (of them 产业发展), 争取资金 and 实事 — in a year, or in all years.
 */
export async function unitSummary(ctx: ServiceContext, input: ChannelParsedInput<'assistanceUnits.summary'>): Promise<AssistanceSummary> {
  const db = dataPort(ctx);
  const ids = await store.unitIds(db, { level: input.level, kind: input.kind, ids: input.unitIds });
  const today = todayOf(ctx);
  const year = input.year ?? null;
  const from = year === null ? '0000-01-01' : `${year}-01-01`;
  const to = year === null ? '9999-12-31' : `${year}-12-31`;
  const sent = await teams.teamsSentBy(db, ids, from, to);
  const figures = await store.outcomeFigures(db, ids, year, to < today ? to : today);
  return { year, units: ids.length, teams: sent.teams, membersSent: sent.members, ...figures, sentence: outcomeSentence({ teams: sent.teams, industryProjects: figures.industryProjects, fundsFen: figures.fundsFen }) };
}

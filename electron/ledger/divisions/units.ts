// 单位: departments, township governments, assisting units, enterprises. Soft-deleted, and only when no
// live project names them.
import type { ChannelParsedInput, UnitRow } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import { dataPort, type DataReader } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { getDivision } from './service';
import * as store from './store';
import type { UnitFields, UnitRecord } from './store';

function toRow(r: UnitRecord): UnitRow {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    divisionId: r.divisionId,
    contactPerson: r.contactPerson,
    phone: r.phone,
    remark: r.remark,
  };
}

export async function listUnits(ctx: ServiceContext): Promise<UnitRow[]> {
  return (await store.liveUnitRecords(dataPort(ctx))).map(toRow);
}

async function getUnit(db: DataReader, id: number): Promise<UnitRecord> {
  const row = await store.liveUnit(db, id);
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的单位，可能已被删除，请刷新后重试`);
  return row;
}

async function assertNameFree(db: DataReader, name: string, exceptId?: number): Promise<void> {
  const same = await store.liveUnitByName(db, name);
  if (same && same.id !== exceptId) throw new AppError('CONFLICT', `已有名为“${name}”的单位，请勿重复添加`, 'name');
}

export async function createUnit(ctx: ServiceContext, input: ChannelParsedInput<'units.create'>): Promise<UnitRow> {
  const db = dataPort(ctx);
  await assertNameFree(db, input.name);
  if (input.divisionId !== null) await getDivision(db, input.divisionId);
  return writeAudited(ctx, async (tx, audit) => {
    const id = await store.insertUnit(tx, input, ctx.now().toISOString());
    const row = toRow(await getUnit(tx, id));
    await audit.record({ action: 'create', entity: 'unit', entityId: id, after: row });
    return row;
  });
}

export async function updateUnit(ctx: ServiceContext, input: ChannelParsedInput<'units.update'>): Promise<UnitRow> {
  const db = dataPort(ctx);
  const current = await getUnit(db, input.id);
  const { id, ...changes } = input;
  if (changes.name !== undefined) await assertNameFree(db, changes.name, id);
  if (changes.divisionId !== undefined && changes.divisionId !== null) await getDivision(db, changes.divisionId);
  const defined: Partial<UnitFields> = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  if (Object.keys(defined).length === 0) return toRow(current);
  return writeAudited(ctx, async (tx, audit) => {
    await store.updateUnit(tx, id, defined, ctx.now().toISOString());
    const row = toRow(await getUnit(tx, id));
    await audit.record({ action: 'update', entity: 'unit', entityId: id, before: toRow(current), after: row });
    return row;
  });
}

export async function deleteUnit(ctx: ServiceContext, input: ChannelParsedInput<'units.delete'>): Promise<{ id: number }> {
  const db = dataPort(ctx);
  const current = await getUnit(db, input.id);
  const used = await store.countProjectsNamingUnit(db, input.id);
  if (used > 0) {
    throw new AppError('CONFLICT', `“${current.name}”是 ${used} 个项目的主管部门或实施单位，不能删除；请先修改这些项目`);
  }
  return writeAudited(ctx, async (tx, audit) => {
    await store.softDeleteUnit(tx, input.id, input.reason, ctx.now().toISOString());
    await audit.record({ action: 'delete', entity: 'unit', entityId: input.id, before: toRow(current), reason: input.reason });
    return { id: input.id };
  });
}

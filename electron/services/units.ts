// 单位: departments, township governments, assisting units, enterprises. Soft-deleted, and only when no
// live project names them.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { units } from '../../db/schema';
import type { ChannelParsedInput, UnitRow } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { writeWithAudit } from './audit';
import type { ServiceContext } from './context';
import { getDivision } from './divisions';

type UnitRecord = typeof units.$inferSelect;

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

export function listUnits(ctx: ServiceContext): UnitRow[] {
  return ctx.db.select().from(units).where(isNull(units.deletedAt)).orderBy(asc(units.kind), asc(units.name)).all().map(toRow);
}

function getUnit(ctx: ServiceContext, id: number): UnitRecord {
  const row = ctx.db
    .select()
    .from(units)
    .where(and(eq(units.id, id), isNull(units.deletedAt)))
    .get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的单位，可能已被删除，请刷新后重试`);
  return row;
}

function assertNameFree(ctx: ServiceContext, name: string, exceptId?: number): void {
  const same = ctx.db
    .select()
    .from(units)
    .where(and(eq(units.name, name), isNull(units.deletedAt)))
    .get();
  if (same && same.id !== exceptId) throw new AppError('CONFLICT', `已有名为“${name}”的单位，请勿重复添加`, 'name');
}

export function createUnit(ctx: ServiceContext, input: ChannelParsedInput<'units.create'>): UnitRow {
  assertNameFree(ctx, input.name);
  if (input.divisionId !== null) getDivision(ctx, input.divisionId);
  return writeWithAudit(ctx, (audit) => {
    const row = ctx.db.insert(units).values(input).returning().get();
    audit.record({ action: 'create', entity: 'unit', entityId: row.id, after: toRow(row) });
    return toRow(row);
  });
}

export function updateUnit(ctx: ServiceContext, input: ChannelParsedInput<'units.update'>): UnitRow {
  const current = getUnit(ctx, input.id);
  const { id, ...changes } = input;
  if (changes.name !== undefined) assertNameFree(ctx, changes.name, id);
  if (changes.divisionId !== undefined && changes.divisionId !== null) getDivision(ctx, changes.divisionId);
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  if (Object.keys(defined).length === 0) return toRow(current);
  return writeWithAudit(ctx, (audit) => {
    const row = ctx.db
      .update(units)
      .set({ ...defined, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
      .where(eq(units.id, id))
      .returning()
      .get();
    audit.record({ action: 'update', entity: 'unit', entityId: id, before: toRow(current), after: toRow(row) });
    return toRow(row);
  });
}

export function deleteUnit(ctx: ServiceContext, input: ChannelParsedInput<'units.delete'>): { id: number } {
  const current = getUnit(ctx, input.id);
  const used = ctx.sqlite
    .prepare('select count(*) from projects where deleted_at is null and (department_id = ? or implementer_id = ?)')
    .pluck()
    .get(input.id, input.id) as number;
  if (used > 0) {
    throw new AppError('CONFLICT', `“${current.name}”是 ${used} 个项目的主管部门或实施单位，不能删除；请先修改这些项目`);
  }
  return writeWithAudit(ctx, (audit) => {
    ctx.db
      .update(units)
      .set({ deletedAt: ctx.now().toISOString(), deleteReason: input.reason })
      .where(eq(units.id, input.id))
      .run();
    audit.record({ action: 'delete', entity: 'unit', entityId: input.id, before: toRow(current), reason: input.reason });
    return { id: input.id };
  });
}

// 区划: the county, its townships and villages. Codes are checked by shared/divisions; a division that
// anything refers to cannot be deleted.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { divisions } from '../../db/schema';
import type { ChannelParsedInput, DivisionRow } from '../../shared/api';
import { checkDivisionCode, DIVISION_LEVEL_LABEL } from '../../shared/divisions';
import { AppError } from '../../shared/errors';
import { writeWithAudit } from './audit';
import type { ServiceContext } from './context';
import { writeSetting } from './settings-store';

type DivisionRecord = typeof divisions.$inferSelect;

function toRow(r: DivisionRecord): DivisionRow {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    level: r.level,
    parentId: r.parentId,
    isPovertyVillage: r.isPovertyVillage,
    exitYear: r.exitYear,
    sortOrder: r.sortOrder,
  };
}

export function listDivisions(ctx: ServiceContext): DivisionRow[] {
  return ctx.db.select().from(divisions).orderBy(asc(divisions.code)).all().map(toRow);
}

export function getDivision(ctx: ServiceContext, id: number): DivisionRecord {
  const row = ctx.db.select().from(divisions).where(eq(divisions.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的区划，可能已被删除，请刷新后重试`);
  return row;
}

export function getCounty(ctx: ServiceContext): DivisionRecord | undefined {
  return ctx.db.select().from(divisions).where(eq(divisions.level, 'county')).get();
}

function assertCodeFree(ctx: ServiceContext, code: string, exceptId?: number): void {
  const holder = ctx.db.select().from(divisions).where(eq(divisions.code, code)).get();
  if (holder && holder.id !== exceptId) {
    throw new AppError('CONFLICT', `区划代码 ${code} 已被“${holder.name}”使用，请换一个代码`, 'code');
  }
}

function assertNameFree(ctx: ServiceContext, parentId: number, name: string, exceptId?: number): void {
  const sibling = ctx.db
    .select()
    .from(divisions)
    .where(and(eq(divisions.parentId, parentId), eq(divisions.name, name)))
    .get();
  if (sibling && sibling.id !== exceptId) {
    throw new AppError('CONFLICT', `同一上级下已有名为“${name}”的${DIVISION_LEVEL_LABEL[sibling.level]}，请勿重复添加`, 'name');
  }
}

function checkCode(code: string, level: DivisionRecord['level'], parentCode: string | null): void {
  const problem = checkDivisionCode(code, level, parentCode);
  if (problem) throw new AppError('VALIDATION', problem, 'code');
}

/** The first (and only) county of the ledger; also records its name in 设置. */
export function setupCounty(ctx: ServiceContext, input: ChannelParsedInput<'county.setup'>): DivisionRow {
  if (getCounty(ctx)) throw new AppError('CONFLICT', '本台账已经设置了县，如需修改请在“区划与单位”中编辑');
  checkCode(input.code, 'county', null);
  return writeWithAudit(ctx, (audit) => {
    const row = ctx.db.insert(divisions).values({ code: input.code, name: input.name, level: 'county' }).returning().get();
    writeSetting(ctx, 'countyName', input.name);
    audit.record({ action: 'create', entity: 'division', entityId: row.id, after: toRow(row) });
    return toRow(row);
  });
}

function expectedChildLevel(parent: DivisionRecord): 'township' | 'village' {
  if (parent.level === 'county') return 'township';
  if (parent.level === 'township') return 'village';
  throw new AppError('VALIDATION', `“${parent.name}”是村，不能在村下再添加区划`, 'parentId');
}

export function createDivision(ctx: ServiceContext, input: ChannelParsedInput<'divisions.create'>): DivisionRow {
  const parent = getDivision(ctx, input.parentId);
  const level = expectedChildLevel(parent);
  if (level !== input.level) {
    throw new AppError(
      'VALIDATION',
      `“${parent.name}”下只能添加${DIVISION_LEVEL_LABEL[level]}，不能添加${DIVISION_LEVEL_LABEL[input.level]}`,
      'level',
    );
  }
  checkCode(input.code, level, parent.code);
  assertCodeFree(ctx, input.code);
  assertNameFree(ctx, parent.id, input.name);
  return writeWithAudit(ctx, (audit) => {
    const row = ctx.db
      .insert(divisions)
      .values({
        code: input.code,
        name: input.name,
        level,
        parentId: parent.id,
        isPovertyVillage: level === 'village' ? input.isPovertyVillage : false,
        exitYear: level === 'village' ? input.exitYear : null,
      })
      .returning()
      .get();
    audit.record({ action: 'create', entity: 'division', entityId: row.id, after: toRow(row) });
    return toRow(row);
  });
}

export function updateDivision(ctx: ServiceContext, input: ChannelParsedInput<'divisions.update'>): DivisionRow {
  const current = getDivision(ctx, input.id);
  const parent = current.parentId ? getDivision(ctx, current.parentId) : null;
  const changes: Partial<DivisionRecord> = {};
  if (input.code !== undefined && input.code !== current.code) {
    checkCode(input.code, current.level, parent?.code ?? null);
    assertCodeFree(ctx, input.code, current.id);
    if (current.level !== 'village' && countChildren(ctx, current.id) > 0) {
      throw new AppError('CONFLICT', `“${current.name}”下已有下级区划，修改代码会使下级代码对不上；请先调整下级区划`, 'code');
    }
    changes.code = input.code;
  }
  if (input.name !== undefined && input.name !== current.name) {
    if (parent) assertNameFree(ctx, parent.id, input.name, current.id);
    changes.name = input.name;
  }
  if (current.level === 'village') {
    if (input.isPovertyVillage !== undefined) changes.isPovertyVillage = input.isPovertyVillage;
    if (input.exitYear !== undefined) changes.exitYear = input.exitYear ?? null;
  }
  if (Object.keys(changes).length === 0) return toRow(current);
  return writeWithAudit(ctx, (audit) => {
    const row = ctx.db
      .update(divisions)
      .set({ ...changes, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
      .where(eq(divisions.id, current.id))
      .returning()
      .get();
    if (changes.name !== undefined) invalidateProjectInitials(ctx, current.id);
    audit.record({ action: 'update', entity: 'division', entityId: row.id, before: toRow(current), after: toRow(row) });
    return toRow(row);
  });
}

export function moveDivision(ctx: ServiceContext, input: ChannelParsedInput<'divisions.move'>): DivisionRow {
  const current = getDivision(ctx, input.id);
  if (current.level !== 'village') {
    throw new AppError('VALIDATION', '只有村可以调整所属乡镇；乡镇直属于县', 'newParentId');
  }
  const newParent = getDivision(ctx, input.newParentId);
  if (newParent.level !== 'township') {
    throw new AppError('VALIDATION', `村只能移到乡镇下，“${newParent.name}”不是乡镇`, 'newParentId');
  }
  if (newParent.id === current.parentId) {
    throw new AppError('VALIDATION', `“${current.name}”已经属于“${newParent.name}”`, 'newParentId');
  }
  checkCode(input.newCode, 'village', newParent.code);
  assertCodeFree(ctx, input.newCode, current.id);
  assertNameFree(ctx, newParent.id, current.name);
  return writeWithAudit(ctx, (audit) => {
    const row = ctx.db
      .update(divisions)
      .set({ parentId: newParent.id, code: input.newCode, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
      .where(eq(divisions.id, current.id))
      .returning()
      .get();
    // Records that name the village also name its township: keep them consistent with the move.
    for (const table of ['projects', 'assets', 'findings', 'households']) {
      ctx.sqlite.prepare(`update ${table} set township_id = ? where village_id = ?`).run(newParent.id, current.id);
    }
    invalidateProjectInitials(ctx, current.id);
    audit.record({
      action: 'move',
      entity: 'division',
      entityId: row.id,
      before: toRow(current),
      after: toRow(row),
    });
    return toRow(row);
  });
}

/** Project search initials include place names: recompute them lazily (before the next search) after a rename or move. */
function invalidateProjectInitials(ctx: ServiceContext, divisionId: number): void {
  ctx.sqlite.prepare('update projects set search_initials = null where township_id = ? or village_id = ?').run(divisionId, divisionId);
}

function countChildren(ctx: ServiceContext, id: number): number {
  return ctx.sqlite.prepare('select count(*) from divisions where parent_id = ?').pluck().get(id) as number;
}

/** What still refers to a division, in words a clerk reads ("3 个项目、1 条问题"). */
export function divisionReferences(ctx: ServiceContext, id: number): string[] {
  const refs: string[] = [];
  const children = countChildren(ctx, id);
  if (children > 0) refs.push(`${children} 个下级区划`);
  const checks: Array<[string, string, string]> = [
    ['projects', '个项目', 'township_id = @id or village_id = @id'],
    ['assets', '项资产', 'township_id = @id or village_id = @id'],
    ['findings', '条问题', 'township_id = @id or village_id = @id'],
    ['households', '户受益户', 'township_id = @id or village_id = @id'],
    ['units', '个单位', 'division_id = @id'],
  ];
  for (const [table, noun, where] of checks) {
    const n = ctx.sqlite.prepare(`select count(*) from ${table} where ${where}`).pluck().get({ id }) as number;
    if (n > 0) refs.push(`${n} ${noun}`);
  }
  return refs;
}

export function deleteDivision(ctx: ServiceContext, id: number): { id: number } {
  const current = getDivision(ctx, id);
  if (current.level === 'county') {
    throw new AppError('VALIDATION', '县是台账的根，不能删除');
  }
  const refs = divisionReferences(ctx, id);
  if (refs.length > 0) {
    throw new AppError(
      'CONFLICT',
      `“${current.name}”下还有${refs.join('、')}，不能删除；请先把它们移到别处或删除后再试`,
    );
  }
  return writeWithAudit(ctx, (audit) => {
    ctx.db.delete(divisions).where(eq(divisions.id, id)).run();
    audit.record({ action: 'delete', entity: 'division', entityId: id, before: toRow(current) });
    return { id };
  });
}

/** The next free code under a parent, in the range that fits its kind (镇 100–199 first, 村委会 200–399). */
export function suggestCode(ctx: ServiceContext, parentId: number): { code: string } {
  const parent = getDivision(ctx, parentId);
  const level = expectedChildLevel(parent);
  const used = new Set(
    ctx.db
      .select({ code: divisions.code })
      .from(divisions)
      .where(eq(divisions.parentId, parentId))
      .all()
      .map((r) => r.code),
  );
  const ranges: Array<[number, number]> = level === 'township' ? [[100, 399], [1, 99]] : [[200, 399], [1, 199]];
  for (const [from, to] of ranges) {
    let lastUsed = from - 1;
    for (const code of used) {
      const n = Number(level === 'township' ? code.slice(6, 9) : code.slice(9, 12));
      if (n >= from && n <= to && n > lastUsed) lastUsed = n;
    }
    const next = lastUsed + 1;
    if (next <= to) {
      const part = String(next).padStart(3, '0');
      return { code: level === 'township' ? `${parent.code.slice(0, 6)}${part}000` : `${parent.code.slice(0, 9)}${part}` };
    }
  }
  throw new AppError('CONFLICT', `“${parent.name}”下的区划代码已用完，请手工填写代码`);
}

export function townshipByName(ctx: ServiceContext, name: string): DivisionRecord | undefined {
  return ctx.db
    .select()
    .from(divisions)
    .where(and(eq(divisions.level, 'township'), eq(divisions.name, name)))
    .get();
}

export function hasCounty(ctx: ServiceContext): boolean {
  return ctx.db.select({ id: divisions.id }).from(divisions).where(isNull(divisions.parentId)).get() !== undefined;
}

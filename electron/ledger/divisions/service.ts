// 区划: the county, its townships and villages. Codes are checked by shared/divisions; a division that
// anything refers to cannot be deleted.
import { assistanceReferences } from '../assistance/references';
import type { ChannelParsedInput, DivisionRow, ProjectTypeNode } from '../../../shared/api';
import { checkDivisionCode, DIVISION_LEVEL_LABEL } from '../../../shared/divisions';
import { AppError } from '../../../shared/errors';
import { writeAudited } from '../../platform/audited-write';
import { dataPort, type DataReader } from '../../platform/data-port';
import type { ServiceContext } from '../../platform/context';
import { writeSettingOn } from '../settings/store';
import * as assets from '../assets/store';
import * as projects from '../projects/store';
import * as findings from '../supervision/findings-store';
import * as store from './store';
import type { DivisionChanges, DivisionRecord } from './store';

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

export async function listDivisions(ctx: ServiceContext): Promise<DivisionRow[]> {
  return (await store.divisionRecords(dataPort(ctx))).map(toRow);
}

/** A division by id; a NOT_FOUND naming `field` when there is none. */
export async function getDivision(db: DataReader, id: number, field?: string): Promise<DivisionRecord> {
  const row = await store.divisionById(db, id);
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的区划，可能已被删除，请刷新后重试`, field);
  return row;
}

export async function getCounty(ctx: ServiceContext): Promise<DivisionRecord | undefined> {
  return store.countyRecord(dataPort(ctx));
}

async function assertCodeFree(db: DataReader, code: string, exceptId?: number): Promise<void> {
  const holder = await store.divisionByCode(db, code);
  if (holder && holder.id !== exceptId) {
    throw new AppError('CONFLICT', `区划代码 ${code} 已被“${holder.name}”使用，请换一个代码`, 'code');
  }
}

async function assertNameFree(db: DataReader, parentId: number, name: string, exceptId?: number): Promise<void> {
  const sibling = await store.childByName(db, parentId, name);
  if (sibling && sibling.id !== exceptId) {
    throw new AppError('CONFLICT', `同一上级下已有名为“${name}”的${DIVISION_LEVEL_LABEL[sibling.level]}，请勿重复添加`, 'name');
  }
}

function checkCode(code: string, level: DivisionRecord['level'], parentCode: string | null): void {
  const problem = checkDivisionCode(code, level, parentCode);
  if (problem) throw new AppError('VALIDATION', problem, 'code');
}

async function written(db: DataReader, id: number): Promise<DivisionRow> {
  return toRow(await getDivision(db, id));
}

/** The first (and only) county of the ledger; also records its name in 设置. */
export async function setupCounty(ctx: ServiceContext, input: ChannelParsedInput<'county.setup'>): Promise<DivisionRow> {
  if (await getCounty(ctx)) throw new AppError('CONFLICT', '本台账已经设置了县，如需修改请在“区划与单位”中编辑');
  checkCode(input.code, 'county', null);
  const at = ctx.now().toISOString();
  return writeAudited(ctx, async (tx, audit) => {
    const id = await store.insertDivision(tx, { code: input.code, name: input.name, level: 'county' }, at);
    await writeSettingOn(tx, 'countyName', input.name, at);
    const row = await written(tx, id);
    await audit.record({ action: 'create', entity: 'division', entityId: id, after: row });
    return row;
  });
}

function expectedChildLevel(parent: DivisionRecord): 'township' | 'village' {
  if (parent.level === 'county') return 'township';
  if (parent.level === 'township') return 'village';
  throw new AppError('VALIDATION', `“${parent.name}”是村，不能在村下再添加区划`, 'parentId');
}

export async function createDivision(ctx: ServiceContext, input: ChannelParsedInput<'divisions.create'>): Promise<DivisionRow> {
  const db = dataPort(ctx);
  const parent = await getDivision(db, input.parentId);
  const level = expectedChildLevel(parent);
  if (level !== input.level) {
    throw new AppError(
      'VALIDATION',
      `“${parent.name}”下只能添加${DIVISION_LEVEL_LABEL[level]}，不能添加${DIVISION_LEVEL_LABEL[input.level]}`,
      'level',
    );
  }
  checkCode(input.code, level, parent.code);
  await assertCodeFree(db, input.code);
  await assertNameFree(db, parent.id, input.name);
  return writeAudited(ctx, async (tx, audit) => {
    const id = await store.insertDivision(
      tx,
      {
        code: input.code,
        name: input.name,
        level,
        parentId: parent.id,
        isPovertyVillage: level === 'village' ? input.isPovertyVillage : false,
        exitYear: level === 'village' ? input.exitYear : null,
      },
      ctx.now().toISOString(),
    );
    const row = await written(tx, id);
    await audit.record({ action: 'create', entity: 'division', entityId: id, after: row });
    return row;
  });
}

export async function updateDivision(ctx: ServiceContext, input: ChannelParsedInput<'divisions.update'>): Promise<DivisionRow> {
  const db = dataPort(ctx);
  const current = await getDivision(db, input.id);
  const parent = current.parentId ? await getDivision(db, current.parentId) : null;
  const changes: DivisionChanges = {};
  if (input.code !== undefined && input.code !== current.code) {
    checkCode(input.code, current.level, parent?.code ?? null);
    await assertCodeFree(db, input.code, current.id);
    if (current.level !== 'village' && (await store.countChildren(db, current.id)) > 0) {
      throw new AppError('CONFLICT', `“${current.name}”下已有下级区划，修改代码会使下级代码对不上；请先调整下级区划`, 'code');
    }
    changes.code = input.code;
  }
  if (input.name !== undefined && input.name !== current.name) {
    if (parent) await assertNameFree(db, parent.id, input.name, current.id);
    changes.name = input.name;
  }
  if (current.level === 'village') {
    if (input.isPovertyVillage !== undefined) changes.isPovertyVillage = input.isPovertyVillage;
    if (input.exitYear !== undefined) changes.exitYear = input.exitYear ?? null;
  }
  if (Object.keys(changes).length === 0) return toRow(current);
  return writeAudited(ctx, async (tx, audit) => {
    await store.updateDivision(tx, current.id, changes, ctx.now().toISOString());
    if (changes.name !== undefined) await projects.clearInitialsInPlace(tx, current.id);
    const row = await written(tx, current.id);
    await audit.record({ action: 'update', entity: 'division', entityId: current.id, before: toRow(current), after: row });
    return row;
  });
}

export async function moveDivision(ctx: ServiceContext, input: ChannelParsedInput<'divisions.move'>): Promise<DivisionRow> {
  const db = dataPort(ctx);
  const current = await getDivision(db, input.id);
  if (current.level !== 'village') {
    throw new AppError('VALIDATION', '只有村可以调整所属乡镇；乡镇直属于县', 'newParentId');
  }
  const newParent = await getDivision(db, input.newParentId);
  if (newParent.level !== 'township') {
    throw new AppError('VALIDATION', `村只能移到乡镇下，“${newParent.name}”不是乡镇`, 'newParentId');
  }
  if (newParent.id === current.parentId) {
    throw new AppError('VALIDATION', `“${current.name}”已经属于“${newParent.name}”`, 'newParentId');
  }
  checkCode(input.newCode, 'village', newParent.code);
  await assertCodeFree(db, input.newCode, current.id);
  await assertNameFree(db, newParent.id, current.name);
  return writeAudited(ctx, async (tx, audit) => {
    await store.updateDivision(tx, current.id, { parentId: newParent.id, code: input.newCode }, ctx.now().toISOString());
    // Records that name the village also name its township: each area's store keeps its own consistent.
    await projects.followVillageMove(tx, current.id, newParent.id);
    await assets.followVillageMove(tx, current.id, newParent.id);
    await findings.followVillageMove(tx, current.id, newParent.id);
    await projects.clearInitialsInPlace(tx, current.id);
    const row = await written(tx, current.id);
    await audit.record({ action: 'move', entity: 'division', entityId: current.id, before: toRow(current), after: row });
    return row;
  });
}

const REFERENCE_NOUN = { projects: '个项目', assets: '项资产', findings: '条问题', households: '户受益户', units: '个单位' } as const;

/** What still refers to a division, in words a clerk reads ("3 个项目、1 条问题"). */
export async function divisionReferences(db: DataReader, id: number): Promise<string[]> {
  const refs: string[] = [];
  const children = await store.countChildren(db, id);
  if (children > 0) refs.push(`${children} 个下级区划`);
  const counts = await store.divisionReferenceCounts(db, id);
  for (const key of Object.keys(REFERENCE_NOUN) as Array<keyof typeof REFERENCE_NOUN>) {
    if (counts[key] > 0) refs.push(`${counts[key]} ${REFERENCE_NOUN[key]}`);
  }
  refs.push(...(await assistanceReferences(db, 'division', [id])));
  return refs;
}

export async function deleteDivision(ctx: ServiceContext, id: number): Promise<{ id: number }> {
  const db = dataPort(ctx);
  const current = await getDivision(db, id);
  if (current.level === 'county') {
    throw new AppError('VALIDATION', '县是台账的根，不能删除');
  }
  const refs = await divisionReferences(db, id);
  if (refs.length > 0) {
    throw new AppError('CONFLICT', `“${current.name}”下还有${refs.join('、')}，不能删除；请先把它们移到别处或删除后再试`);
  }
  return writeAudited(ctx, async (tx, audit) => {
    await store.deleteDivision(tx, id);
    await audit.record({ action: 'delete', entity: 'division', entityId: id, before: toRow(current) });
    return { id };
  });
}

/** The next free code under a parent, in the range that fits its kind (镇 100–199 first, 村委会 200–399). */
export async function suggestCode(ctx: ServiceContext, parentId: number): Promise<{ code: string }> {
  const db = dataPort(ctx);
  const parent = await getDivision(db, parentId);
  const level = expectedChildLevel(parent);
  const used = new Set(await store.childCodes(db, parentId));
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

/** 项目类型 → 子类型 as a tree, in the office's order. */
export async function listProjectTypes(ctx: ServiceContext): Promise<ProjectTypeNode[]> {
  const rows = await store.projectTypeRecords(dataPort(ctx));
  const top: ProjectTypeNode[] = rows
    .filter((r) => r.parentId === null)
    .map((r) => ({ id: r.id, name: r.name, aliases: r.aliases, sortOrder: r.sortOrder, children: [] }));
  const byId = new Map(top.map((t) => [t.id, t]));
  for (const r of rows) {
    if (r.parentId === null) continue;
    byId.get(r.parentId)?.children.push({ id: r.id, name: r.name, aliases: r.aliases, sortOrder: r.sortOrder });
  }
  return top;
}

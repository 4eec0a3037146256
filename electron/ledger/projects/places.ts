// What a project (and an asset, a finding) points at must exist and fit together: a township and a village in
// it, a 项目类型 大类 and its 子类型, live units. Each check throws the clerk's sentence at its field.
import { AppError } from '../../../shared/errors';
import type { DataReader } from '../../platform/data-port';
import { divisionRef, liveUnitExists, projectTypeRef, type DivisionRef } from './store';

/**
 * The rule of a township/village pair, on the rows read for them (undefined: no such division): both exist,
 * have the right level, and the village lies in the township. A village without a township brings its
 * township along.
 */
export function placeRefusal(
  townshipId: number | null,
  township: DivisionRef | null | undefined,
  villageId: number | null,
  village: DivisionRef | null | undefined,
): { townshipId: number | null; villageId: number | null } {
  if (townshipId !== null) {
    if (!township) throw new AppError('VALIDATION', `区划中没有编号为 ${townshipId} 的乡镇，请重新选择乡镇`, 'townshipId');
    if (township.level !== 'township') throw new AppError('VALIDATION', `“${township.name}”不是乡镇，请重新选择乡镇`, 'townshipId');
  }
  if (villageId === null) return { townshipId, villageId };
  if (!village) throw new AppError('VALIDATION', `区划中没有编号为 ${villageId} 的村，请重新选择村`, 'villageId');
  if (village.level !== 'village') throw new AppError('VALIDATION', `“${village.name}”不是村，请重新选择村`, 'villageId');
  if (township && village.parentId !== township.id) {
    throw new AppError('VALIDATION', `“${village.name}”不属于“${township.name}”，请重新选择村或乡镇`, 'villageId');
  }
  return { townshipId: township ? township.id : village.parentId, villageId };
}

/** Check a township/village pair (shared with assets and findings). */
export async function resolvePlace(db: DataReader, townshipId: number | null, villageId: number | null): Promise<{ townshipId: number | null; villageId: number | null }> {
  const township = townshipId === null ? null : await divisionRef(db, townshipId);
  const village = villageId === null ? null : await divisionRef(db, villageId);
  return placeRefusal(townshipId, township, villageId, village);
}

/** The two-level type dictionary: a 大类 and a 子类型 of it; a 子类型 alone brings its 大类 along. */
export async function resolveTypes(db: DataReader, categoryId: number | null, subcategoryId: number | null): Promise<{ categoryId: number | null; subcategoryId: number | null }> {
  const category = categoryId === null ? undefined : await projectTypeRef(db, categoryId);
  if (categoryId !== null) {
    if (!category) throw new AppError('VALIDATION', `项目类型字典中没有编号为 ${categoryId} 的类型，请重新选择项目类型`, 'categoryId');
    if (category.parentId !== null) throw new AppError('VALIDATION', `“${category.name}”是子类型，请在“项目类型”中选择大类`, 'categoryId');
  }
  if (subcategoryId === null) return { categoryId, subcategoryId };
  const sub = await projectTypeRef(db, subcategoryId);
  if (!sub) throw new AppError('VALIDATION', `项目类型字典中没有编号为 ${subcategoryId} 的子类型，请重新选择子类型`, 'subcategoryId');
  if (sub.parentId === null) throw new AppError('VALIDATION', `“${sub.name}”是大类，不是子类型，请重新选择子类型`, 'subcategoryId');
  if (category && sub.parentId !== category.id) {
    throw new AppError('VALIDATION', `子类型“${sub.name}”不属于“${category.name}”，请重新选择子类型`, 'subcategoryId');
  }
  return { categoryId: category ? category.id : sub.parentId, subcategoryId };
}

export async function assertUnit(db: DataReader, id: number | null, label: string, field: string): Promise<void> {
  if (id === null) return;
  if (!(await liveUnitExists(db, id))) throw new AppError('VALIDATION', `单位中没有编号为 ${id} 的${label}（可能已被删除），请重新选择${label}`, field);
}

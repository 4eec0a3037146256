// A version per row (issue 16, several clerks on one ledger): every UPDATE of a ledger row a clerk edits through
// a form bumps its `version`; a form's save names the version it loaded and the UPDATE matches only that
// version (`where id = ? and version = ?`). When another clerk saved the row in between, nothing matches and
// the save is refused with who changed it and when, read from the audit trail. Writers without a form (the
// import, 撤销导入) bump the version without naming one, so a form loaded before them is refused too.
import { AUDIT_ENTITY_LABEL } from '../../shared/api-audit';
import { officeDateTime } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { lastWriteTo } from './audited-write';
import type { DataReader, SqlValue } from './data-port';

/** The audit entity of a versioned row, or its entities when its audit rows go by several (the first names it). */
export type VersionedEntity = string | readonly string[];

/** The SET item every UPDATE of a versioned row carries. */
export const BUMP_VERSION = 'version = version + 1';

/** The WHERE tail of an UPDATE: the row only while at the version the form loaded (nothing when none was named). */
export function versionCondition(expected: number | undefined): { sql: string; params: SqlValue[] } {
  return expected === undefined ? { sql: '', params: [] } : { sql: ' and version = ?', params: [expected] };
}

/**
 * The refusal of a save whose row moved on since the form loaded it: who wrote the row last and when (its
 * newest audit row). The form shows the newer values and keeps what the clerk typed, as the sentence says.
 */
export async function staleSaveRefusal(db: DataReader, entity: VersionedEntity, id: number): Promise<AppError> {
  const label = AUDIT_ENTITY_LABEL[typeof entity === 'string' ? entity : (entity[0] ?? '')] ?? '';
  const last = await lastWriteTo(db, entity, id);
  const who = last ? `已被 ${last.operator} 于 ${officeDateTime(last.at)} 修改` : '已被他人修改';
  return new AppError('STALE', `这条${label}记录${who}，您的修改未保存。已显示最新内容，您填写的内容保留在表单中，请核对后再保存。`);
}

/**
 * Refuse at once when the form's version is not the stored one (`expected` absent: a caller with no form, not
 * checked). The guarded UPDATE then holds the same check against a save that slips in meanwhile.
 */
export async function assertVersion(db: DataReader, entity: VersionedEntity, id: number, stored: number, expected: number | undefined): Promise<void> {
  if (expected !== undefined && expected !== stored) throw await staleSaveRefusal(db, entity, id);
}

/** After a guarded UPDATE: no row changed means the version moved on under it. */
export async function assertUpdated(db: DataReader, entity: VersionedEntity, id: number, changes: number): Promise<void> {
  if (changes === 0) throw await staleSaveRefusal(db, entity, id);
}

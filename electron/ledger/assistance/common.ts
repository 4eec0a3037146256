// What the 帮扶力量 services share: the office's today and month, the places and records a row points at (each
// refusal a Chinese sentence at its field), and the versioned, audited update every editable record goes through.
import { AUDIT_ENTITY_LABEL } from '../../../shared/api-audit';
import { localToday } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { monthFirstDay, monthLastDay } from '../../../shared/assistance/rules';
import type { AuditTrailWriter } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import type { DataReader, DataWriter } from '../../platform/data-port';
import { assertUpdated, assertVersion } from '../../platform/row-version';
import { divisionById, type DivisionRecord } from '../divisions/store';
import { townshipIdByName } from '../funds/payments-list';
import { fieldsOf, storedRecord, updateRecord, type RecordTable } from './record-sql';
import type { MonthSpan } from './teams-store';

export function todayOf(ctx: ServiceContext): string {
  return localToday(ctx.now());
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function spanOf(month: string): MonthSpan {
  return { first: monthFirstDay(month), last: monthLastDay(month) };
}

/** The township a list is filtered by, from its name (with or without 镇/乡), or undefined when none is given. */
export async function townshipFilter(ctx: ServiceContext, name: string | undefined): Promise<number | undefined> {
  return name === undefined || name === '' ? undefined : townshipIdByName(ctx, name);
}

export function notFound(entity: string, id: number, field?: string): AppError {
  return new AppError('NOT_FOUND', `找不到编号为 ${id} 的${AUDIT_ENTITY_LABEL[entity] ?? '记录'}，可能已被删除，请刷新后重试`, field);
}

/** A division of the level asked, or the sentence at `field`. */
async function divisionOfLevel(db: DataReader, id: number, level: 'township' | 'village', field: string): Promise<DivisionRecord> {
  const word = level === 'township' ? '乡镇' : '村';
  const d = await divisionById(db, id);
  if (!d) throw new AppError('VALIDATION', `区划中没有编号为 ${id} 的${word}，请重新选择${word}`, field);
  if (d.level !== level) throw new AppError('VALIDATION', `“${d.name}”不是${word}，请重新选择${word}`, field);
  return d;
}

export const requireVillage = (db: DataReader, id: number, field = 'villageId') => divisionOfLevel(db, id, 'village', field);
export const requireTownship = (db: DataReader, id: number, field = 'townshipId') => divisionOfLevel(db, id, 'township', field);

/**
 * The stored record a form's save changes, refused when it is gone or when another clerk saved it since the form
 * loaded it: the stale form is told so before any other refusal (what it shows may be the reason for that one).
 */
export async function storedForUpdate<F>(db: DataReader, spec: RecordTable<F>, entity: string, id: number, expected: number): Promise<{ fields: F; version: number }> {
  const stored = await storedRecord(db, spec, id);
  if (!stored) throw notFound(entity, id, 'id');
  await assertVersion(db, entity, id, stored.version, expected);
  return stored;
}

/** `before` with the input's defined values laid over it, field by field of the record. */
export function merged<F>(spec: RecordTable<F>, before: F, input: Partial<Record<keyof F, unknown>>): F {
  const out = { ...before };
  for (const k of fieldsOf(spec)) if (input[k] !== undefined) (out as Record<keyof F, unknown>)[k] = input[k];
  return out;
}

export interface AuditedUpdate<F> {
  spec: RecordTable<F>;
  entity: string;
  id: number;
  before: F;
  after: F;
  /** The version the form loaded (checked before anything is written), and the stored one. */
  expected: number | undefined;
  stored: number;
  now: string;
  action?: string;
  reason?: string | null;
  /** The audit's copy of values (an ID number masked). */
  forAudit?: (values: Partial<F>) => Partial<F>;
}

/**
 * Write the fields that changed, at the version the form loaded, with one audit row of their values before and
 * after; a stale version is refused with who saved last (row-version.ts). Nothing changed: nothing is written.
 */
export async function auditedUpdate<F>(tx: DataWriter, audit: AuditTrailWriter, u: AuditedUpdate<F>): Promise<boolean> {
  await assertVersion(tx, u.entity, u.id, u.stored, u.expected);
  const changed = fieldsOf(u.spec).filter((k) => JSON.stringify(u.after[k] ?? null) !== JSON.stringify(u.before[k] ?? null));
  if (changed.length === 0) return false;
  const pick = (from: F): Partial<F> => {
    const values = Object.fromEntries(changed.map((k) => [k, from[k] ?? null])) as Partial<F>;
    return u.forAudit ? u.forAudit(values) : values;
  };
  const changes = Object.fromEntries(changed.map((k) => [k, u.after[k] ?? null])) as Partial<F>;
  await assertUpdated(tx, u.entity, u.id, await updateRecord(tx, u.spec, u.id, changes, u.now, u.expected));
  await audit.record({ action: u.action ?? 'update', entity: u.entity, entityId: u.id, before: pick(u.before), after: pick(u.after), reason: u.reason ?? null });
  return true;
}

// A live inspection or finding by its id, or the Chinese NOT_FOUND a clerk sees at the field that named it.
import { AppError } from '../../../shared/errors';
import type { DataReader } from '../../platform/data-port';
import { findingRecord, type FindingRecord } from './findings-store';
import { inspectionRecord, type InspectionRecord } from './inspections-store';

export async function requireInspection(db: DataReader, id: number, field = 'inspectionId'): Promise<InspectionRecord> {
  const row = await inspectionRecord(db, id);
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的检查，可能已被删除，请刷新后重试`, field);
  return row;
}

export async function requireFinding(db: DataReader, id: number, field = 'id'): Promise<FindingRecord> {
  const row = await findingRecord(db, id);
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的问题，可能已被删除，请刷新后重试`, field);
  return row;
}

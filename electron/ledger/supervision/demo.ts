// The demo county's inspections, findings and their steps go in through the supervision store's INSERTs (by
// field name), synchronously inside the demo's one transaction and stamped with the load's one instant.
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from '../../../db/open';
import { findingInsert, INSERT_STEP_SQL, insertStepParams, type FindingInsert, type FindingStep } from './findings-store';
import { INSERT_INSPECTION_SQL, insertInspectionParams, type InspectionColumns } from './inspections-store';

export interface DemoSupervisionWriter {
  inspection(fields: InspectionColumns): number;
  finding(values: FindingInsert): number;
  step(step: FindingStep): void;
}

export function demoSupervisionWriter(sqlite: SqliteDb, stamp: string): DemoSupervisionWriter {
  const prepared = new Map<string, Statement<unknown[]>>();
  const insert = (sql: string, params: unknown[]): number => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = sqlite.prepare<unknown[]>(sql);
      prepared.set(sql, statement);
    }
    return Number((statement.get(...params) as { id: number }).id);
  };
  return {
    inspection: (fields) => insert(INSERT_INSPECTION_SQL, insertInspectionParams(fields, stamp)),
    finding: (values) => {
      const { sql, params } = findingInsert(values, stamp);
      return insert(sql, params);
    },
    step: (step) => {
      insert(INSERT_STEP_SQL, insertStepParams(step, stamp));
    },
  };
}

// The demo county's projects and households go in through the projects store (its INSERTs, by field name),
// synchronously inside the demo's one transaction, stamped with the load's one instant. The pinyin initials
// are computed as each project goes in, so the first keyword search finds them without a catch-up pass.
import type { SqliteDb } from '../../../db/open';
import { searchInitialsFor } from './search';
import type { HouseholdFields, ProjectFields } from './store';
import { insertHouseholdNow, insertProjectNow } from './store-sync';

export interface DemoProjectWriter {
  /** A project in the given township (and village); returns its id. */
  project(fields: ProjectFields, township: string, village: string | null): number;
  household(fields: HouseholdFields): number;
}

export function demoProjectWriter(sqlite: SqliteDb, stamp: string): DemoProjectWriter {
  return {
    project: (fields, township, village) =>
      insertProjectNow(sqlite, fields, { searchInitials: searchInitialsFor(fields.name, township, village), importBatchId: null }, stamp),
    household: (fields) => insertHouseholdNow(sqlite, fields, null, stamp),
  };
}

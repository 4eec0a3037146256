// What of 帮扶力量 names a place, a household or a project of another area: 区划与单位 refuses to delete a division,
// and 撤销导入 to remove the households, projects and places a batch created, while these rows need them.
import type { DataReader } from '../../platform/data-port';
import { countNaming as pairingRows } from './pairings-store';
import { teamsInVillages } from './teams-store';
import { countNaming as unitRows } from './units-store';

export type ReferencedRecord = 'division' | 'household' | 'project';

/** "2 个驻村工作队", "1 条结对帮扶记录", … naming any of `ids` (nothing when none does). */
export async function assistanceReferences(db: DataReader, kind: ReferencedRecord, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const counts: Array<[number, string]> =
    kind === 'household'
      ? [
          [await pairingRows(db, 'pairings', 'household_id', ids), '条结对帮扶记录'],
          [await pairingRows(db, 'assistance_visits', 'household_id', ids), '条走访记录'],
        ]
      : kind === 'project'
        ? [
            [await unitRows(db, 'unit_projects', 'project_id', ids), '条帮扶单位成效（项目）'],
            [await unitRows(db, 'unit_funds', 'project_id', ids), '条争取资金记录'],
          ]
        : [
            [await teamsInVillages(db, ids), '个驻村工作队'],
            [await unitRows(db, 'village_links', 'village_id', ids), '条包联记录'],
            [await unitRows(db, 'township_leaders', 'township_id', ids), '条县级领导联系记录'],
            [await unitRows(db, 'unit_funds', 'village_id', ids), '条争取资金记录'],
            [await unitRows(db, 'unit_deeds', 'village_id', ids), '条帮扶实事'],
            [await pairingRows(db, 'assistance_visits', 'village_id', ids), '条走访记录'],
          ];
  return counts.filter(([n]) => n > 0).map(([n, noun]) => `${n} ${noun}`);
}

// What a bulk writer (the demo county: a million payments at scale 100) leaves in the trail so that 校验 can
// replay its records: `createMany` rows, each carrying the checked fields (spec.ts) of up to CHUNK records in
// id order — { fields: [...], rows: [[id, v1, v2, …], …] } — and one `set` row per allocation for its split.
//
// Why not one create row per record (what the imports write): at scale 100 that is 1.3 million rows, each
// with its JSON, hash and index entries; the load would take several times longer and the file grow by
// hundreds of MB. Why not a digest per record: a digest says THAT a record differs, not what it was; 校验
// must show the value the trail holds beside the table's. A chunk row carries the values at ~30 bytes a
// record, is hashed into the chain like any row (so editing it breaks the chain), and is read back one chunk
// at a time.
import type { AuditTrailWriter } from '../../../platform/audited-write';
import type { DataReader } from '../../../platform/data-port';
import { columnOf, SPLITS_ENTITY, TABLE_CHECKS } from './spec';

const CHUNK = 10_000;

/**
 * Record every row of the checked tables (written in this transaction of the port, `tx`) in the trail. The
 * columns are read under aliases c0, c1, … that are neither repeated nor integer-like, so each row object holds
 * its values in the select's order, the spec's, on either engine.
 */
export async function recordBulkCreated(tx: DataReader, audit: AuditTrailWriter): Promise<number> {
  let rows = 0;
  for (const t of TABLE_CHECKS) {
    const fields = [...t.fields];
    const aliases = ['id', ...fields.map(columnOf)].map((column, i) => `${column} as c${i}`).join(', ');
    // A page at a time: the whole table of a large demo would not fit one chunk row.
    for (let last = 0; ; ) {
      const page = await tx.all<Record<string, unknown>>(`select ${aliases} from ${t.table} where id > ? order by id limit ${CHUNK}`, [last]);
      if (page.length === 0) break;
      const chunk = page.map((r) => Object.values(r));
      await audit.record({ action: 'createMany', entity: t.entity, after: { fields, rows: chunk } });
      rows += 1;
      last = Number(chunk[chunk.length - 1]![0]);
    }
  }
  let allocationId: number | null = null;
  let split: Array<{ projectId: number; amountFen: number }> = [];
  const flushSplit = async () => {
    if (allocationId !== null) await audit.record({ action: 'set', entity: SPLITS_ENTITY, entityId: allocationId, before: [], after: split });
    split = [];
  };
  const splits = await tx.all<{ a: number; projectId: number; amountFen: number }>(
    'select allocation_id as a, project_id as "projectId", amount_fen as "amountFen" from allocation_splits order by allocation_id, project_id',
  );
  for (const { a, projectId, amountFen } of splits) {
    if (a !== allocationId) {
      await flushSplit();
      allocationId = a;
      rows += 1;
    }
    split.push({ projectId, amountFen });
  }
  await flushSplit();
  return rows;
}

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
import type { AuditRecorder } from '../../../platform/audit';
import type { ServiceContext } from '../../../platform/context';
import { columnOf, SPLITS_ENTITY, TABLE_CHECKS } from './spec';

const CHUNK = 10_000;

/** Record every row of the checked tables (written by raw SQL in this transaction) in the trail. */
export function recordBulkCreated(ctx: ServiceContext, audit: AuditRecorder): number {
  let rows = 0;
  for (const t of TABLE_CHECKS) {
    const fields = [...t.fields];
    // A page at a time: no statement may be mid-iteration while the recorder inserts.
    const page = ctx.sqlite.prepare(`select id, ${fields.map(columnOf).join(', ')} from ${t.table} where id > ? order by id limit ${CHUNK}`).raw();
    for (let last = 0; ; ) {
      const chunk = page.all(last) as unknown[][];
      if (chunk.length === 0) break;
      audit.record({ action: 'createMany', entity: t.entity, after: { fields, rows: chunk } });
      rows += 1;
      last = chunk[chunk.length - 1]![0] as number;
    }
  }
  let allocationId: number | null = null;
  let split: Array<{ projectId: number; amountFen: number }> = [];
  const flushSplit = () => {
    if (allocationId !== null) audit.record({ action: 'set', entity: SPLITS_ENTITY, entityId: allocationId, before: [], after: split });
    split = [];
  };
  const splits = ctx.sqlite.prepare('select allocation_id, project_id, amount_fen from allocation_splits order by allocation_id, project_id').raw().all() as Array<[number, number, number]>;
  for (const [a, projectId, amountFen] of splits) {
    if (a !== allocationId) {
      flushSplit();
      allocationId = a;
      rows += 1;
    }
    split.push({ projectId, amountFen });
  }
  flushSplit();
  return rows;
}

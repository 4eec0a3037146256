// Issue 13's figures: 校验's table check (账实核对: the tables replayed against the trail) at demo scale (< 1 s)
// and at the bench scale (scale 100: < 30 s, with progress), beside a plain full read of the same columns of
// the same tables — the floor any check that looks at every record pays. Also the hash-chain walk and the
// whole 校验 (chain + anchors + tables, without recording itself).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { verifyChain } from '../../electron/ledger/audit/trail';
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { verifyLedger } from '../../electron/ledger/audit/verify/service';
import { columnOf, TABLE_CHECKS } from '../../electron/ledger/audit/verify/spec';
import { checkTables } from '../../electron/ledger/audit/verify/tables';
import type { BenchSuite } from './run';

async function ms(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return Math.round(performance.now() - start);
}

/** Every checked column of every checked table, read once, nothing compared. */
function plainRead(ledger: LedgerHandle): number {
  let n = 0;
  for (const t of TABLE_CHECKS) {
    const cols = t.softDelete ? ['deleted_at', ...t.fields.map(columnOf)] : t.fields.map(columnOf);
    for (const _row of ledger.sqlite.prepare(`select id, ${cols.join(', ')} from ${t.table} order by id`).raw().iterate()) n += 1;
  }
  for (const _row of ledger.sqlite.prepare('select allocation_id, project_id, amount_fen from allocation_splits order by allocation_id, project_id').raw().iterate()) n += 1;
  return n;
}

async function measure(ledger: LedgerHandle) {
  let events = 0;
  let rows = 0;
  const read = await ms(() => {
    rows = plainRead(ledger);
  });
  let checked = 0;
  let problems = 0;
  const tables = await ms(async () => {
    const r = await checkTables(ledger, () => {
      events += 1;
    });
    checked = r.checked;
    problems = r.problemCount;
  });
  const chain = await ms(() => verifyChain(ledger));
  let ok = false;
  const whole = await ms(async () => {
    ok = (await verifyLedger(ledger, { record: false })).ok;
  });
  return { rows, plainReadMs: read, tablesMs: tables, checked, problems, progressEvents: events, chainMs: chain, wholeMs: whole, ok };
}

export const verifySuite: BenchSuite = {
  name: 'verify',
  async run({ scale, ledger, workDir }) {
    const small = openLedger({ dbFile: path.join(workDir, 'verify-demo.db'), door: 'cli' });
    await loadDemoData(small, { scale: 1 });
    const demo = await measure(small);
    small.close();
    const big = await measure(ledger);
    const row = (label: string, m: Awaited<ReturnType<typeof measure>>) => ({
      name: `校验 tables vs trail, ${label} (${m.checked.toLocaleString('en')} records)`,
      value: `${(m.tablesMs / 1000).toFixed(2)} s`,
      note: `plain full read of the same tables ${(m.plainReadMs / 1000).toFixed(2)} s; ${m.progressEvents} progress events; chain ${(m.chainMs / 1000).toFixed(2)} s; whole 校验 ${(m.wholeMs / 1000).toFixed(2)} s; ${m.ok ? 'clean' : `${m.problems} PROBLEMS`}`,
    });
    return { data: { demoScale1: demo, [`scale${scale}`]: big }, rows: [row('demo scale 1', demo), row(`scale ${scale}`, big)] };
  },
};

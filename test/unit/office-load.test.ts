// The load test of issue 16, small: 3 client processes × 40 mixed writes (projects, 资金下达 and their split, 拨付,
// 问题, 佐证材料, 整改进展, edits of one shared project from forms loaded earlier) on one database of the run's
// PostgreSQL cluster, through the same clients and checks as `npm run bench -- load` (test/helpers/office-load.ts).
// No error but the deliberate conflicts, the ledger's totals the sums the clients report, and 校验 passes — run
// while they write and after. Timings
// are the bench's business: CI machines are too noisy to assert them.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/ledger';
import { runLoad, seedLoadLedger } from '../helpers/office-load';
import { migratedDatabase } from '../helpers/pg-server';

const CLIENTS = 3;
const WRITES = 40;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('several client processes writing on one office server at once', () => {
  it(`${CLIENTS} clients × ${WRITES} mixed writes: nothing lost or doubled, only the deliberate conflicts refused, 校验 passes`, async () => {
    const dir = tempDir('office-load-');
    dirs.push(dir);
    const seed = await seedLoadLedger(await migratedDatabase(), CLIENTS, dir);
    const run = await runLoad(seed, { clients: CLIENTS, writes: WRITES });

    expect(run.problems).toEqual([]);
    expect(run.clients.map((c) => c.samples.length)).toEqual(Array(CLIENTS).fill(WRITES));
    // Each client saved once from a form it had itself saved meanwhile (every 4th project edit), and was refused.
    expect(run.clients.map((c) => c.staleFormsRefused)).toEqual(Array(CLIENTS).fill(1));
    // The shared project's edits from forms loaded at the start of a cycle: each accepted or refused as stale.
    expect(run.clients.map((c) => c.sharedEdits.accepted + c.sharedEdits.refused)).toEqual(Array(CLIENTS).fill(WRITES / 10));
    // What the clients wrote is in the ledger, no more, no less (the run's own check, restated on two sums).
    expect(run.after.paymentFen - run.before.paymentFen).toBe(run.clients.reduce((sum, c) => sum + c.wrote.paymentFen, 0));
    expect(run.after.projects - run.before.projects).toBe(run.clients.reduce((sum, c) => sum + c.wrote.projects, 0));
    expect(run.sharedProjectVersions.after - run.sharedProjectVersions.before).toBe(run.clients.reduce((n, c) => n + c.sharedEdits.accepted, 0));
    // 校验 run while they wrote found the ledger 完整 each time (problems would be listed above), and so does the last.
    expect(run.verifiesDuring.runs).toBeGreaterThan(0);
    expect(run.verify).toMatchObject({ ok: true, problemCount: 0 });
  }, 90_000);
});

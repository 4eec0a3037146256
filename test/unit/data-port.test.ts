// The data port (electron/platform/data-port.ts) on both of its engines, better-sqlite3 and PostgreSQL
// (electron/platform/postgres-port.ts, on a migrated database of the run's throwaway cluster): writes only
// inside a transaction, a transaction all or nothing, a reader never sees half of one, a read from inside a
// transaction joining it, bulk inserts, numbers as numbers, and audited writes on one valid hash chain.
// Then what only SQLite has: the synchronous services' writer on the same chain, and 恢复's file swap.
import { afterEach, describe, expect, it } from 'vitest';
import { readAnchorFile } from '../../db/anchor';
import { verifyChainOnPort, writeAudited, writeAuditedOn } from '../../electron/platform/audited-write';
import { dataPort, placeholders, type DataPort } from '../../electron/platform/data-port';
import { verifyAuditChain } from '../../electron/platform/audit';
import { replaceLedgerFile } from '../../electron/platform/context';
import { tempLedger, type TempLedger } from '../helpers/ledger';
import { PORT_ENGINES, type PortLedger } from '../helpers/port-engines';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const insertSetting = "insert into settings (key, value, updated_at) values (?, ?, '2026-12-07T02:00:00.000Z')";
const EVENT = { operator: '张三', at: '2026-12-07T02:00:00.000Z' };

async function settingsCount(port: DataPort): Promise<number> {
  return (await port.get<{ n: number }>("select count(*) as n from settings where key like 'port.%'"))?.n ?? -1;
}

describe.each(PORT_ENGINES)('data port on $name', (engine) => {
  const opened: PortLedger[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((l) => l.close()));
  });
  async function open(): Promise<PortLedger> {
    const l = await engine.open();
    opened.push(l);
    return l;
  }

  it('commits a transaction that resolves and rolls back one that throws, leaving nothing of it', async () => {
    const l = await open();
    await l.port.transaction(async (tx) => {
      await tx.run(insertSetting, ['port.a', '1']);
    });
    await expect(
      l.port.transaction(async (tx) => {
        await tx.run(insertSetting, ['port.b', '2']);
        await pause(5);
        throw new Error('refused half-way');
      }),
    ).rejects.toThrow('refused half-way');
    expect(await settingsCount(l.port)).toBe(1);
    expect(l.idle()).toBe(true);
  });

  it('never shows a reader half of a transaction', async () => {
    const l = await open();
    const seen: number[] = [];
    const writing = l.port.transaction(async (tx) => {
      await tx.run(insertSetting, ['port.a', '1']);
      await pause(30); // real waiting inside the transaction: other work gets the event loop meanwhile
      await tx.run(insertSetting, ['port.b', '2']);
    });
    const reading = (async () => {
      await pause(10);
      seen.push(await settingsCount(l.port));
    })();
    await Promise.all([writing, reading]);
    expect(seen).toEqual([engine.readDuringTransaction === 'after' ? 2 : 0]);
    expect(await settingsCount(l.port)).toBe(2);
  });

  it('answers a read asked before a transaction from the rows before it, and one asked after from its commit', async () => {
    const l = await open();
    // On SQLite a read asked with nothing queued runs at once (data-port.ts readInTurn): still in order.
    const before = settingsCount(l.port);
    const writing = l.port.transaction(async (tx) => {
      await tx.run(insertSetting, ['port.a', '1']);
      // On PostgreSQL the earlier read runs on another connection; the commit waits for its answer, so a
      // loaded machine cannot let the commit overtake it (on SQLite it has already run: nothing to wait for).
      if (engine.readDuringTransaction === 'before') await before;
      else await pause(10);
      await tx.run(insertSetting, ['port.b', '2']);
    });
    const failing = expect(l.port.get('select no_such_column from settings')).rejects.toThrow();
    await writing;
    const after = settingsCount(l.port);
    expect(await before).toBe(0);
    await failing;
    expect(await after).toBe(2);
    expect(l.idle()).toBe(true);
  });

  it('lets a read through the port from inside a transaction join it (no waiting on itself)', async () => {
    const l = await open();
    const inside = await l.port.transaction(async (tx) => {
      await tx.run(insertSetting, ['port.a', '1']);
      return settingsCount(l.port);
    });
    expect(inside).toBe(1);
  });

  it('returns ids with insert … returning, and builds in-lists', async () => {
    const l = await open();
    const id = await l.port.transaction(async (tx) =>
      tx.get<{ id: number }>("insert into divisions (code, name, level, sort_order, created_at, updated_at) values ('632123000000', '青山县', 'county', 0, ?, ?) returning id", ['t', 't']),
    );
    expect(id?.id).toBeGreaterThan(0);
    const found = await l.port.all<{ name: string }>(`select name from divisions where id in (${placeholders(3)})`, [id?.id ?? 0, -1, -2]);
    expect(found).toEqual([{ name: '青山县' }]);
    expect(placeholders(3)).toBe('?, ?, ?');
    expect(() => placeholders(0)).toThrow();
  });

  it('takes a ? inside a string literal as text, not as a parameter', async () => {
    const l = await open();
    expect(await l.port.get("select 'why?' as q, cast(? as integer) as v, '' || ? as w", [7, "it's"])).toEqual({ q: 'why?', v: 7, w: "it's" });
  });

  it('inserts many rows in one go, money exact, and counts and sums come back as numbers', async () => {
    const l = await open();
    const big = 2 ** 40 + 1; // beyond 32 bits, within the exact range of a JS number
    const rows = Array.from({ length: 2500 }, (_, i) => [`青财农字〔2026〕${i + 1}号`, 'county', '2026-01-05', 2026, i === 0 ? big : i] as const);
    const written = await l.port.transaction((tx) => tx.insertMany('allocations', ['doc_number', 'level', 'date', 'year', 'amount_fen'], rows));
    expect(written).toBe(2500);
    const totals = await l.port.get<{ n: number; total: number; top: number }>('select count(*) as n, sum(amount_fen) as total, max(amount_fen) as top from allocations');
    expect(totals).toEqual({ n: 2500, total: big + (2499 * 2500) / 2, top: big });
    // A bad row anywhere rolls back every row of the call.
    await expect(
      l.port.transaction((tx) => tx.insertMany('allocations', ['doc_number', 'level', 'date', 'year', 'amount_fen'], [['a', 'county', '2026-01-05', 2026, 1], ['b', 'county', '2026-01-05', 2026, -1]])),
    ).rejects.toThrow(/allocations_amount_nonnegative/);
    expect((await l.port.get<{ n: number }>('select count(*) as n from allocations'))?.n).toBe(2500);
  });

  it('chains audited writes into one valid hash chain, one instant and operator per call', async () => {
    const l = await open();
    for (const key of ['port.a', 'port.b']) {
      await writeAuditedOn(l.port, EVENT, async (tx, audit) => {
        await tx.run(insertSetting, [key, '1']);
        await audit.record({ action: 'update', entity: 'settings', before: { [key]: 1 }, after: { [key]: 2 } });
        await audit.record({ action: 'update', entity: 'settings', before: null, after: { note: '第二行' } });
      });
    }
    expect(await verifyChainOnPort(l.port)).toEqual({ ok: true, rows: 4, brokenAtId: null, gapAfterId: null, gapCount: 0 });
    const rows = await l.port.all<{ operator: string; at: string }>('select operator, at from audit_log');
    expect(new Set(rows.map((r) => `${r.operator} ${r.at}`))).toEqual(new Set(['张三 2026-12-07T02:00:00.000Z']));
  });

  it('bulk-inserts rows with their new ids in order, and chains a bulk of audit rows onto single ones', async () => {
    const l = await open();
    const columns = ['doc_number', 'level', 'date', 'year', 'amount_fen'];
    const rows = Array.from({ length: 2300 }, (_, i) => [`青财农字〔2026〕${i + 1}号`, 'county', '2026-01-05', 2026, i + 1] as const);
    await l.port.transaction((tx) => tx.insertMany('allocations', columns, [['先有一笔', 'county', '2026-01-05', 2026, 7]]));
    const ids = await writeAuditedOn(l.port, EVENT, async (tx, audit) => {
      await audit.record({ action: 'update', entity: 'settings', before: null, after: { note: '单行' } });
      const made = await tx.insertManyReturningIds('allocations', columns, rows);
      await audit.recordMany(made.map((id, i) => ({ action: 'create', entity: 'allocation', entityId: id, after: { amountFen: i + 1 } })));
      await audit.record({ action: 'update', entity: 'settings', before: null, after: { note: '又一行' } });
      return made;
    });
    expect(ids).toHaveLength(2300);
    const stored = await l.port.all<{ id: number; amount_fen: number }>('select id, amount_fen from allocations where id <> 1 order by id');
    expect(stored.map((r) => r.id)).toEqual(ids);
    expect(stored.every((r, i) => r.amount_fen === i + 1)).toBe(true);
    expect(await verifyChainOnPort(l.port)).toEqual({ ok: true, rows: 2302, brokenAtId: null, gapAfterId: null, gapCount: 0 });
    const named = await l.port.all<{ entity_id: number; after: string }>("select entity_id, after from audit_log where entity = 'allocation' order by id");
    expect(named.map((r) => r.entity_id)).toEqual(ids);
    expect(JSON.parse(named[2299]?.after ?? '{}')).toEqual({ amountFen: 2300 });
    // A refused row anywhere leaves neither rows nor ids behind.
    await expect(
      l.port.transaction((tx) => tx.insertManyReturningIds('allocations', columns, [['a', 'county', '2026-01-05', 2026, 1], ['b', 'county', '2026-01-05', 2026, -1]])),
    ).rejects.toThrow(/allocations_amount_nonnegative/);
    expect((await l.port.get<{ n: number }>('select count(*) as n from allocations'))?.n).toBe(2301);
  });

  it('leaves neither the write nor its audit rows when the audited work throws', async () => {
    const l = await open();
    await expect(
      writeAuditedOn(l.port, EVENT, async (tx, audit) => {
        await tx.run(insertSetting, ['port.a', '1']);
        await audit.record({ action: 'update', entity: 'settings', before: { a: 1 }, after: { a: 2 } });
        throw new Error('a rule refused it');
      }),
    ).rejects.toThrow('a rule refused it');
    expect(await settingsCount(l.port)).toBe(0);
    expect((await l.port.get<{ n: number }>('select count(*) as n from audit_log'))?.n).toBe(0);
    expect(l.idle()).toBe(true);
  });
});

describe('data port on better-sqlite3 only', () => {
  const ledgers: TempLedger[] = [];
  afterEach(() => {
    while (ledgers.length) ledgers.pop()?.dispose();
  });
  function ledger(): TempLedger {
    const l = tempLedger({ now: () => new Date('2026-12-07T10:00:00+08:00') });
    ledgers.push(l);
    return l;
  }

  it('chains audited writes on the port into one hash chain that the file check and the port check both accept', async () => {
    const l = ledger();
    await writeAudited(l, async (_tx, audit) => audit.record({ action: 'update', entity: 'settings', before: { a: 1 }, after: { a: 2 } }));
    await writeAudited(l, async (tx, audit) => {
      await tx.run(insertSetting, ['port.a', '1']);
      await audit.record({ action: 'update', entity: 'settings', before: { b: 1 }, after: { b: 2 } });
      await audit.record({ action: 'update', entity: 'settings', before: { c: 1 }, after: { c: 2 } });
    });
    await writeAudited(l, async (_tx, audit) => audit.record({ action: 'update', entity: 'settings', before: { d: 1 }, after: { d: 2 } }));
    const check = verifyAuditChain(l);
    expect(check).toMatchObject({ ok: true, rows: 4, brokenAtId: null });
    expect(await verifyChainOnPort(dataPort(l))).toEqual(check);
    const rows = l.sqlite.prepare('select operator, at from audit_log').all() as Array<{ operator: string; at: string }>;
    expect(new Set(rows.map((r) => r.at))).toEqual(new Set(['2026-12-07T02:00:00.000Z']));
  });

  it('moves the anchor file beside the ledger to the head an audited write on the port committed', async () => {
    const l = ledger();
    await writeAudited(l, async (_tx, audit) => audit.record({ action: 'update', entity: 'settings', before: { a: 1 }, after: { a: 2 } }));
    const head = l.sqlite.prepare('select id, hash from audit_log order by id desc limit 1').get() as { id: number; hash: string };
    const anchor = readAnchorFile(l.dbFile);
    expect(anchor !== null && anchor !== 'unreadable' ? anchor.head : null).toEqual(head);
  });

  it('the port-based check finds the row a hand edit broke, as verifyAuditChain does', async () => {
    const l = ledger();
    for (const n of [1, 2, 3]) await writeAudited(l, async (_tx, audit) => audit.record({ action: 'update', entity: 'settings', after: { n } }));
    l.sqlite.exec('drop trigger audit_log_no_update');
    l.sqlite.prepare("update audit_log set operator = '李四' where id = 2").run();
    expect(await verifyChainOnPort(dataPort(l))).toMatchObject({ ok: false, rows: 2, brokenAtId: 2 });
    expect(verifyAuditChain(l)).toMatchObject({ ok: false, rows: 2, brokenAtId: 2 });
  });

  it('follows the context to its new connection after the file is replaced (恢复)', async () => {
    const l = ledger();
    const before = dataPort(l);
    replaceLedgerFile(l, () => undefined);
    const after = dataPort(l);
    expect(after).not.toBe(before);
    expect((await after.get<{ n: number }>('select count(*) as n from audit_log'))?.n).toBe(0);
  });
});

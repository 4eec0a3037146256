// The data port (electron/platform/data-port.ts) on better-sqlite3: writes only inside a transaction, a
// transaction all or nothing, readers served after a transaction in progress (never half of it), a read from
// inside a transaction joining it, and audited writes on the same hash chain as the synchronous services.
import { afterEach, describe, expect, it } from 'vitest';
import { writeAudited } from '../../electron/platform/audited-write';
import { dataPort, placeholders } from '../../electron/platform/data-port';
import { readAnchorFile } from '../../db/anchor';
import { verifyAuditChain, writeWithAudit } from '../../electron/services/audit';
import { replaceLedgerFile } from '../../electron/services/context';
import { tempLedger, type TempLedger } from '../helpers/ledger';

const ledgers: TempLedger[] = [];
afterEach(() => {
  while (ledgers.length) ledgers.pop()?.dispose();
});
function ledger(): TempLedger {
  const l = tempLedger({ now: () => new Date('2026-12-07T10:00:00+08:00') });
  ledgers.push(l);
  return l;
}
const settingsCount = (l: TempLedger) => l.sqlite.prepare("select count(*) from settings where key like 'port.%'").pluck().get() as number;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const insertSetting = "insert into settings (key, value, updated_at) values (?, ?, '2026-12-07T02:00:00.000Z')";

describe('data port on better-sqlite3', () => {
  it('commits a transaction that resolves and rolls back one that throws, leaving nothing of it', async () => {
    const l = ledger();
    const port = dataPort(l);
    await port.transaction(async (tx) => {
      await tx.run(insertSetting, ['port.a', '1']);
    });
    await expect(
      port.transaction(async (tx) => {
        await tx.run(insertSetting, ['port.b', '2']);
        await pause(5);
        throw new Error('refused half-way');
      }),
    ).rejects.toThrow('refused half-way');
    expect(settingsCount(l)).toBe(1);
    expect(l.sqlite.inTransaction).toBe(false);
  });

  it('serves a read asked during a transaction after the transaction, never half of it', async () => {
    const l = ledger();
    const port = dataPort(l);
    const seen: number[] = [];
    const writing = port.transaction(async (tx) => {
      await tx.run(insertSetting, ['port.a', '1']);
      await pause(20); // real waiting inside the transaction: other work gets the event loop meanwhile
      await tx.run(insertSetting, ['port.b', '2']);
    });
    const reading = (async () => {
      await pause(5);
      const row = await port.get<{ n: number }>("select count(*) as n from settings where key like 'port.%'");
      seen.push(row?.n ?? -1);
    })();
    await Promise.all([writing, reading]);
    expect(seen).toEqual([2]);
  });

  it('lets a read through the port from inside a transaction join it (no waiting on itself)', async () => {
    const l = ledger();
    const port = dataPort(l);
    const inside = await port.transaction(async (tx) => {
      await tx.run(insertSetting, ['port.a', '1']);
      return port.get<{ n: number }>("select count(*) as n from settings where key like 'port.%'");
    });
    expect(inside?.n).toBe(1);
  });

  it('returns ids with insert … returning, and builds in-lists', async () => {
    const l = ledger();
    const id = await dataPort(l).transaction(async (tx) =>
      tx.get<{ id: number }>("insert into divisions (code, name, level, sort_order, created_at, updated_at) values ('632123000000', '青山县', 'county', 0, ?, ?) returning id", ['t', 't']),
    );
    expect(id?.id).toBeGreaterThan(0);
    expect(placeholders(3)).toBe('?, ?, ?');
    expect(() => placeholders(0)).toThrow();
  });

  it('chains audited writes on the port and the synchronous writer into one valid hash chain', async () => {
    const l = ledger();
    writeWithAudit(l, (audit) => audit.record({ action: 'update', entity: 'settings', before: { a: 1 }, after: { a: 2 } }));
    await writeAudited(l, async (tx, audit) => {
      await tx.run(insertSetting, ['port.a', '1']);
      await audit.record({ action: 'update', entity: 'settings', before: { b: 1 }, after: { b: 2 } });
      await audit.record({ action: 'update', entity: 'settings', before: { c: 1 }, after: { c: 2 } });
    });
    writeWithAudit(l, (audit) => audit.record({ action: 'update', entity: 'settings', before: { d: 1 }, after: { d: 2 } }));
    const check = verifyAuditChain(l);
    expect(check).toMatchObject({ ok: true, rows: 4, brokenAtId: null });
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

  it('leaves neither the write nor its audit rows when the audited work throws', async () => {
    const l = ledger();
    await expect(
      writeAudited(l, async (tx, audit) => {
        await tx.run(insertSetting, ['port.a', '1']);
        await audit.record({ action: 'update', entity: 'settings', before: { a: 1 }, after: { a: 2 } });
        throw new Error('a rule refused it');
      }),
    ).rejects.toThrow('a rule refused it');
    expect(settingsCount(l)).toBe(0);
    expect(l.sqlite.prepare('select count(*) from audit_log').pluck().get()).toBe(0);
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

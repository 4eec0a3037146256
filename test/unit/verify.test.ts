// 校验 holds: a ledger changed the way a person with the database's own tools would change it (an ordinary
// SQLite tool on a file, psql on the office server: triggers dropped, rows edited or removed, triggers put back)
// is found out, each change named; a ledger that only the program wrote (imports, an undo, a restore, the
// demo) is found clean.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readAnchorFile } from '../../db/anchor';
import { runCli } from '../../electron/cli';
import { listBackups, restoreBackup } from '../../electron/ledger/backup/service';
import { replaceLedgerFile } from '../../electron/platform/context';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { dispatch } from '../../electron/platform/handlers';
import { dispatchFromForm } from '../helpers/form-version';
import { listAudit } from '../../electron/ledger/audit/trail';
import { verifyLedger } from '../../electron/ledger/audit/verify/service';
import type { AuditVerifyResult, FindingDetail } from '../../shared/api';
import { writeEveryKind } from '../helpers/audit-writes';
import { tamperLedger } from '../helpers/tamper';
import { ON_SERVER, testLedger, type SavedLedger, type TestLedger } from '../helpers/test-ledger';

const NOW = () => new Date('2026-12-01T10:00:00+08:00');
let base: SavedLedger;
let openFindingId: number;
const ledgers: TestLedger[] = [];

afterEach(async () => {
  for (const ledger of ledgers.splice(0)) await ledger.dispose();
});
afterAll(() => base.dispose());

/** A ledger with every kind of write (imports, an undo, a restore), and one finding still being worked on. */
beforeAll(async () => {
  const ledger = await testLedger({ now: NOW });
  const { c, keptProjectId } = await writeEveryKind(ledger, ledger.dir);
  const inspection = await ledger.sql.value<number>('select id from inspections where deleted_at is null order by id limit 1');
  const res = await dispatch(ledger, 'findings.create', { inspectionId: inspection, category: 'projectFunds', description: '小河村大棚项目资金拨付滞后', townshipId: c.nanshan.id, projectId: keptProjectId, deadline: '2026年12月31日前' });
  if (!res.ok) throw new Error(res.error.message);
  openFindingId = (res.value as FindingDetail).id;
  await dispatchFromForm(ledger, 'findings.progress', { id: openFindingId, date: '2026-11-20', note: '已督促拨付', status: 'inProgress' });
  base = await ledger.save();
}, 60_000);

async function opened(from?: SavedLedger): Promise<TestLedger> {
  const ledger = await testLedger({ now: NOW, from });
  ledgers.push(ledger);
  return ledger;
}

/** A copy of the base ledger with its folder (on a file: anchor file, backups, attachments) to change by hand. */
const copyOfBase = () => opened(base);

const titles = (r: AuditVerifyResult) => r.findings.map((f) => `${f.title}｜${f.detail}`).join('\n');

describe('校验 finds a clean ledger clean', () => {
  it('after every kind of write, imports, an undo and a restore, and records itself', async () => {
    const ledger = await copyOfBase();
    const r = await verifyLedger(ledger);
    expect(titles(r)).toBe('');
    expect(r).toMatchObject({ ok: true, problemCount: 0, chain: { brokenAtId: null }, anchors: { ok: true, file: ON_SERVER ? 'none' : 'ok' } });
    // A file's backups carry the chain's head in their manifests; this PC's copies of the server carry none (yet).
    if (!ON_SERVER) expect(r.anchors.backups).toBeGreaterThanOrEqual(2);
    expect(r.tables.checked).toBeGreaterThan(10);
    expect(r.tables.filesChecked).toBe(1);
    expect(r.summary).toMatch(/完整/);
    // The wording says what was not compared.
    expect(r.scope).toContain('未核对：区划、单位');
    const row = await ledger.sql.get<{ action: string; entity: string; after: string }>('select action, entity, after from audit_log where id = ?', [r.recordedAs]);
    expect(row).toMatchObject({ action: 'verify', entity: 'ledger' });
    expect(JSON.parse(row?.after ?? 'null')).toMatchObject({ ok: true, problems: 0 });
    // The anchor file moved on to the 校验's own row.
    if (!ON_SERVER) expect(readAnchorFile(ledger.dbFile)).toMatchObject({ head: { id: r.recordedAs }, lost: null });
  });

  it('after the demo, and names a demo payment changed by hand', async () => {
    const ledger = await opened();
    await loadDemoData(ledger, { scale: 1 });
    // The records went in in bulk; the trail carries them in bulk rows the 审计日志 describes by count.
    const bulk = await listAudit(ledger, { action: 'createMany', entity: 'payment' });
    expect(bulk.rows[0]!.description.summary).toMatch(/^[\d,]+ 条（记录号 \d+–\d+），每条记下：项目、/);
    expect(titles(await verifyLedger(ledger))).toBe('');
    await tamperLedger(ledger, async (db) => {
      await db.run('update payments set amount_fen = amount_fen + 1000000 where id = 7');
    });
    const r = await verifyLedger(ledger);
    expect(r.problemCount).toBe(1);
    expect(r.tables.problems[0]).toMatchObject({ kind: 'changed', entity: 'payment', id: 7, field: 'amountFen', fieldLabel: '拨付金额' });
  });

  // 恢复 in place swaps this PC's ledger file; the server is restored into a new database instead (audit-trail.test.ts).
  it.skipIf(ON_SERVER)('after a restore of an older backup through the program, told apart from the same file copied in by hand', async () => {
    const ledger = await copyOfBase();
    const older = listBackups(ledger).find((b) => b.kind === 'undo');
    expect(older).toBeDefined();
    // More work after that backup, so the restore really goes back.
    await dispatch(ledger, 'settings.update', { officeName: '青山县乡村振兴局（新）' });
    await restoreBackup(ledger, older!.path);
    const restored = await verifyLedger(ledger);
    expect(titles(restored)).toBe('');
    expect(restored.anchors.restored).toBeGreaterThan(0);

    // The same older copy put in place by hand: the anchors beside the ledger say rows are missing.
    const cut = await copyOfBase();
    replaceLedgerFile(cut, (file) => {
      fs.copyFileSync(older!.path, file);
      for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    });
    const r = await verifyLedger(cut);
    expect(r.ok).toBe(false);
    expect(r.anchors.missingAfterId).not.toBeNull();
    expect(r.findings[0]!.title).toMatch(/^审计日志在第 \d+ 条之后被截断，至少缺少 \d+ 条$/);
  });
});

describe('校验 finds each change made behind the program, and names it', () => {
  it('an audit row edited', async () => {
    const ledger = await copyOfBase();
    const id = (await ledger.sql.value<number>("select id from audit_log where entity = 'payment' and action = 'update'")) ?? 0;
    await tamperLedger(ledger, async (db) => {
      await db.run("update audit_log set after = replace(after, '12000000', '11000000') where id = ?", [id]);
    });
    const r = await verifyLedger(ledger);
    expect(r.chain).toMatchObject({ brokenAtId: id, problem: 'content' });
    expect(r.findings[0]!.title).toBe(`审计日志第 ${id} 条记录在程序之外被改动过`);
  });

  // The newest rows cut, with the id counter reset, leave a chain that links: only an anchor outside the database
  // shows the cut, the anchor file beside a local ledger. The server keeps none (its ids follow the last row).
  it.skipIf(ON_SERVER)('the newest audit rows deleted: 审计日志在第 N 条之后被截断，至少缺少 M 条', async () => {
    const ledger = await copyOfBase();
    const last = (await ledger.sql.value<number>('select max(id) from audit_log')) ?? 0;
    await tamperLedger(ledger, async (db) => {
      await db.run('delete from audit_log where id > ?', [last - 3]);
      // A careful person resets the counter too, so the next row takes the freed number.
      await db.run("update sqlite_sequence set seq = ? where name = 'audit_log'", [last - 3]);
    });
    const r = await verifyLedger(ledger);
    expect(r.chain.brokenAtId).toBeNull();
    expect(r.anchors).toMatchObject({ ok: false, missingAfterId: last - 3, missingCount: 3 });
    expect(r.findings[0]!.title).toBe(`审计日志在第 ${last - 3} 条之后被截断，至少缺少 3 条`);
    // That 校验 wrote a row (it took a freed number, and the anchor file moved on): the cut is still found,
    // from the head the anchor file had before (kept as lost).
    const again = await verifyLedger(ledger);
    expect(readAnchorFile(ledger.dbFile)).toMatchObject({ lost: { id: last } });
    expect(again.anchors.problems).toEqual([expect.objectContaining({ id: last, problem: 'missing' })]);
    expect(again.findings[0]!.title).toMatch(/^审计日志在第 \d+ 条之后被截断，至少缺少 \d+ 条$/);
  });

  // The server numbers its audit rows one after the last (so a rolled-back write leaves no gap): rows cut from the
  // end leave none either, and as above only an anchor outside the database could show the cut.
  it.skipIf(ON_SERVER)('the newest rows deleted and the program went on writing: the gap in the numbers', async () => {
    const ledger = await copyOfBase();
    const last = (await ledger.sql.value<number>('select max(id) from audit_log')) ?? 0;
    await tamperLedger(ledger, async (db) => {
      await db.run('delete from audit_log where id > ?', [last - 2]);
    });
    await dispatch(ledger, 'settings.update', { officeName: '青山县乡村振兴局（改）' });
    const r = await verifyLedger(ledger);
    expect(r.chain).toMatchObject({ gapAfterId: last - 2, gapCount: 2 });
    expect(titles(r)).toContain(`审计日志在第 ${last - 2} 条之后缺少 2 条`);
  });

  it('a row in the middle deleted', async () => {
    const ledger = await copyOfBase();
    await tamperLedger(ledger, async (db) => {
      await db.run('delete from audit_log where id = 10');
    });
    const r = await verifyLedger(ledger);
    expect(r.chain).toMatchObject({ brokenAtId: 11, problem: 'link' });
    expect(r.findings[0]!.title).toBe('审计日志在第 11 条记录处断开');
  });

  it("a payment's amount edited in the payments table", async () => {
    const ledger = await copyOfBase();
    const id = (await ledger.sql.value<number>("select id from payments where voucher = '记-12'")) ?? 0;
    await tamperLedger(ledger, async (db) => {
      await db.run('update payments set amount_fen = 112000000 where id = ?', [id]);
    });
    const r = await verifyLedger(ledger);
    expect(r.chain.brokenAtId).toBeNull();
    expect(r.tables.problems).toEqual([
      expect.objectContaining({ kind: 'changed', entity: 'payment', id, field: 'amountFen', trail: '12.00 万元', table: '112.00 万元', trailValue: 12_000_000, tableValue: 112_000_000 }),
    ]);
    expect(r.tables.problems[0]!.name).toContain('小河村食用菌大棚项目');
    expect(r.summary).toBe('发现 1 处问题：台账或审计日志在程序之外被改动过，逐条列在下面。');
    expect(r.findings[0]).toMatchObject({ title: expect.stringContaining('拨付金额与审计日志不符') as string, detail: expect.stringContaining('审计日志记下的是 12.00 万元，台账中是 112.00 万元') as string });
    expect(r.findings[0]!.advice).toContain('备份恢复');
  });

  it("a project's 县级衔接资金 raised by 100 万元", async () => {
    const ledger = await copyOfBase();
    await tamperLedger(ledger, async (db) => {
      await db.run("update projects set fund_county_fen = fund_county_fen + 100000000 where id = (select min(id) from projects where name = '小河村食用菌大棚项目')");
    });
    const r = await verifyLedger(ledger);
    expect(r.tables.problems).toEqual([expect.objectContaining({ entity: 'project', name: '小河村食用菌大棚项目', field: 'fundCountyFen' })]);
  });

  it('a finding closed (已销号) in the findings table', async () => {
    const ledger = await copyOfBase();
    await tamperLedger(ledger, async (db) => {
      await db.run("update findings set status = 'closed' where id = ?", [openFindingId]);
    });
    const r = await verifyLedger(ledger);
    expect(r.tables.problems).toEqual([
      expect.objectContaining({ entity: 'finding', id: openFindingId, name: '小河村大棚项目资金拨付滞后', field: 'status', trail: '整改中', table: '已销号' }),
    ]);
  });

  it('an evidence file deleted from where the ledger keeps it, and an evidence record deleted from its table', async () => {
    const ledger = await copyOfBase();
    const sha256 = (await ledger.sql.value<string>("select sha256 from attachments where original_name = '鉴定报告.png'")) ?? '';
    // On a file its folder keeps the bytes; on the server its file_contents table.
    if (ON_SERVER) {
      await tamperLedger(ledger, async (db) => {
        expect((await db.run('delete from file_contents where sha256 = ?', [sha256])).changes).toBe(1);
      });
    } else {
      fs.rmSync(path.join(ledger.dataDir, 'attachments', sha256.slice(0, 2), `${sha256}.png`));
    }
    const r = await verifyLedger(ledger);
    expect(r.tables.problems).toEqual([expect.objectContaining({ kind: 'fileMissing', entity: 'attachment', name: '鉴定报告.png' })]);
    expect(r.findings[0]!.title).toBe('佐证材料“鉴定报告.png”的文件不见了');

    const ledger2 = await copyOfBase();
    await tamperLedger(ledger2, async (db) => {
      await db.run("delete from attachments where original_name = '鉴定报告.png'");
    });
    const r2 = await verifyLedger(ledger2);
    expect(r2.tables.problems).toEqual([expect.objectContaining({ kind: 'missing', entity: 'attachment', name: '鉴定报告.png' })]);
  });

  it('a project inserted with no audit row', async () => {
    const ledger = await copyOfBase();
    await tamperLedger(ledger, async (db) => {
      await db.run("insert into projects (year, name, fund_county_fen) values (2026, '凭空多出的项目', 50000000)");
    });
    const r = await verifyLedger(ledger);
    expect(r.tables.problems).toEqual([expect.objectContaining({ kind: 'unrecorded', entity: 'project', name: '凭空多出的项目' })]);
    expect(r.findings[0]!.title).toBe('项目“凭空多出的项目”在审计日志中没有任何记录');
  });

  it("an allocation's split to a project changed", async () => {
    const ledger = await copyOfBase();
    await tamperLedger(ledger, async (db) => {
      await db.run('update allocation_splits set amount_fen = amount_fen + 100 where id = (select min(id) from allocation_splits)');
    });
    const r = await verifyLedger(ledger);
    expect(r.tables.problems).toEqual([expect.objectContaining({ entity: 'allocationSplits', name: '青财农字〔2024〕5号', fieldLabel: '分配给项目“小河村食用菌大棚项目”的金额' })]);
  });
});

describe('CLI verify --json (--db FILE, or --pg on the server signed in)', () => {
  it('prints { ok, chain, anchors, tables } and exits 0 when clean, 1 when anything is wrong', async () => {
    const ledger = await copyOfBase();
    const where = await ledger.cli();
    // A file that is not there; on the server a database that is not there.
    const missing = ON_SERVER ? where.map((arg) => (arg.startsWith('postgres://') ? `${arg}_nope` : arg)) : ['--db', path.join(ledger.dir, 'nope.db')];
    const clean = await runCli(['verify', ...where, '--json']);
    expect(clean.exitCode).toBe(0);
    const c = JSON.parse(clean.stdout) as AuditVerifyResult;
    expect(c).toMatchObject({ ok: true, chain: { brokenAtId: null }, anchors: { ok: true, missingAfterId: null }, tables: { problems: [] } });
    expect(c.chain.rows).toBeGreaterThan(0);
    expect(c.tables.checked).toBeGreaterThan(0);

    await tamperLedger(ledger, async (db) => {
      await db.run("update payments set amount_fen = 1 where voucher = '记-12'");
    });
    const bad = await runCli(['verify', ...where, '--json']);
    expect(bad.exitCode).toBe(1);
    const b = JSON.parse(bad.stdout) as AuditVerifyResult;
    expect(b.ok).toBe(false);
    expect(b.tables.problems[0]).toMatchObject({ entity: 'payment', field: 'amountFen', trail: '12.00 万元', table: '0.01 元' });
    for (const key of ['entity', 'id', 'name', 'field', 'trail', 'table']) expect(b.tables.problems[0]).toHaveProperty(key);

    const gone = await runCli(['verify', ...missing, '--json']);
    expect(gone.exitCode).toBe(1);
  });
});

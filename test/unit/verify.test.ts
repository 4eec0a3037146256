// 校验 holds: a ledger file changed the way a person with an ordinary SQLite tool would change it (triggers
// dropped, rows edited or removed, triggers put back) is found out, each change named; a ledger that only the
// program wrote (imports, an undo, a restore, the demo) is found clean.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnchorFile } from '../../db/anchor';
import { runCli } from '../../electron/cli';
import { listBackups, restoreBackup } from '../../electron/ledger/backup/service';
import { openLedger, type LedgerHandle } from '../../electron/platform/context';
import { loadDemoData } from '../../electron/ledger/demo/county';
import { dispatch } from '../../electron/platform/handlers';
import { dispatchFromForm } from '../helpers/form-version';
import { listAudit } from '../../electron/ledger/audit/trail';
import { verifyLedger } from '../../electron/ledger/audit/verify/service';
import type { AuditVerifyResult, FindingDetail } from '../../shared/api';
import { writeEveryKind } from '../helpers/audit-writes';
import { tempDir } from '../helpers/ledger';
import { tamper } from '../helpers/tamper';

const NOW = () => new Date('2026-12-01T10:00:00+08:00');
const dirs: string[] = [];
let base: string;
let openFindingId: number;

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A ledger with every kind of write (imports, an undo, a restore), and one finding still being worked on. */
beforeAll(async () => {
  base = tempDir('verify-base-');
  dirs.push(base);
  const ledger = openLedger({ dbFile: path.join(base, 'ledger.db'), door: 'cli', now: NOW });
  const { c, keptProjectId } = await writeEveryKind(ledger, base);
  const inspection = ledger.sqlite.prepare("select id from inspections where deleted_at is null order by id limit 1").pluck().get() as number;
  const res = await dispatch(ledger, 'findings.create', { inspectionId: inspection, category: 'projectFunds', description: '小河村大棚项目资金拨付滞后', townshipId: c.nanshan.id, projectId: keptProjectId, deadline: '2026年12月31日前' });
  if (!res.ok) throw new Error(res.error.message);
  openFindingId = (res.value as FindingDetail).id;
  await dispatchFromForm(ledger, 'findings.progress', { id: openFindingId, date: '2026-11-20', note: '已督促拨付', status: 'inProgress' });
  ledger.close();
}, 60_000);

/** A copy of the data folder (ledger, anchor file, backups, attachments) to change by hand. */
function copyOfBase(): string {
  const dir = tempDir('verify-copy-');
  dirs.push(dir);
  fs.cpSync(base, dir, { recursive: true });
  return path.join(dir, 'ledger.db');
}

function open(file: string): LedgerHandle {
  return openLedger({ dbFile: file, door: 'cli', now: NOW });
}

async function verifyFile(file: string): Promise<AuditVerifyResult> {
  const ledger = open(file);
  try {
    return await verifyLedger(ledger);
  } finally {
    ledger.close();
  }
}

const titles = (r: AuditVerifyResult) => r.findings.map((f) => `${f.title}｜${f.detail}`).join('\n');

describe('校验 finds a clean ledger clean', () => {
  it('after every kind of write, imports, an undo and a restore, and records itself', async () => {
    const file = copyOfBase();
    const r = await verifyFile(file);
    expect(titles(r)).toBe('');
    expect(r).toMatchObject({ ok: true, problemCount: 0, chain: { brokenAtId: null }, anchors: { ok: true, file: 'ok' } });
    expect(r.anchors.backups).toBeGreaterThanOrEqual(2);
    expect(r.tables.checked).toBeGreaterThan(10);
    expect(r.tables.filesChecked).toBe(1);
    expect(r.summary).toMatch(/完整/);
    // The wording says what was not compared.
    expect(r.scope).toContain('未核对：区划、单位');
    const ledger = open(file);
    const row = ledger.sqlite.prepare('select action, entity, after from audit_log where id = ?').get(r.recordedAs) as { action: string; entity: string; after: string };
    expect(row).toMatchObject({ action: 'verify', entity: 'ledger' });
    expect(JSON.parse(row.after)).toMatchObject({ ok: true, problems: 0 });
    // The anchor file moved on to the 校验's own row.
    expect(readAnchorFile(file)).toMatchObject({ head: { id: r.recordedAs }, lost: null });
    ledger.close();
  });

  it('after the demo, and names a demo payment changed by hand', async () => {
    const dir = tempDir('verify-demo-');
    dirs.push(dir);
    const file = path.join(dir, 'demo.db');
    const ledger = open(file);
    await loadDemoData(ledger, { scale: 1 });
    // The records went in in bulk; the trail carries them in bulk rows the 审计日志 describes by count.
    const bulk = await listAudit(ledger, { action: 'createMany', entity: 'payment' });
    expect(bulk.rows[0]!.description.summary).toMatch(/^[\d,]+ 条（记录号 \d+–\d+），每条记下：项目、/);
    ledger.close();
    expect(titles(await verifyFile(file))).toBe('');
    tamper(file, (db) => db.prepare('update payments set amount_fen = amount_fen + 1000000 where id = 7').run());
    const r = await verifyFile(file);
    expect(r.problemCount).toBe(1);
    expect(r.tables.problems[0]).toMatchObject({ kind: 'changed', entity: 'payment', id: 7, field: 'amountFen', fieldLabel: '拨付金额' });
  });

  it('after a restore of an older backup through the program, told apart from the same file copied in by hand', async () => {
    const file = copyOfBase();
    const ledger = open(file);
    const older = listBackups(ledger).find((b) => b.kind === 'undo');
    expect(older).toBeDefined();
    // More work after that backup, so the restore really goes back.
    await dispatch(ledger, 'settings.update', { officeName: '青山县乡村振兴局（新）' });
    await restoreBackup(ledger, older!.path);
    const restored = await verifyLedger(ledger);
    expect(titles(restored)).toBe('');
    expect(restored.anchors.restored).toBeGreaterThan(0);
    ledger.close();

    // The same older copy put in place by hand: the anchors beside the ledger say rows are missing.
    const cut = copyOfBase();
    fs.copyFileSync(older!.path, cut);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${cut}${suffix}`, { force: true });
    const r = await verifyFile(cut);
    expect(r.ok).toBe(false);
    expect(r.anchors.missingAfterId).not.toBeNull();
    expect(r.findings[0]!.title).toMatch(/^审计日志在第 \d+ 条之后被截断，至少缺少 \d+ 条$/);
  });
});

describe('校验 finds each change made with a SQLite tool, and names it', () => {
  it('an audit row edited', async () => {
    const file = copyOfBase();
    let id = 0;
    tamper(file, (db) => {
      id = db.prepare("select id from audit_log where entity = 'payment' and action = 'update'").pluck().get() as number;
      db.prepare("update audit_log set after = replace(after, '12000000', '11000000') where id = ?").run(id);
    });
    const r = await verifyFile(file);
    expect(r.chain).toMatchObject({ brokenAtId: id, problem: 'content' });
    expect(r.findings[0]!.title).toBe(`审计日志第 ${id} 条记录在程序之外被改动过`);
  });

  it('the newest audit rows deleted: 审计日志在第 N 条之后被截断，至少缺少 M 条', async () => {
    const file = copyOfBase();
    let last = 0;
    tamper(file, (db) => {
      last = db.prepare('select max(id) from audit_log').pluck().get() as number;
      db.prepare('delete from audit_log where id > ?').run(last - 3);
      // A careful person resets the counter too, so the next row takes the freed number.
      db.prepare("update sqlite_sequence set seq = ? where name = 'audit_log'").run(last - 3);
    });
    const r = await verifyFile(file);
    expect(r.chain.brokenAtId).toBeNull();
    expect(r.anchors).toMatchObject({ ok: false, missingAfterId: last - 3, missingCount: 3 });
    expect(r.findings[0]!.title).toBe(`审计日志在第 ${last - 3} 条之后被截断，至少缺少 3 条`);
    // That 校验 wrote a row (it took a freed number, and the anchor file moved on): the cut is still found,
    // from the head the anchor file had before (kept as lost).
    const again = await verifyFile(file);
    expect(readAnchorFile(file)).toMatchObject({ lost: { id: last } });
    expect(again.anchors.problems).toEqual([expect.objectContaining({ id: last, problem: 'missing' })]);
    expect(again.findings[0]!.title).toMatch(/^审计日志在第 \d+ 条之后被截断，至少缺少 \d+ 条$/);
  });

  it('the newest rows deleted and the program went on writing: the gap in the numbers', async () => {
    const file = copyOfBase();
    let last = 0;
    tamper(file, (db) => {
      last = db.prepare('select max(id) from audit_log').pluck().get() as number;
      db.prepare('delete from audit_log where id > ?').run(last - 2);
    });
    const ledger = open(file);
    await dispatch(ledger, 'settings.update', { officeName: '青山县乡村振兴局（改）' });
    const r = await verifyLedger(ledger);
    ledger.close();
    expect(r.chain).toMatchObject({ gapAfterId: last - 2, gapCount: 2 });
    expect(titles(r)).toContain(`审计日志在第 ${last - 2} 条之后缺少 2 条`);
  });

  it('a row in the middle deleted', async () => {
    const file = copyOfBase();
    tamper(file, (db) => db.prepare('delete from audit_log where id = 10').run());
    const r = await verifyFile(file);
    expect(r.chain).toMatchObject({ brokenAtId: 11, problem: 'link' });
    expect(r.findings[0]!.title).toBe('审计日志在第 11 条记录处断开');
  });

  it("a payment's amount edited in the payments table", async () => {
    const file = copyOfBase();
    let id = 0;
    tamper(file, (db) => {
      id = db.prepare("select id from payments where voucher = '记-12'").pluck().get() as number;
      db.prepare('update payments set amount_fen = 112_000_000 where id = ?').run(id);
    });
    const r = await verifyFile(file);
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
    const file = copyOfBase();
    tamper(file, (db) => db.prepare("update projects set fund_county_fen = fund_county_fen + 100000000 where id = (select min(id) from projects where name = '小河村食用菌大棚项目')").run());
    const r = await verifyFile(file);
    expect(r.tables.problems).toEqual([expect.objectContaining({ entity: 'project', name: '小河村食用菌大棚项目', field: 'fundCountyFen' })]);
  });

  it('a finding closed (已销号) in the findings table', async () => {
    const file = copyOfBase();
    tamper(file, (db) => db.prepare("update findings set status = 'closed' where id = ?").run(openFindingId));
    const r = await verifyFile(file);
    expect(r.tables.problems).toEqual([
      expect.objectContaining({ entity: 'finding', id: openFindingId, name: '小河村大棚项目资金拨付滞后', field: 'status', trail: '整改中', table: '已销号' }),
    ]);
  });

  it('an evidence file deleted from the attachments folder, and an evidence record deleted from its table', async () => {
    const file = copyOfBase();
    const folder = path.join(path.dirname(file), 'attachments');
    const blob = fs.readdirSync(folder, { recursive: true, withFileTypes: true }).find((e) => e.isFile())!;
    fs.rmSync(path.join(blob.parentPath, blob.name));
    const r = await verifyFile(file);
    expect(r.tables.problems).toEqual([expect.objectContaining({ kind: 'fileMissing', entity: 'attachment', name: '鉴定报告.png' })]);
    expect(r.findings[0]!.title).toBe('佐证材料“鉴定报告.png”的文件不见了');

    const file2 = copyOfBase();
    tamper(file2, (db) => {
      db.pragma('foreign_keys = OFF');
      db.prepare("delete from attachments where original_name = '鉴定报告.png'").run();
    });
    const r2 = await verifyFile(file2);
    expect(r2.tables.problems).toEqual([expect.objectContaining({ kind: 'missing', entity: 'attachment', name: '鉴定报告.png' })]);
  });

  it('a project inserted with no audit row', async () => {
    const file = copyOfBase();
    tamper(file, (db) => db.prepare("insert into projects (year, name, fund_county_fen) values (2026, '凭空多出的项目', 50000000)").run());
    const r = await verifyFile(file);
    expect(r.tables.problems).toEqual([expect.objectContaining({ kind: 'unrecorded', entity: 'project', name: '凭空多出的项目' })]);
    expect(r.findings[0]!.title).toBe('项目“凭空多出的项目”在审计日志中没有任何记录');
  });

  it("an allocation's split to a project changed", async () => {
    const file = copyOfBase();
    tamper(file, (db) => db.prepare('update allocation_splits set amount_fen = amount_fen + 100 where rowid = (select min(rowid) from allocation_splits)').run());
    const r = await verifyFile(file);
    expect(r.tables.problems).toEqual([expect.objectContaining({ entity: 'allocationSplits', name: '青财农字〔2024〕5号', fieldLabel: '分配给项目“小河村食用菌大棚项目”的金额' })]);
  });
});

describe('CLI verify --db FILE --json', () => {
  it('prints { ok, chain, anchors, tables } and exits 0 when clean, 1 when anything is wrong', async () => {
    const file = copyOfBase();
    const clean = await runCli(['verify', '--db', file, '--json']);
    expect(clean.exitCode).toBe(0);
    const c = JSON.parse(clean.stdout) as AuditVerifyResult;
    expect(c).toMatchObject({ ok: true, chain: { brokenAtId: null }, anchors: { ok: true, missingAfterId: null }, tables: { problems: [] } });
    expect(c.chain.rows).toBeGreaterThan(0);
    expect(c.tables.checked).toBeGreaterThan(0);

    tamper(file, (db) => db.prepare("update payments set amount_fen = 1 where voucher = '记-12'").run());
    const bad = await runCli(['verify', '--db', file, '--json']);
    expect(bad.exitCode).toBe(1);
    const b = JSON.parse(bad.stdout) as AuditVerifyResult;
    expect(b.ok).toBe(false);
    expect(b.tables.problems[0]).toMatchObject({ entity: 'payment', field: 'amountFen', trail: '12.00 万元', table: '0.01 元' });
    for (const key of ['entity', 'id', 'name', 'field', 'trail', 'table']) expect(b.tables.problems[0]).toHaveProperty(key);

    const missing = await runCli(['verify', '--db', path.join(path.dirname(file), 'nope.db'), '--json']);
    expect(missing.exitCode).toBe(1);
  });
});

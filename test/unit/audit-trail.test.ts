// The audit trail: every write channel records operator, time, entity and before/after in its own
// transaction; 审计日志's list filters; 校验 names the row someone edited or removed by hand.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newSessionSlot, type ServiceContext } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { NO_LOCAL_FILE } from '../../electron/platform/office-ledger';
import { dispatchFromForm } from '../helpers/form-version';
import { withSession } from '../../electron/ledger/operators/service';
import { api, CHANNELS, type AuditPage, type AuditVerifyResult, type Channel, type DivisionRow, type ProjectTypeNode, type UnitRow } from '../../shared/api';
import { bankable, ledgerSnapshot, setupCounty, type County } from '../helpers/county-fixture';
import { SAMPLE_COUNTY } from '../helpers/ledger';
import { samplePng } from '../helpers/supervision-fixture';
import { writeEveryAssistanceKind } from '../helpers/assistance-writes';
import { testLocationAccess } from '../helpers/credential-double';
import { describeAuditRow } from '../../shared/audit-describe';
import type { TransferResult } from '../../shared/api-office';
import { officeSettings } from '../helpers/office-fixture';
import { pgServer } from '../helpers/pg-server';
import { tamperLedger } from '../helpers/tamper';
import { ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';

const NOW = () => new Date('2026-11-24T10:00:00+08:00');

/** Channels that change the ledger (declared `.writes(…)` in the contract). Every other channel must change nothing. */
const WRITES: Channel[] = CHANNELS.filter((channel) => api[channel].effect === 'write');

interface AuditRowRaw {
  id: number;
  at: string;
  operator: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before: string | null;
  after: string | null;
}

const ledgers: TestLedger[] = [];
afterEach(async () => {
  for (const ledger of ledgers.splice(0)) await ledger.dispose();
});

async function newLedger(): Promise<TestLedger> {
  const ledger = await testLedger({ now: NOW });
  ledgers.push(ledger);
  return ledger;
}

/**
 * Something that changes whenever a call wrote to the ledger. On a file the connection's total_changes(),
 * which counts every row written, even one written back as it was; the server has no such count for a pool of
 * connections, so there every table's rows.
 */
function writesSeen(ledger: TestLedger): Promise<unknown> {
  return ON_SERVER ? ledgerSnapshot(ledger) : ledger.sql.value('select total_changes()');
}

/**
 * Calls channels like the screens do and checks each call: a call that changed anything wrote audit rows
 * in the same transaction, stamped with the operator and the clock, naming an entity, with the before and
 * after values its action implies.
 */
function auditedCaller(ledger: TestLedger) {
  const called = new Set<string>();
  const lastId = async () => (await ledger.sql.value<number>('select coalesce(max(id), 0) from audit_log')) ?? 0;
  async function ok<T>(channel: Channel, input?: unknown, operator = '李娜', ctx: ServiceContext = ledger): Promise<T> {
    const fromId = await lastId();
    const writes = WRITES.includes(channel);
    const before = writes ? null : await writesSeen(ledger);
    const res = await dispatchFromForm(ctx, channel, input);
    if (!res.ok) throw new Error(`${channel}: ${res.error.message} (${res.error.field ?? '-'})`);
    called.add(channel);
    if (!writes) {
      expect(await writesSeen(ledger), `${channel} is not a write channel but changed the ledger`).toEqual(before);
      return res.value as T;
    }
    const rows = await ledger.sql.all<AuditRowRaw>('select * from audit_log where id > ? order by id', [fromId]);
    expect(rows.length, `${channel} wrote no audit row`).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.operator, channel).toBe(operator);
      expect(row.at, channel).toBe(NOW().toISOString());
      expect(row.entity, channel).toMatch(/^[a-zA-Z]+$/);
      if (row.action === 'create') expect(row.after, `${channel}: create without after`).not.toBeNull();
      if (row.action === 'delete') expect(row.before, `${channel}: delete without before`).not.toBeNull();
      if (row.action === 'update' || row.action === 'move' || row.action === 'set') {
        expect(row.before, `${channel}: ${row.action} without before`).not.toBeNull();
        expect(row.after, `${channel}: ${row.action} without after`).not.toBeNull();
        expect(row.before, `${channel}: ${row.action} with before = after`).not.toBe(row.after);
      }
      // A bulk row (the demo's createMany) names many records in its values, none in entity_id.
      const bulk = row.action === 'createMany';
      if (bulk) expect(JSON.parse(row.after ?? '{}'), `${channel}: createMany without rows`).toHaveProperty('rows');
      if (!bulk && row.entity !== 'settings' && row.entity !== 'ledger' && row.entity !== 'allocationSplits') expect(row.entity_id, `${channel}: no entity id`).not.toBeNull();
    }
    return res.value as T;
  }
  return { ok, called };
}

describe('every write through the services is audited', () => {
  it('runs each write channel and finds operator, time, entity, before and after in its audit rows', async () => {
    const ledger = await newLedger();
    const { ok: raw, called } = auditedCaller(ledger);
    // The first write sets the operator, so it is still recorded under the default name.
    await raw('settings.update', { operatorName: '李娜' }, '操作员');
    // The server names whoever signed in, not 设置 → 操作员姓名.
    if (ON_SERVER) await ledger.actAs('李娜');
    const ok = <T,>(channel: Channel, input?: unknown) => raw<T>(channel, input);
    await ok('settings.update', { officeName: '青山县乡村振兴局' });
    // 数据存放: 测试连接 (nothing listens on port 1) changes nothing; 保存 leaves a settings row.
    ledger.ledgerLocation = testLocationAccess(ledger.dir);
    const server = { host: '127.0.0.1', port: 1, database: 'fupin', user: 'ledger_admin', tls: 'off' } as const;
    await ok('ledgerLocation.test', server);
    await ok('ledgerLocation.save', { location: 'office', server: { ...server, password: '密码-1' } });

    // The county of county-fixture.ts, entered through the checked caller.
    const county = await ok<DivisionRow>('county.setup', SAMPLE_COUNTY);
    const huashu = await ok<DivisionRow>('divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
    const nanshan = await ok<DivisionRow>('divisions.create', { level: 'township', parentId: county.id, code: '632123200000', name: '南山乡' });
    const qianjin = await ok<DivisionRow>('divisions.create', { level: 'village', parentId: huashu.id, code: '632123100200', name: '前进村' });
    const xinsang = await ok<DivisionRow>('divisions.create', { level: 'village', parentId: huashu.id, code: '632123100201', name: '新桑村' });
    const agri = await ok<UnitRow>('units.create', { name: '县农业农村局', kind: 'department' });
    const types = await ok<ProjectTypeNode[]>('projectTypes.list');
    const c = {
      huashu,
      nanshan,
      qianjin,
      xinsang,
      agri,
      type: (name: string) => {
        const [top, child] = name.split('/');
        const t = types.find((x) => x.name === top)!;
        return child ? t.children.find((x) => x.name === child)!.id : t.id;
      },
    } as unknown as County;
    await ok('divisions.update', { id: c.xinsang.id, name: '新桑新村' });
    const extra = await ok<{ id: number }>('divisions.create', { level: 'village', parentId: c.huashu.id, code: '632123100209', name: '临时村' });
    await ok('divisions.move', { id: extra.id, newParentId: c.nanshan.id, newCode: '632123200209' });
    await ok('divisions.delete', { id: extra.id });
    const unit = await ok<{ id: number }>('units.create', { name: '县交通局', kind: 'department' });
    await ok('units.update', { id: unit.id, contactPerson: '张伟' });
    await ok('units.delete', { id: unit.id, reason: '机构改革合并' });

    const p = await ok<{ id: number }>('projects.create', bankable(c));
    await ok('projects.update', { id: p.id, content: '硬化村组道路 3.5 公里' });
    const gone = await ok<{ id: number }>('projects.create', bankable(c, { name: '重复的项目' }));
    await ok('projects.delete', { id: gone.id, reason: '重复录入' });

    const a = await ok<{ id: number }>('allocations.create', { docNumber: '青财农字[2024]505号', level: 'central', fundName: '衔接资金', date: '2024-03-05', amountFen: 100_000_00 });
    await ok('allocations.update', { id: a.id, amountFen: 90_000_00 });
    await ok('allocationSplits.set', { allocationId: a.id, replace: true, splits: [{ projectId: p.id, amountFen: 50_000_00 }] });
    const a2 = await ok<{ id: number }>('allocations.create', { docNumber: '青财农字[2024]506号', level: 'county', date: '2024-03-06', amountFen: 1_000_00 });
    await ok('allocations.delete', { id: a2.id, reason: '重复录入' });
    const pay = await ok<{ payment: { id: number } }>('payments.create', { projectId: p.id, allocationId: a.id, date: '2024-04-01', amountFen: 200_00 });
    await ok('payments.update', { id: pay.payment.id, amountFen: 300_00 });
    await ok('payments.delete', { id: pay.payment.id, reason: '凭证作废' });
    await ok('ledgerSettings.update', { assetMinReturnRate: 0.02 });

    const asset = await ok<{ id: number }>('assets.create', { name: '前进村光伏电站', kind: 'operating', townshipId: c.huashu.id });
    await ok('assets.update', { id: asset.id, manager: '前进村村委会' });
    await ok('assetIncomes.upsert', { assetId: asset.id, year: 2024, incomeFen: 50_000_00 });
    await ok('assetIncomes.upsert', { assetId: asset.id, year: 2024, incomeFen: 60_000_00 });
    await ok('assets.delete', { id: asset.id, reason: '已拆除' });

    const i = await ok<{ id: number }>('inspections.create', {
      name: '2026年第三季度督导检查',
      source: 'supervision',
      startDate: '2026-09-01',
      endDate: '2026-09-10',
      townshipIds: [c.huashu.id],
      departments: [],
    });
    await ok('inspections.update', { id: i.id, leader: '李组长' });
    const f = await ok<{ id: number }>('findings.create', { inspectionId: i.id, category: 'housing', description: '住房鉴定资料缺失', townshipId: c.huashu.id, deadline: '2026年12月31日前' });
    await ok('findings.update', { id: f.id, measures: '逐户核实' });
    await ok('findings.progress', { id: f.id, date: '2026-11-20', note: '正在整改', status: 'inProgress' });
    const file = await ok<{ id: number }>('attachments.add', { ownerType: 'finding', ownerId: f.id, name: '照片.png', base64: samplePng(1).toString('base64') });
    await ok('attachments.delete', { id: file.id, reason: '传错了' });
    const f2 = await ok<{ id: number }>('findings.create', { inspectionId: i.id, category: 'housing', description: '误录的问题', townshipId: c.huashu.id, deadline: '立行立改' });
    await ok('findings.delete', { id: f2.id, reason: '误录' });
    const i2 = await ok<{ id: number }>('inspections.create', { name: '误建的检查', source: 'special', startDate: '2026-10-01', townshipIds: [], departments: [] });
    await ok('inspections.delete', { id: i2.id, reason: '录错' });
    await ok('supervisionSettings.update', { immediateDays: 10 });

    // 帮扶力量: every write of the area once (test/helpers/assistance-writes.ts).
    await writeEveryAssistanceKind(ok, ledger, { townshipId: c.huashu.id, townshipName: '桦树镇', villageId: c.qianjin.id, villageName: '前进村', otherVillageId: c.xinsang.id, projectId: p.id });

    // 导入: a township's sheet through the wizard's channels, then undone.
    const sheet = '\ufeff桦树镇项目台账\n项目名称,村,总投资（元）\n导入的道路,前进村,1000\n导入的水窖,前进村,2000\n';
    const open = await ok<{ sessionId: string }>('import.open', { dataBase64: Buffer.from(sheet).toString('base64'), fileName: '桦树镇.csv', jobId: 'audit-1' });
    await ok('import.fields', { kind: 'projects' });
    const shown = await ok<{ warningsId: string }>('import.preview', { sessionId: open.sessionId, township: '桦树镇' });
    await ok('import.warnings', { sessionId: open.sessionId, warningsId: shown.warningsId });
    const batch = await ok<{ batchId: number }>('import.commit', { sessionId: open.sessionId, township: '桦树镇' });
    await ok('import.undoPreview', { batchId: batch.batchId });
    await ok('import.undo', { batchId: batch.batchId });
    await ok('import.close', { sessionId: open.sessionId });
    await ok('import.cancel', { jobId: 'no-such-job' });

    // 导出 and 导入模板 write a file for the user, never the ledger.
    await ok('export.ledger', { ledger: 'projects', filters: {} });
    await ok('export.ledger', { ledger: 'payments', unit: 'yuan', byTownship: true });
    await ok('export.template', { kind: 'projects' });
    await ok('export.cancel', { jobId: 'no-such-export' });

    // 简报: series, a draft from the inspection, edited, numbered, previewed, issued (archived PDF), a second draft deleted.
    const series = await ok<{ id: number }>('bulletins.series.save', {
      name: '脱贫攻坚督导简报',
      issuer: '青山县乡村振兴局',
      recipients: { report: ['县委、县人民政府主要领导'], send: ['县委农办'], distribute: ['各乡镇党委、人民政府'] },
      copies: 30,
    });
    const draft = await ok<{ id: number }>('bulletins.compose', { seriesId: series.id, source: { kind: 'inspection', inspectionId: i.id }, issueDate: '2026-11-24' });
    await ok('bulletins.update', { id: draft.id, title: '关于第三季度督导检查发现问题整改情况的通报' });
    await ok('bulletins.nextNumber', { seriesId: series.id, year: 2026, isSupplement: false });
    await ok('bulletins.preview', { id: draft.id });
    await ok('bulletins.issue', { id: draft.id });
    await ok('bulletins.pdf', { id: draft.id });
    const spare = await ok<{ id: number }>('bulletins.compose', { seriesId: series.id, source: { kind: 'inspection', inspectionId: i.id } });
    await ok('bulletins.delete', { id: spare.id });

    // 数据存放: this ledger onto an empty database of the test server and back into a new file; the office
    // backup and its restore into another empty database. Each leaves its row in this PC's trail. A ledger on
    // the server has no file of this PC's to move up: it is exported, backed up and restored from where it is.
    const pg = await pgServer();
    const office = { ...(await officeSettings(ledger.database ?? (await pg.createDatabase()))), password: '' };
    if (ON_SERVER) {
      expect(await dispatch(ledger, 'ledgerTransfer.preview', { direction: 'toServer', server: office })).toMatchObject({ ok: false, error: { message: NO_LOCAL_FILE } });
      expect(await dispatch(ledger, 'ledgerTransfer.toServer', { server: office })).toMatchObject({ ok: false, error: { message: NO_LOCAL_FILE } });
      await ok('ledgerTransfer.preview', { direction: 'fromServer', server: office });
    } else {
      await ok('ledgerTransfer.preview', { direction: 'toServer', server: office });
      await ok('ledgerTransfer.toServer', { server: office });
    }
    await ok('ledgerTransfer.toFile', { server: office, file: path.join(ledger.dir, '导出', '扶贫台账.db') });
    const officeBackup = await ok<TransferResult>('ledgerTransfer.backupServer', { server: office });
    const restored = { ...(await officeSettings(await pg.createDatabase())), password: '' };
    await ok('ledgerTransfer.restoreToServer', { server: restored, file: officeBackup.file, confirm: true });


    // Reads along the way must not write: run every read channel that needs no particular input.
    for (const channel of CHANNELS) {
      if (WRITES.includes(channel) || channel.startsWith('backup.pick') || channel === 'backup.download') continue;
      const res = await dispatch(ledger, channel, {});
      if (res.ok) await ok(channel, {});
    }

    // 操作员: multi-user mode on (the admin is then signed in on this session), operators managed, sign out/in.
    // The server is multi-user already: there the door signed in as 李娜 does it, as a new one could not.
    const session = ON_SERVER ? ledger : withSession(ledger, newSessionSlot());
    await raw('operators.setMultiUser', { enabled: true, adminName: '王丽', password: 'admin-密码-1' }, '李娜', session);
    const clerk = await raw<{ id: number }>('operators.create', { name: '赵敏', role: 'clerk', password: 'clerk-密码-1' }, '王丽', session);
    await raw('operators.update', { id: clerk.id, role: 'reviewer' }, '王丽', session);
    await raw('operators.setPassword', { id: clerk.id, password: 'clerk-密码-2' }, '王丽', session);
    await raw('operators.disable', { id: clerk.id, disabled: true }, '王丽', session);
    await raw('operators.list', {}, '王丽', session);
    await raw('session.current', {}, '王丽', session);
    await raw('session.signOut', {}, '王丽', session);
    await raw('session.signIn', { name: '王丽', password: 'admin-密码-1' }, '王丽', session);
    // After every write channel, 校验 finds the tables as the trail says (and records itself).
    const verified = await raw<AuditVerifyResult>('audit.verify', {}, '王丽', session);
    expect(verified.findings).toEqual([]);
    expect(verified.ok).toBe(true);

    // demo.load needs an empty ledger; backup.restore is checked in backup.test.ts (it reopens the file).
    const empty = await newLedger();
    const second = auditedCaller(empty);
    await second.ok('demo.load', { scale: 1, seed: 7 }, '操作员');
    expect((await second.ok<AuditVerifyResult>('audit.verify', {}, '操作员')).ok).toBe(true);

    // session.createFirstAdmin is for an office server only: its audit rows are checked in operators-office.test.ts.
    // ledgerTransfer.toServer moves this PC's file up: refused on the server, above.
    const notRun = WRITES.filter(
      (ch) => !called.has(ch) && !second.called.has(ch) && ch !== 'backup.restore' && ch !== 'session.createFirstAdmin' && !(ON_SERVER && ch === 'ledgerTransfer.toServer'),
    );
    expect(notRun).toEqual([]);
    // Every channel is classified: a new write channel must be added here and exercised.
    const unclassified = CHANNELS.filter((ch) => !WRITES.includes(ch) && called.has(ch) === false && !ch.startsWith('backup.') && ch !== 'bulletins.print' /* needs Electron's printer */ && !/\.(get|list|search|suggestCode|summary|flags|matrix|byCategory|overdue|dueSoon|dashboard|previewDeadline|info|facets|verify)$/.test(ch));
    expect(unclassified).toEqual([]);
  });
});

describe('审计日志 list and 校验', () => {
  it('offers no channel that edits or deletes audit rows', () => {
    expect(CHANNELS.filter((c) => c.startsWith('audit.')).sort()).toEqual(['audit.facets', 'audit.list', 'audit.verify']);
  });

  it('shows a change as field rows by their Chinese labels, marking what an update changed', () => {
    const none = () => null;
    const update = describeAuditRow({ action: 'update', entity: 'project', entityId: 1, before: { name: '甲', fundCentralFen: 100 }, after: { name: '乙', fundCentralFen: 100, remark: null } }, none);
    expect(update.changes).toEqual([
      { field: 'name', label: '项目名称', before: '甲', after: '乙', changed: true },
      { field: 'fundCentralFen', label: '中央衔接资金', before: '1.00 元', after: '1.00 元', changed: false },
      { field: 'remark', label: '备注', before: '（空）', after: '（空）', changed: false },
    ]);
    const create = describeAuditRow({ action: 'create', entity: 'project', entityId: 1, before: null, after: { name: '新', farmerLinkage: ['劳务联结'], fundCentralFen: 123456 } }, none);
    expect(create.changes.map((c) => [c.label, c.after, c.changed])).toEqual([
      ['项目名称', '新', false],
      ['联农带农方式', '劳务联结', false],
      ['中央衔接资金', '1,234.56 元', false],
    ]);
  });

  async function ledgerWithTrail() {
    const ledger = await newLedger();
    const c = await setupCounty(ledger);
    await ledger.actAs('王芳');
    const p = await dispatch(ledger, 'projects.create', bankable(c));
    if (!p.ok) throw new Error(p.error.message);
    await dispatchFromForm(ledger, 'projects.update', { id: (p.value as { id: number }).id, content: '改过的内容' });
    return { ledger, projectId: (p.value as { id: number }).id };
  }

  it('filters by entity, entity id, operator, action and local date range, newest first, paged', async () => {
    const { ledger, projectId } = await ledgerWithTrail();
    const list = async (input: Record<string, unknown>) => {
      const res = await dispatch(ledger, 'audit.list', input);
      if (!res.ok) throw new Error(res.error.message);
      return res.value as AuditPage;
    };
    const all = await list({});
    expect(all.total).toBe(await ledger.sql.value('select count(*) from audit_log'));
    expect(all.rows[0]!.id).toBeGreaterThan(all.rows[1]!.id);
    const project = await list({ entity: 'project', entityId: projectId });
    expect(project.rows.map((r) => r.action)).toEqual(['update', 'create']);
    expect(project.rows[0]!.before).toMatchObject({ content: '硬化村组道路 3.2 公里，宽 4.5 米' });
    expect(project.rows[0]!.after).toMatchObject({ content: '改过的内容' });
    expect((await list({ operator: '王芳' })).total).toBe(2);
    expect((await list({ action: 'update', entity: 'project' })).total).toBe(1);
    // 10:00 on 2026-11-24 in UTC+8 is 02:00 UTC: the local day holds it, the day before does not.
    expect((await list({ from: '2026-11-24', to: '2026-11-24' })).total).toBe(all.total);
    expect((await list({ to: '2026-11-23' })).total).toBe(0);
    const page = await list({ limit: 2, offset: 2 });
    expect(page.rows.map((r) => r.id)).toEqual(all.rows.slice(2, 4).map((r) => r.id));
    const refused = await dispatch(ledger, 'audit.list', { from: '2026-11-25', to: '2026-11-24' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'to' } });
    const facets = await dispatch(ledger, 'audit.facets', {});
    expect(facets).toMatchObject({ ok: true, value: { operators: ['操作员', '王芳'] } });
  });

  it('says the chain is intact, then names the row edited by hand and the place where a row was removed', async () => {
    const { ledger } = await ledgerWithTrail();
    const verify = async () => {
      const res = await dispatch(ledger, 'audit.verify', {});
      if (!res.ok) throw new Error(res.error.message);
      return res.value as AuditVerifyResult;
    };
    const intact = await verify();
    expect(intact).toMatchObject({ ok: true, chain: { brokenAtId: null, problem: null } });
    expect(intact.summary).toMatch(/完整/);

    // No channel can change the trail, and the triggers refuse SQL that tries.
    await expect(ledger.sql.run("update audit_log set operator = '某人' where id = 3")).rejects.toThrow(/审计日志不可修改/);
    await expect(ledger.sql.run('delete from audit_log where id = 3')).rejects.toThrow(/审计日志不可删除/);

    // Someone with the database's own tools (another SQLite program on the file, psql on the server) drops the
    // triggers and edits a row.
    const editedId = await ledger.sql.value<number>("select id from audit_log where entity = 'project' and action = 'update'");
    await tamperLedger(ledger, async (db) => {
      await db.run("update audit_log set after = replace(after, '改过的内容', '别的内容') where id = ?", [editedId ?? 0]);
    });
    const edited = await verify();
    expect(edited).toMatchObject({ ok: false, chain: { brokenAtId: editedId, problem: 'content' } });
    expect(edited.chain.broken).toMatchObject({ id: editedId, entity: 'project', action: 'update' });
    expect(edited.findings[0]!.title).toContain(`第 ${editedId} 条`);
    // When, as the clerk's clock read it (not a UTC date cut at ten characters).
    expect(edited.findings[0]!.detail).toContain('2026年11月24日 10:00');

    // Or removes a row instead: the chain breaks at the row after it.
    await tamperLedger(ledger, async (db) => {
      await db.run("update audit_log set after = replace(after, '别的内容', '改过的内容') where id = ?", [editedId ?? 0]);
      await db.run('delete from audit_log where id = 3');
    });
    const removed = await verify();
    expect(removed).toMatchObject({ ok: false, chain: { brokenAtId: 4, problem: 'link' } });
  });
});

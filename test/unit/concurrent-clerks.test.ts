// Several clerks on one ledger (issue 16, 多人同时录入): on the office server each clerk's context has its own
// connections to one PostgreSQL database (a pool per clerk, as each PC has); on a ledger file the clerks are the
// doors sharing its one connection. On both engines: a save from a form another clerk saved meanwhile is refused
// naming who and when; project numbers, 第N期 and finding 序号 handed out to many creates at once are distinct;
// and the audit trail is still one valid hash chain.
import type { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as projectsStore from '../../electron/ledger/projects/store';
import { verifyChainOnPort } from '../../electron/platform/audited-write';
import type { ServiceContext } from '../../electron/platform/context';
import { dataPort, type DataPort, type SqlParams } from '../../electron/platform/data-port';
import { dispatch } from '../../electron/platform/handlers';
import { ledgerPool, postgresPort } from '../../electron/platform/postgres-port';
import type { AllocationDetail, BulletinDetail, DivisionRow, FindingDetail, InspectionDetail, ProjectDetail } from '../../shared/api';
import type { AuditVerifyResult } from '../../shared/api-audit';
import { SAMPLE_COUNTY, tempLedger } from '../helpers/ledger';
import { signedInClerks } from '../helpers/office-clerks';
import { migratedDatabase } from '../helpers/pg-server';

const NOW = () => new Date('2026-12-07T14:32:00+08:00');

interface Office {
  /** A clerk's door, signed in as the named operator: their own connections on the office server, the shared one on a file. */
  clerk(name: string): Promise<ServiceContext>;
  /** A port on the ledger for checks made after the clerks are done. */
  port: DataPort;
  close(): Promise<void>;
}

async function ok<T>(ctx: ServiceContext, channel: string, input?: unknown): Promise<T> {
  const res = await dispatch(ctx, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

const ENGINES: ReadonlyArray<{ name: string; open(): Promise<Office> }> = [
  {
    name: 'better-sqlite3',
    async open() {
      const ledger = tempLedger({ now: NOW });
      return { clerk: signedInClerks(() => ledger), port: dataPort(ledger), close: async () => ledger.dispose() };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const url = await migratedDatabase();
      // The context's clock and its file-only settings; the ledger itself is the server's.
      const local = tempLedger({ now: NOW });
      const pools: Pool[] = [ledgerPool(url)];
      const port = postgresPort(pools[0] as Pool);
      return {
        clerk: signedInClerks(() => {
          const pool = ledgerPool(url);
          pools.push(pool);
          const pc = Object.create(local) as ServiceContext;
          pc.port = postgresPort(pool);
          return pc;
        }),
        port,
        async close() {
          await Promise.all(pools.map((p) => p.end()));
          local.dispose();
        },
      };
    },
  },
];

async function countyOn(ctx: ServiceContext): Promise<{ township: DivisionRow; village: DivisionRow }> {
  const county = await ok<DivisionRow>(ctx, 'county.setup', SAMPLE_COUNTY);
  const township = await ok<DivisionRow>(ctx, 'divisions.create', { level: 'township', parentId: county.id, code: '632123100000', name: '桦树镇' });
  const village = await ok<DivisionRow>(ctx, 'divisions.create', { level: 'village', parentId: township.id, code: '632123100200', name: '前进村' });
  return { township, village };
}

const auditRows = async (port: DataPort) => Number((await port.get<{ n: number }>('select count(*) as n from audit_log'))?.n);

describe.each(ENGINES)('several clerks on one ledger ($name)', (engine) => {
  const opened: Office[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()));
  });
  const office = async () => {
    const o = await engine.open();
    opened.push(o);
    return o;
  };

  it('two clerks edit the same project: the second save is refused, naming who saved and when', async () => {
    const o = await office();
    const zhang = await o.clerk('张三');
    const li = await o.clerk('李四');
    const place = await countyOn(zhang);
    const created = await ok<ProjectDetail>(zhang, 'projects.create', { year: 2026, name: '前进村道路硬化', townshipId: place.township.id, villageId: place.village.id });
    const zhangsForm = await ok<ProjectDetail>(zhang, 'projects.get', { id: created.id });
    const lisForm = await ok<ProjectDetail>(li, 'projects.get', { id: created.id });
    expect([zhangsForm.version, lisForm.version]).toEqual([1, 1]);

    const saved = await ok<ProjectDetail>(zhang, 'projects.update', { id: created.id, version: zhangsForm.version, content: '硬化道路 3 公里' });
    expect(saved).toMatchObject({ version: 2, content: '硬化道路 3 公里' });
    const rows = await auditRows(o.port);
    const refused = await dispatch(li, 'projects.update', { id: created.id, version: lisForm.version, content: '硬化道路 5 公里', remark: '李四补的备注' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'STALE', message: '这条项目记录已被 张三 于 2026-12-07 14:32 修改，您的修改未保存。已显示最新内容，您填写的内容保留在表单中，请核对后再保存。' },
    });
    // Nothing of 李四's save: the row is 张三's, and the trail has no row for it.
    expect(await ok<ProjectDetail>(li, 'projects.get', { id: created.id })).toMatchObject({ version: 2, content: '硬化道路 3 公里', remark: null });
    expect(await auditRows(o.port)).toBe(rows);
    expect(await verifyChainOnPort(o.port)).toMatchObject({ ok: true, brokenAtId: null });
  });

  it('a split, a 整改进展 step and a 签发 from a record another clerk has since changed are refused, naming who and when', async () => {
    const o = await office();
    const zhang = await o.clerk('张三');
    const li = await o.clerk('李四');
    const place = await countyOn(zhang);
    const stale = (label: string) => ({
      ok: false,
      error: { code: 'STALE', message: `这条${label}记录已被 张三 于 2026-12-07 14:32 修改，您的修改未保存。已显示最新内容，您填写的内容保留在表单中，请核对后再保存。` },
    });
    const project = await ok<ProjectDetail>(zhang, 'projects.create', { year: 2026, name: '前进村道路硬化', townshipId: place.township.id, villageId: place.village.id });

    // 资金分配: the split belongs to its allocation, so 张三's split moves the allocation on under 李四's form.
    const allocation = await ok<AllocationDetail>(zhang, 'allocations.create', { docNumber: '青财农字〔2026〕12号', level: 'central', date: '2026-03-05', amountFen: 100_000_00 });
    const lisAllocation = await ok<AllocationDetail>(li, 'allocations.get', { id: allocation.id });
    const split = await ok<AllocationDetail>(zhang, 'allocationSplits.set', {
      allocationId: allocation.id,
      version: allocation.version,
      splits: [{ projectId: project.id, amountFen: 60_000_00 }],
    });
    expect(split.version).toBe(allocation.version + 1);
    let rows = await auditRows(o.port);
    expect(await dispatch(li, 'allocationSplits.set', { allocationId: allocation.id, version: lisAllocation.version, splits: [{ projectId: project.id, amountFen: 90_000_00 }] })).toEqual(
      stale('资金下达'),
    );
    expect(await dispatch(li, 'allocations.update', { id: allocation.id, version: lisAllocation.version, remark: '李四的备注' })).toEqual(stale('资金下达'));
    expect(await ok<AllocationDetail>(li, 'allocations.get', { id: allocation.id })).toMatchObject({
      version: split.version,
      remark: null,
      splits: [expect.objectContaining({ projectId: project.id, amountFen: 60_000_00 })],
    });
    expect(await auditRows(o.port)).toBe(rows);

    // 整改进展: 李四 records a step on the finding as she read it; 张三 changed the finding meanwhile.
    const inspection = await ok<InspectionDetail>(zhang, 'inspections.create', {
      name: '2026年第四季度巩固衔接督导检查',
      source: 'supervision',
      startDate: '2026-10-08',
      endDate: '2026-10-20',
      townshipIds: [place.township.id],
    });
    const finding = await ok<FindingDetail>(zhang, 'findings.create', {
      inspectionId: inspection.id,
      category: 'housing',
      description: '前进村两户危房改造未验收',
      townshipId: place.township.id,
      deadline: '2026年12月31日前',
    });
    const lisFinding = await ok<FindingDetail>(li, 'findings.get', { id: finding.id });
    await ok(zhang, 'findings.update', { id: finding.id, version: finding.version, measures: '逐户核实，限期验收' });
    rows = await auditRows(o.port);
    expect(await dispatch(li, 'findings.progress', { id: finding.id, version: lisFinding.version, date: '2026-11-20', note: '已组织验收', status: 'inProgress' })).toEqual(
      stale('问题'),
    );
    expect(await ok<FindingDetail>(li, 'findings.get', { id: finding.id })).toMatchObject({ status: 'notStarted', updates: [] });
    expect(await auditRows(o.port)).toBe(rows);

    // 签发: 张三 changed the draft after 李四 read it; her 签发 is refused and the draft stays a draft.
    const series = await ok<{ id: number }>(zhang, 'bulletins.series.save', {
      name: '脱贫攻坚督导简报',
      issuer: '青山县乡村振兴局',
      recipients: { report: ['县委、县人民政府主要领导'], send: ['县委农办'], distribute: ['各乡镇党委、人民政府'] },
      copies: 30,
    });
    const draft = await ok<BulletinDetail>(zhang, 'bulletins.compose', { seriesId: series.id, source: { kind: 'inspection', inspectionId: inspection.id }, issueDate: '2026-12-07' });
    const lisDraft = await ok<BulletinDetail>(li, 'bulletins.get', { id: draft.id });
    await ok(zhang, 'bulletins.update', { id: draft.id, version: draft.version, title: '第四季度督导检查情况通报（改稿）' });
    rows = await auditRows(o.port);
    expect(await dispatch(li, 'bulletins.issue', { id: draft.id, version: lisDraft.version })).toEqual(stale('简报'));
    expect(await ok<BulletinDetail>(li, 'bulletins.get', { id: draft.id })).toMatchObject({ status: 'draft', title: '第四季度督导检查情况通报（改稿）' });
    expect(await auditRows(o.port)).toBe(rows);
    expect(await verifyChainOnPort(o.port)).toMatchObject({ ok: true, brokenAtId: null });
  });

  it('two clerks saving the same version at the same moment: exactly one save goes through', async () => {
    const o = await office();
    const zhang = await o.clerk('张三');
    const li = await o.clerk('李四');
    await countyOn(zhang);
    const p = await ok<ProjectDetail>(zhang, 'projects.create', { year: 2026, name: '小水窖维修' });
    const rows = await auditRows(o.port);
    const answers = await Promise.all([
      dispatch(zhang, 'projects.update', { id: p.id, version: p.version, remark: '张三的备注' }),
      dispatch(li, 'projects.update', { id: p.id, version: p.version, remark: '李四的备注' }),
    ]);
    const accepted = answers.filter((a) => a.ok);
    const refusals = answers.flatMap((a) => (a.ok ? [] : [a.error]));
    expect(accepted).toHaveLength(1);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.code).toBe('STALE');
    const winner = answers[0]?.ok ? '张三' : '李四';
    expect(refusals[0]?.message).toMatch(new RegExp(`^这条项目记录已被 ${winner} 于 2026-12-07 14:32 修改`));
    expect(await ok<ProjectDetail>(zhang, 'projects.get', { id: p.id })).toMatchObject({ version: 2, remark: `${winner}的备注` });
    expect(await auditRows(o.port)).toBe(rows + 1);
  });

  it('the store updates a row only at the version named, and moves it on', async () => {
    const o = await office();
    const zhang = await o.clerk('张三');
    await countyOn(zhang);
    const p = await ok<ProjectDetail>(zhang, 'projects.create', { year: 2026, name: '村级光伏' });
    const at = NOW().toISOString();
    const changed = await o.port.transaction(async (tx) => [
      await projectsStore.updateProject(tx, p.id, { remark: '旧表单' }, undefined, at, 7),
      await projectsStore.updateProject(tx, p.id, { remark: '新表单' }, undefined, at, 1),
      await projectsStore.updateProject(tx, p.id, { remark: '导入' }, undefined, at),
    ]);
    expect(changed).toEqual([0, 1, 1]);
    expect(await projectsStore.storedProject(o.port, p.id)).toMatchObject({ version: 3, remark: '导入' });
  });

  it('20 projects, 10 findings and 6 bulletins created at once by two clerks get distinct numbers, and the chain stays valid', async () => {
    const o = await office();
    const zhang = await o.clerk('张三');
    const li = await o.clerk('李四');
    const place = await countyOn(zhang);
    const inspection = await ok<InspectionDetail>(zhang, 'inspections.create', {
      name: '2026年第四季度巩固衔接督导检查',
      source: 'supervision',
      startDate: '2026-10-08',
      endDate: '2026-10-20',
      townshipIds: [place.township.id],
    });
    const series = await ok<{ id: number }>(zhang, 'bulletins.series.save', {
      name: '脱贫攻坚督导简报',
      issuer: '青山县乡村振兴局',
      recipients: { report: ['县委、县人民政府主要领导'], send: ['县委农办'], distribute: ['各乡镇党委、人民政府'] },
      copies: 30,
    });
    const clerkOf = (i: number) => (i % 2 === 0 ? zhang : li);

    const projects = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ok<ProjectDetail>(clerkOf(i), 'projects.create', { year: 2026, name: `并发录入的项目${i + 1}` })),
    );
    const findings = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ok<FindingDetail>(clerkOf(i), 'findings.create', {
          inspectionId: inspection.id,
          category: 'housing',
          description: `并发录入的问题${i + 1}`,
          townshipId: place.township.id,
          deadline: '2026年12月31日前',
        }),
      ),
    );
    const bulletins = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        ok<BulletinDetail>(clerkOf(i), 'bulletins.compose', { seriesId: series.id, source: { kind: 'period', start: '2026-10-01', end: '2026-11-30' }, issueDate: '2026-12-07' }),
      ),
    );

    const seq4 = (n: number) => String(n).padStart(4, '0');
    expect(projects.map((p) => p.code).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `青山-2026-${seq4(i + 1)}`));
    expect(findings.map((f) => f.seq).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(bulletins.map((b) => b.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const chain = await verifyChainOnPort(o.port);
    expect(chain).toMatchObject({ ok: true, brokenAtId: null, gapAfterId: null });
    // County, two places, the inspection, the series, then one audit row per create.
    expect(chain.rows).toBe((await auditRows(o.port)));
    expect(Number((await o.port.get<{ n: number }>("select count(*) as n from audit_log where action = 'create' and entity in ('project', 'finding', 'bulletin')"))?.n)).toBe(36);
  });
});

// 校验 reads the whole trail and every checked table, page by page: on the server other clerks save in between. On a
// file it cannot meet that (the port answers synchronously and the check does not yield to another request).
describe('校验 on the office server while other clerks save', () => {
  const server = ENGINES.find((e) => e.name === 'PostgreSQL') as (typeof ENGINES)[number];
  const opened: Office[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()));
  });

  it('sees the ledger as of one moment: a project created and one edited while it reads are no 账实不符', async () => {
    const o = await server.open();
    opened.push(o);
    const zhang = await o.clerk('张三');
    const li = await o.clerk('李四');
    const place = await countyOn(zhang);
    const edited = await ok<ProjectDetail>(li, 'projects.create', { year: 2026, name: '小河村饮水巩固提升', townshipId: place.township.id });

    // 张三's 校验, with 李四 saving twice after it has read the projects' trail and before it reads their table.
    const base = zhang.port as DataPort;
    let interleaved = false;
    const verifying = Object.create(zhang) as ServiceContext;
    verifying.port = {
      ...base,
      async all<T>(sql: string, params?: SqlParams): Promise<T[]> {
        if (!interleaved && /^select id, deleted_at as "deletedAt", .* from projects where id > \?/.test(sql)) {
          interleaved = true;
          await ok(li, 'projects.create', { year: 2026, name: '前进村产业路', townshipId: place.township.id });
          await ok(li, 'projects.update', { id: edited.id, version: edited.version, fundCentralFen: 30_000_000 });
        }
        return base.all<T>(sql, params);
      },
    };
    const during = await ok<AuditVerifyResult>(verifying, 'audit.verify', {});
    expect(interleaved).toBe(true);
    expect(during.findings).toEqual([]);
    expect(during).toMatchObject({ ok: true, problemCount: 0 });
    // Read again once they are saved: both are in the trail as they are in the table.
    expect(await ok<AuditVerifyResult>(zhang, 'audit.verify', {})).toMatchObject({ ok: true, problemCount: 0 });
  });
});

// A version per row (issue 16): every ledger record a clerk edits through a form carries the version its form
// loaded; a save from a form loaded before another clerk's save is refused with who saved and when, writes
// nothing (no row change, no audit row), and a save from the newer version goes through.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllocationDetail, AssetDetail, BulletinDetail, FindingDetail, InspectionDetail, PaymentRow, PaymentWriteResult, ProjectDetail } from '../../shared/api';
import { dispatch } from '../../electron/platform/handlers';
import { bankable } from '../helpers/county-fixture';
import { setupSupervision, type Supervision } from '../helpers/supervision-fixture';

let s: Supervision;
beforeEach(async () => {
  s = await setupSupervision();
});
afterEach(() => s.ledger.dispose());

/** One kind of record: how to make one, read it as its form does, and a change a clerk might type. */
interface Kind {
  entity: string;
  label: string;
  make(): Promise<{ id: number }>;
  read(id: number): Promise<{ version: number }>;
  update: string;
  edit(n: number): Record<string, unknown>;
}

const KINDS: Kind[] = [
  {
    entity: 'project',
    label: '项目',
    make: () => s.api.ok<ProjectDetail>('projects.create', bankable(s.c)),
    read: (id) => s.api.ok<ProjectDetail>('projects.get', { id }),
    update: 'projects.update',
    edit: (n) => ({ content: `硬化村组道路 ${n} 公里` }),
  },
  {
    entity: 'allocation',
    label: '资金下达',
    make: () => s.api.ok<AllocationDetail>('allocations.create', { docNumber: '青财农字[2024]505号', level: 'central', fundName: '衔接资金', date: '2024-03-05', amountFen: 100_000_00 }),
    read: (id) => s.api.ok<AllocationDetail>('allocations.get', { id }),
    update: 'allocations.update',
    edit: (n) => ({ amountFen: 90_000_00 + n }),
  },
  {
    entity: 'payment',
    label: '拨付',
    make: async () => {
      const p = await s.api.ok<ProjectDetail>('projects.create', bankable(s.c, { name: '新桑村产业路', fundCentralFen: 500_000_00 }));
      return (await s.api.ok<PaymentWriteResult>('payments.create', { projectId: p.id, date: '2024-04-01', amountFen: 200_00 })).payment;
    },
    read: (id) => s.api.ok<PaymentRow>('payments.get', { id }),
    update: 'payments.update',
    edit: (n) => ({ voucher: `记-${n}` }),
  },
  {
    entity: 'asset',
    label: '资产',
    make: () => s.api.ok<AssetDetail>('assets.create', { name: '前进村光伏电站', kind: 'operating', townshipId: s.c.huashu.id }),
    read: (id) => s.api.ok<AssetDetail>('assets.get', { id }),
    update: 'assets.update',
    edit: (n) => ({ manager: `前进村村委会${n}组` }),
  },
  {
    entity: 'inspection',
    label: '督导检查',
    make: () => s.inspection(),
    read: (id) => s.api.ok<InspectionDetail>('inspections.get', { id }),
    update: 'inspections.update',
    edit: (n) => ({ leader: `组长${n}` }),
  },
  {
    entity: 'finding',
    label: '问题',
    make: async () => s.finding((await s.inspection()).id),
    read: (id) => s.api.ok<FindingDetail>('findings.get', { id }),
    update: 'findings.update',
    edit: (n) => ({ measures: `逐户核实，第${n}次补办` }),
  },
  {
    entity: 'bulletin',
    label: '简报',
    make: async () => {
      const inspection = await s.inspection();
      const series = await s.api.ok<{ id: number }>('bulletins.series.save', {
        name: '脱贫攻坚督导简报',
        issuer: '青山县乡村振兴局',
        recipients: { report: ['县委、县人民政府主要领导'], send: ['县委农办'], distribute: ['各乡镇党委、人民政府'] },
        copies: 30,
      });
      return s.api.ok<BulletinDetail>('bulletins.compose', { seriesId: series.id, source: { kind: 'inspection', inspectionId: inspection.id }, issueDate: '2026-11-24' });
    },
    read: (id) => s.api.ok<BulletinDetail>('bulletins.get', { id }),
    update: 'bulletins.update',
    edit: (n) => ({ title: `第三季度督导检查情况通报（${n}稿）` }),
  },
];

const auditRows = async () => Number(await s.ledger.sql.value('select count(*) from audit_log'));

describe('一行一个版本：后保存的旧表单被拒绝', () => {
  for (const kind of KINDS) {
    it(`${kind.label}: the second save of a form loaded at the same version is refused, naming who saved and when`, async () => {
      const { id } = await kind.make();
      const loaded = await kind.read(id);
      expect(loaded.version).toBe(1);

      // 张三 saves first, from the form both clerks loaded.
      await s.setOperator('张三');
      await s.api.ok(kind.update, { id, version: loaded.version, ...kind.edit(1) });
      const newer = await kind.read(id);
      expect(newer.version).toBe(2);

      // 李四 saves from the same (now stale) form: refused, and nothing is written.
      await s.setOperator('李四');
      const rowsBefore = await auditRows();
      const before = await s.snapshot();
      const refusal = await s.api.refused(kind.update, { id, version: loaded.version, ...kind.edit(2) });
      expect(refusal.code).toBe('STALE');
      expect(refusal.message).toBe(`这条${kind.label}记录已被 张三 于 2026-11-24 10:00 修改，您的修改未保存。已显示最新内容，您填写的内容保留在表单中，请核对后再保存。`);
      expect(await auditRows()).toBe(rowsBefore);
      expect(await s.snapshot()).toBe(before);
      expect(await kind.read(id)).toEqual(newer);

      // From the newer version the same edit goes through, and moves the version on.
      await s.api.ok(kind.update, { id, version: newer.version, ...kind.edit(2) });
      expect((await kind.read(id)).version).toBe(3);
      expect(await auditRows()).toBe(rowsBefore + 1);
    });
  }

  it('an update that names no version is refused before anything is read or written', async () => {
    const p = await s.api.ok<ProjectDetail>('projects.create', bankable(s.c));
    const rows = await auditRows();
    const before = await s.snapshot();
    // Raw dispatch: the test helpers name the version a form would have loaded.
    for (const [channel, input] of [
      ['projects.update', { id: p.id, remark: '脚本改的' }],
      ['allocations.update', { id: 1, amountFen: 1 }],
      ['allocationSplits.set', { allocationId: 1, splits: [] }],
      ['payments.update', { id: 1, voucher: '记-1' }],
      ['assets.update', { id: 1, manager: '村委会' }],
      ['inspections.update', { id: 1, leader: '组长' }],
      ['findings.update', { id: 1, goal: '目标' }],
      ['findings.progress', { id: 1, date: '2026-11-20', note: '正在整改' }],
      ['bulletins.update', { id: 1, title: '标题' }],
      ['bulletins.issue', { id: 1 }],
    ] as const) {
      expect(await dispatch(s.ledger, channel, input), channel).toEqual({
        ok: false,
        error: { code: 'VALIDATION', field: 'version', message: expect.stringContaining('请先读取记录再保存：缺少记录版本') },
      });
    }
    expect(await auditRows()).toBe(rows);
    expect(await s.snapshot()).toBe(before);
  });

  it('a 整改进展 step moves the finding on: a finding form loaded before it is refused', async () => {
    const f = await s.finding((await s.inspection()).id);
    await s.setOperator('王芳');
    await s.api.ok('findings.progress', { id: f.id, date: '2026-11-20', note: '正在整改', status: 'inProgress' });
    const refusal = await s.api.refused('findings.update', { id: f.id, version: f.version, goal: '改过的目标' });
    expect(refusal.message).toMatch(/^这条问题记录已被 王芳 于 2026-11-24 10:00 修改/);
  });

  it('the version is a positive integer in the contract', async () => {
    const p = await s.api.ok<ProjectDetail>('projects.create', bankable(s.c));
    expect((await s.api.refused('projects.update', { id: p.id, version: 0, remark: '零' })).code).toBe('VALIDATION');
    expect((await s.api.refused('projects.update', { id: p.id, version: 1.5, remark: '半' })).code).toBe('VALIDATION');
  });
});

// A ledger in which every kind of audited write has happened once, through the services as a clerk (and the
// import, the undo and a restore) would do them: the material of the 审计日志 description tests and screen.
import fs from 'node:fs';
import path from 'node:path';
import { createBackup } from '../../electron/ledger/backup/service';
import { dispatchFromForm } from './form-version';
import type { LedgerHandle } from '../../electron/platform/context';
import { importFile } from '../../electron/ledger/imports/service';
import type { AllocationDetail, AssetDetail, FindingDetail, InspectionDetail, PaymentWriteResult, ProjectDetail } from '../../shared/api';
import { setupCounty, bankable, type County } from './county-fixture';
import { csvText } from './import-fixtures';
import { samplePng } from './supervision-fixture';

async function ok<T>(ledger: LedgerHandle, channel: string, input?: unknown): Promise<T> {
  const res = await dispatchFromForm(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message} (${res.error.field ?? '-'})`);
  return res.value as T;
}

export interface EveryWrite {
  c: County;
  /** The project that is edited, moved on and finally deleted (its name lives on only in the trail). */
  deletedProjectName: string;
  keptProjectId: number;
}

/**
 * Every write the app audits, once or more: 区划 and 单位, settings, 项目 (create, edit, step back with a
 * reason, delete), 资金下达 with its split, 拨付, 资产 and 收益, 检查 and 问题 through the whole 整改 workflow with
 * 佐证材料, 简报 drafts, 操作员, an import and its undo, a restore. The import's files are written to `dir`.
 */
export async function writeEveryKind(ledger: LedgerHandle & { actAs?(name: string): Promise<void> }, dir: string): Promise<EveryWrite> {
  const call = <T>(channel: string, input?: unknown) => ok<T>(ledger, channel, input);
  // 设置 → 操作员姓名 names who writes on a file; the server names whoever signed in (test-ledger.ts actAs).
  const operator = async (name: string) => {
    if (ledger.port) await ledger.actAs?.(name);
  };
  await call('settings.update', { officeName: '青山县乡村振兴局', operatorName: '李娜' });
  await operator('李娜');
  const c = await setupCounty(ledger as Parameters<typeof setupCounty>[0]); // it reads only the channels
  await call('ledgerSettings.update', { industryShareTarget: 0.6 });
  await call('supervisionSettings.update', { immediateDays: 15 });

  // 区划 and 单位.
  const extra = await call<{ id: number }>('divisions.create', { level: 'village', parentId: c.huashu.id, code: '632123100202', name: '东风村' });
  await call('divisions.update', { id: extra.id, name: '东风新村' });
  const moved = await call<{ id: number; code: string }>('divisions.move', { id: extra.id, newParentId: c.nanshan.id, newCode: '632123200201' });
  await call('divisions.delete', { id: moved.id });
  const unit = await call<{ id: number }>('units.create', { name: '县交通运输局', kind: 'department' });
  await call('units.update', { id: unit.id, contactPerson: '周工' });
  await call('units.delete', { id: unit.id, reason: '机构改革合并' });

  // 项目.
  const doomed = await call<ProjectDetail>('projects.create', bankable(c, { name: '前进村道路硬化项目', responsiblePerson: '张村长' }));
  await call('projects.update', { id: doomed.id, responsiblePerson: '李主任', fundCentralFen: 95_000_000, implementerId: c.water.id, status: 'started' });
  await call('projects.update', { id: doomed.id, status: 'banked', reason: '开工报告未批，退回入库' });
  const kept = await call<ProjectDetail>('projects.create', bankable(c, { name: '小河村食用菌大棚项目', townshipId: c.nanshan.id, villageId: c.xiaohe.id, categoryId: c.type('产业发展'), subcategoryId: c.type('产业发展/生产项目') }));

  // 资金下达, its split to both projects, 拨付.
  const allocation = await call<AllocationDetail>('allocations.create', { docNumber: '青财农字〔2024〕5号', level: 'central', fundName: '中央衔接资金', date: '2024-03-05', amountFen: 200_000_000 });
  await call('allocations.update', { id: allocation.id, recipient: '桦树镇人民政府', amountFen: 210_000_000 });
  await call('allocationSplits.set', { allocationId: allocation.id, splits: [{ projectId: doomed.id, amountFen: 80_000_000 }, { projectId: kept.id, amountFen: 45_561_650 }] });
  const pay = await call<PaymentWriteResult>('payments.create', { projectId: kept.id, allocationId: allocation.id, date: '2024-04-01', amountFen: 12_345_600, payee: '小河村股份经济合作社', voucher: '记-12', paymentType: 'advance' });
  await call('payments.update', { id: pay.payment.id, amountFen: 12_000_000, paymentType: 'progress' });
  const pay2 = await call<PaymentWriteResult>('payments.create', { projectId: kept.id, date: '2024-05-01', amountFen: 100_000, voucher: '记-13' });
  await call('payments.delete', { id: pay2.payment.id, reason: '重复录入' });

  // 资产 and 收益.
  const asset = await call<AssetDetail>('assets.create', { name: '小河村食用菌大棚', kind: 'operating', projectId: kept.id, originalValueFen: 45_561_650, townshipId: c.nanshan.id, villageId: c.xiaohe.id, status: 'normal' });
  await call('assets.update', { id: asset.id, operationMode: 'lease', status: 'idle' });
  await call('assetIncomes.upsert', { assetId: asset.id, year: 2024, incomeFen: 3_000_000 });
  await call('assetIncomes.upsert', { assetId: asset.id, year: 2024, incomeFen: 3_200_000, distribution: '按股分红' });
  const asset2 = await call<AssetDetail>('assets.create', { name: '旧烘干机', kind: 'household', originalValueFen: 500_000, status: 'damaged' });
  await call('assets.delete', { id: asset2.id, reason: '已报废' });

  // 检查 and 问题 through the 整改 workflow.
  const inspection = await call<InspectionDetail>('inspections.create', {
    name: '2024年第一季度巩固衔接督导检查',
    source: 'supervision',
    startDate: '2024-03-01',
    endDate: '2024-03-10',
    townshipIds: [c.huashu.id],
  });
  await call('inspections.update', { id: inspection.id, leader: '王建国', townshipIds: [c.huashu.id, c.nanshan.id] });
  const finding = await call<FindingDetail>('findings.create', {
    inspectionId: inspection.id,
    category: 'housing',
    description: '前进村2户脱贫户住房安全等级鉴定资料缺失',
    townshipId: c.huashu.id,
    villageId: c.qianjin.id,
    projectId: kept.id,
    responsiblePerson: '钱干事',
    deadline: '2024年4月30日前',
  });
  await call('findings.update', { id: finding.id, responsiblePerson: '孙干事', deadline: '2024年底前' });
  await call('findings.progress', { id: finding.id, date: '2024-03-20', note: '已逐户核实', status: 'inProgress' });
  await call('findings.progress', { id: finding.id, date: '2024-03-25', note: '正在补办鉴定' });
  await call('attachments.add', { ownerType: 'finding', ownerId: finding.id, name: '鉴定报告.png', base64: samplePng(1).toString('base64') });
  const stray = await call<{ id: number }>('attachments.add', { ownerType: 'finding', ownerId: finding.id, name: '误传照片.png', base64: samplePng(2).toString('base64') });
  await call('attachments.delete', { id: stray.id, reason: '传错了文件' });
  await call('findings.progress', { id: finding.id, date: '2024-03-28', note: '鉴定资料已补齐', status: 'awaitingClose' });
  await call('settings.update', { operatorName: '王芳' });
  await operator('王芳');
  await call('findings.progress', { id: finding.id, date: '2024-03-30', note: '经审核同意销号', status: 'closed', reviewer: '王芳' });
  const inspection2 = await call<InspectionDetail>('inspections.create', { name: '临时暗访', source: 'unannounced', startDate: '2024-03-02' });
  const finding2 = await call<FindingDetail>('findings.create', { inspectionId: inspection2.id, category: 'workStyle', description: '值班记录不全', townshipId: c.nanshan.id });
  await call('findings.delete', { id: finding2.id, reason: '误录' });
  await call('inspections.delete', { id: inspection2.id, reason: '误录' });

  // 简报: the series, a draft, an edit, a draft deleted.
  const draft = await call<{ id: number }>('bulletins.compose', { source: { kind: 'inspection', inspectionId: inspection.id } });
  await call('bulletins.update', { id: draft.id, title: '2024年第一季度督导情况通报' });
  const draft2 = await call<{ id: number }>('bulletins.compose', { source: { kind: 'period', start: '2024-01-01', end: '2024-03-31' } });
  await call('bulletins.delete', { id: draft2.id });

  // 操作员.
  const clerk = await call<{ id: number }>('operators.create', { name: '赵敏', role: 'clerk', password: 'qingshan-2024' });
  await call('operators.update', { id: clerk.id, role: 'reviewer' });
  await call('operators.setPassword', { id: clerk.id, password: 'qingshan-2025' });
  await call('operators.disable', { id: clerk.id });

  // An import of payments and its undo (with the 撤销导入前 copy), a project import that edits a record.
  const csv = path.join(dir, '拨付明细.csv');
  fs.writeFileSync(csv, csvText([['项目名称', '拨付日期', '拨付金额(元)', '凭证号'], ['小河村食用菌大棚项目', '2024-06-01', '50000.00', '记-30']]));
  const imported = await importFile(ledger, { path: csv, kind: 'payments' });
  await call('import.undo', { batchId: imported.batchId, reason: '文件选错了' });
  const projectsCsv = path.join(dir, '项目.csv');
  fs.writeFileSync(projectsCsv, csvText([['项目名称', '乡镇', '村', '责任人', '备注'], ['小河村食用菌大棚项目', '南山乡', '小河村', '刘站长', '乡镇报表更新']]));
  await importFile(ledger, { path: projectsCsv, kind: 'projects' });

  // Delete the first project last: its name must still show on every earlier row.
  await call('projects.delete', { id: doomed.id, reason: '项目取消' });

  // A restore: the copy is taken now and put back at once. A ledger on the office server is not restored in
  // place (it is restored into a new database: ledgerTransfer.restoreToServer), so it has no such row.
  const backup = await createBackup(ledger, 'manual');
  if (!ledger.port) await call('backup.restore', { path: backup.path, confirm: true });
  return { c, deletedProjectName: doomed.name, keptProjectId: kept.id };
}

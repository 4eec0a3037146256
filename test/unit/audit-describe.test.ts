// 审计日志 in words: every kind of audited write done through the services (test/helpers/audit-writes.ts),
// then every audit row described. Each entity kind and operation reads in Chinese — the operation, the
// record by its name (also after the record was deleted), field labels, enumeration labels, money in 元/万元,
// links by name — with no English identifier, no raw JSON and no bare fen anywhere in what a clerk sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../electron/ledger/audit/trail';
import type { AuditRow } from '../../shared/api-audit';
import { describeAuditRow } from '../../shared/audit-describe';
import * as enums from '../../shared/enums';
import { recordField } from '../../shared/record-fields';
import { writeEveryKind, type EveryWrite } from '../helpers/audit-writes';
import { ON_SERVER, testLedger, type TestLedger } from '../helpers/test-ledger';

/** A restore in place, by nature a local file's: the server is restored into a new database (audit-writes.ts). */
const IN_PLACE_RESTORE = 'ledger.restore';

let ledger: TestLedger;
let written: EveryWrite;
let rows: AuditRow[];

beforeAll(async () => {
  ledger = await testLedger({ now: () => new Date('2024-04-02T09:00:00+08:00') });
  written = await writeEveryKind(ledger, ledger.dir);
  rows = (await listAudit(ledger, { limit: 500 })).rows.reverse();
}, 60_000);
afterAll(() => ledger.dispose());

/** Everything of a description a clerk reads. */
function shown(row: AuditRow): string[] {
  const d = row.description;
  return [d.action, d.entity, d.title, d.summary, ...d.changes.flatMap((c) => [c.label, c.before, c.after])];
}

/** File names keep their Latin extension (鉴定报告.png); sizes their KB/MB. Nothing else Latin may show. */
function latinLeft(text: string): string[] {
  return (text.replace(/[^\s：；、，“”（）]+\.(png|jpg|pdf|db|csv|xlsx|xls)\b/g, '').replace(/\b(KB|MB)\b/g, '').match(/[A-Za-z]{2,}/g) ?? []);
}

const ENUM_CODES = new Set(
  (Object.values(enums) as unknown[])
    .filter((e): e is { values: string[] } => typeof e === 'object' && e !== null && 'values' in e && Array.isArray((e as { values: unknown }).values))
    .flatMap((e) => e.values),
);

/** Fen amounts of a row's values (fields whose kind is money, and the amounts of a split). */
function fenValues(row: AuditRow): number[] {
  const out: number[] = [];
  const walk = (entity: string, v: unknown) => {
    if (Array.isArray(v)) for (const s of v) if (s && typeof s === 'object' && typeof (s as { amountFen?: unknown }).amountFen === 'number') out.push((s as { amountFen: number }).amountFen);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'number' && recordField(entity, k)?.value.kind === 'fen') out.push(x);
      if (Array.isArray(x)) walk(entity, x);
    }
  };
  walk(row.entity, row.before);
  walk(row.entity, row.after);
  return out;
}

describe('every audit row reads in Chinese', () => {
  it('covers every kind of write the app audits (but 签发/重新归档 of a bulletin, which need Chromium to print)', () => {
    const pairs = [...new Set(rows.map((r) => `${r.entity}.${r.action}`))].sort();
    expect(pairs).toEqual(
      [
        'allocation.create', 'allocation.update', 'allocationSplits.set', 'asset.create', 'asset.delete', 'asset.update', 'assetIncome.create', 'assetIncome.update',
        'attachment.create', 'attachment.delete', 'bulletin.create', 'bulletin.delete', 'bulletin.update', 'bulletinSeries.create',
        'division.create', 'division.delete', 'division.move', 'division.update', 'finding.create', 'finding.delete', 'finding.progress', 'finding.status', 'finding.update',
        'findingUpdate.create', 'importBatch.import', 'importBatch.undo', 'inspection.create', 'inspection.delete', 'inspection.update', 'ledger.restore',
        'operator.create', 'operator.disable', 'operator.setPassword', 'operator.update', 'payment.create', 'payment.delete', 'payment.update',
        'project.create', 'project.delete', 'project.update', 'settings.update', 'unit.create', 'unit.delete', 'unit.update',
      ]
        .filter((pair) => !(ON_SERVER && pair === IN_PLACE_RESTORE))
        .sort(),
    );
  });

  it('no English identifier, no raw JSON, no bare fen in any row', () => {
    expect(ENUM_CODES.has('awaitingClose')).toBe(true);
    const problems: string[] = [];
    for (const row of rows) {
      for (const text of shown(row)) {
        const latin = latinLeft(text);
        if (latin.length) problems.push(`#${row.id} ${row.entity}.${row.action}: Latin ${latin.join(',')} in “${text}”`);
        if (/[{}[\]"]/.test(text)) problems.push(`#${row.id} ${row.entity}.${row.action}: JSON in “${text}”`);
        for (const word of text.split(/[^A-Za-z]+/)) if (ENUM_CODES.has(word)) problems.push(`#${row.id}: enum code ${word}`);
      }
      const all = shown(row).join(' ');
      for (const fen of fenValues(row)) {
        if (fen >= 1000 && all.replace(/,/g, '').includes(String(fen))) problems.push(`#${row.id} ${row.entity}.${row.action}: bare fen ${fen}`);
      }
      for (const c of row.description.changes) {
        const kind = recordField(row.entity, c.field)?.value.kind;
        for (const v of [c.before, c.after]) if ((kind === 'fen' || row.entity === 'allocationSplits') && v && !/（/.test(v)) expect(v, `#${row.id} ${c.label}`).toMatch(/\d (元|万元)$/);
      }
      // A change names what changed, old → new.
      if (row.action === 'update' || row.action === 'set' || row.action === 'status' || row.action === 'progress') {
        expect(row.description.summary, `#${row.id} ${row.entity}.${row.action}`).toMatch(/：.* → /);
      }
      expect(row.description.title, `#${row.id}`).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(problems).toEqual([]);
  });
});

/** The first row of an entity and operation (the nth when given). */
function rowOf(entity: string, action: string, nth = 0): AuditRow {
  const found = rows.filter((r) => r.entity === entity && r.action === action)[nth];
  if (!found) throw new Error(`no ${entity}.${action} row`);
  return found;
}

/** The cases of a write this engine's ledger makes. */
function onThisEngine<T extends readonly [string, string, ...unknown[]]>(cases: readonly T[]): T[] {
  return cases.filter(([entity, action]) => !(ON_SERVER && `${entity}.${action}` === IN_PLACE_RESTORE));
}

describe('each entity kind and operation', () => {
  it.each(onThisEngine([
    ['project', 'create', 0, '新增项目“前进村道路硬化项目”', /乡镇：桦树镇/],
    ['project', 'update', 0, '修改项目“前进村道路硬化项目”', /^实施单位：（空） → 县水利局；责任人：张村长 → 李主任；中央衔接资金：80\.00 万元 → 95\.00 万元；项目状态：入库 → 开工$/],
    ['project', 'update', 1, '修改项目“前进村道路硬化项目”', /^项目状态：开工 → 入库$/],
    ['project', 'update', 2, '修改项目“小河村食用菌大棚项目”', /责任人：（空） → 刘站长；备注：（空） → 乡镇报表更新/],
    ['project', 'delete', 0, '删除项目“前进村道路硬化项目”', /项目类型：乡村建设行动/],
    ['allocation', 'create', 0, '新增资金下达“青财农字〔2024〕5号”', /资金级次：中央.*下达金额：200\.00 万元/],
    ['allocation', 'update', 0, '修改资金下达“青财农字〔2024〕5号”', /^下达金额：200\.00 万元 → 210\.00 万元；下达对象：（空） → 桦树镇人民政府$/],
    ['allocationSplits', 'set', 0, '修改资金分配“青财农字〔2024〕5号”', /^前进村道路硬化项目：（未分配） → 80\.00 万元；小河村食用菌大棚项目：（未分配） → 45\.56165 万元$/],
    ['payment', 'create', 0, '新增拨付“小河村食用菌大棚项目（凭证号 记-12）”', /资金文号：青财农字〔2024〕5号；拨付日期：2024年4月1日；拨付金额：12\.3456 万元/],
    ['payment', 'update', 0, '修改拨付“小河村食用菌大棚项目（凭证号 记-12）”', /^拨付金额：12\.3456 万元 → 12\.00 万元；支付类型：预拨 → 进度款$/],
    ['payment', 'delete', 0, '删除拨付“小河村食用菌大棚项目（凭证号 记-13）”', /拨付金额：1,000\.00 元/],
    // The undo's delete records the raw row (project_id, amount_fen): it reads the same.
    ['payment', 'delete', 1, '删除拨付“小河村食用菌大棚项目（凭证号 记-30）”', /拨付金额：5\.00 万元.*导入批次：拨付明细\.csv/],
    ['asset', 'create', 0, '新增资产“小河村食用菌大棚”', /资产类型：经营性；来源项目：小河村食用菌大棚项目；资产原值：45\.56165 万元/],
    ['asset', 'update', 0, '修改资产“小河村食用菌大棚”', /^经营方式：（空） → 出租；资产状态：正常 → 闲置$/],
    ['asset', 'delete', 0, '删除资产“旧烘干机”', /资产类型：到户类/],
    ['assetIncome', 'create', 0, '新增资产收益“小河村食用菌大棚 2024年”', /年收益：3\.00 万元/],
    ['assetIncome', 'update', 0, '修改资产收益“小河村食用菌大棚 2024年”', /^年收益：3\.00 万元 → 3\.20 万元；收益分配情况：（空） → 按股分红$/],
    ['inspection', 'create', 0, '新增督导检查“2024年第一季度巩固衔接督导检查”', /问题来源：督导检查；开始日期：2024年3月1日/],
    ['inspection', 'update', 0, '修改督导检查“2024年第一季度巩固衔接督导检查”', /^组长：（空） → 王建国；检查乡镇：桦树镇 → 桦树镇、南山乡$/],
    ['inspection', 'delete', 0, '删除督导检查“临时暗访”', /问题来源：暗访/],
    ['finding', 'create', 0, '新增问题“前进村2户脱贫户住房安全等级鉴定资料缺失”', /所属检查：2024年第一季度巩固衔接督导检查.*问题类别：住房安全.*涉及项目：小河村食用菌大棚项目/],
    ['finding', 'update', 0, '修改问题“前进村2户脱贫户住房安全等级鉴定资料缺失”', /^责任人：钱干事 → 孙干事；整改时限：2024年4月30日前 → 2024年底前/],
    ['finding', 'status', 0, '问题“前进村2户脱贫户住房安全等级鉴定资料缺失”状态变更为“整改中”', /^整改状态：未启动 → 整改中；整改进展：（空） → 已逐户核实$/],
    ['finding', 'progress', 0, '问题“前进村2户脱贫户住房安全等级鉴定资料缺失”填报整改进展', /^整改进展：已逐户核实 → 正在补办鉴定$/],
    ['finding', 'status', 1, '问题“前进村2户脱贫户住房安全等级鉴定资料缺失”状态变更为“已完成待销号”', /整改状态：整改中 → 已完成待销号；.*完成登记人：（空） → 李娜；完成日期：（空） → 2024年3月28日/],
    ['finding', 'status', 2, '问题“前进村2户脱贫户住房安全等级鉴定资料缺失”销号', /整改状态：已完成待销号 → 已销号；.*销号审核人：（空） → 王芳/],
    ['finding', 'delete', 0, '删除问题“值班记录不全”', /问题类别：作风建设/],
    ['findingUpdate', 'create', 0, '新增整改进展“前进村2户脱贫户住房安全等级鉴定资料缺失”', /进展日期：2024年3月20日；原状态：未启动；新状态：整改中；整改进展：已逐户核实/],
    ['attachment', 'create', 0, '新增佐证材料“鉴定报告.png”', /所属记录：问题“前进村2户脱贫户住房安全等级鉴定资料缺失”；大小：79 字节/],
    ['attachment', 'delete', 0, '删除佐证材料“误传照片.png”', /上传时间：2024年4月2日 09:00/],
    ['division', 'create', 1, '新增区划“桦树镇”', /级别：乡镇；上级区划：青山县/],
    ['division', 'update', 0, '修改区划“东风新村”', /^名称：东风村 → 东风新村$/],
    ['division', 'move', 0, '移动区划“东风新村”', /^区划代码：632123100202 → 632123200201；上级区划：桦树镇 → 南山乡$/],
    ['division', 'delete', 0, '删除区划“东风新村”', /上级区划：南山乡/],
    ['unit', 'create', 0, '新增单位“县农业农村局”', /单位类别：部门/],
    ['unit', 'update', 0, '修改单位“县交通运输局”', /^联系人：（空） → 周工$/],
    ['unit', 'delete', 0, '删除单位“县交通运输局”', /联系人：周工/],
    ['settings', 'update', 0, '修改设置', /单位名称：（空） → 青山县乡村振兴局；操作员姓名：操作员 → 李娜/],
    ['settings', 'update', 1, '修改设置', /^产业发展资金占比目标：55% → 60%$/],
    ['settings', 'update', 2, '修改设置', /^立行立改天数：30 天 → 15 天$/],
    ['bulletinSeries', 'create', 0, '新增简报设置“脱贫攻坚督导简报”', /报送范围：报：县委、县人民政府主要领导，分管领导；送：.*印数：30 份/],
    ['bulletin', 'create', 0, '新增简报“关于2024年第一季度巩固衔接督导检查情况的通报”', /简报：脱贫攻坚督导简报；年度：2024年；期号：1；增刊：否/],
    ['bulletin', 'update', 0, '修改简报“2024年第一季度督导情况通报”', /^标题：关于2024年第一季度巩固衔接督导检查情况的通报 → 2024年第一季度督导情况通报$/],
    ['bulletin', 'delete', 0, '删除简报“关于2024年1月1日至2024年3月31日巩固拓展脱贫攻坚成果督导检查情况的通…”', /期次：第2期/],
    ['operator', 'create', 0, '新增操作员“赵敏”', /角色：录入员；已设密码：是/],
    ['operator', 'update', 0, '修改操作员“赵敏”', /^角色：录入员 → 审核员$/],
    ['operator', 'setPassword', 0, '为操作员“赵敏”设置密码', /角色：审核员/],
    ['operator', 'disable', 0, '停用操作员“赵敏”', /^已停用：否 → 是$/],
    ['importBatch', 'import', 0, '导入“拨付明细.csv”', /导入种类：资金拨付；工作表：拨付明细；读取行数：1 行/],
    ['importBatch', 'undo', 0, '撤销导入“拨付明细.csv”', /删除的记录：1 条/],
    ['ledger', 'restore', 0, '从备份“扶贫台账备份-20240402-090000.db”恢复台账', /记录数：乡镇 2 个、村 3 个、项目 1 个.*恢复前备份：恢复前-20240402-090000\.db/],
  ] as const))('%s.%s #%i: %s', (entity, action, nth, title, summary) => {
    const row = rowOf(entity, action, nth);
    expect(row.description.title).toBe(title);
    expect(row.description.summary).toMatch(summary);
    // The raw record is still there, one click away.
    expect(row.after ?? row.before).not.toBeNull();
  });

  it('names a deleted project on every earlier row, from the trail, and a renamed link by its current name', () => {
    const deleted = rows.filter((r) => r.entity === 'project' && r.entityId === 1);
    expect(deleted.length).toBeGreaterThanOrEqual(4);
    for (const r of deleted) expect(r.description.title).toContain(written.deletedProjectName);
    // The split row links the (now deleted) project by name.
    expect(rowOf('allocationSplits', 'set').description.summary).toContain(written.deletedProjectName);
    // A village removed from 区划 is still named on the rows that spoke of it.
    expect(rowOf('division', 'move').description.title).toBe('移动区划“东风新村”');
  });

  it('describes a row the same way without the service: a pure function of the row and a name lookup', () => {
    const d = describeAuditRow(
      { action: 'update', entity: 'finding', entityId: 7, before: { responsiblePerson: '钱干事', status: 'inProgress' }, after: { responsiblePerson: '孙干事', status: 'awaitingClose' } },
      (record, id) => (record === 'finding' && id === 7 ? '某村饮水问题' : null),
    );
    expect(d).toMatchObject({ action: '修改', entity: '问题', title: '修改问题“某村饮水问题”', summary: '责任人：钱干事 → 孙干事；整改状态：整改中 → 已完成待销号' });
    // A link the ledger no longer knows says so in words.
    const lost = describeAuditRow({ action: 'create', entity: 'payment', entityId: 3, before: null, after: { projectId: 99, amountFen: 1_234_500 } }, () => null);
    expect(lost.summary).toBe('项目：项目（编号 99，已不在台账中）；拨付金额：1.2345 万元');
  });
});

describe('对象: rows about a record, by its name or pinyin initials', () => {
  it('finds a project\'s rows by part of its name, by its initials, and a deleted project by its old name', async () => {
    const byName = (await listAudit(ledger, { record: '食用菌大棚项目', limit: 500 })).rows;
    const keys = new Set(byName.map((r) => `${r.entity}.${r.entityId}`));
    expect(keys.has(`project.${written.keptProjectId}`)).toBe(true);
    expect(byName.filter((r) => r.entity === 'project' && r.entityId === written.keptProjectId)).toHaveLength(2);
    const byInitials = (await listAudit(ledger, { record: 'xhcsyj', limit: 500 })).rows;
    expect(byInitials.filter((r) => r.entity === 'project').map((r) => r.entityId)).toEqual([written.keptProjectId, written.keptProjectId]);
    // The deleted project: its create, both edits and the delete.
    const gone = (await listAudit(ledger, { record: '前进村道路硬化', limit: 500 })).rows.filter((r) => r.entity === 'project');
    expect(gone.map((r) => r.action)).toEqual(['delete', 'update', 'update', 'create']);
    // An allocation's 文号 brings its split row.
    const doc = (await listAudit(ledger, { record: '青财农字〔2024〕5号', limit: 500 })).rows.map((r) => `${r.entity}.${r.action}`);
    expect(doc).toEqual(expect.arrayContaining(['allocation.create', 'allocation.update', 'allocationSplits.set']));
  });
});

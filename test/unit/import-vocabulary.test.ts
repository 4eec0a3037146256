// The words of real finance and rectification sheets (issue 12, item 18): every header alias of the
// 财政/国库 payment exports, 指标文号 and the 整改台账 columns maps to its field (one row per alias), 贷方金额 is
// never read as a payment, and the status word a 整改进展 text opens with sets the finding's status at its
// edges (未整改 is not 已整改; 已整改到位 → 已完成待销号; 整改中，… → 整改中), with a separate 状态 column winning.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapColumns, matchHeader } from '../../shared/import/fields';
import { findingStatusFromProgress } from '../../shared/import/words';
import type { ImportKind } from '../../shared/enums';
import { exceljsXlsx } from '../helpers/import-fixtures';
import { importPath, seedPlaces } from '../helpers/import-ledger';
import { testLedger, type TestLedger } from '../helpers/test-ledger';

const HEADERS: Array<[ImportKind, string, string | null]> = [
  // 拨付日期: 国库集中支付 / 一体化 exports and finance software.
  ['payments', '凭证日期', 'date'],
  ['payments', '记账日期', 'date'],
  ['payments', '支付日期', 'date'],
  ['payments', '拨款日期', 'date'],
  ['payments', '入账日期', 'date'],
  ['payments', '支付凭证日期', 'date'],
  ['payments', '实际支付日期', 'date'],
  ['payments', '付款日期', 'date'],
  // 拨付金额; 贷方 is money coming back, its own field.
  ['payments', '支付金额', 'amount'],
  ['payments', '拨款金额', 'amount'],
  ['payments', '借方金额', 'amount'],
  ['payments', '借方', 'amount'],
  ['payments', '借方发生额', 'amount'],
  ['payments', '本期借方', 'amount'],
  ['payments', '支付金额（元）', 'amount'],
  ['payments', '贷方金额', 'credit'],
  ['payments', '贷方', 'credit'],
  ['payments', '贷方发生额', 'credit'],
  ['payments', '本期贷方', 'credit'],
  ['payments', '退回金额', 'credit'],
  ['payments', '收回金额', 'credit'],
  // 收款单位, and the bank details beside it that must not be read as the payee.
  ['payments', '收款人', 'payee'],
  ['payments', '收款单位名称', 'payee'],
  ['payments', '收款人全称', 'payee'],
  ['payments', '收款方名称', 'payee'],
  ['payments', '收款人户名', 'payee'],
  ['payments', '收款账户户名', 'payee'],
  ['payments', '收款人账号', 'payeeAccount'],
  ['payments', '收款人开户行', 'payeeAccount'],
  ['payments', '收款人开户银行', 'payeeAccount'],
  ['payments', '付款人全称', 'payer'],
  ['payments', '付款人账号', 'payer'],
  // 摘要/用途 → 备注; 凭证号.
  ['payments', '摘要', 'remark'],
  ['payments', '用途', 'remark'],
  ['payments', '支付用途', 'remark'],
  ['payments', '资金用途', 'remark'],
  ['payments', '凭证号', 'voucher'],
  ['payments', '凭证编号', 'voucher'],
  ['payments', '支付凭证编号', 'voucher'],
  ['payments', '记账凭证编号', 'voucher'],
  ['payments', '支付令号', 'voucher'],
  // 指标文号 on a payment (the allocation it draws on) and on an allocation.
  ['payments', '指标文号', 'docNumber'],
  ['payments', '文号', 'docNumber'],
  ['payments', '指标文件号', 'docNumber'],
  ['payments', '预算指标文号', 'docNumber'],
  ['allocations', '指标文号', 'docNumber'],
  ['allocations', '文号', 'docNumber'],
  ['allocations', '指标文件号', 'docNumber'],
  ['allocations', '预算指标文号', 'docNumber'],
  // 整改进展 (the status word inside it is read by findingStatusFromProgress) and the status column.
  ['findings', '整改情况', 'progress'],
  ['findings', '整改进展', 'progress'],
  ['findings', '整改进展情况', 'progress'],
  ['findings', '整改推进情况', 'progress'],
  ['findings', '目前进展', 'progress'],
  ['findings', '整改落实进展', 'progress'],
  ['findings', '整改完成进度', 'progress'],
  ['findings', '状态', 'status'],
  ['findings', '整改状态', 'status'],
  ['findings', '完成情况', 'status'],
];

describe('finance and rectification headers', () => {
  it.each(HEADERS)('%s: “%s” → %s', (kind, header, field) => {
    expect(matchHeader(kind, [header])?.field ?? null).toBe(field);
  });

  it('maps a 国库 payment export with 借方 and 贷方 columns: 借方 is the amount, 贷方 its own column', () => {
    const header = ['凭证日期', '凭证编号', '摘要', '项目名称', '收款人全称', '收款人账号', '收款人开户行', '借方金额', '贷方金额', '指标文号'];
    const mapping = mapColumns('payments', header.map((h, index) => ({ index, parts: [h] })));
    expect(mapping.map((m) => m.field)).toEqual(['date', 'voucher', 'remark', 'project', 'payee', 'payeeAccount', 'payeeAccount', 'amount', 'credit', 'docNumber']);
  });
});

describe('整改进展 text → status', () => {
  const cases: Array<[string, string | null]> = [
    ['已整改', 'awaitingClose'],
    ['已整改。村委会已于2024年5月补齐档案并公示', 'awaitingClose'],
    ['已整改到位', 'awaitingClose'],
    ['已整改到位，已报乡镇审核', 'awaitingClose'],
    ['已完成', 'awaitingClose'],
    ['已完成，资金已全部拨付', 'awaitingClose'],
    ['整改完成', 'awaitingClose'],
    ['正在整改', 'inProgress'],
    ['正在整改，预计10月底完成', 'inProgress'],
    ['整改中', 'inProgress'],
    ['整改中，已完成70%', 'inProgress'],
    ['整改中；已召开专题会', 'inProgress'],
    ['持续整改中', 'inProgress'],
    ['部分整改（3户已完成）', 'inProgress'],
    ['持续整改', 'ongoing'],
    ['长期坚持', 'ongoing'],
    ['长期坚持，每月开展一次排查', 'ongoing'],
    ['未整改', 'notStarted'],
    ['未整改。', 'notStarted'],
    ['未整改（资金尚未到位）', 'notStarted'],
    ['尚未整改', 'notStarted'],
    ['未完成', 'notStarted'],
    ['未完成，已制定方案正在推进', 'inProgress'],
    ['已销号', 'closed'],
    ['1、已整改。已补发资金', 'awaitingClose'],
    ['已整改 村委会已补齐', 'awaitingClose'],
    // No status word at the start: the text is progress only.
    ['已完成投资80%', null],
    ['已安排专人负责', null],
    ['村委会已于5月整改完成', null],
    ['是', null],
    ['否', null],
    ['', null],
  ];
  it.each(cases)('“%s” → %s', (text, status) => {
    expect(findingStatusFromProgress(text)).toBe(status);
  });

  it('never reads 未整改 or 未完成 as done, however the sentence goes on', () => {
    for (const t of ['未整改', '未整改，已整改一半', '未整改到位', '未完成', '未完成。已完成部分']) {
      expect(findingStatusFromProgress(t)).not.toBe('awaitingClose');
    }
  });
});

describe('importing finance and rectification sheets', () => {
  let ledger: TestLedger;
  beforeEach(async () => {
    ledger = await testLedger({ now: () => new Date('2024-06-15T02:00:00Z') });
    await seedPlaces(ledger);
  });
  afterEach(() => ledger.dispose());
  const file = (name: string) => path.join(ledger.dir, name);

  it('imports a 国库 export: 借方 rows as payments, a row with only 贷方 left out with its reason', async () => {
    const p = await exceljsXlsx(file('projects.xlsx'), [
      { rows: [['项目编号', '年度', '乡镇', '村', '项目名称', '总投资（元）'], ['HS-2024-01', 2024, '桦树镇', '前进村', '前进村道路硬化', 100_000]] },
    ]);
    expect((await importPath(ledger, p)).imported).toBe(1);
    const f = await exceljsXlsx(file('国库支付.xlsx'), [
      {
        rows: [
          ['凭证日期', '凭证编号', '摘要', '项目编号', '收款人全称', '收款人账号', '借方金额（元）', '贷方金额（元）', '指标文号'],
          ['2024-03-01', '记-001', '前进村道路硬化预拨款', 'HS-2024-01', '青山县路桥公司', '6217000011112222', 30_000, null, '青财农字〔2024〕5号'],
          ['2024-04-01', '记-002', '前进村道路硬化进度款', 'HS-2024-01', '青山县路桥公司', '6217000011112222', 20_000, null, '青财农字〔2024〕5号'],
          ['2024-04-20', '记-003', '退回多付款', 'HS-2024-01', '青山县财政局', '6217000099990000', null, 5_000, null],
        ],
      },
    ]);
    const r = await importPath(ledger, f, { kind: 'payments' });
    expect(r.errors).toEqual([]);
    expect(r.imported).toBe(2);
    expect(r.skipped.find((s) => s.row === 4)?.reason).toMatch(/只有贷方金额 5,000\.00 元.*不是拨付/);
    expect(await ledger.sql.all('select date, amount_fen as fen, voucher, payee, remark from payments order by id')).toEqual([
      { date: '2024-03-01', fen: 3_000_000, voucher: '记-001', payee: '青山县路桥公司', remark: '前进村道路硬化预拨款' },
      { date: '2024-04-01', fen: 2_000_000, voucher: '记-002', payee: '青山县路桥公司', remark: '前进村道路硬化进度款' },
    ]);
  });

  it('sets a finding’s status from the word its 整改情况 opens with, keeping the whole text as 整改进展; a 状态 column wins', async () => {
    const rows = [
      ['序号', '乡镇', '问题描述', '整改措施', '整改时限', '整改情况'],
      [1, '桦树镇', '档案资料不全', '补齐档案', '2024年底前', '已整改。村委会已于2024年5月补齐档案'],
      [2, '桦树镇', '公益岗位替岗', '清退替岗人员', '2024年底前', '整改中，已清退2人'],
      [3, '柳林乡', '项目资产未确权', '完成确权', '2024年底前', '未整改'],
      [4, '柳林乡', '监测户识别不及时', '开展排查', '长期坚持', '长期坚持，每月排查'],
      [5, '石佛镇', '道路质量问题', '返工', '2024年底前', '已整改到位'],
    ];
    const f = await exceljsXlsx(file('整改台账.xlsx'), [{ rows }]);
    const r = await importPath(ledger, f, { inspection: '2024年专项督查' });
    expect(r.errors).toEqual([]);
    expect(r.imported).toBe(5);
    expect(await ledger.sql.all('select seq, status, progress_text as progress from findings order by seq')).toEqual([
      { seq: 1, status: 'awaitingClose', progress: '已整改。村委会已于2024年5月补齐档案' },
      { seq: 2, status: 'inProgress', progress: '整改中，已清退2人' },
      { seq: 3, status: 'notStarted', progress: '未整改' },
      { seq: 4, status: 'ongoing', progress: '长期坚持，每月排查' },
      { seq: 5, status: 'awaitingClose', progress: '已整改到位' },
    ]);

    // The same ledger kept with a 状态 column: the column decides, the text stays progress.
    const withStatus = [
      ['序号', '乡镇', '问题描述', '整改情况', '状态'],
      [1, '桦树镇', '台账不规范', '已整改。已重新建账', '整改中'],
      [2, '桦树镇', '资金拨付滞后', '正在整改', '已完成'],
    ];
    const g = await exceljsXlsx(file('整改台账2.xlsx'), [{ rows: withStatus }]);
    const r2 = await importPath(ledger, g, { inspection: '2024年第二轮督导' });
    expect(r2.imported).toBe(2);
    expect(
      await ledger.sql.all("select f.seq, f.status, f.progress_text as progress from findings f join inspections i on i.id = f.inspection_id where i.name = '2024年第二轮督导' order by f.seq"),
    ).toEqual([
      { seq: 1, status: 'inProgress', progress: '已整改。已重新建账' },
      { seq: 2, status: 'awaitingClose', progress: '正在整改' },
    ]);
  });
});

// The pure rules of shared/import: header folding and aliases, money in 元/万元, numbers as text, dates,
// 整改时限 words, status and category words, place names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, isoDayToSerial, numberText, serialToIsoDay } from '../../shared/import/cell';
import { headerSignature, mapColumns, matchHeader, missingRequired } from '../../shared/import/fields';
import { findTownshipInText, PlaceIndex, splitPlaceText, townshipWordInText, countyWordInText } from '../../shared/import/places';
import { normaliseHeader, unitFromNote } from '../../shared/import/text';
import { parseCountCell, parseDateCell, parseDateText, parseDeadlineCell, parseMoneyCell, parseYearCell } from '../../shared/import/values';
import {
  fundLevelFromName,
  inspectionSourceFromTitle,
  matchFarmerLinkages,
  matchFindingCategory,
  matchFindingStatus,
  matchFundLevel,
  matchHouseholdType,
  matchPaymentType,
  matchProjectStatus,
  matchProjectType,
} from '../../shared/import/words';
import { formatFen } from '../../shared/money';

const fen = (cell: Parameters<typeof parseMoneyCell>[0], unit: 'yuan' | 'wan' = 'yuan') => {
  const r = parseMoneyCell(cell, unit);
  if (!r.ok) return `ERR:${r.message}`;
  return r.value === null ? null : r.value.fen;
};
const day = (cell: Parameters<typeof parseDateCell>[0], precision: 'day' | 'dayOrMonth' = 'dayOrMonth') => {
  const r = parseDateCell(cell, precision);
  if (!r.ok) return `ERR:${r.message}`;
  return r.value === null ? null : r.value.iso;
};

describe('headers', () => {
  it('folds width, spaces, line breaks, brackets and units', () => {
    expect(normaliseHeader('项 目 名 称')).toEqual({ key: '项目名称', unit: null });
    expect(normaliseHeader('项目\n名称')).toEqual({ key: '项目名称', unit: null });
    expect(normaliseHeader('总投资（万元）')).toEqual({ key: '总投资', unit: 'wan' });
    expect(normaliseHeader('总投资(元)')).toEqual({ key: '总投资', unit: 'yuan' });
    expect(normaliseHeader('总投资\n（单位：万元）')).toEqual({ key: '总投资', unit: 'wan' });
    expect(normaliseHeader('拨付金额/元')).toEqual({ key: '拨付金额', unit: 'yuan' });
    expect(normaliseHeader('乡（镇）').key).toBe('乡镇');
    expect(normaliseHeader('其中：衔接资金（元）')).toEqual({ key: '衔接资金', unit: 'yuan' });
    expect(normaliseHeader('*项目名称').key).toBe('项目名称');
    expect(normaliseHeader('受益户数（户）').key).toBe('受益户数');
    expect(normaliseHeader('ＮＯ．').key).toBe('NO');
  });

  it('matches aliases and synonyms of each kind', () => {
    const m = (kind: Parameters<typeof matchHeader>[0], ...parts: string[]) => matchHeader(kind, parts)?.field ?? null;
    expect(m('projects', '项目名称')).toBe('name');
    expect(m('projects', '建设地点')).toBe('location');
    expect(m('projects', '实施地点')).toBe('location');
    expect(m('projects', '资金规模')).toBe('total');
    expect(m('projects', '总投资（万元）')).toBe('total');
    expect(m('projects', '资金规模', '中央')).toBe('fundCentral');
    expect(m('projects', '资金规模', '省级')).toBe('fundProvincial');
    expect(m('projects', '资金规模', '合计')).toBe('total');
    expect(m('projects', '资金来源', '其他')).toBe('fundOther');
    expect(m('projects', '受益情况', '户数')).toBe('households');
    expect(m('projects', '受益情况', '其中脱贫户', '户数')).toBe('povertyHouseholds');
    expect(m('projects', '计划开工时间（年月）')).toBe('plannedStart');
    expect(m('projects', '项目实施进度')).toBe('status');
    expect(m('findings', '问题类型')).toBe('category');
    expect(m('findings', '问题类别')).toBe('category');
    expect(m('findings', '整改情况')).toBe('progress');
    expect(m('findings', '整改进展')).toBe('progress');
    expect(m('findings', '整改\n时限')).toBe('deadline');
    expect(m('payments', '拨付时间')).toBe('date');
    expect(m('payments', '拨付金额(元)')).toBe('amount');
    expect(m('households', '身份证号码')).toBe('idNumber');
    expect(m('allocations', '指标文号')).toBe('docNumber');
    expect(m('projects', '完全无关的列')).toBeNull();
  });

  it('maps each field once (except multi-column sources) and lists what is missing', () => {
    const cols = ['序号', '项目名称', '名称', '整合资金', '东西部协作资金', '总投资'].map((t, i) => ({ index: i, parts: [t] }));
    const mapping = mapColumns('projects', cols);
    expect(mapping.map((m) => m.field)).toEqual([null, 'name', null, 'fundOther', 'fundOther', 'total'].map((f, i) => (i === 0 ? 'seq' : f)));
    expect(missingRequired('payments', mapColumns('payments', [{ index: 0, parts: ['金额'] }])).map((f) => f.key)).toEqual(['date', 'project']);
  });

  it('gives the same signature to the same header however its title or data differ', () => {
    const a = headerSignature([{ index: 0, parts: ['项目名称'] }, { index: 1, parts: ['资金规模', '中央'] }]);
    const b = headerSignature([{ index: 0, parts: ['项 目 名 称'] }, { index: 1, parts: ['资金规模', '中央'] }]);
    const c = headerSignature([{ index: 0, parts: ['项目名称'] }, { index: 1, parts: ['资金规模', '省级'] }]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('reads the unit from title notes', () => {
    expect(unitFromNote('单位：万元')).toBe('wan');
    expect(unitFromNote('填报单位：桦树镇人民政府        金额单位：元')).toBe('yuan');
    expect(unitFromNote('（单位:万元）')).toBe('wan');
    expect(unitFromNote('桦树镇2023年项目台账')).toBeNull();
  });
});

describe('money', () => {
  it('reads 元 and 万元 exactly, numbers as text, separators, spaces, full-width digits', () => {
    expect(fen(1667000)).toBe(166700000);
    expect(fen('1,667,000')).toBe(166700000);
    expect(fen(' 1 667 000.50 ')).toBe(166700050);
    expect(fen('１２３４．５６')).toBe(123456);
    expect(fen('１，２３４')).toBe(123400);
    expect(fen(12.345678, 'wan')).toBe(12345678);
    expect(fen('15万')).toBe(15000000);
    expect(fen('15万元', 'yuan')).toBe(15000000);
    expect(fen('3,000元', 'wan')).toBe(300000);
    expect(fen('¥1,234.00')).toBe(123400);
    expect(fen('1.2亿')).toBe(12000000000);
    expect(fen(0.1 + 0.2)).toBe(30);
    expect(fen('-')).toBeNull();
    expect(fen('—')).toBeNull();
    expect(fen('无')).toBeNull();
    expect(fen(null)).toBeNull();
  });

  it('refuses fractions of a fen, negatives, words, dates and errors with Chinese reasons', () => {
    expect(fen('0.001')).toMatch(/^ERR:.*不是整分/);
    expect(fen(1.2345678, 'wan')).toMatch(/^ERR:.*不是整分/);
    expect(fen(-5)).toMatch(/^ERR:.*负数/);
    expect(fen('(1,234)')).toMatch(/^ERR:.*负数/);
    expect(fen('十五万')).toMatch(/^ERR:.*不是金额/);
    expect(fen({ d: 45000 })).toMatch(/^ERR:.*日期/);
    expect(fen({ e: '#VALUE!' })).toMatch(/^ERR:.*#VALUE!/);
    expect(fen({ f: 'SUM(A1:A3)' })).toMatch(/^ERR:.*公式/);
    expect(fen('1'.repeat(20))).toMatch(/^ERR:.*上限/);
  });

  it('flags numbers stored as text (Excel SUM skips them)', () => {
    const r = parseMoneyCell('1,667,000', 'yuan');
    expect(r.ok && r.value?.textNumber).toBe(true);
    const n = parseMoneyCell(1667000, 'yuan');
    expect(n.ok && n.value?.textNumber).toBe(false);
  });

  it('round-trips every amount formatted in 元 and 万元 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (value) => {
        expect(fen(formatFen(value, 'yuan'))).toBe(value);
        expect(fen(formatFen(value, 'wan', { grouping: false }), 'wan')).toBe(value);
      }),
    );
  });

  it('counts and years', () => {
    expect(parseCountCell('49户')).toEqual({ ok: true, value: 49 });
    expect(parseCountCell('1,234 人')).toEqual({ ok: true, value: 1234 });
    expect(parseCountCell(12.5).ok).toBe(false);
    expect(parseYearCell('2023年度')).toEqual({ ok: true, value: 2023 });
    expect(parseYearCell(2023)).toEqual({ ok: true, value: 2023 });
    expect(parseYearCell('23').ok).toBe(false);
  });
});

describe('dates', () => {
  it('converts Excel serials in UTC whatever the time zone (TZ=Asia/Shanghai here)', () => {
    expect(process.env.TZ).toBe('Asia/Shanghai');
    expect(serialToIsoDay(45012)).toBe('2023-03-27');
    expect(serialToIsoDay(1)).toBe('1900-01-01');
    expect(serialToIsoDay(59)).toBe('1900-02-28');
    expect(serialToIsoDay(61)).toBe('1900-03-01');
    expect(serialToIsoDay(45000.99999999)).toBe('2023-03-16');
    expect(serialToIsoDay(45012.75)).toBe('2023-03-27');
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 73_000 }), (serial) => {
        const iso = serialToIsoDay(serial) as string;
        expect(isoDayToSerial(iso)).toBe(serial);
      }),
    );
  });

  it('reads every way clerks write a date', () => {
    expect(day({ d: 45012 })).toBe('2023-03-27');
    expect(day(45012)).toBe('2023-03-27');
    expect(day('2024.3.5')).toBe('2024-03-05');
    expect(day('2024/3/5')).toBe('2024-03-05');
    expect(day('2024-03-05')).toBe('2024-03-05');
    expect(day('2024年3月5日')).toBe('2024-03-05');
    expect(day('2024年3月5号')).toBe('2024-03-05');
    expect(day('2024 年 3 月 5 日')).toBe('2024-03-05');
    expect(day('２０２４年３月５日')).toBe('2024-03-05');
    expect(day('二〇二四年三月十五日')).toBe('2024-03-15');
    expect(day('20240305')).toBe('2024-03-05');
    expect(day(20240305)).toBe('2024-03-05');
    expect(day('2024-03-05 00:00:00')).toBe('2024-03-05');
    expect(day('2023-03-27T00:00:00.000Z')).toBe('2023-03-27');
    expect(day('3/27/2023')).toBe('2023-03-27');
    expect(day('2024-03')).toBe('2024-03');
    expect(day('2024年3月')).toBe('2024-03');
    expect(day('2024年3月份')).toBe('2024-03');
    expect(day('2024.3')).toBe('2024-03');
    expect(day(2024.3)).toBe('2024-03');
    expect(day('202403')).toBe('2024-03');
    expect(parseDateCell(2024.1).ok && (parseDateCell(2024.1) as { note?: string }).note).toMatch(/10 月/);
  });

  it('refuses impossible dates and a month where a day is needed', () => {
    expect(day('2023-02-30')).toMatch(/^ERR:.*不是存在的日期/);
    expect(day('2023-13')).toMatch(/^ERR:/);
    expect(day('下个月')).toMatch(/^ERR:.*不是日期/);
    expect(day('2024-03', 'day')).toMatch(/^ERR:.*具体到日/);
    expect(day(12)).toMatch(/^ERR:/);
    expect(parseDateText('')).toEqual({ ok: true, value: null, empty: true });
  });
});

describe('整改时限', () => {
  const dl = (cell: Parameters<typeof parseDeadlineCell>[0], ctx = {}) => {
    const r = parseDeadlineCell(cell, ctx);
    if (!r.ok) return `ERR:${r.message}`;
    return r.value === null ? null : [r.value.date, r.value.text, r.value.kind];
  };
  it('reads dates, …前, 年底, month ends, 立行立改 and 长期坚持, keeping the words', () => {
    expect(dl('2024年10月31日前')).toEqual(['2024-10-31', '2024年10月31日前', 'date']);
    expect(dl('2024年底前')).toEqual(['2024-12-31', '2024年底前', 'yearEnd']);
    expect(dl('2023年底')).toEqual(['2023-12-31', '2023年底', 'yearEnd']);
    expect(dl('2024年年底')).toEqual(['2024-12-31', '2024年年底', 'yearEnd']);
    expect(dl('2024年6月底前')).toEqual(['2024-06-30', '2024年6月底前', 'monthEnd']);
    expect(dl('2024年2月')).toEqual(['2024-02-29', '2024年2月', 'monthEnd']);
    expect(dl('2024年上半年')).toEqual(['2024-06-30', '2024年上半年', 'monthEnd']);
    expect(dl('2024年三季度末')).toEqual(['2024-09-30', '2024年三季度末', 'monthEnd']);
    expect(dl('2024年5月中旬')).toEqual(['2024-05-20', '2024年5月中旬', 'monthEnd']);
    expect(dl('2023年10月—12月底')).toEqual(['2023-12-31', '2023年10月—12月底', 'monthEnd']);
    expect(dl('2024.10.31')).toEqual(['2024-10-31', '2024.10.31', 'date']);
    expect(dl({ d: 45291 })).toEqual(['2023-12-31', null, 'date']);
    expect(dl('立行立改')).toEqual([null, '立行立改', 'immediate']);
    expect(dl('立行立改', { inspectionDate: '2024-03-10', immediateDays: 30 })).toEqual(['2024-04-09', '立行立改', 'immediate']);
    expect(dl('长期坚持')).toEqual([null, '长期坚持', 'ongoing']);
    expect(dl('10月31日前', { defaultYear: 2024 })).toEqual(['2024-10-31', '10月31日前', 'date']);
    expect(dl('10月31日前')).toMatch(/^ERR:.*年份/);
    expect(dl('尽快')).toMatch(/^ERR:.*无法识别/);
    expect(dl('2024年2月30日前')).toMatch(/^ERR:.*不是存在的日期/);
    expect(dl(null)).toBeNull();
  });
});

describe('words', () => {
  it('maps township status words onto the project lifecycle', () => {
    const s = (w: string) => {
      const r = matchProjectStatus(w);
      return r.ok ? r.value : 'ERR';
    };
    expect(s('未开工')).toBe('approved');
    expect(s('在建')).toBe('started');
    expect(s('已完工')).toBe('completed');
    expect(s('已验收')).toBe('accepted');
    expect(s('竣工验收')).toBe('accepted');
    expect(s('已报账')).toBe('reimbursed');
    expect(s('100%')).toBe('completed');
    expect(s('60%')).toBe('started');
    expect(s('年度计划/立项')).toBe('approved');
    expect(s('随便写的')).toBe('ERR');
  });

  it('maps finding status words (是/否, 已完成/未完成) as DOMAIN.md says', () => {
    const s = (w: string, progress = false) => {
      const r = matchFindingStatus(w, progress);
      return r.ok ? r.value : 'ERR';
    };
    expect(s('是')).toBe('awaitingClose');
    expect(s('已完成')).toBe('awaitingClose');
    expect(s('已整改')).toBe('awaitingClose');
    expect(s('否')).toBe('notStarted');
    expect(s('未完成')).toBe('notStarted');
    expect(s('未完成', true)).toBe('inProgress');
    expect(s('整改中')).toBe('inProgress');
    expect(s('已销号')).toBe('closed');
    expect(s('长期坚持')).toBe('ongoing');
    expect(s('？？')).toBe('ERR');
  });

  it('maps categories, levels, payment and household types', () => {
    const v = <T,>(r: { ok: boolean; value?: T | null }) => (r.ok ? r.value : 'ERR');
    expect(v(matchFindingCategory('资金项目管理'))).toBe('projectFunds');
    expect(v(matchFindingCategory('四保障-住房安全'))).toBe('housing');
    expect(v(matchFindingCategory('政策落实'))).toBe('policy');
    expect(v(matchFindingCategory('吃拿卡要'))).toBe('ERR');
    expect(v(matchFundLevel('中央财政'))).toBe('central');
    expect(v(matchFundLevel('县本级'))).toBe('county');
    expect(fundLevelFromName('中央财政衔接推进乡村振兴补助资金')).toBe('central');
    expect(v(matchPaymentType('进度款'))).toBe('progress');
    expect(v(matchPaymentType('质量保证金'))).toBe('retention');
    expect(v(matchHouseholdType('边缘户'))).toBe('marginal');
    expect(v(matchHouseholdType('一般农户'))).toBeNull();
    expect(inspectionSourceFromTitle('2024年第一季度专项督查问题清单')).toBe('special');
    expect(inspectionSourceFromTitle('松岭县2023年脱贫攻坚督导检查问题整改台账')).toBe('supervision');
    expect(matchFarmerLinkages('务工就业、土地流转，入股分红').linkages).toEqual(['劳务联结', '租赁联结', '折股量化分红']);
  });

  it('matches the office’s project type dictionary by name, alias and subtype', () => {
    const types = [
      { id: 1, parentId: null, name: '产业发展', aliases: null },
      { id: 2, parentId: 1, name: '生产项目', aliases: '种植养殖' },
      { id: 3, parentId: null, name: '就业项目', aliases: null },
      { id: 4, parentId: 3, name: '公益性岗位', aliases: null },
      { id: 5, parentId: null, name: '乡村建设行动', aliases: '基础设施类' },
    ];
    const m = (a: string, b?: string) => {
      const r = matchProjectType(a, types, b);
      return r.ok ? r.value : 'ERR';
    };
    expect(m('产业发展')).toEqual({ categoryId: 1, subcategoryId: null });
    expect(m('产业发展类')).toEqual({ categoryId: 1, subcategoryId: null });
    expect(m('产业')).toEqual({ categoryId: 1, subcategoryId: null });
    expect(m('公益性岗位')).toEqual({ categoryId: 3, subcategoryId: 4 });
    expect(m('产业发展', '种植养殖')).toEqual({ categoryId: 1, subcategoryId: 2 });
    expect(m('基础设施类')).toEqual({ categoryId: 5, subcategoryId: null });
    expect(m('就业项目', '生产项目')).toBe('ERR');
    expect(m('外星项目')).toBe('ERR');
    // The everyday words of a seeded type (shared/project-types.ts), in either column.
    expect(m('产业发展', '种植')).toEqual({ categoryId: 1, subcategoryId: 2 });
    expect(m('养殖')).toEqual({ categoryId: 1, subcategoryId: 2 });
    expect(m('公益岗位')).toEqual({ categoryId: 3, subcategoryId: 4 });
    expect(m('就业项目', '种植')).toBe('ERR');
  });
});

describe('places', () => {
  const index = new PlaceIndex([
    { id: 1, name: '青山县', level: 'county', parentId: null },
    { id: 10, name: '桦树镇', level: 'township', parentId: 1 },
    { id: 11, name: '柳林乡', level: 'township', parentId: 1 },
    { id: 100, name: '前进村', level: 'village', parentId: 10 },
    { id: 101, name: '前进村', level: 'village', parentId: 11 },
    { id: 102, name: '南山村', level: 'village', parentId: 10 },
  ]);
  it('resolves with and without 镇/乡/村, and within the township', () => {
    expect(index.township('桦树镇')).toMatchObject({ ok: true, id: 10 });
    expect(index.township('桦树')).toMatchObject({ ok: true, id: 10 });
    expect(index.township('桦树镇人民政府')).toMatchObject({ ok: true, id: 10 });
    expect(index.township('柳林')).toMatchObject({ ok: true, id: 11 });
    expect(index.township('松岭镇')).toMatchObject({ ok: false, reason: 'unknown' });
    expect(index.village('南山', null)).toMatchObject({ ok: true, id: 102 });
    expect(index.village('前进村', null)).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(index.village('前进', 11)).toMatchObject({ ok: true, id: 101 });
  });
  it('splits combined place text and finds townships in titles', () => {
    expect(splitPlaceText('桦树镇前进村')).toEqual({ township: '桦树镇', village: '前进村', several: false });
    expect(splitPlaceText('前进村二组')).toEqual({ township: null, village: '前进村', several: false });
    expect(splitPlaceText('前进村、南山村')).toMatchObject({ several: true });
    expect(splitPlaceText('县城工业园区')).toEqual({ township: null, village: null, several: false });
    expect(findTownshipInText('桦树镇2023年巩固拓展脱贫攻坚成果项目台账', index)).toEqual({ id: 10, name: '桦树镇' });
    expect(townshipWordInText('填报单位：石佛镇人民政府')).toBe('石佛镇');
    expect(townshipWordInText('青山县石佛镇2024年项目台账')).toBe('石佛镇');
    expect(townshipWordInText('2024年度乡村振兴项目台账')).toBeNull();
    expect(townshipWordInText('青山县乡村振兴局2024年项目')).toBeNull();
    expect(countyWordInText('松岭县2023年脱贫攻坚督导检查问题整改台账')).toBe('松岭县');
  });
});

describe('cells', () => {
  it('shows numbers without float noise and dates as ISO days', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(110101199003071230)).toBe('110101199003071232');
    expect(cellText({ d: 45012 })).toBe('2023-03-27');
    expect(cellText(true)).toBe('是');
    expect(cellText({ f: 'A1+1' })).toBe('');
  });
});

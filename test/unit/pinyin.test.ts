import { describe, expect, it } from 'vitest';
import { optionMatchesTyped } from '../../renderer/src/lib/selectSearch';
import { FundLevel } from '../../shared/enums';
import { initialsForms, initialsOf, matchesTyped, withoutNumbers } from '../../shared/pinyin';

describe('pinyin initials (shared/pinyin.ts)', () => {
  it('takes the first letter of each Chinese character, other letters and digits as they are', () => {
    expect(initialsOf('小水窖（二期）')).toBe('xsjeq');
    expect(initialsOf('光伏电站（200KW）')).toBe('gfdz200kw');
    expect(initialsOf('重庆长寿路')).toBe('cqcsl');
  });

  it('gives a name with numbers a second form without them (the number and its unit)', () => {
    expect(withoutNumbers('前进村2026年食用菌大棚建设项目')).toBe('前进村食用菌大棚建设项目');
    expect(withoutNumbers('2024年度高标准农田500亩')).toBe('高标准农田');
    expect(withoutNumbers('光伏电站（200KW）')).toBe('光伏电站（）');
    expect(initialsForms('前进村2026年食用菌大棚建设项目')).toEqual(['qjc2026nsyjdpjsxm', 'qjcsyjdpjsxm']);
    expect(initialsForms('小水窖维修')).toEqual(['xsjwx']);
    expect(initialsForms('2026')).toEqual(['2026']); // nothing left without the number: the name itself
  });
});

describe('type-to-filter of drop-down lists (matchesTyped)', () => {
  const level = (typed: string) => FundLevel.options.filter((o) => optionMatchesTyped(typed, o)).map((o) => o.label);

  it('finds an option by Chinese text, by pinyin initials, in either case', () => {
    expect(level('中')).toEqual(['中央']);
    expect(level('zy')).toEqual(['中央']);
    expect(level('ZY')).toEqual(['中央']);
    expect(level('级')).toEqual(['省级', '市级', '县级']);
    expect(level('sj')).toEqual(['省级', '市级']);
    expect(level('xj')).toEqual(['县级']);
    expect(level('')).toEqual(['中央', '省级', '市级', '县级', '其他']);
    expect(level('火')).toEqual([]);
    expect(level('zz')).toEqual([]);
  });

  it('looks at an option’s code and searchText too, never at a label that is not text', () => {
    expect(optionMatchesTyped('6321', { label: '桦树镇', code: '632123100000' })).toBe(true);
    expect(optionMatchesTyped('hsz', { label: '桦树镇', code: '632123100000' })).toBe(true);
    expect(optionMatchesTyped('qt', { label: null, searchText: '其他' })).toBe(true);
    expect(optionMatchesTyped('qt', undefined)).toBe(false);
  });

  it('matches names with numbers as the project search does', () => {
    expect(matchesTyped('前进村2026年食用菌大棚建设项目', 'qjcsyj')).toBe(true);
    expect(matchesTyped('前进村2026年食用菌大棚建设项目', 'qjc2026')).toBe(true);
    expect(matchesTyped('前进村2026年食用菌大棚建设项目', '食用菌')).toBe(true);
    expect(matchesTyped('前进村2026年食用菌大棚建设项目', 'qjcdp')).toBe(false);
  });
});

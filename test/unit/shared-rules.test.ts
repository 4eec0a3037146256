import { describe, expect, it } from 'vitest';
import { addDays, compareIsoDates, formatChineseDate, isValidIsoDate, isValidIsoDay, localToday } from '../../shared/dates';
import { checkDivisionCode, divisionNameCore, townshipKindOfCode } from '../../shared/divisions';
import { formatFen, formatMoney, formatWanRounded, formatYuanWithUnit, MAX_AMOUNT_FEN, MoneyParseError, parseMoneyToFen, writtenUnit } from '../../shared/money';
import { isFindingOverdue } from '../../shared/supervision/findings';

describe('money', () => {
  it('parses 元 and 万元 exactly into fen', () => {
    expect(parseMoneyToFen('1,234.56', 'yuan')).toBe(123456);
    expect(parseMoneyToFen('１２３４．５', 'yuan')).toBe(123450);
    expect(parseMoneyToFen('0.1', 'yuan') + parseMoneyToFen('0.2', 'yuan')).toBe(30);
    expect(parseMoneyToFen('15', 'wan')).toBe(15_000_000);
    expect(parseMoneyToFen('12.345678', 'wan')).toBe(12_345_678);
    expect(parseMoneyToFen(' 8 000 ', 'yuan')).toBe(800_000);
    expect(parseMoneyToFen('.5', 'yuan')).toBe(50);
    expect(parseMoneyToFen('0', 'yuan')).toBe(0);
  });
  it('refuses what is not whole fen, negative or too large, in Chinese', () => {
    expect(() => parseMoneyToFen('0.001', 'yuan')).toThrow(MoneyParseError);
    expect(() => parseMoneyToFen('1.0000001', 'wan')).toThrow(/整分/);
    expect(() => parseMoneyToFen('-5', 'yuan')).toThrow(/负数/);
    expect(parseMoneyToFen('-5', 'yuan', { allowNegative: true })).toBe(-500);
    expect(() => parseMoneyToFen('abc', 'yuan')).toThrow(/不是有效的金额/);
    expect(() => parseMoneyToFen('10000000001', 'yuan')).toThrow(/上限/);
    expect(parseMoneyToFen('10000000000', 'yuan')).toBe(MAX_AMOUNT_FEN);
  });
  it('formats fen as 元 and 万元', () => {
    expect(formatFen(123456)).toBe('1,234.56');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-123456)).toBe('-1,234.56');
    expect(formatFen(15_000_000, 'wan')).toBe('15.00');
    expect(formatFen(12_345_678, 'wan')).toBe('12.345678');
    expect(formatFen(1_234_567_800, 'wan', { grouping: false })).toBe('1234.5678');
    // Rounded for display: half away from zero, exact in integers.
    expect(formatFen(61_188_252_00, 'wan', { decimals: 2 })).toBe('6,118.83');
    expect(formatFen(61_188_249_99, 'wan', { decimals: 2 })).toBe('6,118.82');
    expect(formatFen(50, 'wan', { decimals: 2 })).toBe('0.00');
    expect(formatFen(-50_000, 'wan', { decimals: 2 })).toBe('-0.05');
    expect(formatFen(-1, 'wan', { decimals: 2 })).toBe('0.00');
    expect(formatFen(999_999_999_950, 'wan', { decimals: 0 })).toBe('1,000,000');
  });
});

describe('money in a sentence and at a glance (formatYuanWithUnit, formatWanRounded)', () => {
  it('writes 元 with two decimals and the unit inside sentences', () => {
    expect(formatYuanWithUnit(123_456)).toBe('1,234.56 元');
    expect(formatYuanWithUnit(100_000_00)).toBe('100,000.00 元');
    expect(formatYuanWithUnit(-5)).toBe('-0.05 元');
  });
  it('rounds 万元 to two places with no unit for tables and totals', () => {
    expect(formatWanRounded(61_188_252_00)).toBe('6,118.83');
    expect(formatWanRounded(1_000_000)).toBe('1.00');
    expect(formatWanRounded(0)).toBe('0.00');
  });
});

describe('money as the office writes it (formatMoney, writtenUnit)', () => {
  it('元 always with two decimals', () => {
    expect(formatMoney(45_561_650, 'yuan')).toBe('455,616.50');
    expect(formatMoney(45_561_650, 'yuan', { grouping: false })).toBe('455616.50');
    expect(formatMoney(50_000_000, 'yuan', { grouping: false })).toBe('500000.00');
    expect(formatMoney(1, 'yuan')).toBe('0.01');
    expect(formatMoney(0, 'yuan')).toBe('0.00');
    expect(formatMoney(-1, 'yuan')).toBe('-0.01');
  });

  it('万元 with only the places needed, never rounding away a fen', () => {
    expect(formatMoney(50_000_000, 'wan')).toBe('50');
    expect(formatMoney(45_561_700, 'wan')).toBe('45.5617');
    expect(formatMoney(45_561_650, 'wan')).toBe('45.56165');
    expect(formatMoney(1_106_929_05, 'wan', { grouping: false })).toBe('110.692905');
    expect(formatMoney(1, 'wan')).toBe('0.000001');
    expect(formatMoney(100, 'wan')).toBe('0.0001');
    expect(formatMoney(MAX_AMOUNT_FEN, 'wan')).toBe('1,000,000');
    expect(formatMoney(MAX_AMOUNT_FEN - 1, 'wan', { grouping: false })).toBe('999999.999999');
    expect(formatMoney(-12_345_600, 'wan')).toBe('-12.3456');
    // Exact: what is shown parses back to the same fen.
    for (const fen of [1, 99, 101, 45_561_650, 1_106_929_05, MAX_AMOUNT_FEN - 1]) {
      expect(parseMoneyToFen(formatMoney(fen, 'wan'), 'wan')).toBe(fen);
      expect(parseMoneyToFen(formatMoney(fen, 'yuan'), 'yuan')).toBe(fen);
    }
  });

  it('picks 万元 while every amount is whole 元, 元 once one has 角/分', () => {
    expect(writtenUnit([50_000_000, 45_561_700, 0])).toBe('wan');
    expect(writtenUnit([50_000_000, 45_561_650])).toBe('yuan');
    expect(writtenUnit([10])).toBe('yuan');
    expect(writtenUnit([])).toBe('wan');
    expect(writtenUnit([50_000_000], 'yuan')).toBe('yuan');
    expect(writtenUnit([-100])).toBe('wan');
    expect(writtenUnit([-150])).toBe('yuan');
  });
});

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isValidIsoDay('2024-02-29')).toBe(true);
    expect(isValidIsoDay('2023-02-29')).toBe(false);
    expect(isValidIsoDay('2024-02-30')).toBe(false);
    expect(isValidIsoDay('2024-13-01')).toBe(false);
    expect(isValidIsoDate('2024-03')).toBe(true);
    expect(isValidIsoDate('2024-3-5')).toBe(false);
  });
  it('writes official dates without zero padding and does day arithmetic in the calendar', () => {
    expect(formatChineseDate('2024-04-01')).toBe('2024年4月1日');
    expect(formatChineseDate('2024-04')).toBe('2024年4月');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(compareIsoDates('2024-03', '2024-03-01')).toBe(0);
  });
  it('today is the local calendar date (UTC+8 for the users)', () => {
    // 2024-03-04T16:30Z is already 2024-03-05 in Asia/Shanghai, where the tests run.
    const instant = new Date('2024-03-04T16:30:00Z');
    const expected = process.env.TZ === 'Asia/Shanghai' ? '2024-03-05' : localToday(instant);
    expect(localToday(instant)).toBe(expected);
  });
});

describe('division codes', () => {
  it('checks length, digits and the TTT/VVV ranges', () => {
    expect(checkDivisionCode('632123000000', 'county')).toBeNull();
    expect(checkDivisionCode('63212300000', 'county')).toMatch(/12 位数字/);
    expect(checkDivisionCode('632123100000', 'township', '632123000000')).toBeNull();
    expect(checkDivisionCode('632123400000', 'township', '632123000000')).toMatch(/001–399/);
    expect(checkDivisionCode('632124100000', 'township', '632123000000')).toMatch(/前 6 位/);
    expect(checkDivisionCode('632123100201', 'village', '632123100000')).toBeNull();
    expect(checkDivisionCode('632123100000', 'village', '632123100000')).toMatch(/001–399/);
    expect(checkDivisionCode('632123100400', 'village', '632123100000')).toMatch(/001–399/);
    expect(checkDivisionCode('632123101201', 'village', '632123100000')).toMatch(/前 9 位/);
    expect(checkDivisionCode('6321231002O1', 'village', '632123100000')).toMatch(/12 位数字/);
    expect(townshipKindOfCode('632123205000')).toBe('township');
  });
  it('matches place names with and without their suffix', () => {
    expect(divisionNameCore('桦树镇')).toBe('桦树');
    expect(divisionNameCore('南山乡')).toBe('南山');
    expect(divisionNameCore('前进村')).toBe('前进');
    expect(divisionNameCore('镇')).toBe('镇');
  });
});

describe('findings overdue', () => {
  it('is computed from deadline, status and today', () => {
    expect(isFindingOverdue('inProgress', '2024-10-31', '2024-11-01')).toBe(true);
    expect(isFindingOverdue('inProgress', '2024-10-31', '2024-10-31')).toBe(false);
    expect(isFindingOverdue('closed', '2024-10-31', '2025-01-01')).toBe(false);
    expect(isFindingOverdue('ongoing', null, '2025-01-01')).toBe(false);
  });
});

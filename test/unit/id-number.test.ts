import { describe, expect, it } from 'vitest';
import { checkIdNumber, idNumberCheckDigit, maskIdNumber } from '../../shared/id-number';

/** A fixed "today" so the birth-date bound does not move under the tests. */
const today = new Date(2026, 10, 24);

function message(text: string): string {
  const r = checkIdNumber(text, { today });
  if (r.ok) throw new Error(`expected ${text} to be refused`);
  return r.message;
}

describe('GB 11643 citizen ID numbers', () => {
  it('accepts known valid numbers, including the standard’s own example', () => {
    const built = '63212319751021393';
    for (const id of ['11010519491231002X', '440524188001010014', built + idNumberCheckDigit(built)]) {
      expect(checkIdNumber(id, { today })).toEqual({ ok: true, normalised: id });
    }
  });

  it('computes the check character from the weighted sum mod 11', () => {
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(idNumberCheckDigit('44052418800101001')).toBe('4');
    expect(() => idNumberCheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => idNumberCheckDigit('1101051949123100a')).toThrow(RangeError);
  });

  it('refuses a wrong check character and says which one it should be', () => {
    const m = message('110105194912310021');
    expect(m).toMatch(/校验码/);
    expect(m).toContain('“X”');
  });

  it('refuses an impossible birth date even when the check character fits', () => {
    const first17 = '11010519990230001';
    const id = first17 + idNumberCheckDigit(first17);
    expect(message(id)).toMatch(/出生日期/);
    const month13 = '11010519991301001';
    expect(message(month13 + idNumberCheckDigit(month13))).toMatch(/出生日期/);
  });

  it('refuses a birth date after today or before the accepted range', () => {
    const future = '11010520301231001';
    expect(message(future + idNumberCheckDigit(future))).toMatch(/晚于今天/);
    const ancient = '11010517991231001';
    expect(message(ancient + idNumberCheckDigit(ancient))).toMatch(/早于/);
  });

  it('accepts a lowercase x and full-width characters, normalising them', () => {
    expect(checkIdNumber('11010519491231002x', { today })).toEqual({ ok: true, normalised: '11010519491231002X' });
    expect(checkIdNumber('１１０１０５１９４９１２３１００２ｘ', { today })).toEqual({ ok: true, normalised: '11010519491231002X' });
    expect(checkIdNumber(" '11010519491231002X ", { today })).toEqual({ ok: true, normalised: '11010519491231002X' });
  });

  it('says what is wrong with the length or the characters, in Chinese', () => {
    expect(message('')).toMatch(/为空/);
    expect(message('1101051949123100')).toMatch(/18 位.*16 位/);
    expect(message('110105491231002')).toMatch(/15 位/);
    expect(message('1101051949123A002X')).toMatch(/第 14 位“A”/);
    expect(message('11010519491231002Y')).toMatch(/第 18 位/);
  });

  it('never repeats the number itself in a message (personal data)', () => {
    for (const bad of ['110105194912310021', '1101051949123100', '11010519990230001' + idNumberCheckDigit('11010519990230001')]) {
      expect(message(bad)).not.toContain(bad);
    }
  });

  it('masks all but the first 6 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('440524188001010014')).toBe('440524********0014');
    expect(maskIdNumber('123')).toBe('***');
  });
});

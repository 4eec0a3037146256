// Property-based tests (fast-check) over every parser that reads what people type or sheets hold: money,
// dates, 整改时限 words, ID numbers, division codes and header matching. Whatever the input, a parser answers
// (a value or a Chinese message) and never throws; and the values it returns obey the ledger's rules.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, compareIsoDates, daysInMonth, isValidIsoDate, isValidIsoDay, isoDay } from '../../shared/dates';
import { checkDivisionCode } from '../../shared/divisions';
import { ImportKind } from '../../shared/enums';
import { checkIdNumber, idNumberCheckDigit, maskIdNumber } from '../../shared/id-number';
import type { SheetCell } from '../../shared/import/cell';
import { IMPORT_FIELDS, mapColumns, matchHeader } from '../../shared/import/fields';
import { parseDateCell, parseDateText, parseDeadlineCell, parseMoneyCell } from '../../shared/import/values';
import { formatFen, MAX_AMOUNT_FEN, MoneyParseError, parseMoneyToFen } from '../../shared/money';

const CJK = /[\u4e00-\u9fff]/;
const RUNS = 2000;
const tried: Record<string, number> = {};
function counted<T extends unknown[]>(name: string, check: (...args: T) => void): (...args: T) => void {
  return (...args: T) => {
    tried[name] = (tried[name] ?? 0) + 1;
    check(...args);
  };
}
afterAll(() => {
  const total = Object.values(tried).reduce((a, b) => a + b, 0);
  console.log(`fuzz parsers: ${total} cases tried — ${Object.entries(tried).map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

/** Text that looks like what sheets hold: digits, separators, full-width forms, Chinese date words, noise. */
const sheetText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc
    .array(
      fc.constantFrom(
        ...'0123456789０１２３４５６７８９.,，．。-—－ +年月日号底末前份上中下旬季度半全长期坚持立行立改〇一二三四五六七八九十万元/\\xX'.split(''),
      ),
      { maxLength: 24 },
    )
    .map((a) => a.join('')),
);
const sheetCell: fc.Arbitrary<SheetCell> = fc.oneof(
  fc.constant(null),
  sheetText,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.record({ d: fc.double() }),
  fc.record({ e: fc.constantFrom('#N/A', '#VALUE!', '#REF!', '#DIV/0!') }),
  fc.record({ f: fc.string({ maxLength: 20 }) }),
);

describe('money', () => {
  it('parseMoneyToFen gives whole fen within the limit or a Chinese MoneyParseError, for any text', () => {
    fc.assert(
      fc.property(
        sheetText,
        fc.constantFrom('yuan' as const, 'wan' as const),
        fc.boolean(),
        counted('money-text', (text: string, unit: 'yuan' | 'wan', allowNegative: boolean) => {
          try {
            const fen = parseMoneyToFen(text, unit, { allowNegative });
            expect(Number.isSafeInteger(fen)).toBe(true);
            expect(Math.abs(fen)).toBeLessThanOrEqual(MAX_AMOUNT_FEN);
            if (!allowNegative) expect(fen).toBeGreaterThanOrEqual(0);
          } catch (error) {
            expect(error).toBeInstanceOf(MoneyParseError);
            expect((error as Error).message).toMatch(CJK);
          }
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('reads back exactly what formatFen wrote, in 元 and 万元, with or without grouping', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_AMOUNT_FEN }),
        fc.constantFrom('yuan' as const, 'wan' as const),
        fc.boolean(),
        counted('money-roundtrip', (fen: number, unit: 'yuan' | 'wan', grouping: boolean) => {
          expect(parseMoneyToFen(formatFen(fen, unit, { grouping }), unit)).toBe(fen);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('parseMoneyCell never throws on any cell and keeps amounts whole and non-negative', () => {
    fc.assert(
      fc.property(
        sheetCell,
        fc.constantFrom('yuan' as const, 'wan' as const),
        counted('money-cell', (cell: SheetCell, unit: 'yuan' | 'wan') => {
          const r = parseMoneyCell(cell, unit);
          if (!r.ok) expect(r.message).toMatch(CJK);
          else if (r.value !== null) {
            expect(Number.isSafeInteger(r.value.fen)).toBe(true);
            expect(r.value.fen).toBeGreaterThanOrEqual(0);
            expect(r.value.fen).toBeLessThanOrEqual(MAX_AMOUNT_FEN);
          }
        }),
      ),
      { numRuns: RUNS },
    );
  });
});

const validDay = fc
  .record({ y: fc.integer({ min: 1950, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => isoDay(y, m, Math.min(d, daysInMonth(y, m))));

describe('dates', () => {
  it('parseDateText and parseDateCell answer a real ISO date or a Chinese message, for anything', () => {
    fc.assert(
      fc.property(
        sheetCell,
        counted('date-cell', (cell: SheetCell) => {
          for (const r of [typeof cell === 'string' ? parseDateText(cell) : parseDateCell(cell), parseDateCell(cell, 'day')]) {
            if (!r.ok) expect(r.message).toMatch(CJK);
            else if (r.value !== null) expect(isValidIsoDate(r.value.iso)).toBe(true);
          }
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('reads every way a clerk writes a real day as that day', () => {
    fc.assert(
      fc.property(
        validDay,
        counted('date-forms', (iso: string) => {
          const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
          for (const text of [iso, `${y}/${m}/${d}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日`, `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`]) {
            const r = parseDateText(text);
            expect(r.ok && r.value?.iso, text).toBe(iso);
          }
        }),
      ),
      { numRuns: RUNS / 4 },
    );
  });

  it('addDays moves along the calendar and back', () => {
    fc.assert(
      fc.property(
        validDay,
        fc.integer({ min: -3000, max: 3000 }),
        counted('date-add', (day: string, n: number) => {
          const there = addDays(day, n);
          expect(isValidIsoDay(there) || there < '1900' || there > '2100').toBe(true);
          expect(addDays(there, -n)).toBe(day);
          expect(Math.sign(compareIsoDates(there, day))).toBe(Math.sign(n));
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('isValidIsoDay/isValidIsoDate never throw and accept only real days', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        counted('date-valid', (text: string) => {
          if (isValidIsoDay(text)) {
            const [y, m, d] = text.split('-').map(Number) as [number, number, number];
            expect(d).toBeLessThanOrEqual(daysInMonth(y, m));
          }
          isValidIsoDate(text);
        }),
      ),
      { numRuns: RUNS },
    );
  });
});

describe('整改时限 words', () => {
  it('parseDeadlineCell never throws; a date it gives is a real day; refusals are Chinese', () => {
    fc.assert(
      fc.property(
        sheetCell,
        fc.option(validDay, { nil: null }),
        counted('deadline-any', (cell: SheetCell, inspectionDate: string | null) => {
          const r = parseDeadlineCell(cell, { inspectionDate, defaultYear: 2024 });
          if (!r.ok) expect(r.message).toMatch(CJK);
          else if (r.value !== null && r.value.date !== null) expect(isValidIsoDay(r.value.date)).toBe(true);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('reads 年底, 月底 and 立行立改 as DOMAIN.md says', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        validDay,
        counted('deadline-words', (y: number, m: number, inspected: string) => {
          const monthEnd = parseDeadlineCell(`${y}年${m}月底前`);
          expect(monthEnd.ok && monthEnd.value?.date).toBe(isoDay(y, m, daysInMonth(y, m)));
          const yearEnd = parseDeadlineCell(`${y}年底`);
          expect(yearEnd.ok && yearEnd.value?.date).toBe(`${y}-12-31`);
          const now = parseDeadlineCell('立行立改', { inspectionDate: inspected, immediateDays: 30 });
          expect(now.ok && now.value?.date).toBe(addDays(inspected, 30));
          const ongoing = parseDeadlineCell('长期坚持');
          expect(ongoing.ok && ongoing.value).toMatchObject({ date: null, kind: 'ongoing' });
        }),
      ),
      { numRuns: RUNS / 4 },
    );
  });
});

/** A real-looking ID number: area code, a real birth day, a sequence and its check character. */
const validId = fc
  .record({ area: fc.integer({ min: 110000, max: 659999 }), birth: validDay, seq: fc.integer({ min: 0, max: 999 }) })
  .filter(({ birth }) => birth <= '2020-01-01')
  .map(({ area, birth, seq }) => {
    const first17 = `${area}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    return first17 + idNumberCheckDigit(first17);
  });

describe('ID numbers', () => {
  it('checkIdNumber never throws and explains every refusal in Chinese', () => {
    fc.assert(
      fc.property(
        fc.oneof(sheetText, fc.stringMatching(/^[0-9xX]{15,19}$/)),
        counted('id-any', (text: string) => {
          const r = checkIdNumber(text);
          if (r.ok) expect(r.normalised).toMatch(/^\d{17}[\dX]$/);
          else expect(r.message).toMatch(CJK);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('accepts valid numbers (also lower-case x, full-width) and catches any single changed digit', () => {
    fc.assert(
      fc.property(
        validId,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        counted('id-valid', (id: string, pos: number, delta: number) => {
          expect(checkIdNumber(id).ok).toBe(true);
          expect(checkIdNumber(id.toLowerCase()).ok).toBe(true);
          expect(checkIdNumber(id.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))).ok).toBe(true);
          const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
          expect(checkIdNumber(changed).ok).toBe(false);
          const masked = maskIdNumber(id);
          expect(masked).not.toContain(id.slice(6, 14));
          expect(masked).toHaveLength(18);
        }),
      ),
      { numRuns: RUNS },
    );
  });
});

describe('division codes', () => {
  it('checkDivisionCode never throws; refusals are Chinese; well-formed codes pass', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 14 }), fc.stringMatching(/^\d{12}$/)),
        fc.constantFrom('county' as const, 'township' as const, 'village' as const),
        fc.option(fc.stringMatching(/^\d{12}$/), { nil: null }),
        counted('division-any', (code: string, level: 'county' | 'township' | 'village', parent: string | null) => {
          const r = checkDivisionCode(code, level, parent);
          if (r !== null) expect(r).toMatch(CJK);
        }),
      ),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 110101, max: 659099 }).filter((c) => c % 100 !== 0),
        fc.integer({ min: 1, max: 399 }),
        fc.integer({ min: 1, max: 399 }),
        counted('division-valid', (county: number, t: number, v: number) => {
          const countyCode = `${county}000000`;
          const townshipCode = `${county}${String(t).padStart(3, '0')}000`;
          const villageCode = `${county}${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`;
          expect(checkDivisionCode(countyCode, 'county')).toBeNull();
          expect(checkDivisionCode(townshipCode, 'township', countyCode)).toBeNull();
          expect(checkDivisionCode(villageCode, 'village', townshipCode)).toBeNull();
        }),
      ),
      { numRuns: RUNS / 4 },
    );
  });
});

describe('header matching', () => {
  const headerWord = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...Object.values(IMPORT_FIELDS).flatMap((fields) => fields.flatMap((f) => [...f.aliases, f.label]))),
  );
  it('matchHeader and mapColumns never throw, map only to fields of the kind, and each single field once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ImportKind.values),
        fc.array(fc.array(headerWord, { minLength: 1, maxLength: 3 }), { maxLength: 25 }),
        counted('headers', (kind, columns) => {
          const fields = IMPORT_FIELDS[kind];
          const keys = new Set(fields.map((f) => f.key));
          for (const parts of columns) {
            const m = matchHeader(kind, parts);
            if (m) expect(keys.has(m.field)).toBe(true);
          }
          const mapping = mapColumns(
            kind,
            columns.map((parts, index) => ({ index, parts })),
          );
          expect(mapping).toHaveLength(columns.length);
          const seen = new Map<string, number>();
          for (const c of mapping) if (c.field) seen.set(c.field, (seen.get(c.field) ?? 0) + 1);
          for (const [field, n] of seen) if (!fields.find((f) => f.key === field)?.multi) expect(n, field).toBe(1);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('finds every alias of every field as that field, in any width and spacing', () => {
    let n = 0;
    for (const kind of ImportKind.values) {
      for (const f of IMPORT_FIELDS[kind]) {
        if (f.type === 'ignore') continue;
        for (const alias of f.aliases) {
          const m = matchHeader(kind, [alias]);
          n += 1;
          // An alias may be shared with another field of the kind; it must then map to one that has it.
          const owners = IMPORT_FIELDS[kind].filter((g) => g.aliases.includes(alias)).map((g) => g.key);
          expect(m && owners.includes(m.field), `${kind} ${alias}`).toBe(true);
        }
      }
    }
    tried['header-aliases'] = n;
  });
});

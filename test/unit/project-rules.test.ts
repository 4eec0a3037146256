// shared/projects/rules.ts: the date-order and part-of-whole rules, each written once with its sentence, which
// the form, the import and the service all show.
import { describe, expect, it } from 'vitest';
import { dateOrderRefusal, partAboveWholeRefusal } from '../../shared/projects/rules';

describe('project record rules (shared/projects/rules.ts)', () => {
  it('refuses an end before its start, by day or by month, and nothing else', () => {
    expect(dateOrderRefusal('plannedEnd', '2024-05-01', '2024-04-30')).toBe('计划完工日期 2024-04-30 早于计划开工日期 2024-05-01，请检查');
    expect(dateOrderRefusal('actualEnd', '2024-05', '2024-04-30')).toBe('实际完工日期 2024-04-30 早于实际开工日期 2024-05，请检查');
    expect(dateOrderRefusal('plannedEnd', '2024-05-01', '2024-05-01')).toBeNull();
    expect(dateOrderRefusal('plannedEnd', '2024-05-20', '2024-05')).toBeNull();
    expect(dateOrderRefusal('plannedEnd', null, '2024-04-30')).toBeNull();
  });

  it('refuses a part of the beneficiaries above its whole, counting a missing whole as 0', () => {
    expect(partAboveWholeRefusal('povertyHouseholds', 31, 30)).toBe('其中脱贫户数（31）不能多于受益户数（30）');
    expect(partAboveWholeRefusal('monitoredPeople', 1, null)).toBe('其中监测人数（1）不能多于受益人数（0）');
    expect(partAboveWholeRefusal('povertyPeople', 30, 30)).toBeNull();
    expect(partAboveWholeRefusal('monitoredHouseholds', null, 0)).toBeNull();
  });
});

// Stored times are UTC instants; the office reads them as days in Asia/Shanghai (UTC+08:00). 22:30Z on
// 1 December is 06:30 on 2 December in the office. Every test here runs with the machine's zone set to
// America/Los_Angeles, so code that used the machine's zone — or cut the UTC text at ten characters —
// fails: the office day must not depend on where the program runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backupFileName, parseBackupFileName } from '../../db/backup';
import { dayKey, isoWeekKey, monthKey } from '../../electron/ledger/backup/rotation';
import { logFileFor, setLogFolder } from '../../electron/platform/log';
import type { AuditPage } from '../../shared/api-audit';
import type { DashboardSummary, FindingDetail, FindingListRow, InspectionDetail } from '../../shared/api';
import { formatChineseDateRange, formatChineseInstant, localToday, officeDateTime, officeDay, officeDayStart, officeYear } from '../../shared/dates';
import { checkIdNumber, idNumberCheckDigit } from '../../shared/id-number';
import { channels, setupCounty } from '../helpers/county-fixture';
import { testLedger, type TestLedger } from '../helpers/test-ledger';

const LATE_UTC = '2026-12-01T22:30:00.000Z'; // 2026-12-02 06:30 in the office
const machineZone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  process.env.TZ = machineZone;
});

describe('the office day of a stored time (shared/dates.ts)', () => {
  it('reads 22:30Z as the next day in Shanghai, whatever the machine zone', () => {
    expect(new Date(LATE_UTC).getDate()).toBe(1); // the machine (Los Angeles) says 1 December
    expect(officeDay(LATE_UTC)).toBe('2026-12-02');
    expect(officeDay(new Date(LATE_UTC))).toBe('2026-12-02');
    expect(officeDay('2026-12-01T15:59:59.999Z')).toBe('2026-12-01');
    expect(officeDay('2026-12-01T16:00:00.000Z')).toBe('2026-12-02');
    expect(officeDateTime(LATE_UTC)).toBe('2026-12-02 06:30');
    expect(officeDateTime('2026-12-01T22:30:05.000Z', true)).toBe('2026-12-02 06:30:05');
    expect(officeDayStart('2026-12-02')).toBe('2026-12-01T16:00:00.000Z');
    expect(localToday(new Date(LATE_UTC))).toBe('2026-12-02');
    expect(officeYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    // Calendar days pass through; unreadable text gives nothing rather than a wrong day.
    expect(officeDay('2026-12-02')).toBe('2026-12-02');
    expect(officeDay('2026-12')).toBe('2026-12');
    expect(officeDay('昨天')).toBe('');
    expect(officeDateTime('昨天')).toBe('昨天');
  });

  it('writes instants, days and periods in Chinese by the office day', () => {
    expect(formatChineseInstant(LATE_UTC)).toBe('2026年12月2日 06:30');
    expect(formatChineseInstant('昨天')).toBe('昨天');
    expect(formatChineseDateRange('2026-04-01', '2026-06-30')).toBe('2026年4月1日至2026年6月30日');
    expect(formatChineseDateRange('2026-04-01', '2026-04-01')).toBe('2026年4月1日');
    expect(formatChineseDateRange(null, '2026-06')).toBe('2026年6月');
    expect(formatChineseDateRange(null, null)).toBe('');
  });

  it('judges an ID number\'s birth date "after today" by the office day, not the machine\'s', () => {
    const id = (first17: string) => first17 + idNumberCheckDigit(first17);
    // 22:30Z on 1 December: Los Angeles is still on the 1st, the office is on the 2nd.
    expect(checkIdNumber(id('11010120261202001'), { today: new Date(LATE_UTC) })).toMatchObject({ ok: true });
    const later = checkIdNumber(id('11010120261203001'), { today: new Date(LATE_UTC) });
    expect(later).toMatchObject({ ok: false });
    expect(later.ok ? '' : later.message).toContain('2026年12月3日 晚于今天');
  });

  it('names and rotates backups by the office day and time', () => {
    const at = new Date(LATE_UTC);
    expect(backupFileName('daily', at)).toBe('每日-20261202-063000.db');
    expect(parseBackupFileName('每日-20261202-063000.db')).toEqual({ kind: 'daily', takenAt: at });
    expect(parseBackupFileName('每日-20260230-063000.db')).toBeNull();
    expect(dayKey(at)).toBe('2026-12-02');
    expect(monthKey(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    // Sunday 2026-12-06 22:30Z is Monday 7 December in the office: week 50, not 49.
    expect(isoWeekKey(new Date('2026-12-06T22:30:00Z'))).toBe('2026-W50');
  });

  it('names the day\'s log file by the office day', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-log-'));
    setLogFolder(folder);
    try {
      expect(logFileFor(new Date(LATE_UTC))).toBe(path.join(folder, '台账-2026-12-02.log'));
    } finally {
      setLogFolder(null);
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('services read stored times and "today" as office days', () => {
  let clock = new Date(LATE_UTC);
  let ledger: TestLedger;
  afterEach(() => ledger.dispose());
  const open = async () => {
    ledger = await testLedger({ now: () => clock });
    const api = channels(ledger);
    const c = await setupCounty(ledger);
    return { api, c };
  };

  it('the 审计日志 date filter takes office days (a change at 06:30 belongs to that day)', async () => {
    clock = new Date(LATE_UTC);
    const { api } = await open();
    await api.ok('units.create', { name: '县住建局', kind: 'department' });
    const on2nd = await api.ok<AuditPage>('audit.list', { entity: 'unit', from: '2026-12-02', to: '2026-12-02' });
    expect(on2nd.rows.map((r) => r.at)).toContain(LATE_UTC);
    const on1st = await api.ok<AuditPage>('audit.list', { entity: 'unit', from: '2026-12-01', to: '2026-12-01' });
    expect(on1st.rows.map((r) => r.at)).not.toContain(LATE_UTC);
  });

  it('逾期 and the "today" default use the office day: a deadline of 1 December is overdue at 06:30 on the 2nd', async () => {
    clock = new Date(LATE_UTC);
    const { api, c } = await open();
    const inspection = await api.ok<InspectionDetail>('inspections.create', {
      name: '2026年第四季度督导检查',
      source: 'supervision',
      startDate: '2026-11-01',
      townshipIds: [c.huashu.id],
    });
    await api.ok<FindingDetail>('findings.create', {
      inspectionId: inspection.id,
      category: 'housing',
      description: '前进村2户住房安全鉴定资料缺失',
      townshipId: c.huashu.id,
      deadline: '2026年12月1日',
    });
    const list = await api.ok<{ rows: FindingListRow[]; today: string }>('findings.list', {});
    expect(list.rows.map((r) => r.overdue)).toEqual([true]);
  });

  it('首页 counts "this year" by the office\'s year (New Year\'s Eve 16:30Z is already the next year)', async () => {
    clock = new Date('2026-12-31T16:30:00Z');
    const { api } = await open();
    expect((await api.ok<DashboardSummary>('dashboard.summary', {})).year).toBe(2027);
  });
});

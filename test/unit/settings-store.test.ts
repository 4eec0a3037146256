// 设置 go through one store (electron/ledger/settings/store.ts): every settings form's save and every other
// setting write. A save leaves one audit row naming the changed fields; an unchanged save leaves none.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/platform/handlers';
import { readSettingOn, writeSettingOn } from '../../electron/ledger/settings/store';
import { dataPort } from '../../electron/platform/data-port';
import { testLedger, type TestLedger } from '../helpers/test-ledger';

let ledger: TestLedger;
let clock = new Date('2026-12-01T02:00:00.000Z');
beforeEach(async () => {
  clock = new Date('2026-12-01T02:00:00.000Z');
  ledger = await testLedger({ now: () => clock });
});
afterEach(() => ledger.dispose());

const stored = (key: string) => ledger.sql.get<{ value: string; updatedAt: string }>('select value, updated_at as "updatedAt" from settings where key = ?', [key]);
const settingsAudit = async () =>
  (await ledger.sql.all<{ before: string; after: string }>("select before, after from audit_log where entity = 'settings' order by id")).map((r) => ({
    before: JSON.parse(r.before) as unknown,
    after: JSON.parse(r.after) as unknown,
  }));

const readSetting = <T>(key: string) => readSettingOn<T>(dataPort(ledger), key);
/** One setting written in its own transaction of the port, stamped `at` or else with the ledger's clock. */
const writeSetting = (key: string, value: unknown, options: { at?: string; keepExisting?: boolean } = {}) =>
  dataPort(ledger).transaction((tx) => writeSettingOn(tx, key, value, options.at ?? ledger.now().toISOString(), { keepExisting: options.keepExisting ?? false }));

describe('settings store', () => {
  it('stores JSON under the key with the ledger clock, and reads it back', async () => {
    expect(await readSetting('officeName')).toBeUndefined();
    await writeSetting('officeName', '青山县乡村振兴局');
    expect(await stored('officeName')).toEqual({ value: '"青山县乡村振兴局"', updatedAt: '2026-12-01T02:00:00.000Z' });
    clock = new Date('2026-12-02T03:00:00.000Z');
    await writeSetting('officeName', '青山县农业农村局');
    expect(await readSetting<string>('officeName')).toBe('青山县农业农村局');
    expect((await stored('officeName'))?.updatedAt).toBe('2026-12-02T03:00:00.000Z');
    await writeSetting('attachmentTypes', ['pdf', 'jpg'], { at: '2026-01-01T00:00:00.000Z' });
    expect(await readSetting('attachmentTypes')).toEqual(['pdf', 'jpg']);
    expect((await stored('attachmentTypes'))?.updatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('keeps a stored value when asked to (the import names the county only when 设置 has none)', async () => {
    await writeSetting('countyName', '青山县', { keepExisting: true });
    await writeSetting('countyName', '绿水县', { keepExisting: true });
    expect(await readSetting('countyName')).toBe('青山县');
  });

  it('leaves one audit row per settings save, naming only what changed, and none for an unchanged save', async () => {
    const ok = async (channel: 'settings.update' | 'supervisionSettings.update' | 'ledgerSettings.update', input: unknown) => {
      const res = await dispatch(ledger, channel, input);
      expect(res.ok).toBe(true);
    };
    await ok('settings.update', { officeName: '青山县乡村振兴局', operatorName: '李娜' });
    await ok('settings.update', { officeName: '青山县乡村振兴局' });
    await ok('supervisionSettings.update', { immediateDays: 45 });
    await ok('ledgerSettings.update', { assetMinReturnRate: 0.05 });
    expect(await readSetting('findingImmediateDays')).toBe(45);
    expect(await readSetting('operatorName')).toBe('李娜');
    expect(await settingsAudit()).toEqual([
      { before: { officeName: '', operatorName: '操作员' }, after: { officeName: '青山县乡村振兴局', operatorName: '李娜' } },
      { before: { immediateDays: 30 }, after: { immediateDays: 45 } },
      { before: { assetMinReturnRate: 0.06 }, after: { assetMinReturnRate: 0.05 } },
    ]);
  });
});

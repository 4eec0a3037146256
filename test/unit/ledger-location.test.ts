// 设置 → 数据存放's channels: the choice saved in config.json beside the data folder, the password sealed by
// the PC's credential box (never in the file, the audit trail or the log in plain text), 测试连接 with the
// saved password, and the refusals.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { saveDataDirConfig } from '../../electron/data-dir';
import { readStoredLocation } from '../../electron/office/location-file';
import { dispatch } from '../../electron/platform/handlers';
import type { ChannelInput, ChannelResult } from '../../shared/api';
import { testCredentialBox, testLocationAccess } from '../helpers/credential-double';
import { tempDir, tempLedger, type TempLedger } from '../helpers/ledger';
import { currentDatabase, officeSettings, removeTempDirs } from '../helpers/office-fixture';
import { pgServer } from '../helpers/pg-server';

const PASSWORD = 'Qs-县局-2026!';
const ledgers: TempLedger[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const l of ledgers.splice(0)) l.dispose();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
afterAll(removeTempDirs);

function ledgerWithSettings(box = testCredentialBox()) {
  const ledger = tempLedger({ door: 'electron' });
  ledgers.push(ledger);
  const userData = tempDir('user-data-');
  dirs.push(userData);
  ledger.ledgerLocation = testLocationAccess(userData, box);
  return { ledger, configFile: path.join(userData, 'config.json') };
}

async function ok<C extends 'ledgerLocation.get' | 'ledgerLocation.test' | 'ledgerLocation.save'>(ledger: TempLedger, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const res = await dispatch(ledger, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as ChannelResult<C>;
}

const SERVER = { host: '192.168.1.20', port: 5432, database: 'fupin', user: 'ledger_admin', tls: 'on' } as const;

describe('保存 the ledger location', () => {
  it('keeps the password sealed: not in config.json, the audit trail or the log; the PC opens it again', async () => {
    const { ledger, configFile } = ledgerWithSettings();
    fs.writeFileSync(configFile, JSON.stringify({ dataDir: 'D:\\台账' }));
    const saved = await ok(ledger, 'ledgerLocation.save', { location: 'office', server: { ...SERVER, password: PASSWORD } });
    expect(saved).toMatchObject({ location: 'office', server: SERVER, hasPassword: true, passwordStorable: true, open: 'local' });

    const text = fs.readFileSync(configFile, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(file).toMatchObject({ dataDir: 'D:\\台账', ledger: 'office', officeServer: { ...SERVER } });
    const stored = readStoredLocation(configFile);
    expect(stored.sealedPassword).not.toBeNull();
    expect(testCredentialBox().open(stored.sealedPassword!)).toBe(PASSWORD);

    const audit = ledger.sqlite.prepare(`select before, after from audit_log where entity = 'settings' order by id desc limit 1`).get() as { before: string; after: string };
    expect(JSON.parse(audit.before)).toEqual({ ledgerLocation: 'local', officeServer: null, officePassword: '未保存' });
    expect(JSON.parse(audit.after)).toEqual({ ledgerLocation: 'office', officeServer: 'ledger_admin@192.168.1.20:5432/fupin（加密连接：开启（服务器支持时加密））', officePassword: '已保存' });
    const everything = ledger.sqlite.prepare('select group_concat(coalesce(before, \'\') || coalesce(after, \'\')) from audit_log').pluck().get() as string;
    expect(everything).not.toContain(PASSWORD);
    const logDir = path.join(ledger.dataDir, '日志');
    const logs = fs.existsSync(logDir) ? fs.readdirSync(logDir).map((f) => fs.readFileSync(path.join(logDir, f), 'utf8')).join('\n') : '';
    expect(logs).not.toContain(PASSWORD);
  });

  it('a save without a password keeps the saved one; 本机文件 keeps the server for later; the data folder survives both', async () => {
    const { ledger, configFile } = ledgerWithSettings();
    await ok(ledger, 'ledgerLocation.save', { location: 'office', server: { ...SERVER, password: PASSWORD } });
    const sealed = readStoredLocation(configFile).sealedPassword;
    await ok(ledger, 'ledgerLocation.save', { location: 'office', server: { ...SERVER, database: 'fupin2' } });
    expect(readStoredLocation(configFile)).toMatchObject({ location: 'office', server: { database: 'fupin2' }, sealedPassword: sealed });
    saveDataDirConfig(configFile, 'E:\\台账数据');
    const local = await ok(ledger, 'ledgerLocation.save', { location: 'local' });
    expect(local).toMatchObject({ location: 'local', server: { database: 'fupin2' }, hasPassword: true });
    expect(JSON.parse(fs.readFileSync(configFile, 'utf8'))).toMatchObject({ dataDir: 'E:\\台账数据', ledger: 'local' });
    // The folder choice saved at start-up keeps the server's settings.
    saveDataDirConfig(configFile, 'F:\\台账');
    expect(readStoredLocation(configFile)).toMatchObject({ location: 'local', server: { database: 'fupin2' }, sealedPassword: sealed });
  });

  it('refuses to keep a password where it cannot be encrypted, and saves nothing', async () => {
    const { ledger, configFile } = ledgerWithSettings(testCredentialBox('k', false));
    const res = await dispatch(ledger, 'ledgerLocation.save', { location: 'office', server: { ...SERVER, password: PASSWORD } });
    expect(res).toMatchObject({ ok: false, error: { field: 'password', message: '这里无法加密保存服务器密码（只有桌面版扶贫台账能用系统的加密功能保存），没有保存。' } });
    expect(fs.existsSync(configFile)).toBe(false);
  });

  it('the CLI keeps no settings file: 保存 says so', async () => {
    const ledger = tempLedger();
    ledgers.push(ledger);
    const res = await dispatch(ledger, 'ledgerLocation.save', { location: 'local' });
    expect(res).toMatchObject({ ok: false, error: { message: expect.stringContaining('命令行没有设置文件') } });
    expect(await ok(ledger, 'ledgerLocation.get', {})).toEqual({ location: 'local', server: null, hasPassword: false, passwordStorable: false, open: 'local', startupNotice: null, configFile: null, givenAtStart: false });
  });

  it('a hand-edited office server that does not parse is reported and the location is local', () => {
    const dir = tempDir('user-data-');
    dirs.push(dir);
    const configFile = path.join(dir, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ ledger: 'office', officeServer: { host: '', port: 5432, database: 'x', user: 'y', tls: 'off' } }));
    expect(readStoredLocation(configFile)).toMatchObject({ location: 'local', problem: expect.stringContaining('中的办公室服务器设置有误（请填写服务器地址') });
  });
});

describe('a server given at start (browser mode --pg)', () => {
  it('is where this run\'s ledger lives, whatever config.json chose; its password is not kept', async () => {
    const { ledger, configFile } = ledgerWithSettings(testCredentialBox('k', false));
    await ok(ledger, 'ledgerLocation.save', { location: 'local' });
    const given = { ...SERVER, host: '10.0.0.5', tls: 'off' } as const;
    ledger.ledgerLocation = { ...ledger.ledgerLocation!, open: 'office', givenServer: given };
    expect(await ok(ledger, 'ledgerLocation.get', {})).toEqual({
      location: 'office',
      server: given,
      hasPassword: false,
      passwordStorable: false,
      open: 'office',
      startupNotice: null,
      configFile,
      givenAtStart: true,
    });
    expect(readStoredLocation(configFile)).toMatchObject({ location: 'local', server: null });
  });
});

describe('测试连接 from 设置', () => {
  it('uses the password saved on this PC when none is typed; a password sealed elsewhere is asked for again', async () => {
    const server = await pgServer();
    const database = await currentDatabase();
    const user = await server.createRole({ password: PASSWORD, grants: ['pg_read_all_data'] });
    const settings = await officeSettings(database, { user });
    const { ledger } = ledgerWithSettings();
    expect(await ok(ledger, 'ledgerLocation.test', settings)).toMatchObject({ ok: false, problem: 'noPassword', message: `服务器要求用户“${user}”输入密码，请填写密码后再试。` });
    await ok(ledger, 'ledgerLocation.save', { location: 'office', server: { ...settings, password: PASSWORD } });
    expect(await ok(ledger, 'ledgerLocation.test', settings)).toMatchObject({ ok: true, schema: 'current' });

    ledger.ledgerLocation = { ...ledger.ledgerLocation!, credentials: testCredentialBox('another PC') };
    const res = await dispatch(ledger, 'ledgerLocation.test', settings);
    expect(res).toMatchObject({ ok: false, error: { field: 'password', message: expect.stringContaining('保存的服务器密码无法解密') } });
  });
});
